/**
 * fast-check generator of Redis command sequences for the differential tests. The alphabets are
 * tiny (6 keys, 4 members, a handful of values and scores) so that keys collide across types
 * (WRONGTYPE), members repeat, counters overflow and ranges hit and miss. Mostly valid arguments,
 * with the odd malformed number to check error precedence. Also: replies to compare in the end
 * state (dumpCommands) and the redis-cli form of a command (showCommand).
 */
import fc from "fast-check";

export type Command = string[];

/** Six keys; each type prefers its own ("home") keys, so reads find data and types still collide. */
export const KEYS = ["k1", "k2", "k3", "k4", "k5", "k6"];
const HOME = { string: [0], hash: [1], list: [2], set: [3, 4], zset: [5] };
/** Byte strings: "\xe9" is one byte (sorts after "c"), "\0" is a NUL byte. */
const MEMBERS = ["a", "b", "c", "\xe9"];
const VALUES = ["a", "bc", "", "1", "-2", "10", "01", "+1", " 1", "x y", "\0", "\xe9", "9223372036854775806", "-9223372036854775808"];
const SCORES = ["0", "1", "2", "-1", "1.5", "0.1", "3", "10", "1e2", ".5", "5.", "0x10", "+inf", "-inf", "inf", "1e400"];
const BOUNDS = ["-inf", "+inf", "0", "(0", "1", "(1", "1.5", "2", "(2", "(3", "10", "(-inf", "(+inf", "1e400", "(0x1"];
const INCRS = ["1", "-1", "0.5", "2", "-2.5", "+inf", "-inf"];

const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const member = pick(MEMBERS);
const members = fc.array(member, { minLength: 1, maxLength: 4 });
const value = pick(VALUES);
/** An index or count; now and then not a number at all. */
const index = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: -6, max: 6 }).map(String) }, { weight: 1, arbitrary: pick(["x", "1.5"]) });
const count = fc.oneof({ weight: 12, arbitrary: pick(["0", "1", "2", "3", "10", "-1"]) }, { weight: 1, arbitrary: pick(["x"]) });
const score = fc.oneof({ weight: 20, arbitrary: pick(SCORES) }, { weight: 1, arbitrary: pick(["nan", "x"]) });
const bnd = fc.oneof({ weight: 20, arbitrary: pick(BOUNDS) }, { weight: 1, arbitrary: pick(["x", "(x"]) });

export type Family = "string" | "hash" | "list" | "set" | "zset";
export const FAMILIES: Family[] = ["string", "hash", "list", "set", "zset"];

/**
 * Commands of the given families over `keys` (six, in the order of KEYS; e.g. `{d}k1`...: one hash
 * tag keeps multi-key commands in one slot).
 */
export function commandArb(keys: string[] = KEYS, families: Family[] = FAMILIES): fc.Arbitrary<Command> {
  const keyOf = (home: number[]) => fc.oneof(
    { weight: 4, arbitrary: pick(home.map((i) => keys[i]!)) },
    { weight: 1, arbitrary: pick(keys) },
  );
  const key = keyOf(HOME.string), hkey = keyOf(HOME.hash), lkey = keyOf(HOME.list), skey = keyOf(HOME.set), zkey = keyOf(HOME.zset);
  const someKeys = fc.array(pick(keys), { minLength: 1, maxLength: 3 });
  const someSets = fc.array(skey, { minLength: 1, maxLength: 3 });
  const c = (weight: number, arbitrary: fc.Arbitrary<Command>) => ({ weight, arbitrary });
  const t = (...parts: (string | fc.Arbitrary<string> | fc.Arbitrary<string[]>)[]): fc.Arbitrary<Command> =>
    fc.tuple(...parts.map((p) => (typeof p === "string" ? fc.constant(p) : p))).map((xs) => xs.flat());
  const opt = (a: fc.Arbitrary<string[]>) => fc.oneof({ weight: 3, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: a });
  const pairs = (first: fc.Arbitrary<string>, second: fc.Arbitrary<string>) =>
    fc.array(fc.tuple(first, second), { minLength: 1, maxLength: 3 }).map((ps) => ps.flat());
  const byFamily: Record<Family | "keys", { weight: number; arbitrary: fc.Arbitrary<Command> }[]> = {
    keys: [c(1, t("DEL", someKeys)), c(2, t("EXISTS", someKeys)), c(2, t("TYPE", pick(keys)))],
    string: [
      c(4, t("SET", key, value, fc.subarray(["NX", "XX", "GET"], { maxLength: 2 }))),
      c(4, t("GET", key)),
      c(3, t("INCR", key)),
      c(2, t("APPEND", key, value)),
      c(2, t("GETRANGE", key, index, index)),
      c(2, t("SETRANGE", key, fc.oneof({ weight: 10, arbitrary: fc.integer({ min: -1, max: 6 }).map(String) }, { weight: 1, arbitrary: fc.constant("x") }), value)),
      // Around the project's 512 KiB string chunks (STRING_CHUNK_BYTES).
      c(1, t("SETRANGE", key, pick(["524286", "524287", "524288", "1048575"]), value)),
      c(1, t("GETRANGE", key, pick(["524280", "524287", "524288", "-5"]), pick(["524288", "524290", "1048576", "-1"]))),
    ],
    hash: [
      c(4, t("HSET", hkey, pairs(member, value))),
      c(3, t("HGET", hkey, member)),
      c(2, t("HDEL", hkey, members)),
      c(2, t("HLEN", hkey)),
      c(2, t("HGETALL", hkey)),
      c(3, t("HINCRBY", hkey, member, pick(["1", "-3", "100", "9223372036854775807", "x"]))),
    ],
    list: [
      c(4, t("LPUSH", lkey, members)),
      c(4, t("RPUSH", lkey, members)),
      c(2, t("LPOP", lkey, opt(count.map((x) => [x])))),
      c(2, t("RPOP", lkey, opt(count.map((x) => [x])))),
      c(3, t("LRANGE", lkey, index, index)),
      c(2, t("LLEN", lkey)),
      c(2, t("LINDEX", lkey, index)),
      c(2, t("LREM", lkey, fc.integer({ min: -3, max: 3 }).map(String), member)),
      c(2, t("LINSERT", lkey, pick(["BEFORE", "AFTER"]), member, member)),
      c(1, t("LTRIM", lkey, index, index)),
    ],
    set: [
      c(4, t("SADD", skey, members)),
      c(2, t("SREM", skey, members)),
      c(2, t("SMEMBERS", skey)),
      c(2, t("SCARD", skey)),
      c(2, t("SISMEMBER", skey, member)),
      c(2, t("SINTER", someSets)),
      c(2, t("SUNION", someSets)),
    ],
    zset: [
      c(5, t("ZADD", zkey, opt(fc.subarray(["NX", "XX", "GT", "LT", "CH", "INCR"], { minLength: 1, maxLength: 2 })), pairs(score, member))),
      c(2, t("ZREM", zkey, members)),
      c(3, t("ZSCORE", zkey, member)),
      c(3, t("ZINCRBY", zkey, fc.oneof({ weight: 10, arbitrary: pick(INCRS) }, { weight: 1, arbitrary: pick(["x"]) }), member)),
      c(3, t("ZRANGE", zkey, index, index, opt(fc.constant(["WITHSCORES"])), opt(fc.constant(["REV"])))),
      c(3, t("ZRANGE", zkey, bnd, bnd, "BYSCORE", opt(fc.constant(["REV"])), opt(t("LIMIT", index, count)), opt(fc.constant(["WITHSCORES"])))),
      c(1, t("ZRANGE", zkey, index, index, "LIMIT", index, count)),
      c(2, t("ZRANGEBYSCORE", zkey, bnd, bnd, opt(fc.constant(["WITHSCORES"])), opt(t("LIMIT", index, count)))),
      c(2, t("ZRANK", zkey, member)),
      c(2, t("ZCOUNT", zkey, bnd, bnd)),
      c(2, t("ZPOPMIN", zkey, opt(count.map((x) => [x])))),
    ],
  };
  return fc.oneof(...byFamily.keys, ...families.flatMap((f) => byFamily[f]));
}

/**
 * Sequences of 1..maxLength commands. Each sequence draws from one to three families (plus
 * DEL/EXISTS/TYPE), so that its few keys build up some content; the types still meet on the same
 * keys (WRONGTYPE).
 */
export function sequenceArb(keys?: string[], maxLength = 40): fc.Arbitrary<Command[]> {
  return fc.subarray(FAMILIES, { minLength: 1, maxLength: 3 }).chain((families) =>
    fc.array(commandArb(keys, families), { minLength: 1, maxLength, size: "max" }));
}

/** Commands that read a key's whole content back, to compare final states. */
export function dumpCommands(keys: string[] = KEYS): Command[] {
  return keys.flatMap((k) => [["TYPE", k], ["GET", k], ["HGETALL", k], ["LRANGE", k, "0", "-1"], ["SMEMBERS", k], ["ZRANGE", k, "0", "-1", "WITHSCORES"]]);
}

/** The redis-cli form of a command, quoting what needs it. */
export function showCommand(argv: Command): string {
  return argv.map((a) => (/^[\w.+\-{}()]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}
