/**
 * A typed handle on a node Durable Object by name, for other nodes and tests (the gateway's
 * contract with a node is ../node-rpc.ts).
 */
import type { NodeRpc } from "../node-rpc";
import type { BusMessage } from "../cluster";

/** What nodes call on each other: the cluster bus. */
export interface PeerRpc extends NodeRpc {
  bus(msgs: BusMessage[]): Promise<BusMessage[]>;
}

/** The part of the Worker's Env this needs: the node namespace (any stub type will do). */
interface NodeNamespace {
  NODE: { idFromName(name: string): DurableObjectId; get(id: DurableObjectId): unknown };
}

export function nodeByName(env: NodeNamespace, name: string): PeerRpc {
  return env.NODE.get(env.NODE.idFromName(name)) as unknown as PeerRpc;
}
