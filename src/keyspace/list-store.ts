/**
 * List storage: one row per element in `lists(kid, pos, value)`, ordered by the integer `pos`.
 *
 * Positions only need to keep the order: LPUSH writes before the head (head - 1), RPUSH after the
 * tail (tail + 1), both found through the primary key in O(log n). Deletions may leave gaps,
 * which cost nothing: an element's index is its rank (`ORDER BY pos LIMIT 1 OFFSET i`, read from
 * whichever end is nearer). Only LINSERT between two adjacent positions renumbers, and then only
 * the shorter side of the list. A list is never read or rewritten whole.
 *
 * These helpers write rows only; the caller records the new element count with `db.setCount`.
 */
import type { BStr } from "../resp/bytes";
import { blob, param, type KeyMeta, type Keyspace } from "./db";
import { checkElementSize } from "./element-limit";

/** A list end: LEFT is the head (index 0), RIGHT the tail. */
export type End = "left" | "right";

const ORDER: Record<End, string> = { left: "ASC", right: "DESC" };

/** Position of the head (left) or tail (right) element; null when the list has no rows. */
export function endPos(db: Keyspace, kid: number, end: End): number | null {
  const row = db.one(`SELECT pos FROM lists WHERE kid = ? ORDER BY pos ${ORDER[end]} LIMIT 1`, kid);
  return row ? (row.pos as number) : null;
}

/** Appends `values` one by one at `end` (LPUSH a b c leaves c b a at the head). */
export function pushValues(db: Keyspace, meta: KeyMeta, values: BStr[], end: End): void {
  for (const v of values) checkElementSize(v.length);
  let pos = endPos(db, meta.id, end);
  for (const v of values) {
    pos = pos === null ? 0 : end === "left" ? pos - 1 : pos + 1;
    db.run("INSERT INTO lists (kid, pos, value) VALUES (?, ?, ?)", meta.id, pos, param(v));
  }
}

/** Removes and returns up to `n` elements from `end`, nearest to the end first. */
export function popValues(db: Keyspace, meta: KeyMeta, n: number, end: End): BStr[] {
  const limit = Math.min(n, meta.count);
  if (limit <= 0) return [];
  const rows = db.rows(`SELECT pos, value FROM lists WHERE kid = ? ORDER BY pos ${ORDER[end]} LIMIT ?`, meta.id, limit);
  if (rows.length === 0) return [];
  const last = rows[rows.length - 1]!.pos as number;
  db.run(`DELETE FROM lists WHERE kid = ? AND pos ${end === "left" ? "<=" : ">="} ?`, meta.id, last);
  return rows.map((r) => blob(r.value));
}

/** Redis index (negative counts from the tail) → 0-based index, or null when out of range. */
export function normIndex(count: number, index: number): number | null {
  const i = index < 0 ? count + index : index;
  return i >= 0 && i < count ? i : null;
}

/** The element at a valid 0-based index, walking from the nearer end. */
export function elementAt(db: Keyspace, meta: KeyMeta, index: number): { pos: number; value: BStr } {
  const fromHead = index <= meta.count - 1 - index;
  const row = db.one(
    `SELECT pos, value FROM lists WHERE kid = ? ORDER BY pos ${fromHead ? "ASC" : "DESC"} LIMIT 1 OFFSET ?`,
    meta.id, fromHead ? index : meta.count - 1 - index,
  );
  if (!row) throw new Error(`list ${meta.id}: no element at index ${index} of ${meta.count}`);
  return { pos: row.pos as number, value: blob(row.value) };
}

/** Elements first..last (0-based, inclusive, valid), read from the nearer end: O(distance + n). */
export function rangeValues(db: Keyspace, meta: KeyMeta, first: number, last: number): BStr[] {
  const n = last - first + 1;
  const fromTail = meta.count - 1 - last;
  if (first <= fromTail) {
    return db.rows("SELECT value FROM lists WHERE kid = ? ORDER BY pos LIMIT ? OFFSET ?", meta.id, n, first)
      .map((r) => blob(r.value));
  }
  return db.rows("SELECT value FROM lists WHERE kid = ? ORDER BY pos DESC LIMIT ? OFFSET ?", meta.id, n, fromTail)
    .map((r) => blob(r.value))
    .reverse();
}

/** Keeps only elements first..last (0-based, inclusive, valid). Returns how many were removed. */
export function trimTo(db: Keyspace, meta: KeyMeta, first: number, last: number): number {
  const removed = first + (meta.count - 1 - last);
  if (removed === 0) return 0;
  const lo = elementAt(db, meta, first).pos;
  const hi = elementAt(db, meta, last).pos;
  db.run("DELETE FROM lists WHERE kid = ? AND (pos < ? OR pos > ?)", meta.id, lo, hi);
  return removed;
}

/** Position of the first element equal to `value` from the head, or null. */
export function findFirst(db: Keyspace, meta: KeyMeta, value: BStr): number | null {
  const row = db.one("SELECT pos FROM lists WHERE kid = ? AND value = ? ORDER BY pos LIMIT 1", meta.id, param(value));
  return row ? (row.pos as number) : null;
}

/**
 * Inserts `value` right before (or after) the element at `pivot`. Uses a free position when the
 * neighbours leave a gap; otherwise shifts the shorter side of the list by one to make room.
 */
export function insertBeside(db: Keyspace, meta: KeyMeta, pivot: number, value: BStr, before: boolean): void {
  checkElementSize(value.length);
  const kid = meta.id;
  const neighbour = db.one(
    before
      ? "SELECT pos FROM lists WHERE kid = ? AND pos < ? ORDER BY pos DESC LIMIT 1"
      : "SELECT pos FROM lists WHERE kid = ? AND pos > ? ORDER BY pos ASC LIMIT 1",
    kid, pivot,
  );
  const other = neighbour ? (neighbour.pos as number) : null;
  // The new element goes strictly between `left` and `right` (either may be missing: an end).
  const left = before ? other : pivot;
  const right = before ? pivot : other;
  let pos: number;
  if (left === null) pos = right! - 1;
  else if (right === null) pos = left + 1;
  else if (right - left >= 2) pos = left + 1;
  else {
    const leftCount = db.one("SELECT COUNT(*) AS n FROM lists WHERE kid = ? AND pos <= ?", kid, left)!.n as number;
    if (leftCount <= meta.count - leftCount) {
      shiftSide(db, kid, "pos <= ?", left, -1);
      pos = left;
    } else {
      shiftSide(db, kid, "pos >= ?", right, 1);
      pos = right;
    }
  }
  db.run("INSERT INTO lists (kid, pos, value) VALUES (?, ?, ?)", kid, pos, param(value));
}

/**
 * Adds `delta` (±1) to the positions of the rows matching `cond`. Done in two steps through a
 * range beyond the list's current span so that no intermediate row collides with another
 * (SQLite checks the primary key row by row during an UPDATE).
 */
function shiftSide(db: Keyspace, kid: number, cond: string, bound: number, delta: 1 | -1): void {
  const lo = endPos(db, kid, "left")!;
  const hi = endPos(db, kid, "right")!;
  const away = hi - lo + 2;
  db.run(`UPDATE lists SET pos = pos + ? WHERE kid = ? AND ${cond}`, away, kid, bound);
  db.run("UPDATE lists SET pos = pos - ? WHERE kid = ? AND pos > ?", away - delta, kid, hi);
}

/**
 * Removes up to `limit` elements equal to `value` (all when `limit` is 0), from the head when
 * `fromHead`, else from the tail. Returns how many were removed.
 */
export function removeValue(db: Keyspace, meta: KeyMeta, value: BStr, limit: number, fromHead: boolean): number {
  if (limit === 0) {
    return db.rows("DELETE FROM lists WHERE kid = ? AND value = ? RETURNING pos", meta.id, param(value)).length;
  }
  return db.rows(
    `DELETE FROM lists WHERE kid = ? AND pos IN (SELECT pos FROM lists WHERE kid = ? AND value = ? ORDER BY pos ${fromHead ? "ASC" : "DESC"} LIMIT ?) RETURNING pos`,
    meta.id, meta.id, param(value), Math.min(limit, meta.count),
  ).length;
}

/**
 * LPOS scan: 0-based indexes of the elements equal to `value`, scanning from the head (or tail when
 * `fromTail`) over at most `maxlen` elements (0 = all), skipping the first `rank - 1` matches and
 * stopping after `count` (0 = no limit). Streams a cursor, so it stops as soon as it has enough.
 */
export function positionsOf(
  db: Keyspace, meta: KeyMeta, value: BStr, opts: { rank: number; count: number; maxlen: number; fromTail: boolean },
): number[] {
  const limit = opts.maxlen > 0 ? Math.min(opts.maxlen, meta.count) : meta.count;
  const cursor = db.sql.exec(
    `SELECT value = ? AS m FROM lists WHERE kid = ? ORDER BY pos ${opts.fromTail ? "DESC" : "ASC"} LIMIT ?`,
    param(value), meta.id, limit,
  );
  const out: number[] = [];
  let index = 0;
  let matches = 0;
  for (const row of cursor) {
    if (row.m) {
      matches++;
      if (matches >= opts.rank) {
        out.push(opts.fromTail ? meta.count - 1 - index : index);
        if (opts.count > 0 && out.length >= opts.count) break;
      }
    }
    index++;
  }
  return out;
}
