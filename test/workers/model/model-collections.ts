/**
 * Reference model (see model.ts): hashes, lists and sets, Redis 7.0 semantics. Argument checks run
 * in Redis's order (numbers first where Redis parses them first, then the key lookup and its type).
 */
import { E, R, type MReply, ModelError, countArg, incrBy, intArg, parseLL, rankRange, type ModelCommand, type Store } from "./core";

const hashes: Record<string, ModelCommand> = {
  hset: { arity: -4, run: (m, [, key, ...fv]) => {
    if (fv.length % 2) throw new ModelError(E.arity("hset"));
    const h = m.getOrCreate(key!, "hash", () => new Map()).v;
    let added = 0;
    for (let i = 0; i < fv.length; i += 2) {
      if (!h.has(fv[i]!)) added++;
      h.set(fv[i]!, fv[i + 1]!);
    }
    return R.int(added);
  } },
  hget: { arity: 3, run: (m, [, key, f]) => {
    const v = m.get(key!, "hash")?.v.get(f!);
    return v === undefined ? R.nil : R.bulk(v);
  } },
  hdel: { arity: -3, run: (m, [, key, ...fields]) => {
    const h = m.get(key!, "hash");
    if (!h) return R.int(0);
    const n = fields.filter((f) => h.v.delete(f)).length;
    m.dropIfEmpty(key!);
    return R.int(n);
  } },
  hlen: { arity: 2, run: (m, [, key]) => R.int(m.get(key!, "hash")?.v.size ?? 0) },
  hgetall: { arity: 2, run: (m, [, key]) => R.bulks([...(m.get(key!, "hash")?.v ?? [])].flat()) },
  hincrby: { arity: 4, run: (m, [, key, f, by]) => {
    const incr = parseLL(by!);
    if (incr === null) throw new ModelError(E.notInt);
    const h = m.get(key!, "hash");
    const cur = h?.v.get(f!);
    const old = cur === undefined ? 0n : parseLL(cur);
    if (old === null) throw new ModelError("ERR hash value is not an integer");
    const r = incrBy(old, incr);
    m.getOrCreate(key!, "hash", () => new Map()).v.set(f!, String(r));
    return R.int(r);
  } },
};

function pop(m: Store, key: string, countText: string | undefined, left: boolean): MReply {
  const count = countText === undefined ? undefined : countArg(countText);
  const l = m.get(key, "list");
  if (!l) return count === undefined ? R.nil : R.nilArray;
  if (count === 0) return R.array([]);
  const n = Math.min(count ?? 1, l.v.length);
  const out = left ? l.v.splice(0, n) : l.v.splice(l.v.length - n, n).reverse();
  m.dropIfEmpty(key);
  return count === undefined ? R.bulk(out[0]!) : R.bulks(out);
}

function push(m: Store, key: string, values: string[], left: boolean): MReply {
  const l = m.getOrCreate(key, "list", () => []).v;
  for (const v of values) left ? l.unshift(v) : l.push(v);
  return R.int(l.length);
}

const lists: Record<string, ModelCommand> = {
  lpush: { arity: -3, run: (m, [, key, ...vs]) => push(m, key!, vs, true) },
  rpush: { arity: -3, run: (m, [, key, ...vs]) => push(m, key!, vs, false) },
  lpop: { arity: -2, run: (m, a) => {
    if (a.length > 3) throw new ModelError(E.arity("lpop"));
    return pop(m, a[1]!, a[2], true);
  } },
  rpop: { arity: -2, run: (m, a) => {
    if (a.length > 3) throw new ModelError(E.arity("rpop"));
    return pop(m, a[1]!, a[2], false);
  } },
  llen: { arity: 2, run: (m, [, key]) => R.int(m.get(key!, "list")?.v.length ?? 0) },
  lrange: { arity: 4, run: (m, [, key, s, e]) => {
    const start = intArg(s!), end = intArg(e!);
    const l = m.get(key!, "list")?.v ?? [];
    const r = rankRange(start, end, l.length);
    return R.bulks(r ? l.slice(r[0], r[1] + 1) : []);
  } },
  lindex: { arity: 3, run: (m, [, key, i]) => {
    const l = m.get(key!, "list");
    if (!l) return R.nil;
    let idx = intArg(i!);
    if (idx < 0) idx += l.v.length;
    const v = l.v[idx];
    return idx < 0 || v === undefined ? R.nil : R.bulk(v);
  } },
  lrem: { arity: 4, run: (m, [, key, c, value]) => {
    const count = intArg(c!);
    const l = m.get(key!, "list");
    if (!l) return R.int(0);
    const limit = count === 0 ? Infinity : Math.abs(count);
    let removed = 0;
    if (count >= 0) {
      for (let i = 0; i < l.v.length && removed < limit;) {
        if (l.v[i] === value) { l.v.splice(i, 1); removed++; } else i++;
      }
    } else {
      for (let i = l.v.length - 1; i >= 0 && removed < limit; i--) {
        if (l.v[i] === value) { l.v.splice(i, 1); removed++; }
      }
    }
    m.dropIfEmpty(key!);
    return R.int(removed);
  } },
  linsert: { arity: 5, run: (m, [, key, where, pivot, value]) => {
    const w = where!.toUpperCase();
    if (w !== "BEFORE" && w !== "AFTER") throw new ModelError(E.syntax);
    const l = m.get(key!, "list");
    if (!l) return R.int(0);
    const i = l.v.indexOf(pivot!);
    if (i < 0) return R.int(-1);
    l.v.splice(w === "BEFORE" ? i : i + 1, 0, value!);
    return R.int(l.v.length);
  } },
  ltrim: { arity: 4, run: (m, [, key, s, e]) => {
    const start = intArg(s!), end = intArg(e!);
    const l = m.get(key!, "list");
    if (!l) return R.ok;
    const r = rankRange(start, end, l.v.length);
    l.v = r ? l.v.slice(r[0], r[1] + 1) : [];
    m.dropIfEmpty(key!);
    return R.ok;
  } },
};

/** The sets of SINTER/SUNION: every key is type-checked before any result (absent = empty). */
function setsOf(m: Store, keys: string[]): (Set<string> | undefined)[] {
  return keys.map((k) => m.get(k, "set")?.v);
}

const sets: Record<string, ModelCommand> = {
  sadd: { arity: -3, run: (m, [, key, ...members]) => {
    const s = m.getOrCreate(key!, "set", () => new Set()).v;
    let added = 0;
    for (const x of members) if (!s.has(x)) (s.add(x), added++);
    return R.int(added);
  } },
  srem: { arity: -3, run: (m, [, key, ...members]) => {
    const s = m.get(key!, "set");
    if (!s) return R.int(0);
    const n = members.filter((x) => s.v.delete(x)).length;
    m.dropIfEmpty(key!);
    return R.int(n);
  } },
  smembers: { arity: 2, run: (m, [, key]) => R.bulks([...(m.get(key!, "set")?.v ?? [])]) },
  scard: { arity: 2, run: (m, [, key]) => R.int(m.get(key!, "set")?.v.size ?? 0) },
  sismember: { arity: 3, run: (m, [, key, x]) => R.int(m.get(key!, "set")?.v.has(x!) ? 1 : 0) },
  sinter: { arity: -2, run: (m, [, ...keys]) => {
    const all = setsOf(m, keys);
    if (all.some((s) => !s)) return R.bulks([]);
    const [first, ...rest] = all as Set<string>[];
    return R.bulks([...first!].filter((x) => rest.every((s) => s.has(x))));
  } },
  sunion: { arity: -2, run: (m, [, ...keys]) => {
    const out = new Set<string>();
    for (const s of setsOf(m, keys)) for (const x of s ?? []) out.add(x);
    return R.bulks([...out]);
  } },
};

export const collectionCommands: Record<string, ModelCommand> = { ...hashes, ...lists, ...sets };
