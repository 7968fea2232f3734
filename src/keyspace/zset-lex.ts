/**
 * Lex ranges of sorted sets (ZRANGE ... BYLEX [REV], ZRANGEBYLEX, ZREVRANGEBYLEX, ZLEXCOUNT,
 * ZREMRANGEBYLEX) in Redis's order.
 *
 * Redis assumes a lex-ranged set has one score for all its members, and walks its elements in the
 * set's own order (score, then member) without checking that assumption (t_zset.c):
 *
 *   - nothing, unless the last element is >= min and the first is <= max (zzlIsInLexRange);
 *   - forward: start at the first element >= min (nothing if it is > max), skip `offset` elements
 *     unchecked, then take elements while they are <= max;
 *   - reverse: start at the last element <= max (nothing if it is < min), skip `offset` backwards
 *     unchecked, then take elements while they are >= min;
 *   - ZLEXCOUNT and ZREMRANGEBYLEX: the forward run, without offset or limit.
 *
 * Three ways to find where the walk starts, all giving the same answer when scores and members
 * are in the same order (one score, or distinct scores that grow with the members):
 *
 *   - one score: score order is member order, so the run is the plain member range, read on the
 *     (kid, member) primary key;
 *   - small sets (up to LISTPACK_ENTRIES members, Redis's listpack encoding): the start is the
 *     first element >= min in score order, found on the (kid, score, member) index (at most that
 *     many rows): byte for byte Redis's listpack walk;
 *   - larger sets: Redis searches its skiplist, whose upper levels are random, so with scores out
 *     of member order its start is not deterministic. Here it is the first member >= min in member
 *     order (the last <= max for REV), one primary-key seek, and the walk goes on in score order.
 *
 * The walk itself reads the (kid, score, member) index lazily from its start and stops at the
 * first element out of range or at the limit: its cost follows what it returns (and the offset).
 */
import type { BStr } from "../resp/bytes";
import { blob, param, type Keyspace } from "./db";
import { changes, lexRangeEmpty, sqlLimit, toRows, type LexBound, type LexRange, type ZRow } from "./zset-range";

/** zset-max-listpack-entries: up to this many members Redis walks a listpack, deterministically. */
const LISTPACK_ENTRIES = 128;

type Cond = { sql: string; params: unknown[] };
const TRUE: Cond = { sql: "1", params: [] };

/** `member` compared with a lex bound (BLOBs compare as memcmp, then length: sdscmplex). */
const cmp = (op: string, b: Extract<LexBound, { kind: "str" }>): Cond => ({ sql: `member ${op} ?`, params: [param(b.v)] });
/** member >= min (> for an exclusive min); "-" is below everything. */
const geMin = (r: LexRange): Cond => (r.min.kind === "str" ? cmp(r.min.ex ? ">" : ">=", r.min) : TRUE);
/** member <= max; "+" is above everything. */
const leMax = (r: LexRange): Cond => (r.max.kind === "str" ? cmp(r.max.ex ? "<" : "<=", r.max) : TRUE);

/** zslLexValueGteMin / zslLexValueLteMax (byte strings compare like the BLOBs: memcmp, then length). */
function gteMin(m: BStr, r: LexRange): boolean {
  return r.min.kind === "-" || (r.min.kind === "str" && (r.min.ex ? m > r.min.v : m >= r.min.v));
}
function lteMax(m: BStr, r: LexRange): boolean {
  return r.max.kind === "+" || (r.max.kind === "str" && (r.max.ex ? m < r.max.v : m <= r.max.v));
}

const ASC = "score, member";
const DESC = "score DESC, member DESC";

/** The first row in `order` satisfying `c`, after `skip` rows, from `from` on (inclusive) if given. */
function firstWhere(db: Keyspace, kid: number, order: string, c: Cond, from: ZRow | null = null, skip = 0): ZRow | null {
  const start = from ? ` AND (score, member) ${order === ASC ? ">=" : "<="} (?, ?)` : "";
  return toRows(db.rows(
    `SELECT member, score FROM zsets WHERE kid = ? AND ${c.sql}${start} ORDER BY ${order} LIMIT 1 OFFSET ?`,
    kid, ...c.params, ...(from ? [from.score, param(from.member)] : []), sqlLimit(skip),
  ))[0] ?? null;
}

/** The set's rows in walk order from `from` (inclusive), read lazily. */
function* walkFrom(db: Keyspace, kid: number, from: ZRow, rev: boolean): Generator<ZRow> {
  // The cursor is read row by row: the caller stops as soon as the run ends.
  for (const r of db.sql.exec(
    `SELECT member, score FROM zsets WHERE kid = ? AND (score, member) ${rev ? "<=" : ">="} (?, ?) ORDER BY ${rev ? DESC : ASC}`,
    kid, from.score, param(from.member),
  )) {
    yield { member: blob(r.member), score: r.score as number };
  }
}

/** Where the walk starts (zzlIsInLexRange, then the first or last element in range); null: nothing. */
function walkStart(db: Keyspace, kid: number, r: LexRange, rev: boolean): ZRow | null {
  const first = firstWhere(db, kid, ASC, TRUE);
  const last = firstWhere(db, kid, DESC, TRUE);
  if (!first || !last || !gteMin(last.member, r) || !lteMax(first.member, r)) return null;
  const count = db.one("SELECT count FROM keys WHERE id = ?", kid)!.count as number;
  let start: ZRow | null;
  if (count <= LISTPACK_ENTRIES) {
    start = rev ? firstWhere(db, kid, DESC, leMax(r)) : firstWhere(db, kid, ASC, geMin(r));
  } else {
    const c = rev ? leMax(r) : geMin(r);
    start = toRows(db.rows(
      `SELECT member, score FROM zsets WHERE kid = ? AND ${c.sql} ORDER BY member${rev ? " DESC" : ""} LIMIT 1`, kid, ...c.params,
    ))[0] ?? null;
  }
  return start && (rev ? gteMin(start.member, r) : lteMax(start.member, r)) ? start : null;
}

/** Whether every member has the same score (two index probes). */
function singleScore(db: Keyspace, kid: number): boolean {
  const lo = firstWhere(db, kid, ASC, TRUE);
  const hi = firstWhere(db, kid, DESC, TRUE);
  return !lo || lo.score === hi!.score;
}

/** The walk: from its start, `offset` rows skipped unchecked, then rows while in range, at most `limit` (negative: all). */
function walk(db: Keyspace, kid: number, r: LexRange, rev: boolean, offset: number, limit: number): ZRow[] {
  const start = walkStart(db, kid, r, rev);
  const from = start && offset > 0 ? firstWhere(db, kid, rev ? DESC : ASC, TRUE, start, offset) : start;
  const out: ZRow[] = [];
  if (!from) return out;
  for (const row of walkFrom(db, kid, from, rev)) {
    if (out.length === limit || !(rev ? gteMin(row.member, r) : lteMax(row.member, r))) break;
    out.push(row);
  }
  return out;
}

/** The plain member range (one score: score order is member order). */
function memberRange(r: LexRange): Cond {
  const lo = geMin(r);
  const hi = leMax(r);
  return { sql: `${lo.sql} AND ${hi.sql}`, params: [...lo.params, ...hi.params] };
}

/** Members in a lex range in Redis's walk order, with genericZrangebylexCommand's offset/limit rules. */
export function rangeByLex(db: Keyspace, kid: number, r: LexRange, rev: boolean, offset = 0, limit = -1): ZRow[] {
  if (lexRangeEmpty(r) || offset < 0 || limit === 0) return [];
  if (!singleScore(db, kid)) return walk(db, kid, r, rev, offset, limit);
  const w = memberRange(r);
  return toRows(db.rows(
    `SELECT member, score FROM zsets WHERE kid = ? AND ${w.sql} ORDER BY member${rev ? " DESC" : ""} LIMIT ? OFFSET ?`,
    kid, ...w.params, sqlLimit(limit), sqlLimit(offset),
  ));
}

/** ZLEXCOUNT: the length of the forward run. */
export function countByLex(db: Keyspace, kid: number, r: LexRange): number {
  if (lexRangeEmpty(r)) return 0;
  if (!singleScore(db, kid)) return walk(db, kid, r, false, 0, -1).length;
  const w = memberRange(r);
  return db.one(`SELECT COUNT(*) AS n FROM zsets WHERE kid = ? AND ${w.sql}`, kid, ...w.params)!.n as number;
}

/** ZREMRANGEBYLEX: deletes the forward run (contiguous in score order: one range delete). */
export function deleteByLex(db: Keyspace, kid: number, r: LexRange): number {
  if (lexRangeEmpty(r)) return 0;
  if (singleScore(db, kid)) {
    const w = memberRange(r);
    db.run(`DELETE FROM zsets WHERE kid = ? AND ${w.sql}`, kid, ...w.params);
    return changes(db);
  }
  const run = walk(db, kid, r, false, 0, -1);
  if (run.length === 0) return 0;
  const [a, b] = [run[0]!, run[run.length - 1]!];
  db.run(
    "DELETE FROM zsets WHERE kid = ? AND (score, member) >= (?, ?) AND (score, member) <= (?, ?)",
    kid, a.score, param(a.member), b.score, param(b.member),
  );
  return changes(db);
}
