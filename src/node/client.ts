/**
 * A typed handle on a node Durable Object by name. RPC stub types flatten recursive types such as
 * Reply, so callers (gateway, other nodes, tests) go through this interface instead.
 */
import type { Env } from "../env";
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { WatchToken } from "./watch";

export interface NodeRpc {
  execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]>;
  transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply>;
  watch(keys: BStr[]): Promise<WatchToken>;
}

export function nodeByName(env: Pick<Env, "NODE">, name: string): NodeRpc {
  return env.NODE.get(env.NODE.idFromName(name)) as unknown as NodeRpc;
}
