import { describe, expect, it } from "vitest";
import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { cmd, node, plain, raw, stubOf } from "./helpers";
import { samples, seed, sleep, sorted, valueOf, withEffects } from "./keyspace-helpers";

const N = "keys";

describe("DEL / UNLINK / EXISTS / TOUCH / TYPE", () => {
  it("count keys, duplicates included for EXISTS", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{d}a", "1", "{d}b", "2", "{d}c", "3");
    expect(await cmd(n, "EXISTS", "{d}a", "{d}a", "{d}zz")).toBe(2);
    expect(await cmd(n, "TOUCH", "{d}a", "{d}b", "{d}zz")).toBe(2);
    expect(await cmd(n, "DEL", "{d}a", "{d}a", "{d}zz")).toBe(1);
    expect(await cmd(n, "UNLINK", "{d}b", "{d}c")).toBe(2);
    expect(await cmd(n, "EXISTS", "{d}a", "{d}b", "{d}c")).toBe(0);
    expect(await cmd(n, "DEL", "{d}a", "{x}b")).toEqual({ error: "CROSSSLOT Keys in request don't hash to the same slot" });
  });

  it("TYPE names every type, none when absent", async () => {
    const n = node(N);
    await seed(N, samples("t"));
    for (const t of ["str", "list", "set", "zset", "hash"]) {
      expect(await cmd(n, "TYPE", `{t}${t}`)).toBe(t === "str" ? "string" : t);
    }
    expect(await cmd(n, "TYPE", "{t}none")).toBe("none");
    expect(await cmd(n, "DEL", "{t}list", "{t}hash", "{t}zset")).toBe(3);
    expect(await cmd(n, "TYPE", "{t}list")).toBe("none");
    expect(await valueOf(N, "{t}list")).toBe(null);
  });
});

describe("EXPIRE family", () => {
  it("sets TTLs in seconds or ms, relative or absolute; TTL -1 / -2", async () => {
    const n = node(N);
    await cmd(n, "SET", "e:a", "v");
    expect(await cmd(n, "TTL", "e:a")).toBe(-1);
    expect(await cmd(n, "PTTL", "e:a")).toBe(-1);
    expect(await cmd(n, "EXPIRETIME", "e:a")).toBe(-1);
    expect(await cmd(n, "TTL", "e:none")).toBe(-2);
    expect(await cmd(n, "PTTL", "e:none")).toBe(-2);
    expect(await cmd(n, "PEXPIRETIME", "e:none")).toBe(-2);
    expect(await cmd(n, "EXPIRE", "e:a", "100")).toBe(1);
    expect(await cmd(n, "TTL", "e:a")).toBe(100);
    expect(await cmd(n, "PEXPIRE", "e:a", "50000")).toBe(1);
    expect(await cmd(n, "TTL", "e:a")).toBe(50);
    const at = Math.floor(Date.now() / 1000) + 500;
    expect(await cmd(n, "EXPIREAT", "e:a", at)).toBe(1);
    expect(await cmd(n, "EXPIRETIME", "e:a")).toBe(at);
    expect(await cmd(n, "PEXPIRETIME", "e:a")).toBe(at * 1000);
    expect(await cmd(n, "PEXPIREAT", "e:a", at * 1000 + 999)).toBe(1);
    expect(await cmd(n, "EXPIRETIME", "e:a")).toBe(at);
    expect(await cmd(n, "EXPIRE", "e:none", "100")).toBe(0);
    expect(await cmd(n, "PERSIST", "e:a")).toBe(1);
    expect(await cmd(n, "PERSIST", "e:a")).toBe(0);
    expect(await cmd(n, "PERSIST", "e:none")).toBe(0);
    expect(await cmd(n, "TTL", "e:a")).toBe(-1);
  });

  it("TTL rounds to the nearest second", async () => {
    const n = node(N);
    await cmd(n, "SET", "e:r", "v", "PX", "1600");
    expect(await cmd(n, "TTL", "e:r")).toBe(2);
    await cmd(n, "SET", "e:r", "v", "PX", "1400");
    expect(await cmd(n, "TTL", "e:r")).toBe(1);
  });

  it("NX / XX / GT / LT", async () => {
    const n = node(N);
    await cmd(n, "SET", "e:o", "v");
    expect(await cmd(n, "EXPIRE", "e:o", "100", "XX")).toBe(0);
    expect(await cmd(n, "EXPIRE", "e:o", "100", "GT")).toBe(0); // no TTL counts as infinite
    expect(await cmd(n, "EXPIRE", "e:o", "100", "LT")).toBe(1);
    expect(await cmd(n, "EXPIRE", "e:o", "200", "NX")).toBe(0);
    expect(await cmd(n, "EXPIRE", "e:o", "200", "gt")).toBe(1);
    expect(await cmd(n, "EXPIRE", "e:o", "150", "GT")).toBe(0);
    expect(await cmd(n, "EXPIRE", "e:o", "300", "LT")).toBe(0);
    expect(await cmd(n, "EXPIRE", "e:o", "50", "XX", "LT")).toBe(1);
    expect(await cmd(n, "TTL", "e:o")).toBe(50);
    await cmd(n, "PERSIST", "e:o");
    expect(await cmd(n, "EXPIRE", "e:o", "10", "NX")).toBe(1);
    expect(await cmd(n, "TTL", "e:o")).toBe(10);
  });

  it("option and overflow errors", async () => {
    const n = node(N);
    await cmd(n, "SET", "e:err", "v");
    expect(await cmd(n, "EXPIRE", "e:err", "100", "foo")).toEqual({ error: "ERR Unsupported option foo" });
    expect(await cmd(n, "EXPIRE", "e:err", "abc", "foo")).toEqual({ error: "ERR Unsupported option foo" });
    expect(await cmd(n, "EXPIRE", "e:err", "abc")).toEqual({ error: "ERR value is not an integer or out of range" });
    const nxError = { error: "ERR NX and XX, GT or LT options at the same time are not compatible" };
    expect(await cmd(n, "EXPIRE", "e:err", "100", "NX", "XX")).toEqual(nxError);
    expect(await cmd(n, "EXPIRE", "e:err", "100", "NX", "GT")).toEqual(nxError);
    expect(await cmd(n, "EXPIRE", "e:err", "100", "LT", "NX")).toEqual(nxError);
    expect(await cmd(n, "EXPIRE", "e:err", "100", "GT", "LT")).toEqual({ error: "ERR GT and LT options at the same time are not compatible" });
    expect(await cmd(n, "EXPIRE", "e:err", "9223372036854775807")).toEqual({ error: "ERR invalid expire time in 'expire' command" });
    expect(await cmd(n, "EXPIRE", "e:err", "9223372036854775")).toEqual({ error: "ERR invalid expire time in 'expire' command" });
    expect(await cmd(n, "EXPIRE", "e:err", "-9223372036854776")).toEqual({ error: "ERR invalid expire time in 'expire' command" });
    expect(await cmd(n, "PEXPIRE", "e:err", "9223372036854775807")).toEqual({ error: "ERR invalid expire time in 'pexpire' command" });
    expect(await cmd(n, "EXPIREAT", "e:err", "9223372036854776")).toEqual({ error: "ERR invalid expire time in 'expireat' command" });
    expect(await cmd(n, "TTL", "e:err")).toBe(-1);
    expect(await cmd(n, "PEXPIREAT", "e:err", "9223372036854775807")).toBe(1);
    expect(await cmd(n, "PEXPIRETIME", "e:err")).toBeGreaterThan(9.2e18);
  });

  it("a zero, negative or past expiry deletes the key", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{p}a", "1", "{p}b", "2", "{p}c", "3", "{p}d", "4");
    expect(await cmd(n, "EXPIRE", "{p}a", "0")).toBe(1);
    expect(await cmd(n, "PEXPIRE", "{p}b", "-1")).toBe(1);
    expect(await cmd(n, "EXPIREAT", "{p}c", "1")).toBe(1);
    expect(await cmd(n, "PEXPIREAT", "{p}d", "-5", "LT")).toBe(1);
    expect(await cmd(n, "EXISTS", "{p}a", "{p}b", "{p}c", "{p}d")).toBe(0);
    expect(await cmd(n, "DBSIZE")).toBeGreaterThan(0);
  });

  it("keys expire lazily on access and actively in the cron", async () => {
    const n = node("keys-active");
    await cmd(n, "SET", "live", "v");
    for (let i = 0; i < 5; i++) await cmd(n, "SET", `short${i}`, "v", "PX", "1");
    await sleep(20);
    expect(await cmd(n, "DBSIZE")).toBe(6); // not yet collected, as in Redis
    expect(await cmd(n, "KEYS", "*")).toEqual(["live"]);
    expect(await runDurableObjectAlarm(stubOf("keys-active"))).toBe(true);
    expect(await cmd(n, "DBSIZE")).toBe(1);
  });

  it("replicas get PEXPIREAT with the absolute time, or DEL", async () => {
    const E = "keys-effects";
    await withEffects(E, "SET", "a", "v");
    let out = await withEffects(E, "EXPIRE", "a", "10");
    expect(out.effects).toEqual([["PEXPIREAT", "a", String(out.now + 10000)]]);
    out = await withEffects(E, "PEXPIRE", "a", "20000", "gt");
    expect(out.effects).toEqual([["PEXPIREAT", "a", String(out.now + 20000), "gt"]]);
    out = await withEffects(E, "EXPIREAT", "a", "4000000000");
    expect(out.effects).toEqual([["PEXPIREAT", "a", "4000000000000"]]);
    out = await withEffects(E, "pexpireat", "a", "4000000000001");
    expect(out.effects).toEqual([["pexpireat", "a", "4000000000001"]]);
    out = await withEffects(E, "EXPIRE", "a", "10", "NX");
    expect(out.effects).toEqual([]);
    out = await withEffects(E, "PERSIST", "a");
    expect(out.effects).toEqual([["PERSIST", "a"]]);
    out = await withEffects(E, "EXPIRE", "a", "-1");
    expect(out.effects).toEqual([["DEL", "a"]]);
    out = await withEffects(E, "EXPIRE", "a", "10");
    expect(out.effects).toEqual([]);
  });
});

describe("RENAME / RENAMENX / COPY", () => {
  it("RENAME moves value and TTL, replacing the destination", async () => {
    const n = node(N);
    await cmd(n, "SET", "{r}a", "v", "EX", "100");
    await seed(N, { "{r}b": { type: "list", items: ["x"] } });
    expect(await cmd(n, "RENAME", "{r}a", "{r}b")).toBe("OK");
    expect(await cmd(n, "GET", "{r}b")).toBe("v");
    expect(await cmd(n, "TTL", "{r}b")).toBe(100);
    expect(await cmd(n, "EXISTS", "{r}a")).toBe(0);
    expect(await cmd(n, "RENAME", "{r}a", "{r}c")).toEqual({ error: "ERR no such key" });
    expect(await cmd(n, "RENAME", "{r}b", "{r}b")).toBe("OK");
    expect(await cmd(n, "RENAME", "{r}none", "{r}none")).toEqual({ error: "ERR no such key" });
  });

  it("RENAME moves collections whole", async () => {
    const n = node(N);
    const s = samples("rc");
    await seed(N, s);
    for (const t of ["list", "set", "zset", "hash"]) {
      expect(await cmd(n, "RENAME", `{rc}${t}`, `{rc}${t}2`)).toBe("OK");
      expect(await valueOf(N, `{rc}${t}2`)).toEqual(sorted(s[`{rc}${t}`]!));
    }
  });

  it("RENAMENX only renames onto a free name", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{rn}a", "1", "{rn}b", "2");
    expect(await cmd(n, "RENAMENX", "{rn}a", "{rn}b")).toBe(0);
    expect(await cmd(n, "RENAMENX", "{rn}a", "{rn}a")).toBe(0);
    expect(await cmd(n, "RENAMENX", "{rn}a", "{rn}c")).toBe(1);
    expect(await cmd(n, "MGET", "{rn}a", "{rn}b", "{rn}c")).toEqual([null, "2", "1"]);
    expect(await cmd(n, "RENAMENX", "{rn}a", "{rn}d")).toEqual({ error: "ERR no such key" });
  });

  it("COPY duplicates every type with its TTL", async () => {
    const n = node(N);
    const s = samples("c");
    await seed(N, s);
    for (const t of ["str", "list", "set", "zset", "hash"]) {
      await cmd(n, "EXPIRE", `{c}${t}`, "1000");
      expect(await cmd(n, "COPY", `{c}${t}`, `{c}${t}-copy`)).toBe(1);
      expect(await valueOf(N, `{c}${t}-copy`)).toEqual(sorted(s[`{c}${t}`]!));
      expect(await cmd(n, "TTL", `{c}${t}-copy`)).toBe(1000);
    }
    // The copy is independent of the original.
    await cmd(n, "DEL", "{c}list");
    expect(await cmd(n, "TYPE", "{c}list-copy")).toBe("list");
  });

  it("COPY options and errors", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{co}a", "1", "{co}b", "2");
    expect(await cmd(n, "COPY", "{co}a", "{co}b")).toBe(0);
    expect(await cmd(n, "COPY", "{co}a", "{co}b", "REPLACE")).toBe(1);
    expect(await cmd(n, "GET", "{co}b")).toBe("1");
    expect(await cmd(n, "COPY", "{co}none", "{co}c")).toBe(0);
    expect(await cmd(n, "COPY", "{co}a", "{co}c", "DB", "0", "replace")).toBe(1);
    expect(await cmd(n, "COPY", "{co}a", "{co}a")).toEqual({ error: "ERR source and destination objects are the same" });
    expect(await cmd(n, "COPY", "{co}a", "{co}d", "DB", "1")).toEqual({ error: "ERR Copying to another database is not allowed in cluster mode" });
    expect(await cmd(n, "COPY", "{co}a", "{co}d", "DB", "16")).toEqual({ error: "ERR DB index is out of range" });
    expect(await cmd(n, "COPY", "{co}a", "{co}d", "DB", "-1")).toEqual({ error: "ERR DB index is out of range" });
    expect(await cmd(n, "COPY", "{co}a", "{co}d", "DB", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "COPY", "{co}a", "{co}d", "DB")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "COPY", "{co}a", "{co}d", "FOO")).toEqual({ error: "ERR syntax error" });
  });
});

describe("KEYS / SCAN / RANDOMKEY / DBSIZE / FLUSHALL", () => {
  it("KEYS matches glob patterns and skips expired keys", async () => {
    const n = node("keys-glob");
    for (const k of ["hello", "hallo", "hxllo", "hllo", "heeeello", "a*b", "user:1", "user:2"]) await cmd(n, "SET", k, "1");
    await raw(n, {}, "SET", "\xff\xffbin", "1");
    await cmd(n, "SET", "user:gone", "1", "PX", "1");
    await sleep(20);
    const keys = async (p: string) => ((await cmd(n, "KEYS", p)) as string[]).sort();
    expect(await keys("h?llo")).toEqual(["hallo", "hello", "hxllo"]);
    expect(await keys("h*llo")).toEqual(["hallo", "heeeello", "hello", "hllo", "hxllo"]);
    expect(await keys("h[ae]llo")).toEqual(["hallo", "hello"]);
    expect(await keys("h[^e]llo")).toEqual(["hallo", "hxllo"]);
    expect(await keys("h[a-b]llo")).toEqual(["hallo"]);
    expect(await keys("a\\*b")).toEqual(["a*b"]);
    expect(await keys("user:*")).toEqual(["user:1", "user:2"]);
    expect(await keys("nomatch*")).toEqual([]);
    expect(await keys("*")).toHaveLength(9);
    expect(plain(await raw(n, {}, "KEYS", "\xff*"))).toEqual(["\xff\xffbin"]);
  });

  it("SCAN walks every key exactly once, even while keys are written", async () => {
    const n = node("keys-scan");
    const initial = Array.from({ length: 60 }, (_, i) => `k${i}`);
    for (const k of initial) await cmd(n, "SET", k, "v");
    const seen = new Map<string, number>();
    let cursor = "0";
    let round = 0;
    do {
      const [next, batch] = (await cmd(n, "SCAN", cursor, "COUNT", "7")) as [string, string[]];
      for (const k of batch) seen.set(k, (seen.get(k) ?? 0) + 1);
      // Writes during the scan: new keys, overwritten keys, a deleted key.
      await cmd(n, "SET", `new${round}`, "v");
      await cmd(n, "SET", `k${round}`, "changed");
      if (round === 3) await cmd(n, "DEL", "k59");
      cursor = next;
      round++;
    } while (cursor !== "0");
    for (const k of initial.slice(0, 59)) expect([k, seen.get(k)]).toEqual([k, 1]);
    for (const count of seen.values()) expect(count).toBe(1);
  });

  it("SCAN MATCH / TYPE / COUNT and cursor errors", async () => {
    const n = node("keys-scan2");
    for (const k of ["a1", "a2", "b1"]) await cmd(n, "SET", k, "1");
    await seed("keys-scan2", { l1: { type: "list", items: ["x"] }, h1: { type: "hash", entries: [["f", "v"]] } });
    const all = async (...opts: string[]) => {
      const out: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = (await cmd(n, "SCAN", cursor, ...opts)) as [string, string[]];
        out.push(...batch);
        cursor = next;
      } while (cursor !== "0");
      return out.sort();
    };
    expect(await all()).toEqual(["a1", "a2", "b1", "h1", "l1"]);
    expect(await all("MATCH", "a*", "COUNT", "1")).toEqual(["a1", "a2"]);
    expect(await all("TYPE", "LIST")).toEqual(["l1"]);
    expect(await all("TYPE", "string", "MATCH", "*1")).toEqual(["a1", "b1"]);
    expect(await all("TYPE", "nosuchtype")).toEqual([]);
    expect(await cmd(n, "SCAN", "0", "COUNT", "0")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "SCAN", "0", "COUNT", "abc")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "SCAN", "0", "MATCH")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "SCAN", "abc")).toEqual({ error: "ERR invalid cursor" });
    expect(await cmd(n, "SCAN", "18446744073709551616")).toEqual({ error: "ERR invalid cursor" });
    expect(await cmd(n, "SCAN", "-1")).toEqual(["0", []]);
    expect(await cmd(n, "SCAN", "18446744073709551615")).toEqual(["0", []]);
  });

  it("RANDOMKEY, DBSIZE, FLUSHALL / FLUSHDB", async () => {
    const n = node("keys-flush");
    expect(await cmd(n, "RANDOMKEY")).toBe(null);
    expect(await cmd(n, "DBSIZE")).toBe(0);
    await cmd(n, "SET", "x", "1");
    await cmd(n, "SET", "y", "2");
    await seed("keys-flush", samples("f"));
    expect(await cmd(n, "DBSIZE")).toBe(7);
    for (let i = 0; i < 10; i++) expect(["x", "y", ...Object.keys(samples("f"))]).toContain(await cmd(n, "RANDOMKEY"));
    expect(await cmd(n, "FLUSHALL", "FOO")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "FLUSHALL", "ASYNC", "SYNC")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "FLUSHALL", "ASYNC")).toBe("OK");
    expect(await cmd(n, "DBSIZE")).toBe(0);
    await cmd(n, "SET", "x", "1");
    expect(await cmd(n, "FLUSHDB", "sync")).toBe("OK");
    expect(await cmd(n, "FLUSHDB")).toBe("OK");
    expect(await cmd(n, "RANDOMKEY")).toBe(null);
    const out = await withEffects("keys-flush", "FLUSHALL");
    expect(out.effects).toEqual([["FLUSHALL"]]);
  });

  it("FLUSHALL aborts transactions watching existing keys", async () => {
    const n = node("keys-flush-watch");
    await cmd(n, "SET", "w", "1");
    const token = await n.watch(["w"]);
    await cmd(n, "FLUSHALL");
    expect(plain(await n.transaction([["SET", "w", "2"]], { resp: 2 }, token))).toBe(null);
  });
});

describe("persistence", () => {
  it("keys of every type and their TTLs survive eviction", async () => {
    const name = "keys-persist";
    const n = node(name);
    const s = samples("pe");
    await seed(name, s);
    await cmd(n, "EXPIRE", "{pe}zset", "1000");
    await evictDurableObject(stubOf(name));
    for (const k of Object.keys(s)) expect(await valueOf(name, k)).toEqual(sorted(s[k]!));
    expect(await cmd(n, "TTL", "{pe}zset")).toBe(1000);
    expect(await cmd(n, "TTL", "{pe}hash")).toBe(-1);
  });
});
