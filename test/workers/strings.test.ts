import { describe, expect, it } from "vitest";
import { evictDurableObject } from "cloudflare:test";
import { cmd, node, plain, raw, stubOf } from "./helpers";
import { ALL_BYTES, seed, sleep, WRONGTYPE } from "./keyspace-helpers";

const N = "strings";

describe("GET / SET", () => {
  it("stores and returns values, nil for missing keys", async () => {
    const n = node(N);
    expect(await cmd(n, "SET", "s:a", "hello")).toBe("OK");
    expect(await cmd(n, "GET", "s:a")).toBe("hello");
    expect(await cmd(n, "GET", "s:missing")).toBe(null);
    expect(await cmd(n, "SET", "s:a", "")).toBe("OK");
    expect(await cmd(n, "GET", "s:a")).toBe("");
  });

  it("is binary safe for all 256 byte values, in keys and values", async () => {
    const n = node(N);
    expect(plain(await raw(n, {}, "SET", `bin:${ALL_BYTES}`, ALL_BYTES))).toBe("OK");
    expect(await raw(n, {}, "GET", `bin:${ALL_BYTES}`)).toEqual({ t: "bulk", v: ALL_BYTES });
    expect(plain(await raw(n, {}, "STRLEN", `bin:${ALL_BYTES}`))).toBe(256);
    expect(plain(await raw(n, {}, "GETRANGE", `bin:${ALL_BYTES}`, "-3", "-1"))).toBe("\xfd\xfe\xff");
    expect(plain(await raw(n, {}, "APPEND", `bin:${ALL_BYTES}`, "\x00\xff"))).toBe(258);
    expect(plain(await raw(n, {}, "GET", `bin:${ALL_BYTES}`))).toBe(`${ALL_BYTES}\x00\xff`);
  });

  it("handles values larger than one storage chunk", async () => {
    const n = node(N);
    const big = ALL_BYTES.repeat(4 * 1024 + 7); // ~1 MiB: three chunks
    expect(plain(await raw(n, {}, "SET", "s:big", big))).toBe("OK");
    expect(plain(await raw(n, {}, "GET", "s:big"))).toBe(big);
    expect(plain(await raw(n, {}, "STRLEN", "s:big"))).toBe(big.length);
    expect(plain(await raw(n, {}, "GETRANGE", "s:big", "524286", "524289"))).toBe(big.slice(524286, 524290));
    expect(plain(await raw(n, {}, "APPEND", "s:big", "tail"))).toBe(big.length + 4);
    expect(plain(await raw(n, {}, "SETRANGE", "s:big", "524287", "XY"))).toBe(big.length + 4);
    const expected = `${big.slice(0, 524287)}XY${big.slice(524289)}tail`;
    expect(plain(await raw(n, {}, "GET", "s:big")) === expected).toBe(true);
    // APPEND onto a chunked string only touches the last chunk; the result must still read back whole.
    const more = "z".repeat(600 * 1024);
    expect(plain(await raw(n, {}, "APPEND", "s:big", more))).toBe(expected.length + more.length);
    expect(plain(await raw(n, {}, "GET", "s:big")) === expected + more).toBe(true);
  });

  it("NX / XX", async () => {
    const n = node(N);
    expect(await cmd(n, "SET", "s:nx", "1", "NX")).toBe("OK");
    expect(await cmd(n, "SET", "s:nx", "2", "NX")).toBe(null);
    expect(await cmd(n, "GET", "s:nx")).toBe("1");
    expect(await cmd(n, "SET", "s:xx", "1", "XX")).toBe(null);
    expect(await cmd(n, "EXISTS", "s:xx")).toBe(0);
    expect(await cmd(n, "SET", "s:nx", "3", "xx")).toBe("OK");
    expect(await cmd(n, "GET", "s:nx")).toBe("3");
  });

  it("GET returns the old value, also combined with NX / XX", async () => {
    const n = node(N);
    expect(await cmd(n, "SET", "s:get", "v1", "GET")).toBe(null);
    expect(await cmd(n, "SET", "s:get", "v2", "GET")).toBe("v1");
    expect(await cmd(n, "SET", "s:get", "v3", "NX", "GET")).toBe("v2");
    expect(await cmd(n, "GET", "s:get")).toBe("v2");
    expect(await cmd(n, "SET", "s:get-nx", "a", "NX", "GET")).toBe(null);
    expect(await cmd(n, "GET", "s:get-nx")).toBe("a");
    expect(await cmd(n, "SET", "s:get-xx", "a", "XX", "GET")).toBe(null);
    expect(await cmd(n, "EXISTS", "s:get-xx")).toBe(0);
  });

  it("SET GET on a non-string is WRONGTYPE and writes nothing; plain SET replaces any type", async () => {
    const n = node(N);
    await seed(N, { "s:list": { type: "list", items: ["a", "b"] } });
    expect(await cmd(n, "SET", "s:list", "v", "GET")).toEqual(WRONGTYPE);
    expect(await cmd(n, "TYPE", "s:list")).toBe("list");
    expect(await cmd(n, "GET", "s:list")).toEqual(WRONGTYPE);
    expect(await cmd(n, "SET", "s:list", "v")).toBe("OK");
    expect(await cmd(n, "TYPE", "s:list")).toBe("string");
  });

  it("rejects bad option combinations with Redis's errors", async () => {
    const n = node(N);
    const syntax = { error: "ERR syntax error" };
    for (const opts of [["NX", "XX"], ["EX", "10", "PX", "10"], ["KEEPTTL", "EX", "1"], ["EX", "1", "KEEPTTL"], ["EX"], ["FOO"], ["PERSIST"]]) {
      expect(await cmd(n, "SET", "s:opt", "v", ...opts)).toEqual(syntax);
    }
    const invalid = { error: "ERR invalid expire time in 'set' command" };
    for (const opts of [["EX", "0"], ["EX", "-1"], ["PX", "0"], ["PXAT", "0"], ["EXAT", "-5"], ["EX", "9223372036854775"], ["PX", "9223372036854775807"]]) {
      expect(await cmd(n, "SET", "s:opt", "v", ...opts)).toEqual(invalid);
    }
    expect(await cmd(n, "SET", "s:opt", "v", "EX", "abc")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "EXISTS", "s:opt")).toBe(0);
    expect(await cmd(n, "SET", "s:opt", "v", "EX", "10", "EX", "20")).toBe("OK");
    expect(await cmd(n, "TTL", "s:opt")).toBe(20);
    expect(await cmd(n, "SET", "s:opt", "v", "PXAT", "9223372036854775807")).toBe("OK");
  });

  it("EX / PX / EXAT / PXAT set the TTL, KEEPTTL keeps it, a plain SET clears it", async () => {
    const n = node(N);
    await cmd(n, "SET", "s:ttl", "v", "EX", "100");
    expect(await cmd(n, "TTL", "s:ttl")).toBe(100);
    await cmd(n, "SET", "s:ttl", "v2", "KEEPTTL");
    expect(await cmd(n, "TTL", "s:ttl")).toBe(100);
    expect(await cmd(n, "GET", "s:ttl")).toBe("v2");
    await cmd(n, "SET", "s:ttl", "v3");
    expect(await cmd(n, "TTL", "s:ttl")).toBe(-1);
    await cmd(n, "SET", "s:ttl", "v", "PX", "5000");
    expect(await cmd(n, "PTTL", "s:ttl")).toBeGreaterThan(4000);
    const at = Math.floor(Date.now() / 1000) + 1000;
    await cmd(n, "SET", "s:ttl", "v", "EXAT", at);
    expect(await cmd(n, "EXPIRETIME", "s:ttl")).toBe(at);
    await cmd(n, "SET", "s:ttl", "v", "PXAT", at * 1000 + 1);
    expect(await cmd(n, "PEXPIRETIME", "s:ttl")).toBe(at * 1000 + 1);
  });

  it("expires keys on time: PX 1 and an absolute time in the past", async () => {
    const n = node(N);
    await cmd(n, "SET", "s:px1", "v", "PX", "1");
    await cmd(n, "SET", "s:past", "v", "PXAT", "1");
    await sleep(20);
    expect(await cmd(n, "GET", "s:px1")).toBe(null);
    expect(await cmd(n, "GET", "s:past")).toBe(null);
    expect(await cmd(n, "TTL", "s:px1")).toBe(-2);
  });

  it("survives eviction of the Durable Object", async () => {
    const n = node("strings-persist");
    await raw(n, {}, "SET", "p:bin", ALL_BYTES);
    await cmd(n, "SET", "p:ttl", "v", "EX", "1000");
    await cmd(n, "INCRBY", "p:n", "9007199254740993");
    await evictDurableObject(stubOf("strings-persist"));
    expect(plain(await raw(n, {}, "GET", "p:bin"))).toBe(ALL_BYTES);
    expect(await cmd(n, "TTL", "p:ttl")).toBe(1000);
    expect(await cmd(n, "GET", "p:n")).toBe("9007199254740993");
  });
});

describe("SETNX / SETEX / PSETEX / GETSET / GETDEL / GETEX", () => {
  it("SETNX answers 1 or 0", async () => {
    const n = node(N);
    expect(await cmd(n, "SETNX", "x:nx", "a")).toBe(1);
    expect(await cmd(n, "SETNX", "x:nx", "b")).toBe(0);
    expect(await cmd(n, "GET", "x:nx")).toBe("a");
  });

  it("SETEX / PSETEX set value and TTL, and validate it", async () => {
    const n = node(N);
    expect(await cmd(n, "SETEX", "x:ex", "100", "v")).toBe("OK");
    expect(await cmd(n, "TTL", "x:ex")).toBe(100);
    expect(await cmd(n, "PSETEX", "x:pex", "100000", "v")).toBe("OK");
    expect(await cmd(n, "TTL", "x:pex")).toBe(100);
    expect(await cmd(n, "SETEX", "x:ex", "0", "v")).toEqual({ error: "ERR invalid expire time in 'setex' command" });
    expect(await cmd(n, "PSETEX", "x:ex", "-1", "v")).toEqual({ error: "ERR invalid expire time in 'psetex' command" });
    expect(await cmd(n, "SETEX", "x:ex", "1x", "v")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "SETEX", "x:ex", "1")).toEqual({ error: "ERR wrong number of arguments for 'setex' command" });
  });

  it("GETSET returns the old value and clears the TTL; GETDEL deletes", async () => {
    const n = node(N);
    expect(await cmd(n, "GETSET", "x:gs", "a")).toBe(null);
    await cmd(n, "EXPIRE", "x:gs", "100");
    expect(await cmd(n, "GETSET", "x:gs", "b")).toBe("a");
    expect(await cmd(n, "TTL", "x:gs")).toBe(-1);
    expect(await cmd(n, "GETDEL", "x:gs")).toBe("b");
    expect(await cmd(n, "EXISTS", "x:gs")).toBe(0);
    expect(await cmd(n, "GETDEL", "x:gs")).toBe(null);
    await seed(N, { "x:set": { type: "set", members: ["m"] } });
    expect(await cmd(n, "GETSET", "x:set", "v")).toEqual(WRONGTYPE);
    expect(await cmd(n, "GETDEL", "x:set")).toEqual(WRONGTYPE);
    expect(await cmd(n, "TYPE", "x:set")).toBe("set");
  });

  it("GETEX sets, changes or removes the TTL", async () => {
    const n = node(N);
    await cmd(n, "SET", "x:gx", "v");
    expect(await cmd(n, "GETEX", "x:gx")).toBe("v");
    expect(await cmd(n, "TTL", "x:gx")).toBe(-1);
    expect(await cmd(n, "GETEX", "x:gx", "EX", "100")).toBe("v");
    expect(await cmd(n, "TTL", "x:gx")).toBe(100);
    expect(await cmd(n, "GETEX", "x:gx", "PX", "200000")).toBe("v");
    expect(await cmd(n, "TTL", "x:gx")).toBe(200);
    const at = Math.floor(Date.now() / 1000) + 300;
    expect(await cmd(n, "GETEX", "x:gx", "EXAT", at)).toBe("v");
    expect(await cmd(n, "EXPIRETIME", "x:gx")).toBe(at);
    expect(await cmd(n, "GETEX", "x:gx", "PERSIST")).toBe("v");
    expect(await cmd(n, "TTL", "x:gx")).toBe(-1);
    expect(await cmd(n, "GETEX", "x:gx", "PXAT", "1")).toBe("v");
    expect(await cmd(n, "EXISTS", "x:gx")).toBe(0);
  });

  it("GETEX errors", async () => {
    const n = node(N);
    await cmd(n, "SET", "x:gxe", "v");
    const syntax = { error: "ERR syntax error" };
    for (const opts of [["EX", "10", "PERSIST"], ["PERSIST", "EX", "10"], ["KEEPTTL"], ["NX"], ["GET"], ["EX"]]) {
      expect(await cmd(n, "GETEX", "x:gxe", ...opts)).toEqual(syntax);
    }
    expect(await cmd(n, "GETEX", "x:gxe", "EX", "0")).toEqual({ error: "ERR invalid expire time in 'getex' command" });
    expect(await cmd(n, "GETEX", "x:gxe", "EX", "abc")).toEqual({ error: "ERR value is not an integer or out of range" });
    // The key is looked up before the time is validated.
    expect(await cmd(n, "GETEX", "x:nokey", "EX", "0")).toBe(null);
    await seed(N, { "x:gxl": { type: "list", items: ["a"] } });
    expect(await cmd(n, "GETEX", "x:gxl", "EX", "abc")).toEqual(WRONGTYPE);
  });
});

describe("MGET / MSET / MSETNX", () => {
  it("MGET answers nil for missing keys and other types", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{m}a", "1", "{m}b", "2", "{m}a", "3");
    await seed(N, { "{m}h": { type: "hash", entries: [["f", "v"]] } });
    expect(await cmd(n, "MGET", "{m}a", "{m}b", "{m}none", "{m}h")).toEqual(["3", "2", null, null]);
  });

  it("MSET / MSETNX need pairs; MSETNX sets all or nothing", async () => {
    const n = node(N);
    expect(await cmd(n, "MSET", "{m}x", "1", "{m}y")).toEqual({ error: "ERR wrong number of arguments for 'mset' command" });
    expect(await cmd(n, "MSETNX", "{m}x", "1", "{m}y")).toEqual({ error: "ERR wrong number of arguments for 'msetnx' command" });
    expect(await cmd(n, "MSETNX", "{m}x", "1", "{m}y", "2")).toBe(1);
    expect(await cmd(n, "MSETNX", "{m}y", "9", "{m}z", "9")).toBe(0);
    expect(await cmd(n, "MGET", "{m}x", "{m}y", "{m}z")).toEqual(["1", "2", null]);
  });

  it("MSET clears TTLs", async () => {
    const n = node(N);
    await cmd(n, "SET", "m:t", "1", "EX", "100");
    await cmd(n, "MSET", "m:t", "2");
    expect(await cmd(n, "TTL", "m:t")).toBe(-1);
  });
});

describe("APPEND / STRLEN / GETRANGE / SETRANGE", () => {
  it("APPEND creates or extends, keeping the TTL", async () => {
    const n = node(N);
    expect(await cmd(n, "APPEND", "r:ap", "hello")).toBe(5);
    await cmd(n, "EXPIRE", "r:ap", "100");
    expect(await cmd(n, "APPEND", "r:ap", " world")).toBe(11);
    expect(await cmd(n, "GET", "r:ap")).toBe("hello world");
    expect(await cmd(n, "TTL", "r:ap")).toBe(100);
    expect(await cmd(n, "STRLEN", "r:ap")).toBe(11);
    expect(await cmd(n, "STRLEN", "r:none")).toBe(0);
    await cmd(n, "SET", "r:int", "12");
    expect(await cmd(n, "APPEND", "r:int", "3")).toBe(3);
    expect(await cmd(n, "INCR", "r:int")).toBe(124);
  });

  it("GETRANGE / SUBSTR clamp like Redis", async () => {
    const n = node(N);
    await cmd(n, "SET", "r:s", "hello");
    const cases: [string, string, string][] = [
      ["0", "-1", "hello"], ["-3", "-1", "llo"], ["-1", "-3", ""], ["5", "10", ""], ["4", "10", "o"],
      ["-100", "100", "hello"], ["2", "1", ""], ["0", "0", "h"], ["-100", "-99", "h"],
    ];
    for (const [a, b, want] of cases) expect(await cmd(n, "GETRANGE", "r:s", a, b)).toBe(want);
    expect(await cmd(n, "SUBSTR", "r:s", "1", "2")).toBe("el");
    expect(await cmd(n, "GETRANGE", "r:none", "0", "1")).toBe("");
    expect(await cmd(n, "GETRANGE", "r:s", "x", "1")).toEqual({ error: "ERR value is not an integer or out of range" });
    await cmd(n, "SET", "r:empty", "");
    expect(await cmd(n, "GETRANGE", "r:empty", "0", "-1")).toBe("");
  });

  it("SETRANGE pads with zero bytes and keeps the TTL", async () => {
    const n = node(N);
    await cmd(n, "SET", "r:sr", "Hello World", "EX", "100");
    expect(await cmd(n, "SETRANGE", "r:sr", "6", "Redis")).toBe(11);
    expect(await cmd(n, "GET", "r:sr")).toBe("Hello Redis");
    expect(await cmd(n, "TTL", "r:sr")).toBe(100);
    expect(await cmd(n, "SETRANGE", "r:sr2", "3", "ab")).toBe(5);
    expect(await cmd(n, "GET", "r:sr2")).toBe("\0\0\0ab");
    expect(await cmd(n, "SETRANGE", "r:sr3", "5", "")).toBe(0);
    expect(await cmd(n, "EXISTS", "r:sr3")).toBe(0);
    expect(await cmd(n, "SETRANGE", "r:sr", "100", "")).toBe(11);
    expect(await cmd(n, "SETRANGE", "r:sr", "-1", "x")).toEqual({ error: "ERR offset is out of range" });
    expect(await cmd(n, "SETRANGE", "r:sr", "x", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "SETRANGE", "r:sr", "536870911", "ab")).toEqual({ error: "ERR string exceeds maximum allowed size (proto-max-bulk-len)" });
    expect(await cmd(n, "SETRANGE", "r:sr", "9223372036854775807", "a")).toEqual({ error: "ERR string exceeds maximum allowed size (proto-max-bulk-len)" });
  });

  it("APPEND and SETRANGE obey a lowered proto-max-bulk-len", async () => {
    const n = node("strings-maxlen");
    expect(await cmd(n, "CONFIG", "SET", "proto-max-bulk-len", "1048576")).toBe("OK");
    expect(await cmd(n, "SETRANGE", "k", "1048575", "a")).toBe(1048576);
    expect(await cmd(n, "SETRANGE", "k", "1048576", "a")).toEqual({ error: "ERR string exceeds maximum allowed size (proto-max-bulk-len)" });
    expect(await cmd(n, "APPEND", "k", "a")).toEqual({ error: "ERR string exceeds maximum allowed size (proto-max-bulk-len)" });
    expect(await cmd(n, "STRLEN", "k")).toBe(1048576);
  });
});

describe("LCS", () => {
  it("returns the string, its length or the matching ranges", async () => {
    const n = node(N);
    await cmd(n, "MSET", "{l}1", "ohmytext", "{l}2", "mynewtext");
    expect(await cmd(n, "LCS", "{l}1", "{l}2")).toBe("mytext");
    expect(await cmd(n, "LCS", "{l}1", "{l}2", "LEN")).toBe(6);
    expect(await cmd(n, "LCS", "{l}1", "{l}2", "IDX")).toEqual({ map: [
      ["matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]]],
      ["len", 6],
    ] });
    expect(await cmd(n, "LCS", "{l}1", "{l}2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).toEqual({ map: [
      ["matches", [[[4, 7], [5, 8], 4]]],
      ["len", 6],
    ] });
    expect(await cmd(n, "LCS", "{l}1", "{l}none")).toBe("");
  });

  it("errors", async () => {
    const n = node(N);
    await cmd(n, "SET", "{l}a", "abc");
    await seed(N, { "{l}list": { type: "list", items: ["a"] } });
    expect(await cmd(n, "LCS", "{l}a", "{l}list")).toEqual({ error: "ERR The specified keys must contain string values" });
    expect(await cmd(n, "LCS", "{l}a", "{l}a", "LEN", "IDX")).toEqual({ error: "ERR If you want both the length and indexes, please just use IDX." });
    expect(await cmd(n, "LCS", "{l}a", "{l}a", "FOO")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "LCS", "{l}a", "{l}a", "MINMATCHLEN")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "LCS", "{l}a", "{l}a", "MINMATCHLEN", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
  });
});
