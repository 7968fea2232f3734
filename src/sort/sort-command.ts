/**
 * SORT and SORT_RO (sort.c) over lists, sets and sorted sets.
 *
 * Orderings, as Redis's sortCompare:
 *   numeric (default): each element read as a double by strtod (the whole string, else "One or
 *     more scores can't be converted into double"), ties broken by the bytes (memcmp);
 *   ALPHA: the bytes, compared as C strings (strcoll in the C locale: up to the first NUL) or,
 *     with STORE, as whole byte strings (memcmp then length);
 *   BY <no '*'> (e.g. nosort): no sorting; a list or sorted set gives its own order (DESC reverses
 *     it, LIMIT picks the range straight from SQLite), a set its members' order here (bytes).
 *     With STORE a set is sorted ALPHA instead, as Redis does, so the stored list is the same on
 *     every replica.
 * DESC reverses the comparison (ties included). LIMIT is clamped as Redis clamps it.
 *
 * STORE writes the result as a list (replacing the destination, TTL dropped), or deletes the
 * destination when the result is empty; it replicates as the SORT command itself, deterministic
 * by the orderings above.
 */
import type { BStr } from "../resp/bytes";
import { bulks, ERR, int, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { blob, type KeyMeta } from "../keyspace/db";
import { strtod } from "../commands/numbers";
import { limitRange, parseSortOptions, type SortOptions } from "./sort-options";

export const SCORE_ERROR = "ERR One or more scores can't be converted into double";

/** The smallest normal double: glibc's strtod flags ERANGE for a decimal result below it. */
const DBL_MIN = 2.2250738585072014e-308;

/** The element as SORT's numeric weight (strtod, the whole C string read), or null when it is not one. */
export function sortScore(s: BStr): number | null {
  const r = strtod(s);
  if (r.end < s.length && s.charCodeAt(r.end) !== 0) return null;
  if (r.erange || Number.isNaN(r.value)) return null;
  // Sort checks errno itself: a subnormal decimal result (inexact, hence ERANGE) fails too.
  const hex = /^\s*[+-]?0[xX]/.test(s);
  if (!hex && r.value !== 0 && Math.abs(r.value) < DBL_MIN) return null;
  return r.value;
}

/** memcmp order, then length (compareStringObjects). */
const compareBytes = (a: BStr, b: BStr): number => (a < b ? -1 : a > b ? 1 : 0);

/** strcmp order: the strings up to their first NUL (strcoll in the C locale). */
function compareCStrings(a: BStr, b: BStr): number {
  const na = a.indexOf("\0");
  const nb = b.indexOf("\0");
  return compareBytes(na < 0 ? a : a.slice(0, na), nb < 0 ? b : b.slice(0, nb));
}

/** Sorts `items` in place as sortCompare does; false when a numeric weight is invalid. */
function sortVector(items: BStr[], o: SortOptions): boolean {
  const sign = o.desc ? -1 : 1;
  if (o.alpha) {
    const cmp = o.store !== null ? compareBytes : compareCStrings;
    items.sort((a, b) => sign * cmp(a, b));
    return true;
  }
  const scores = new Map<BStr, number>();
  let ok = true;
  for (const s of items) {
    const v = sortScore(s);
    if (v === null) ok = false;
    scores.set(s, v ?? 0);
  }
  if (!ok) return false;
  items.sort((a, b) => {
    const x = scores.get(a)!, y = scores.get(b)!;
    return sign * (x > y ? 1 : x < y ? -1 : compareBytes(a, b));
  });
  return true;
}

/** A list's or sorted set's elements `count` from `offset` in its own order (reversed for DESC). */
function nativeRange(ctx: CommandContext, meta: KeyMeta, desc: boolean, offset: number, count: number): BStr[] {
  const dir = desc ? "DESC" : "ASC";
  const q = meta.type === "list"
    ? `SELECT value AS v FROM lists WHERE kid = ? ORDER BY pos ${dir} LIMIT ? OFFSET ?`
    : `SELECT member AS v FROM zsets WHERE kid = ? ORDER BY score ${dir}, member ${dir} LIMIT ? OFFSET ?`;
  return ctx.db.rows(q, meta.id, count, offset).map((r) => blob(r.v));
}

/** Every element, in the order the vector is loaded before sorting. */
function allElements(ctx: CommandContext, meta: KeyMeta): BStr[] {
  switch (meta.type) {
    case "list": return nativeRange(ctx, meta, false, 0, -1);
    case "zset": return ctx.db.rows("SELECT member AS v FROM zsets WHERE kid = ?", meta.id).map((r) => blob(r.v));
    default: return ctx.db.rows("SELECT member AS v FROM sets WHERE kid = ? ORDER BY member", meta.id).map((r) => blob(r.v));
  }
}

/** The output: the sorted (or native) elements within LIMIT. Null when a weight is invalid. */
function sortedOutput(ctx: CommandContext, meta: KeyMeta | null, o: SortOptions): BStr[] | null {
  if (meta === null) return [];
  if (meta.type === "set" && o.dontSort && o.store !== null) {
    o.dontSort = false;
    o.alpha = true;
  }
  const { start, end } = limitRange(o, meta.count);
  if (o.dontSort && meta.type !== "set") return end < start ? [] : nativeRange(ctx, meta, o.desc, start, end - start + 1);
  // Sorting weighs every element, whatever LIMIT keeps: one bad weight fails the command.
  const items = allElements(ctx, meta);
  if (!o.dontSort && !sortVector(items, o)) return null;
  return items.slice(start, end + 1);
}

function sortGeneric(ctx: CommandContext, argv: BStr[], readOnly: boolean): Reply {
  const o = parseSortOptions(argv, readOnly);
  const meta = ctx.db.meta(argv[1]!);
  if (meta && meta.type !== "list" && meta.type !== "set" && meta.type !== "zset") throw new ReplyError(ERR.wrongType);
  const out = sortedOutput(ctx, meta, o);
  if (out === null) throw new ReplyError(SCORE_ERROR);
  if (o.store === null) return bulks(out);
  ctx.db.delete(o.store);
  if (out.length > 0) ctx.db.writeValue(o.store, { type: "list", items: out }, null);
  return int(out.length);
}

export const sortHandlers: HandlerTable = {
  sort: (ctx, argv) => sortGeneric(ctx, argv, false),
  sort_ro: (ctx, argv) => sortGeneric(ctx, argv, true),
};
