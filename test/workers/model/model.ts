/**
 * A reference model of Redis 7.0 for the differential tests: plain JS Maps implementing a small
 * command subset (strings, keys, hashes, lists, sets, sorted sets) with Redis's semantics, argument
 * checking order, error texts and RESP2 reply shapes (scores as `%.17g` bulk strings, `*-1` vs `$-1`).
 * It shares no code with src/. Strings are JS strings of byte-sized chars.
 * Every handler validates all its arguments before its first write, so an error leaves no trace.
 */
import { E, R, type MReply, ModelError, Store, intArg, parseLL, incrBy, type ModelCommand } from "./core";
import { collectionCommands } from "./model-collections";
import { zsetCommands } from "./model-zsets";

export class Model extends Store {
  exec(argv: string[]): MReply {
    const name = argv[0]!.toLowerCase();
    const c = COMMANDS[name];
    if (!c) return { t: "error", v: `ERR unknown command '${argv[0]}'` };
    if (c.arity > 0 ? argv.length !== c.arity : argv.length < -c.arity) return { t: "error", v: E.arity(name) };
    try {
      return c.run(this, argv);
    } catch (e) {
      if (e instanceof ModelError) return { t: "error", v: e.message };
      throw e;
    }
  }
}

const stringsAndKeys: Record<string, ModelCommand> = {
  set: { arity: -3, run: (m, [, key, value, ...opts]) => {
    let nx = false, xx = false, get = false;
    for (const o of opts) {
      const u = o.toUpperCase();
      if (u === "NX" && !xx) nx = true;
      else if (u === "XX" && !nx) xx = true;
      else if (u === "GET") get = true;
      else throw new ModelError(E.syntax);
    }
    let reply: MReply = R.ok;
    if (get) {
      const old = m.get(key!, "string");
      reply = old ? R.bulk(old.v) : R.nil;
    }
    const found = m.keys.has(key!);
    if ((nx && found) || (xx && !found)) return get ? reply : R.nil;
    m.keys.set(key!, { t: "string", v: value! });
    return reply;
  } },
  get: { arity: 2, run: (m, [, key]) => {
    const v = m.get(key!, "string");
    return v ? R.bulk(v.v) : R.nil;
  } },
  incr: { arity: 2, run: (m, [, key]) => {
    const v = m.get(key!, "string");
    const old = v ? parseLL(v.v) : 0n;
    if (old === null) throw new ModelError(E.notInt);
    const r = incrBy(old, 1n);
    m.keys.set(key!, { t: "string", v: String(r) });
    return R.int(r);
  } },
  append: { arity: 3, run: (m, [, key, value]) => {
    const v = m.get(key!, "string");
    const s = (v?.v ?? "") + value!;
    m.keys.set(key!, { t: "string", v: s });
    return R.int(s.length);
  } },
  getrange: { arity: 4, run: (m, [, key, s, e]) => {
    let start = intArg(s!), end = intArg(e!);
    const v = m.get(key!, "string");
    if (!v) return R.bulk("");
    const len = v.v.length;
    if (start < 0 && end < 0 && start > end) return R.bulk("");
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= len) end = len - 1;
    if (start > end || len === 0) return R.bulk("");
    return R.bulk(v.v.slice(start, end + 1));
  } },
  setrange: { arity: 4, run: (m, [, key, o, value]) => {
    const offset = intArg(o!);
    if (offset < 0) throw new ModelError("ERR offset is out of range");
    const v = m.get(key!, "string");
    const cur = v?.v ?? "";
    if (value === "") return R.int(cur.length);
    const s = cur.padEnd(offset, "\0").slice(0, offset) + value! + cur.slice(offset + value!.length);
    m.keys.set(key!, { t: "string", v: s });
    return R.int(s.length);
  } },
  del: { arity: -2, run: (m, [, ...keys]) => R.int(keys.filter((k) => m.keys.delete(k)).length) },
  exists: { arity: -2, run: (m, [, ...keys]) => R.int(keys.filter((k) => m.keys.has(k)).length) },
  type: { arity: 2, run: (m, [, key]) => ({ t: "simple", v: m.keys.get(key!)?.t ?? "none" }) },
};

const COMMANDS: Record<string, ModelCommand> = { ...stringsAndKeys, ...collectionCommands, ...zsetCommands };
