/**
 * Sorted-set ranges: parsing (zslParseRange, zslParseLexRange) and the SQL that reads, counts and
 * deletes them. Score ranges walk the (kid, score, member) index; lex ranges are in zset-lex.ts.
 * Every query is bounded: LIMIT/OFFSET instead of reading the set.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import { blob, type Keyspace } from "./db";
import { parseRangeNumber } from "../commands/numbers";

/** One member with its score, in the set's order. */
export interface ZRow {
  member: BStr;
  score: number;
}

export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A lex bound: "-" (below everything), "+" (above everything) or a member, inclusive or not. */
export type LexBound = { kind: "-" } | { kind: "+" } | { kind: "str"; v: BStr; ex: boolean };

export interface LexRange {
  min: LexBound;
  max: LexBound;
}

const MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
const NOT_STRING_RANGE = "ERR min or max not valid string range item";

function parseScoreBound(s: BStr): { v: number; ex: boolean } | null {
  const ex = s[0] === "(";
  const v = parseRangeNumber(ex ? s.slice(1) : s);
  return v === null ? null : { v, ex };
}

/** zslParseRange, or "ERR min or max is not a float". */
export function parseScoreRange(min: BStr, max: BStr): ScoreRange {
  const lo = parseScoreBound(min);
  const hi = parseScoreBound(max);
  if (!lo || !hi) throw new ReplyError(MIN_MAX_NOT_FLOAT);
  return { min: lo.v, max: hi.v, minex: lo.ex, maxex: hi.ex };
}

function parseLexBound(s: BStr): LexBound | null {
  // sds strings are NUL-terminated: "+\0..." reads as "+" in C.
  const alone = s.length === 1 || s[1] === "\0";
  switch (s[0]) {
    case "+": return alone ? { kind: "+" } : null;
    case "-": return alone ? { kind: "-" } : null;
    case "(": return { kind: "str", v: s.slice(1), ex: true };
    case "[": return { kind: "str", v: s.slice(1), ex: false };
    default: return null;
  }
}

/** zslParseLexRange, or "ERR min or max not valid string range item". */
export function parseLexRange(min: BStr, max: BStr): LexRange {
  const lo = parseLexBound(min);
  const hi = parseLexBound(max);
  if (!lo || !hi) throw new ReplyError(NOT_STRING_RANGE);
  return { min: lo, max: hi };
}

/** No score can fall in the range (zslIsInRange's first test). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

function lexRank(b: LexBound): number {
  return b.kind === "-" ? 0 : b.kind === "str" ? 1 : 2;
}

/** sdscmplex(min, max) > 0, or equal with an exclusive side ("-" and "+" count as exclusive). */
export function lexRangeEmpty(r: LexRange): boolean {
  const a = lexRank(r.min);
  const b = lexRank(r.max);
  let cmp = a - b;
  if (cmp === 0 && r.min.kind === "str" && r.max.kind === "str") {
    cmp = r.min.v < r.max.v ? -1 : r.min.v > r.max.v ? 1 : 0;
  }
  const minex = r.min.kind !== "str" || r.min.ex;
  const maxex = r.max.kind !== "str" || r.max.ex;
  return cmp > 0 || (cmp === 0 && (minex || maxex));
}

/** SQL condition (after `kid = ?`) and its parameters for a non-empty score range. */
function scoreWhere(r: ScoreRange): { sql: string; params: unknown[] } {
  let sql = "";
  const params: unknown[] = [];
  if (!(r.min === -Infinity && !r.minex)) {
    sql += ` AND score ${r.minex ? ">" : ">="} ?`;
    params.push(r.min);
  }
  if (!(r.max === Infinity && !r.maxex)) {
    sql += ` AND score ${r.maxex ? "<" : "<="} ?`;
    params.push(r.max);
  }
  return { sql, params };
}

/** A LIMIT/OFFSET parameter SQLite accepts as an integer (negative = no limit). */
export const sqlLimit = (n: number): number => (n < 0 ? -1 : Math.min(n, Number.MAX_SAFE_INTEGER));

export const toRows = (rows: Record<string, SqlStorageValue>[]): ZRow[] =>
  rows.map((r) => ({ member: blob(r.member), score: r.score as number }));

/**
 * `count` members from rank `start` (0-based, in REV order if `rev`); `count` -1 = to the end.
 * OFFSET walks the index, so with the set's length a window nearer the far end is read from
 * there (ZRANGE z -10 -1 on a large set reads 10 rows, not the whole set).
 */
export function rangeByRank(db: Keyspace, kid: number, start: number, count: number, rev: boolean, len = -1): ZRow[] {
  const fromEnd = len - start - count;
  const flip = count >= 0 && len >= 0 && fromEnd >= 0 && fromEnd < start;
  const desc = rev !== flip;
  const order = desc ? "score DESC, member DESC" : "score, member";
  const rows = toRows(db.rows(
    `SELECT member, score FROM zsets WHERE kid = ? ORDER BY ${order} LIMIT ? OFFSET ?`,
    kid, count, flip ? fromEnd : start,
  ));
  return flip ? rows.reverse() : rows;
}

/**
 * Members in a score range, skipping `offset` and returning at most `limit` (negative = all),
 * as genericZrangebyscoreCommand: a negative offset yields nothing.
 */
export function rangeByScore(db: Keyspace, kid: number, r: ScoreRange, rev: boolean, offset = 0, limit = -1): ZRow[] {
  if (scoreRangeEmpty(r) || offset < 0 || limit === 0) return [];
  const w = scoreWhere(r);
  const order = rev ? "score DESC, member DESC" : "score, member";
  return toRows(db.rows(
    `SELECT member, score FROM zsets WHERE kid = ?${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    kid, ...w.params, sqlLimit(limit), sqlLimit(offset),
  ));
}

export function countByScore(db: Keyspace, kid: number, r: ScoreRange): number {
  if (scoreRangeEmpty(r)) return 0;
  const w = scoreWhere(r);
  return db.one(`SELECT COUNT(*) AS n FROM zsets WHERE kid = ?${w.sql}`, kid, ...w.params)!.n as number;
}

/** Rows deleted by the last statement on this connection. */
export function changes(db: Keyspace): number {
  return db.one("SELECT changes() AS n")!.n as number;
}

export function deleteByScore(db: Keyspace, kid: number, r: ScoreRange): number {
  if (scoreRangeEmpty(r)) return 0;
  const w = scoreWhere(r);
  db.run(`DELETE FROM zsets WHERE kid = ?${w.sql}`, kid, ...w.params);
  return changes(db);
}

/** Deletes `count` members from rank `start` (ascending order), walking from the nearer end. */
export function deleteByRank(db: Keyspace, kid: number, start: number, count: number, len: number): number {
  const fromEnd = len - start - count;
  const flip = fromEnd < start;
  db.run(
    `DELETE FROM zsets WHERE kid = ? AND member IN
       (SELECT member FROM zsets WHERE kid = ? ORDER BY ${flip ? "score DESC, member DESC" : "score, member"} LIMIT ? OFFSET ?)`,
    kid, kid, count, flip ? fromEnd : start,
  );
  return changes(db);
}
