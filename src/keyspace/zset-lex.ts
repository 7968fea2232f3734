/**
 * Lex ranges of sorted sets (ZRANGE ... BYLEX [REV], ZRANGEBYLEX, ZREVRANGEBYLEX, ZLEXCOUNT,
 * ZREMRANGEBYLEX) in Redis's order.
 *
 * Redis assumes a lex-ranged set has one score for all its members, and walks its elements in the
 * set's own order (score, then member) without checking that assumption (t_zset.c, listpack
 * encoding: zzlFirstInLexRange / zzlLastInLexRange and the loops after them):
 *
 *   - nothing, unless the last element is >= min and the first is <= max (zzlIsInLexRange);
 *   - forward: start at the first element >= min (nothing if it is > max), skip `offset` elements
 *     unchecked, then take elements while they are <= max;
 *   - reverse: start at the last element <= max (nothing if it is < min), skip `offset` backwards
 *     unchecked, then take elements while they are >= min;
 *   - ZLEXCOUNT and ZREMRANGEBYLEX: the forward run, without offset or limit.
 *
 * With one score, score order is member order and that is the plain range, read on the (kid,
 * member) primary key. With several scores the run is found on the (kid, score, member) index:
 * its ends are each one row found by a filtered walk of that index (linear in the elements before
 * them in the worst case), the run itself a bounded slice. Redis's large sets (skiplists) start the
 * run through the skiplist's upper levels, which are random: with several scores no
 * implementation can match them; this follows the listpack walk, which every set of up to 128
 * short members uses.
 */
import type { BStr } from "../resp/bytes";
import { param, type Keyspace } from "./db";
import { changes, lexRangeEmpty, sqlLimit, toRows, type LexBound, type LexRange, type ZRow } from "./zset-range";

type Cond = { sql: string; params: unknown[] };
const TRUE: Cond = { sql: "1", params: [] };
const FALSE: Cond = { sql: "0", params: [] };

/** `member` compared with a lex bound (BLOBs compare as memcmp, then length: sdscmplex). */
function cmp(op: string, b: Extract<LexBound, { kind: "str" }>): Cond {
  return { sql: `member ${op} ?`, params: [param(b.v)] };
}

/** member >= min (> for an exclusive min). */
const geMin = (r: LexRange): Cond => (r.min.kind === "str" ? cmp(r.min.ex ? ">" : ">=", r.min) : r.min.kind === "-" ? TRUE : FALSE);
/** member <= max. */
const leMax = (r: LexRange): Cond => (r.max.kind === "str" ? cmp(r.max.ex ? "<" : "<=", r.max) : r.max.kind === "+" ? TRUE : FALSE);
/** NOT (member >= min). */
const belowMin = (r: LexRange): Cond => (r.min.kind === "str" ? cmp(r.min.ex ? "<=" : "<", r.min) : r.min.kind === "-" ? FALSE : TRUE);
/** NOT (member <= max). */
const aboveMax = (r: LexRange): Cond => (r.max.kind === "str" ? cmp(r.max.ex ? ">=" : ">", r.max) : r.max.kind === "+" ? FALSE : TRUE);

const ASC = "score, member";
const DESC = "score DESC, member DESC";

/** Whether every member has the same score (two index probes). */
function singleScore(db: Keyspace, kid: number): boolean {
  const lo = db.one(`SELECT score FROM zsets WHERE kid = ? ORDER BY ${ASC} LIMIT 1`, kid);
  const hi = db.one(`SELECT score FROM zsets WHERE kid = ? ORDER BY ${DESC} LIMIT 1`, kid);
  return !lo || lo.score === hi!.score;
}

/** The first row in `order` satisfying `c` (after `skip` rows), from position `from` on (inclusive) if given. */
function firstWhere(db: Keyspace, kid: number, order: string, c: Cond, from: ZRow | null = null, skip = 0): ZRow | null {
  const asc = order === ASC;
  const start = from ? ` AND (score, member) ${asc ? ">=" : "<="} (?, ?)` : "";
  const rows = toRows(db.rows(
    `SELECT member, score FROM zsets WHERE kid = ? AND ${c.sql}${start} ORDER BY ${order} LIMIT 1 OFFSET ?`,
    kid, ...c.params, ...(from ? [from.score, param(from.member)] : []), sqlLimit(skip),
  ));
  return rows[0] ?? null;
}

/** zslLexValueGteMin / zslLexValueLteMax in JS (byte strings compare as memcmp, then length, like the BLOBs above). */
function gteMin(m: BStr, r: LexRange): boolean {
  return r.min.kind === "-" || (r.min.kind === "str" && (r.min.ex ? m > r.min.v : m >= r.min.v));
}
function lteMax(m: BStr, r: LexRange): boolean {
  return r.max.kind === "+" || (r.max.kind === "str" && (r.max.ex ? m < r.max.v : m <= r.max.v));
}

/** Where the walk starts (zzlIsInLexRange, then zzlFirstInLexRange or zzlLastInLexRange); null: nothing. */
function walkStart(db: Keyspace, kid: number, r: LexRange, rev: boolean): ZRow | null {
  const last = firstWhere(db, kid, DESC, TRUE);
  const first = firstWhere(db, kid, ASC, TRUE);
  if (!last || !first || !gteMin(last.member, r) || !lteMax(first.member, r)) return null;
  const start = rev ? firstWhere(db, kid, DESC, leMax(r)) : firstWhere(db, kid, ASC, geMin(r));
  return start && (rev ? gteMin(start.member, r) : lteMax(start.member, r)) ? start : null;
}

/**
 * The run the walk returns: from the start (after `offset` unchecked steps) up to, not including,
 * the first row out of range in the walk's direction (`stop`, null: the end of the set).
 */
function run(db: Keyspace, kid: number, r: LexRange, rev: boolean, offset: number): { from: ZRow; stop: ZRow | null } | null {
  const start = walkStart(db, kid, r, rev);
  if (!start) return null;
  const order = rev ? DESC : ASC;
  const from = offset > 0 ? firstWhere(db, kid, order, TRUE, start, offset) : start;
  if (!from) return null;
  const stop = firstWhere(db, kid, order, rev ? belowMin(r) : aboveMax(r), from);
  return { from, stop };
}

/** SQL for the rows of a run, in walk order. */
function runWhere(rev: boolean, from: ZRow, stop: ZRow | null): Cond {
  const params: unknown[] = [from.score, param(from.member)];
  let sql = `(score, member) ${rev ? "<=" : ">="} (?, ?)`;
  if (stop) {
    sql += ` AND (score, member) ${rev ? ">" : "<"} (?, ?)`;
    params.push(stop.score, param(stop.member));
  }
  return { sql, params };
}

/** Members in a lex range in Redis's walk order, with genericZrangebylexCommand's offset/limit rules. */
export function rangeByLex(db: Keyspace, kid: number, r: LexRange, rev: boolean, offset = 0, limit = -1): ZRow[] {
  if (lexRangeEmpty(r) || offset < 0 || limit === 0) return [];
  if (singleScore(db, kid)) {
    const w = memberRange(r);
    return toRows(db.rows(
      `SELECT member, score FROM zsets WHERE kid = ? AND ${w.sql} ORDER BY member${rev ? " DESC" : ""} LIMIT ? OFFSET ?`,
      kid, ...w.params, sqlLimit(limit), sqlLimit(offset),
    ));
  }
  const found = run(db, kid, r, rev, offset);
  if (!found) return [];
  const w = runWhere(rev, found.from, found.stop);
  return toRows(db.rows(
    `SELECT member, score FROM zsets WHERE kid = ? AND ${w.sql} ORDER BY ${rev ? DESC : ASC} LIMIT ?`,
    kid, ...w.params, sqlLimit(limit),
  ));
}

/** ZLEXCOUNT: the length of the forward run. */
export function countByLex(db: Keyspace, kid: number, r: LexRange): number {
  if (lexRangeEmpty(r)) return 0;
  const w = forwardRun(db, kid, r);
  return w ? db.one(`SELECT COUNT(*) AS n FROM zsets WHERE kid = ? AND ${w.sql}`, kid, ...w.params)!.n as number : 0;
}

/** ZREMRANGEBYLEX: deletes the forward run. */
export function deleteByLex(db: Keyspace, kid: number, r: LexRange): number {
  if (lexRangeEmpty(r)) return 0;
  const w = forwardRun(db, kid, r);
  if (!w) return 0;
  db.run(`DELETE FROM zsets WHERE kid = ? AND ${w.sql}`, kid, ...w.params);
  return changes(db);
}

/** The forward run's rows as a condition (null: none). */
function forwardRun(db: Keyspace, kid: number, r: LexRange): Cond | null {
  if (singleScore(db, kid)) return memberRange(r);
  const found = run(db, kid, r, false, 0);
  return found ? runWhere(false, found.from, found.stop) : null;
}

/** The plain member range (one score: score order is member order). */
function memberRange(r: LexRange): Cond {
  const lo = geMin(r);
  const hi = leMax(r);
  return { sql: `${lo.sql} AND ${hi.sql}`, params: [...lo.params, ...hi.params] };
}
