import { describe, expect, it } from "vitest";
import { cmd, node, plain, raw, type Plain } from "./helpers";
import { samples, seed, sorted, valueOf, withEffects } from "./keyspace-helpers";

const N = "keys-dump";

describe("DUMP / RESTORE", () => {
  it("round-trips every type", async () => {
    const n = node(N);
    const s = samples("dr");
    await seed(N, s);
    for (const t of ["str", "list", "set", "zset", "hash"]) {
      const payload = await raw(n, {}, "DUMP", `{dr}${t}`);
      expect(payload.t).toBe("bulk");
      const bytes = (payload as { v: string }).v;
      expect(plain(await raw(n, {}, "RESTORE", `{dr}${t}-r`, "0", bytes))).toBe("OK");
      expect(await valueOf(N, `{dr}${t}-r`)).toEqual(sorted(s[`{dr}${t}`]!));
      expect(await cmd(n, "TTL", `{dr}${t}-r`)).toBe(-1);
    }
    expect(await cmd(n, "DUMP", "{dr}none")).toBe(null);
  });

  it("TTL, ABSTTL, REPLACE and BUSYKEY", async () => {
    const n = node(N);
    await cmd(n, "SET", "{rt}a", "v");
    const dump = (await raw(n, {}, "DUMP", "{rt}a") as { v: string }).v;
    expect(plain(await raw(n, {}, "RESTORE", "{rt}a", "0", dump))).toEqual({ error: "BUSYKEY Target key name already exists." });
    expect(plain(await raw(n, {}, "RESTORE", "{rt}b", "100000", dump))).toBe("OK");
    expect(await cmd(n, "TTL", "{rt}b")).toBe(100);
    const at = Date.now() + 500_000;
    expect(plain(await raw(n, {}, "RESTORE", "{rt}b", String(at), dump, "REPLACE", "ABSTTL"))).toBe("OK");
    expect(await cmd(n, "PEXPIRETIME", "{rt}b")).toBe(at);
    expect(plain(await raw(n, {}, "RESTORE", "{rt}b", "1", dump, "REPLACE", "ABSTTL"))).toBe("OK");
    expect(await cmd(n, "EXISTS", "{rt}b")).toBe(0); // already expired: replaced by nothing
    expect(plain(await raw(n, {}, "RESTORE", "{rt}c", "0", dump, "IDLETIME", "10"))).toBe("OK");
    expect(plain(await raw(n, {}, "RESTORE", "{rt}d", "0", dump, "FREQ", "10"))).toBe("OK");
  });

  it("rejects bad payloads and options", async () => {
    const n = node(N);
    await cmd(n, "SET", "{rb}a", "hello");
    const dump = (await raw(n, {}, "DUMP", "{rb}a") as { v: string }).v;
    const bad = { error: "ERR DUMP payload version or checksum are wrong" };
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", "garbage"))).toEqual(bad);
    const flipped = dump.slice(0, 7) + String.fromCharCode(dump.charCodeAt(7) ^ 1) + dump.slice(8);
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", flipped))).toEqual(bad);
    const newer = dump.slice(0, 4) + "\x09" + dump.slice(5);
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", newer))).toEqual(bad);
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "-1", dump))).toEqual({ error: "ERR Invalid TTL value, must be >= 0" });
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "x", dump))).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", dump, "IDLETIME", "-1"))).toEqual({ error: "ERR Invalid IDLETIME value, must be >= 0" });
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", dump, "FREQ", "256"))).toEqual({ error: "ERR Invalid FREQ value, must be >= 0 and <= 255" });
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", dump, "FREQ", "1", "IDLETIME", "1"))).toEqual({ error: "ERR syntax error" });
    expect(plain(await raw(n, {}, "RESTORE", "{rb}x", "0", dump, "FOO"))).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "EXISTS", "{rb}x")).toBe(0);
  });

  it("replicas get the absolute TTL", async () => {
    const E = "keys-effects";
    await withEffects(E, "SET", "{re}a", "v");
    const dump = (await withEffects(E, "DUMP", "{re}a")).reply as string;
    let out = await withEffects(E, "RESTORE", "{re}b", "5000", dump);
    expect(out.effects).toEqual([["RESTORE", "{re}b", String(out.now + 5000), dump, "ABSTTL"]]);
    out = await withEffects(E, "RESTORE", "{re}c", "0", dump);
    expect(out.effects).toEqual([["RESTORE", "{re}c", "0", dump]]);
    out = await withEffects(E, "RESTORE", "{re}c", "1", dump, "ABSTTL", "REPLACE");
    expect(out.effects).toEqual([["DEL", "{re}c"]]);
  });
});

describe("COPY / DUMP / RESTORE with the collection commands", () => {
  // Integration with the list/set/zset/hash modules: keys built by their commands survive a
  // round trip, and the copies keep working with those commands (list positions included).
  it("round-trips keys built by RPUSH / SADD / ZADD / HSET", async () => {
    const n = node(N);
    await cmd(n, "RPUSH", "{ci}l", "b", "c");
    await cmd(n, "LPUSH", "{ci}l", "a");
    await cmd(n, "SADD", "{ci}s", "x", "y");
    await cmd(n, "ZADD", "{ci}z", "2", "b", "1", "a");
    await cmd(n, "HSET", "{ci}h", "f", "v", "g", "w");
    const read = async (k: string): Promise<Plain> => {
      switch (k.slice(-1)) {
        case "l": return cmd(n, "LRANGE", k, "0", "-1");
        case "s": return ((await cmd(n, "SMEMBERS", k)) as string[]).sort();
        case "z": return cmd(n, "ZRANGE", k, "0", "-1", "WITHSCORES");
        default: return cmd(n, "HGETALL", k);
      }
    };
    for (const t of ["l", "s", "z", "h"]) {
      const original = await read(`{ci}${t}`);
      const dump = (await raw(n, {}, "DUMP", `{ci}${t}`) as { v: string }).v;
      expect(plain(await raw(n, {}, "RESTORE", `{ci}r-${t}`, "0", dump))).toBe("OK");
      expect(await cmd(n, "COPY", `{ci}${t}`, `{ci}c-${t}`)).toBe(1);
      expect(await read(`{ci}r-${t}`)).toEqual(original);
      expect(await read(`{ci}c-${t}`)).toEqual(original);
    }
    for (const k of ["{ci}r-l", "{ci}c-l"]) {
      await cmd(n, "LPUSH", k, "0");
      await cmd(n, "RPUSH", k, "d");
      await cmd(n, "LINSERT", k, "BEFORE", "c", "bc");
      expect(await cmd(n, "LRANGE", k, "0", "-1")).toEqual(["0", "a", "b", "bc", "c", "d"]);
    }
    expect(await cmd(n, "LRANGE", "{ci}l", "0", "-1")).toEqual(["a", "b", "c"]);
  });
});

describe("OBJECT", () => {
  it("ENCODING follows Redis 7.0's default thresholds", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{o}int", "12345", "{o}neg", "-7", "{o}emb", "x".repeat(44), "{o}raw", "x".repeat(45), "{o}z", "012");
    const big = (k: number, f: (i: number) => string) => Array.from({ length: k }, (_, i) => f(i));
    await seed(N, {
      "{o}list": { type: "list", items: ["a"] },
      "{o}intset": { type: "set", members: ["1", "-2", "300"] },
      "{o}strset": { type: "set", members: ["1", "a"] },
      "{o}bigintset": { type: "set", members: big(513, String) },
      "{o}zlp": { type: "zset", entries: [["a", 1]] },
      "{o}zlong": { type: "zset", entries: [["m".repeat(65), 1]] },
      "{o}zmany": { type: "zset", entries: big(129, String).map((m, i): [string, number] => [m, i]) },
      "{o}hlp": { type: "hash", entries: [["f", "v".repeat(64)]] },
      "{o}hlong": { type: "hash", entries: [["f", "v".repeat(65)]] },
      // hash-max-listpack-entries is 512 in Redis 7.0's config.c (redis.conf's 128 is not the default).
      "{o}hmany": { type: "hash", entries: big(513, String).map((f): [string, string] => [f, f]) },
    });
    const want: Record<string, string> = {
      int: "int", neg: "int", emb: "embstr", raw: "raw", z: "embstr", list: "quicklist", intset: "intset",
      strset: "hashtable", bigintset: "hashtable", zlp: "listpack", zlong: "skiplist", zmany: "skiplist",
      hlp: "listpack", hlong: "hashtable", hmany: "hashtable",
    };
    for (const [k, enc] of Object.entries(want)) expect([k, await cmd(n, "OBJECT", "ENCODING", `{o}${k}`)]).toEqual([k, enc]);
    expect(await cmd(n, "OBJECT", "ENCODING", "{o}none")).toBe(null);
  });

  it("REFCOUNT, IDLETIME, FREQ, HELP and errors", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{or}small", "100", "{or}large", "12345", "{or}s", "abc");
    expect(await cmd(n, "OBJECT", "REFCOUNT", "{or}small")).toBe(2147483647);
    expect(await cmd(n, "OBJECT", "REFCOUNT", "{or}large")).toBe(1);
    expect(await cmd(n, "OBJECT", "REFCOUNT", "{or}s")).toBe(1);
    expect(await cmd(n, "OBJECT", "refcount", "{or}none")).toBe(null);
    expect(await cmd(n, "OBJECT", "IDLETIME", "{or}s")).toBe(0);
    expect(await cmd(n, "OBJECT", "FREQ", "{or}s")).toEqual({ error: expect.stringMatching(/^ERR An LFU maxmemory policy is not selected/) });
    const help = await cmd(n, "OBJECT", "HELP");
    expect((help as string[])[0]).toBe("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    expect(help).toHaveLength(15);
    expect(await cmd(n, "OBJECT", "ENCODING")).toEqual({ error: "ERR wrong number of arguments for 'object|encoding' command" });
    expect(await cmd(n, "OBJECT", "ENCODING", "a", "b")).toEqual({ error: "ERR wrong number of arguments for 'object|encoding' command" });
    expect(await cmd(n, "OBJECT", "HELP", "x")).toEqual({ error: "ERR wrong number of arguments for 'object|help' command" });
    expect(await cmd(n, "OBJECT", "foo", "k")).toEqual({ error: "ERR unknown subcommand 'foo'. Try OBJECT HELP." });
    expect(await cmd(n, "OBJECT")).toEqual({ error: "ERR wrong number of arguments for 'object' command" });
    expect(await cmd(n, "COMMAND", "GETKEYS", "OBJECT", "ENCODING", "mykey")).toEqual(["mykey"]);
  });
});

describe("MEMORY USAGE", () => {
  it("estimates a key's bytes (key, stored value, overheads), samples collections, answers Redis's errors", async () => {
    const n = node(N);
    await cmd(n, "SET", "{m}s", "x".repeat(100));
    await cmd(n, "SET", "{m}long", "y".repeat(600 * 1024)); // chunked
    await seed(N, {
      "{m}h": { type: "hash", entries: [["f1", "v1"], ["f2", "v2"]] },
      "{m}l": { type: "list", items: ["aaaa", "b", "b", "b"] },
      "{m}z": { type: "zset", entries: Array.from({ length: 20 }, (_, i): [string, number] => [`m${i % 10}${"-".repeat(i < 10 ? 1 : 11)}`, i]) },
    });
    // 56 per key, 16 per element, plus the key's and the value's bytes.
    expect(await cmd(n, "MEMORY", "USAGE", "{m}s")).toBe(56 + 4 + 100);
    expect(await cmd(n, "MEMORY", "usage", "{m}long")).toBe(56 + 7 + 600 * 1024);
    expect(await cmd(n, "MEMORY", "USAGE", "{m}h")).toBe(56 + 4 + 8 + 2 * 16);
    // Members are 3 + 8 (score) bytes for 10 of them and 13 + 8 for the others: SAMPLES 0 counts all.
    expect(await cmd(n, "MEMORY", "USAGE", "{m}z", "SAMPLES", "0")).toBe(56 + 4 + 10 * 11 + 10 * 21 + 20 * 16);
    expect(await cmd(n, "MEMORY", "USAGE", "{m}z", "SAMPLES", "20")).toBe(56 + 4 + 10 * 11 + 10 * 21 + 20 * 16);
    // SAMPLES 1 scales the first element (in list order) to the count.
    expect(await cmd(n, "MEMORY", "USAGE", "{m}l", "SAMPLES", "1")).toBe(56 + 4 + 4 * 4 + 4 * 16);
    expect(await cmd(n, "MEMORY", "USAGE", "{m}l")).toBe(56 + 4 + 7 + 4 * 16);
    expect(await cmd(n, "MEMORY", "USAGE", "{m}none")).toBe(null);
    expect(await cmd(n, "MEMORY", "USAGE", "{m}s", "SAMPLES")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "MEMORY", "USAGE", "{m}s", "SAMPLES", "-1")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "MEMORY", "USAGE", "{m}s", "SAMPLES", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "MEMORY", "USAGE")).toEqual({ error: "ERR wrong number of arguments for 'memory|usage' command" });
    expect(String(await cmd(n, "MEMORY", "DOCTOR"))).toMatch(/^Hi Sam/);
    expect((await cmd(n, "MEMORY", "HELP")) as string[]).toHaveLength(14);
    expect(await cmd(n, "COMMAND", "GETKEYS", "MEMORY", "USAGE", "mykey")).toEqual(["mykey"]);
  });
});
