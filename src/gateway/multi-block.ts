/**
 * A connection's MULTI block and WATCH tokens. Commands are checked as they are queued (unknown
 * command, arity, `no_multi`, the router's key checks): a refused one aborts the block at EXEC
 * (EXECABORT), as in Redis. On a `/node/<name>` route the block must stay in one slot (Redis
 * Cluster's CROSSSLOT); the cluster routes run a block over several slots across nodes.
 */
import type { BStr } from "../resp/bytes";
import { ERR, error, QUEUED, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { WatchToken } from "../node-rpc";
import { arityOk, lookupCommand, unknownCommandError } from "../commands/registry";
import type { Router } from "./router";

export class MultiBlock {
  readonly cmds: BStr[][] = [];
  /** Bytes of the queued commands' arguments (client-query-buffer-limit counts them). */
  bytes = 0;
  /** A command was refused while queuing: EXEC answers EXECABORT. */
  dirty = false;
  private slot: number | null = null;

  /** Queues `argv`: QUEUED, or the error that refuses it (and marks the block for EXECABORT). */
  add(argv: BStr[], router: Pick<Router, "check" | "oneDatabase">, conn: ConnState): Reply {
    const r = this.check(argv, router, conn);
    if (r) {
      this.dirty = true;
      return r;
    }
    this.cmds.push(argv);
    for (const a of argv) this.bytes += a.length;
    return QUEUED;
  }

  private check(argv: BStr[], router: Pick<Router, "check" | "oneDatabase">, conn: ConnState): Reply | null {
    const def = lookupCommand(argv[0]!);
    if (!def) return unknownCommandError(argv);
    if (!arityOk(def, argv.length)) return error(ERR.wrongArity(def.name));
    if (def.flags.includes("no_multi")) return error("ERR Command not allowed inside a transaction");
    const c = router.check(argv, conn);
    if ("reply" in c) return c.reply;
    const crossSlot = c.slots.kind === "crossslot" || (c.slots.kind === "slot" && this.slot !== null && c.slots.slot !== this.slot);
    if (crossSlot && !router.oneDatabase) return error(ERR.crossSlot);
    if (c.slots.kind === "slot") this.slot = c.slots.slot;
    return null;
  }
}

/** WATCH: adds a node's tokens to the connection's, keeping the stricter of two for one node. */
export function addWatchTokens(watches: Map<string, WatchToken>, tokens: { node: string; token: WatchToken }[]): void {
  for (const { node, token } of tokens) {
    const prev = watches.get(node);
    if (!prev) watches.set(node, token);
    else if (prev.incarnation !== token.incarnation) {
      // The node restarted between two WATCHes: the older token already fails; keep it.
    } else {
      // Keep the older sequence number (stricter) and each key's first-seen expiry.
      watches.set(node, { incarnation: prev.incarnation, seq: prev.seq, keys: { ...token.keys, ...prev.keys } });
    }
  }
}
