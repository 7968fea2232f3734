/**
 * A typed handle on a node Durable Object by name. RPC stub types flatten recursive types such as
 * Reply, so callers (gateway, other nodes, tests) go through this interface instead.
 */
import type { Env } from "../env";
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { WatchToken } from "./watch";
import type { BusMessage } from "../cluster";

export interface NodeRpc {
  execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]>;
  transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply>;
  watch(keys: BStr[]): Promise<WatchToken>;
}

/** What nodes call on each other: the cluster bus. */
export interface PeerRpc extends NodeRpc {
  bus(msgs: BusMessage[]): Promise<BusMessage[]>;
}

export function nodeByName(env: Pick<Env, "NODE">, name: string): PeerRpc {
  return env.NODE.get(env.NODE.idFromName(name)) as unknown as PeerRpc;
}
