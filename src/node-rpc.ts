/**
 * The RPC contract between the gateway and the node Durable Objects: what the gateway calls
 * (NodeRpc) and the WATCH token that travels back and forth. A neutral module: the gateway
 * imports it without loading any node code, and the node implements it (node/node.ts,
 * node/watch.ts). RPC stub types flatten recursive types such as Reply, so callers (gateway,
 * other nodes, tests) use this interface instead of the stub's own type.
 */
import type { BStr } from "./resp/bytes";
import type { Reply } from "./resp/reply";
import type { ConnState } from "./commands/types";

export interface NodeRpc {
  execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]>;
  transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply>;
  watch(keys: BStr[]): Promise<WatchToken>;
  /** Runs commands whose keys live on several nodes atomically, this node coordinating. */
  coordinate(req: CoordinateRequest, conn: ConnState): Promise<Reply>;
}

/** What `coordinate` runs: one command, or a MULTI/EXEC block with the WATCH tokens of each node. */
export interface CoordinateRequest {
  cmds: BStr[][];
  /** MULTI/EXEC (EXEC's array reply) rather than one command. */
  multi: boolean;
  watches?: { node: string; token: WatchToken }[];
  /** Keys to lock beyond the commands' own: those a script touched undeclared in an earlier run. */
  extraKeys?: BStr[];
}

/**
 * WATCH without per-connection state on the node (see node/watch.ts): the node's incarnation, a
 * write sequence number, and each key's expiry as seen at WATCH time.
 */
export interface WatchToken {
  incarnation: string;
  seq: number;
  /** key → its expiry (ms) at WATCH time, null if it had none, -1 if it did not exist. */
  keys: Record<BStr, number | null>;
}
