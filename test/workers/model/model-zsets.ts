/**
 * Reference model (see model.ts): sorted sets, Redis 7.0 semantics (t_zset.c's zaddGenericCommand,
 * zrangeGenericCommand, zslParseRange, genericZpopCommand), RESP2 replies with `%.17g` scores.
 */
import { E, R, type MReply, ModelError, countArg, floatArg, intArg, rankRange, strtod, type ModelCommand, type Store } from "./core";

type Entry = [member: string, score: number];

/** Members in Redis's order: by score, then by member bytes. */
function sorted(z: Map<string, number>): Entry[] {
  return [...z].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

interface ScoreRange { min: number; max: number; minex: boolean; maxex: boolean }

const RANGE_ERR = "ERR min or max is not a float";

/** zslParseRange: "(" for exclusive, then plain strtod (overflow to inf is fine, NaN is not). */
function bound(s: string): [number, boolean] {
  const ex = s.startsWith("(");
  const r = strtod(ex ? s.slice(1) : s);
  if (!r || Number.isNaN(r.value)) throw new ModelError(RANGE_ERR);
  return [r.value, ex];
}

function scoreRange(min: string, max: string): ScoreRange {
  const [lo, minex] = bound(min);
  const [hi, maxex] = bound(max);
  return { min: lo, max: hi, minex, maxex };
}

const inRange = (r: ScoreRange, s: number) => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);

function emit(entries: Entry[], withScores: boolean): MReply {
  return R.array(entries.flatMap(([m, s]) => (withScores ? [R.bulk(m), R.score(s)] : [R.bulk(m)])));
}

/** ZRANGE/ZRANGEBYSCORE: `auto` is true for ZRANGE (REV/BYSCORE/BYLEX allowed), false for ZRANGEBYSCORE. */
function zrange(m: Store, a: string[], byScoreCommand: boolean): MReply {
  const [, key, first, second] = a as [string, string, string, string];
  let withScores = false, rev = false, byScore = byScoreCommand, byLex = false, offset = 0, limit = -1;
  let dirSet = byScoreCommand, typeSet = byScoreCommand;
  for (let j = 4; j < a.length; j++) {
    const o = a[j]!.toUpperCase();
    const left = a.length - j - 1;
    if (o === "WITHSCORES") withScores = true;
    else if (o === "LIMIT" && left >= 2) {
      offset = intArg(a[j + 1]!);
      limit = intArg(a[j + 2]!);
      j += 2;
    } else if (!dirSet && o === "REV") (rev = true, dirSet = true);
    else if (!typeSet && o === "BYLEX") (byLex = true, typeSet = true);
    else if (!typeSet && o === "BYSCORE") (byScore = true, typeSet = true);
    else throw new ModelError(E.syntax);
  }
  if (limit !== -1 && !byScore && !byLex) {
    throw new ModelError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  }
  if (withScores && byLex) throw new ModelError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  if (byLex) throw new Error("model: BYLEX is not modelled");
  const [minArg, maxArg] = rev && byScore ? [second, first] : [first, second];
  if (!byScore) {
    const start = intArg(minArg), end = intArg(maxArg);
    const z = m.get(key, "zset");
    if (!z) return R.array([]);
    let all = sorted(z.v);
    if (rev) all = all.reverse();
    const r = rankRange(start, end, all.length);
    return emit(r ? all.slice(r[0], r[1] + 1) : [], withScores);
  }
  const range = scoreRange(minArg, maxArg);
  const z = m.get(key, "zset");
  if (!z) return R.array([]);
  if (offset > 0 && offset >= z.v.size) return R.array([]);
  let hits = sorted(z.v).filter(([, s]) => inRange(range, s));
  if (rev) hits = hits.reverse();
  if (offset < 0) return R.array([]); // `while (ln && offset--)` walks off the end
  hits = hits.slice(offset);
  if (limit >= 0) hits = hits.slice(0, limit);
  return emit(hits, withScores);
}

function zadd(m: Store, a: string[], incrCommand: boolean): MReply {
  const key = a[1]!;
  let nx = false, xx = false, gt = false, lt = false, ch = false, incr = incrCommand;
  let i = 2;
  for (; !incrCommand && i < a.length; i++) {
    const o = a[i]!.toUpperCase();
    if (o === "NX") nx = true;
    else if (o === "XX") xx = true;
    else if (o === "CH") ch = true;
    else if (o === "INCR") incr = true;
    else if (o === "GT") gt = true;
    else if (o === "LT") lt = true;
    else break;
  }
  const rest = a.slice(i);
  if (rest.length === 0 || rest.length % 2) throw new ModelError(E.syntax);
  if (nx && xx) throw new ModelError("ERR XX and NX options at the same time are not compatible");
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    throw new ModelError("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (incr && rest.length > 2) throw new ModelError("ERR INCR option supports a single increment-element pair");
  const pairs: Entry[] = [];
  for (let j = 0; j < rest.length; j += 2) pairs.push([rest[j + 1]!, floatArg(rest[j]!)]);
  const z = m.get(key, "zset");
  let added = 0, updated = 0, processed = 0, last = 0;
  if (z || !xx) {
    const zz = z ?? m.getOrCreate(key, "zset", () => new Map());
    for (const [member, s] of pairs) {
      const cur = zz.v.get(member);
      let score = s;
      if (cur !== undefined) {
        if (nx) continue;
        if (incr) {
          score += cur;
          if (Number.isNaN(score)) throw new ModelError("ERR resulting score is not a number (NaN)");
        }
        if ((lt && score >= cur) || (gt && score <= cur)) continue;
        if (score !== cur) (zz.v.set(member, score), updated++);
      } else if (!xx) {
        zz.v.set(member, score);
        added++;
      } else continue;
      processed++;
      last = score;
    }
  }
  if (incr) return processed ? R.score(last) : R.nil;
  return R.int(ch ? added + updated : added);
}

function zpopmin(m: Store, a: string[]): MReply {
  if (a.length > 3) throw new ModelError(E.syntax);
  const count = a[2] === undefined ? 1 : countArg(a[2]);
  const z = m.get(a[1]!, "zset");
  if (!z || count === 0) return R.array([]);
  const out = sorted(z.v).slice(0, count);
  for (const [member] of out) z.v.delete(member);
  m.dropIfEmpty(a[1]!);
  return emit(out, true);
}

export const zsetCommands: Record<string, ModelCommand> = {
  zadd: { arity: -4, run: (m, a) => zadd(m, a, false) },
  zincrby: { arity: 4, run: (m, a) => zadd(m, a, true) },
  zrem: { arity: -3, run: (m, [, key, ...members]) => {
    const z = m.get(key!, "zset");
    if (!z) return R.int(0);
    const n = members.filter((x) => z.v.delete(x)).length;
    m.dropIfEmpty(key!);
    return R.int(n);
  } },
  zscore: { arity: 3, run: (m, [, key, member]) => {
    const s = m.get(key!, "zset")?.v.get(member!);
    return s === undefined ? R.nil : R.score(s);
  } },
  zrank: { arity: 3, run: (m, [, key, member]) => {
    const z = m.get(key!, "zset");
    const i = z ? sorted(z.v).findIndex(([x]) => x === member) : -1;
    return i < 0 ? R.nil : R.int(i);
  } },
  zcard: { arity: 2, run: (m, [, key]) => R.int(m.get(key!, "zset")?.v.size ?? 0) },
  zcount: { arity: 4, run: (m, [, key, min, max]) => {
    const r = scoreRange(min!, max!);
    const z = m.get(key!, "zset");
    return R.int(z ? [...z.v.values()].filter((s) => inRange(r, s)).length : 0);
  } },
  zrange: { arity: -4, run: (m, a) => zrange(m, a, false) },
  zrangebyscore: { arity: -4, run: (m, a) => zrange(m, a, true) },
  zpopmin: { arity: -2, run: zpopmin },
};
