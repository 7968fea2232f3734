/**
 * Commands over the whole keyspace, on the cluster routes: to an application the gateway's URL is
 * one Redis, so SCAN walks every master, KEYS is the union of theirs, DBSIZE the sum, RANDOMKEY
 * picks uniformly over all keys (not over nodes), FLUSHALL/FLUSHDB empty every master. The
 * /node/<name> routes keep one node's semantics.
 *
 * SCAN's cursor is a (slot, key row id) position (commands/scan-cursor.ts), the same a node
 * returns: a call goes to the owner of the cursor's slot and covers the contiguous slot range that
 * node serves from there; when the node is done with that range the cursor moves to the next
 * slot. So a cursor is built on slots, not on node names: a key present for the whole scan is
 * returned (at least once) whichever node serves its slot when the scan gets there.
 */
import type { ConnState } from "../commands/types";
import { parseRedirect } from "../cluster/redirect";
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, error, int, NULL, OK, ReplyError, type Reply } from "../resp/reply";
import { CLUSTER_SLOTS, keyHashSlot } from "../commands/slot";
import { decodeScanCursor, encodeScanCursor, parseScanCursor } from "../commands/scan-cursor";
import type { SlotMap } from "./slot-map";
import { SERVER_WIDE, serverWide } from "./server-wide";

/** Keyless commands whose answer is about the whole keyspace (INFO: its keyspace section). */
export const KEYSPACE_WIDE: ReadonlySet<string> = new Set([
  "scan", "keys", "dbsize", "randomkey", "flushall", "flushdb", "info",
  // Scripts and libraries live on every master: EVALSHA and FCALL run wherever their keys are.
  "script", "function",
  // CONFIG, SLOWLOG, LATENCY: the cluster's, not one node's (server-wide.ts).
  ...SERVER_WIDE,
]);

export const isKeyspaceWide = (argv: BStr[]): boolean => KEYSPACE_WIDE.has(argv[0]?.toLowerCase() ?? "");

/**
 * Runs a pipeline whose commands that must run alone (keyspace-wide ones, cross-node ones) run
 * each after what precedes it (the rest goes in batches, one RPC per node as usual); a pipeline
 * without one is a single batch.
 */
export async function inOrderAroundWide(
  cmds: BStr[][], batch: (cmds: BStr[][]) => Promise<Reply[]>, wide: (argv: BStr[]) => Promise<Reply>,
  isWide: (argv: BStr[]) => boolean = isKeyspaceWide,
): Promise<Reply[]> {
  if (!cmds.some(isWide)) return batch(cmds);
  const out: Reply[] = [];
  let start = 0;
  for (let i = 0; i <= cmds.length; i++) {
    if (i < cmds.length && !isWide(cmds[i]!)) continue;
    if (i > start) out.push(...(await batch(cmds.slice(start, i))));
    if (i < cmds.length) out.push(await wide(cmds[i]!));
    start = i + 1;
  }
  return out;
}

/** What the router lends: its map and one RPC to a node (throws when the node is unreachable). */
export interface WideHost {
  readonly map: SlotMap;
  /** A map that knows every master (a refresh first if nothing was learned yet). */
  learnedMap(): Promise<void>;
  execute(node: string, cmds: BStr[][], conn?: Partial<ConnState>): Promise<Reply[]>;
  /** A node answered MOVED: the map is stale for `slot`. */
  moved(slot: number, node: string, port: number): void;
}

/** MOVED answers a keyspace-wide SCAN follows before giving up (slots moving under it). */
const SCAN_HOPS = 16;

export async function keyspaceWide(argv: BStr[], host: WideHost): Promise<Reply> {
  await host.learnedMap();
  try {
    switch (argv[0]!.toLowerCase()) {
      case "scan":
        return await scan(argv, host);
      case "keys":
        return keys(await everyMaster(argv, host));
      case "dbsize":
        return int(sum(await everyMaster(argv, host)));
      case "randomkey":
        return await randomKey(host);
      case "info":
        return await info(argv, host);
      case "script":
      case "function":
        return await scriptsEverywhere(argv, host);
      case "config":
      case "slowlog":
      case "latency":
        return await serverWide(argv, host);
      default:
        return firstError(await everyMaster(argv, host)) ?? OK; // FLUSHALL / FLUSHDB [ASYNC|SYNC]
    }
  } catch (e) {
    if (e instanceof ReplyError) return e.reply;
    throw e;
  }
}

/**
 * SCRIPT and FUNCTION on every master: LOAD/FLUSH/DELETE/RESTORE change each; EXISTS is 1 only
 * where every master has the script (an EVALSHA may run on any); KILL is OK if one killed; LIST,
 * DUMP, STATS and HELP read one master (they all hold the same libraries).
 */
async function scriptsEverywhere(argv: BStr[], host: WideHost): Promise<Reply> {
  const sub = argv[1]?.toLowerCase() ?? "";
  if (["list", "dump", "stats", "help"].includes(sub)) {
    const first = host.map.nodes()[0];
    if (first === undefined) return error("CLUSTERDOWN Hash slot not served");
    return (await host.execute(first, [argv]))[0] ?? error("ERR no reply from node");
  }
  const replies = await everyMaster(argv, host);
  if (sub === "kill") return replies.find((r) => r.t === "simple") ?? replies[0] ?? OK;
  if (sub === "exists") {
    const err = firstError(replies);
    if (err) return err;
    const rows = replies.map((r) => (r.t === "array" ? r.v : []));
    return { t: "array", v: (rows[0] ?? []).map((_, i) => int(rows.every((row) => row[i]?.t === "int" && row[i]!.v === 1) ? 1 : 0)) };
  }
  return firstError(replies) ?? replies[0] ?? OK;
}

/** The same command on every master, in parallel; an unreachable one answers CLUSTERDOWN. */
async function everyMaster(argv: BStr[], host: WideHost): Promise<Reply[]> {
  return Promise.all(host.map.nodes().map(async (node) => {
    try {
      return (await host.execute(node, [argv]))[0] ?? error("ERR no reply from node");
    } catch (e) {
      return unreachable(node, e);
    }
  }));
}

const unreachable = (node: string, e: unknown): Reply =>
  error(`CLUSTERDOWN node ${node} unreachable: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " "));

function firstError(replies: Reply[]): Reply | null {
  return replies.find((r) => r.t === "error") ?? null;
}

function sum(replies: Reply[]): number {
  const bad = firstError(replies);
  if (bad) throw new ReplyError(bad.t === "error" ? bad.v : ERR.syntax);
  return replies.reduce((n, r) => n + (r.t === "int" ? Number(r.v) : 0), 0);
}

function keys(replies: Reply[]): Reply {
  const bad = firstError(replies);
  if (bad) return bad;
  const out = new Set<BStr>();
  for (const r of replies) if (r.t === "array") for (const k of r.v) if (k.t === "bulk") out.add(k.v);
  return bulks([...out]);
}

/** INFO sections that include the keyspace one (no section named: the default set). */
const WITH_KEYSPACE = new Set(["keyspace", "default", "all", "everything"]);

/**
 * INFO: one node's answer (server, replication, ... are about a node), with its keyspace section
 * replaced by the sum over every master, as one Redis would count its keys.
 */
async function info(argv: BStr[], host: WideHost): Promise<Reply> {
  const node = host.map.anyNode();
  const [one = error("ERR no reply from node")] = await host.execute(node, [argv]);
  const sections = argv.slice(1).map((a) => a.toLowerCase());
  if (one.t !== "bulk" && one.t !== "verbatim") return one;
  if (sections.length > 0 && !sections.some((x) => WITH_KEYSPACE.has(x))) return one;
  let keys = 0;
  let expires = 0;
  for (const r of await everyMaster(["INFO", "keyspace"], host)) {
    if (r.t === "error") return r;
    const m = /db0:keys=(\d+),expires=(\d+)/.exec(r.t === "bulk" || r.t === "verbatim" ? r.v : "");
    if (m) {
      keys += Number(m[1]);
      expires += Number(m[2]);
    }
  }
  const section = `# Keyspace\r\n${keys > 0 ? `db0:keys=${keys},expires=${expires},avg_ttl=0\r\n` : ""}`;
  const text = /# Keyspace\r\n(?:db\d+:[^\r\n]*\r\n)*/.test(one.v)
    ? one.v.replace(/# Keyspace\r\n(?:db\d+:[^\r\n]*\r\n)*/, section)
    : `${one.v}\r\n${section}`;
  return { ...one, v: text };
}

/** RANDOMKEY: a master chosen with probability proportional to its key count, then a key there. */
async function randomKey(host: WideHost): Promise<Reply> {
  const masters = host.map.nodes();
  const sizes = (await everyMaster(["DBSIZE"], host)).map((r) => (r.t === "int" ? Number(r.v) : 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === 0) return NULL;
  let pick = Math.floor(Math.random() * total);
  let i = 0;
  while (pick >= sizes[i]!) pick -= sizes[i++]!;
  const [r] = await host.execute(masters[i]!, [["RANDOMKEY"]]);
  return r ?? NULL;
}

/** Whether SCAN's options (the node has checked them) hold WITHTYPE, the one without a value. */
function scanWithType(argv: BStr[]): boolean {
  for (let i = 2; i < argv.length; i += 2) {
    if (argv[i]!.toLowerCase() === "withtype") return true;
  }
  return false;
}

/** One SCAN step: the owner of the cursor's slot scans its contiguous slot range from there. */
async function scan(argv: BStr[], host: WideHost): Promise<Reply> {
  const cursor = parseScanCursor(argv[1]!);
  const pos = decodeScanCursor(cursor);
  if (pos.slot >= CLUSTER_SLOTS) return arr([bulk("0"), bulks([])]);
  // The node scans only slots it serves and says MOVED for the cursor's slot if it does not: a key
  // that moved with its slot is then asked of its new owner, never missed because the map was stale.
  let node = host.map.owner(pos.slot);
  let reply: Reply = error("ERR no reply from node");
  for (let hop = 0; ; hop++) {
    node = host.map.owner(pos.slot);
    try {
      [reply = error("ERR no reply from node")] = await host.execute(node, [[argv[0]!, String(cursor), ...argv.slice(2)]], { ownedSlotsOnly: true });
    } catch (e) {
      return unreachable(node, e);
    }
    const redirect = parseRedirect(reply);
    if (!redirect || hop >= SCAN_HOPS) break;
    host.moved(redirect.slot, redirect.node, redirect.port);
  }
  let last = pos.slot;
  while (last + 1 < CLUSTER_SLOTS && host.map.owner(last + 1) === node) last++;
  if (reply.t !== "array" || reply.v.length !== 2) return reply;
  const [next, found] = reply.v as [Reply, Reply];
  // WITHTYPE (Upstash's): the node follows each key with its type.
  const stride = scanWithType(argv) ? 2 : 1;
  const items = found.t === "array" ? found.v : [];
  // Keys of slots past the range (left behind by a migration, say) are the next range's owner's to report.
  const inRange: BStr[] = [];
  for (let i = 0; i < items.length; i += stride) {
    const entry = items.slice(i, i + stride);
    if (!entry.every((r) => r.t === "bulk")) continue;
    const s = keyHashSlot(entry[0]!.v as BStr);
    if (s >= pos.slot && s <= last) inRange.push(...entry.map((r) => r.v as BStr));
  }
  const nextPos = next.t === "bulk" && next.v !== "0" ? decodeScanCursor(Number(next.v)) : null;
  const cursorOut = nextPos && nextPos.slot <= last ? encodeScanCursor(nextPos) : encodeScanCursor({ slot: last + 1, id: 0 });
  return arr([bulk(cursorOut), bulks(inRange)]);
}
