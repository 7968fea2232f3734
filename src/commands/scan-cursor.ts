/**
 * SCAN's cursor: a position in (slot, key row id) order packed into one integer, `id × 16384 +
 * slot` ("after row `id` of `slot`"; id 0: before the slot's first row). 0 starts a scan and
 * ends one, as in Redis. Built on slots, not on nodes, so the gateway can walk the whole cluster
 * slot range by slot range with the same cursor a node returns, and a cursor survives a slot
 * moving to another node between two calls.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import { CLUSTER_SLOTS } from "./slot";

export interface ScanPosition {
  slot: number;
  id: number;
}

/** The position of a cursor; one no scan can have produced (beyond 2^53) is past the end. */
export function decodeScanCursor(cursor: number): ScanPosition {
  if (!Number.isSafeInteger(cursor)) return { slot: CLUSTER_SLOTS, id: 0 };
  return { slot: cursor % CLUSTER_SLOTS, id: Math.floor(cursor / CLUSTER_SLOTS) };
}

/** The cursor of a position; `null` (the scan is done) and the position past the last slot are 0. */
export function encodeScanCursor(p: ScanPosition | null): string {
  if (p === null || p.slot >= CLUSTER_SLOTS) return "0";
  return String(p.id * CLUSTER_SLOTS + p.slot);
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * parseScanCursorOrReply (SCAN and the collection scans): strtoul, base 10: no leading space,
 * optional sign, "" is 0 and a negative value wraps around 2^64. Anything else is
 * `ERR invalid cursor`. Cursors past 2^53 lose precision, which is harmless: they are past the
 * end of any collection (or key position).
 */
export function parseScanCursor(arg: BStr): number {
  if (arg === "") return 0;
  if (!/^[+-]?[0-9]+$/.test(arg)) throw new ReplyError("ERR invalid cursor");
  const magnitude = BigInt(arg.replace(/^[+-]/, ""));
  if (magnitude > U64_MAX) throw new ReplyError("ERR invalid cursor");
  const value = arg.startsWith("-") && magnitude > 0n ? (1n << 64n) - magnitude : magnitude;
  return Number(value);
}

