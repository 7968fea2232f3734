/**
 * Commands whose keys live on several nodes, run as one Redis would: atomically, isolated. The
 * gateway sends the command (or the whole MULTI/EXEC block, with its WATCH tokens) to the node
 * owning its first key, which coordinates (src/node/txn-shell.ts). The gateway's part is only
 * to pick that node and to follow what comes back: MOVED (the map changes, try again), TRYAGAIN
 * (a key locked or a slot moving: again after a pause), and, for the blocking forms (BLMOVE,
 * BRPOPLPUSH, BLMPOP, BZMPOP, BLPOP...), to try again until their timeout while nothing is there.
 */
import type { BStr } from "../resp/bytes";
import { error, type Reply } from "../resp/reply";
import { keyIndexes, lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { ConnState } from "../commands/types";
import { parseRedirect } from "../cluster/redirect";
import type { CoordinateRequest, NodeRpc, WatchToken } from "../node-rpc";
import type { SlotMap } from "./slot-map";
import { Backoff, isTryAgain, TRYAGAIN_RETRIES } from "./try-again";

/** How often a cross-node command is tried again after MOVED or TRYAGAIN (try-again.ts's policy). */
export const CROSS_NODE_RETRIES = TRYAGAIN_RETRIES;
/** A blocking command across nodes looks again this often while it waits. */
const BLOCKING_POLL_MS = 100;

export interface CrossNodeHost {
  readonly map: SlotMap;
  /** One RPC to a node (the router's `call`: suspect marks, refreshes). */
  call(node: string, rpc: (n: NodeRpc) => Promise<Reply>): Promise<Reply>;
  /** After MOVED: the map is stale. */
  moved(slot: number, node: string, port: number): void;
  sleep(ms: number): Promise<void>;
}

/** Runs `cmds` (one command, or a MULTI/EXEC block when `multi`) through a coordinating node. */
export async function crossNode(
  host: CrossNodeHost, cmds: BStr[][], multi: boolean, conn: ConnState, watches?: ReadonlyMap<string, WatchToken>, extraKeys?: BStr[],
): Promise<Reply> {
  const req: CoordinateRequest = { cmds, multi, watches: watches ? [...watches].map(([node, token]) => ({ node, token })) : undefined, extraKeys };
  const blockFor = multi ? null : blockingTimeoutMs(cmds[0]!, conn);
  const deadline = blockFor === null ? 0 : blockFor === 0 ? Infinity : Date.now() + blockFor;
  const backoff = new Backoff((ms) => host.sleep(ms));
  for (let attempt = 0; ; attempt++) {
    const coordinator = coordinatorOf(host.map, cmds, req.watches, extraKeys);
    let r: Reply;
    try {
      r = await host.call(coordinator, (n) => n.coordinate(req, conn));
    } catch (e) {
      return error(`CLUSTERDOWN node ${coordinator} unreachable: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " "));
    }
    const redirect = parseRedirect(r);
    const tryAgain = isTryAgain(r);
    if ((redirect || tryAgain) && attempt < CROSS_NODE_RETRIES) {
      // The watched keys moved with their slot: their tokens are void (as on one node).
      if (redirect && watches && watches.size > 0) return { t: "nullarray" };
      if (redirect) host.moved(redirect.slot, redirect.node, redirect.port);
      else await backoff.next();
      continue;
    }
    // A blocking form found nothing: it waits by looking again until its timeout.
    if (blockFor !== null && (r.t === "null" || r.t === "nullarray") && Date.now() + BLOCKING_POLL_MS < deadline) {
      await host.sleep(BLOCKING_POLL_MS);
      attempt = -1;
      continue;
    }
    return r;
  }
}

/** The coordinator: the owner of the first key (a watching node when no command has a key). */
function coordinatorOf(map: SlotMap, cmds: BStr[][], watches?: { node: string }[], extraKeys?: BStr[]): string {
  for (const argv of cmds) {
    const def = lookupCommand(argv[0] ?? "");
    const i = def ? keyIndexes(def, argv)[0] : undefined;
    if (i !== undefined) return map.owner(keyHashSlot(argv[i]!));
  }
  if (extraKeys?.[0] !== undefined) return map.owner(keyHashSlot(extraKeys[0]));
  return watches?.[0]?.node ?? map.anyNode();
}

/** A blocking command's timeout in ms (0: forever), or null when it must not wait (not blocking, HTTP). */
function blockingTimeoutMs(argv: BStr[], conn: ConnState): number | null {
  const name = argv[0]!.toLowerCase();
  if (!conn.canBlock || !lookupCommand(name)?.flags.includes("blocking")) return null;
  const at = name === "blmove" ? 5 : name === "brpoplpush" ? 3 : name === "blmpop" || name === "bzmpop" ? 1 : argv.length - 1;
  const seconds = Number(argv[at]);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
}
