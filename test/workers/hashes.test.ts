import { describe, expect, it } from "vitest";
import { cmd, plain, raw, type Plain } from "./helpers";
import { sleep, WRONGTYPE } from "./keyspace-helpers";
import { collectionNode, sortedItems } from "./collection-helpers";

const { n, setString, pexpire, metaOf, run } = collectionNode("hashes");

/** Flat [k1, v1, k2, v2] (or a map reply) → sorted [[k, v]] pairs. */
const pairs = (v: Plain) => {
  const byField = (x: [string, string], y: [string, string]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
  if (v !== null && typeof v === "object" && !Array.isArray(v) && "map" in v) return (v.map as [string, string][]).slice().sort(byField);
  const a = v as string[];
  const out: [string, string][] = [];
  for (let i = 0; i < a.length; i += 2) out.push([a[i]!, a[i + 1]!]);
  return out.sort(byField);
};

describe("HSET / HMSET / HSETNX / HGET / HMGET", () => {
  it("HSET counts only new fields and overwrites existing ones", async () => {
    expect(await cmd(n, "HSET", "h1", "a", "1", "b", "2")).toBe(2);
    expect(await cmd(n, "HSET", "h1", "a", "10", "c", "3")).toBe(1);
    expect(await cmd(n, "HSET", "h1", "d", "x", "d", "y")).toBe(1);
    expect(await cmd(n, "HGET", "h1", "a")).toBe("10");
    expect(await cmd(n, "HGET", "h1", "d")).toBe("y");
    expect(await cmd(n, "HGET", "h1", "zz")).toBe(null);
    expect(await cmd(n, "HGET", "nohash", "a")).toBe(null);
    expect(await cmd(n, "HLEN", "h1")).toBe(4);
  });

  it("HSET and HMSET refuse an odd field/value list with the arity error", async () => {
    expect(await cmd(n, "HSET", "h2", "a", "1", "b")).toEqual({ error: "ERR wrong number of arguments for 'hset' command" });
    expect(await cmd(n, "HMSET", "h2", "a", "1", "b")).toEqual({ error: "ERR wrong number of arguments for 'hmset' command" });
    expect(await cmd(n, "HSET", "h2", "a")).toEqual({ error: "ERR wrong number of arguments for 'hset' command" });
    expect(await metaOf("h2")).toBe(null);
  });

  it("HMSET replies OK", async () => {
    expect(await cmd(n, "HMSET", "h3", "a", "1", "b", "2")).toBe("OK");
    expect(await cmd(n, "HMGET", "h3", "a", "nope", "b")).toEqual(["1", null, "2"]);
    expect(await cmd(n, "HMGET", "nohash", "a", "b")).toEqual([null, null]);
  });

  it("HSETNX sets only absent fields", async () => {
    expect(await cmd(n, "HSETNX", "h4", "a", "1")).toBe(1);
    expect(await cmd(n, "HSETNX", "h4", "a", "2")).toBe(0);
    expect(await cmd(n, "HGET", "h4", "a")).toBe("1");
    expect(await cmd(n, "HLEN", "h4")).toBe(1);
  });
});

describe("HGETALL / HKEYS / HVALS / HLEN / HEXISTS / HSTRLEN", () => {
  it("read the whole hash; HGETALL is a map reply (flattened by the RESP2 encoder)", async () => {
    await cmd(n, "HSET", "h5", "b", "2", "a", "1", "c", "33");
    expect(pairs(await cmd(n, "HGETALL", "h5"))).toEqual([["a", "1"], ["b", "2"], ["c", "33"]]);
    const r3 = await raw(n, { resp: 3 }, "HGETALL", "h5");
    expect(r3.t).toBe("map");
    expect(sortedItems(await cmd(n, "HKEYS", "h5"))).toEqual(["a", "b", "c"]);
    expect(sortedItems(await cmd(n, "HVALS", "h5"))).toEqual(["1", "2", "33"]);
    expect(await cmd(n, "HLEN", "h5")).toBe(3);
    expect(await cmd(n, "HEXISTS", "h5", "a")).toBe(1);
    expect(await cmd(n, "HEXISTS", "h5", "z")).toBe(0);
    expect(await cmd(n, "HSTRLEN", "h5", "c")).toBe(2);
    expect(await cmd(n, "HSTRLEN", "h5", "z")).toBe(0);
  });

  it("treat a missing key as an empty hash", async () => {
    expect(await cmd(n, "HGETALL", "nohash")).toEqual({ map: [] });
    expect((await raw(n, { resp: 3 }, "HGETALL", "nohash")).t).toBe("map");
    expect(await cmd(n, "HKEYS", "nohash")).toEqual([]);
    expect(await cmd(n, "HVALS", "nohash")).toEqual([]);
    expect(await cmd(n, "HLEN", "nohash")).toBe(0);
    expect(await cmd(n, "HEXISTS", "nohash", "a")).toBe(0);
    expect(await cmd(n, "HSTRLEN", "nohash", "a")).toBe(0);
  });
});

describe("HDEL", () => {
  it("counts deleted fields and deletes the key with its last field", async () => {
    await cmd(n, "HSET", "h6", "a", "1", "b", "2", "c", "3");
    expect(await cmd(n, "HDEL", "h6", "a", "zz", "a")).toBe(1);
    expect(await cmd(n, "HLEN", "h6")).toBe(2);
    expect(await cmd(n, "HDEL", "h6", "b", "c")).toBe(2);
    expect(await metaOf("h6")).toBe(null);
    expect(await cmd(n, "HDEL", "h6", "b")).toBe(0);
  });

  it("is not propagated when it deleted nothing", async () => {
    await cmd(n, "HSET", "h7", "a", "1");
    expect((await run(["HDEL", "h7", "zz"])).effects).toEqual([]);
    expect((await run(["HDEL", "h7", "a"])).effects).toEqual([["HDEL", "h7", "a"]]);
  });
});

describe("HINCRBY", () => {
  it("increments, creating the key and the field", async () => {
    expect(await cmd(n, "HINCRBY", "h8", "f", "5")).toBe(5);
    expect(await cmd(n, "HINCRBY", "h8", "f", "-7")).toBe(-2);
    expect(await cmd(n, "HGET", "h8", "f")).toBe("-2");
    expect(await cmd(n, "HLEN", "h8")).toBe(1);
  });

  it("rejects non-integer values and increments with Redis's errors", async () => {
    await cmd(n, "HSET", "h9", "s", "abc", "z", "-0", "sp", " 1", "f", "1.5", "i", "1");
    for (const f of ["s", "z", "sp", "f"]) {
      expect(await cmd(n, "HINCRBY", "h9", f, "1")).toEqual({ error: "ERR hash value is not an integer" });
    }
    for (const bad of ["x", "1.0", "-0", "01", "+1", "9223372036854775808", ""]) {
      expect(await cmd(n, "HINCRBY", "h9", "i", bad)).toEqual({ error: "ERR value is not an integer or out of range" });
    }
    expect(await cmd(n, "HGET", "h9", "i")).toBe("1");
  });

  it("detects overflow exactly at the int64 bounds", async () => {
    await cmd(n, "HSET", "h10", "max", "9223372036854775806", "min", "-9223372036854775807");
    await cmd(n, "HINCRBY", "h10", "max", "1");
    expect(await cmd(n, "HGET", "h10", "max")).toBe("9223372036854775807");
    expect(await cmd(n, "HINCRBY", "h10", "max", "1")).toEqual({ error: "ERR increment or decrement would overflow" });
    await cmd(n, "HINCRBY", "h10", "min", "-1");
    expect(await cmd(n, "HGET", "h10", "min")).toBe("-9223372036854775808");
    expect(await cmd(n, "HINCRBY", "h10", "min", "-1")).toEqual({ error: "ERR increment or decrement would overflow" });
    expect(await cmd(n, "HINCRBY", "h10", "new", "-9223372036854775808")).toBe(-9223372036854775808n);
  });

  it("does not create the key when it fails", async () => {
    expect(await cmd(n, "HINCRBY", "h11", "f", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await metaOf("h11")).toBe(null);
  });
});

describe("HINCRBYFLOAT", () => {
  it("adds and formats like Redis", async () => {
    expect(await cmd(n, "HINCRBYFLOAT", "h12", "f", "10.5")).toBe("10.5");
    expect(await cmd(n, "HINCRBYFLOAT", "h12", "f", "0.1")).toBe("10.6");
    expect(await cmd(n, "HINCRBYFLOAT", "h12", "f", "-10.6")).toBe("0");
    expect(await cmd(n, "HINCRBYFLOAT", "h12", "g", "5.0e3")).toBe("5000");
    // 80-bit long double precision, as Redis: a double would lose the 5000.
    expect(await cmd(n, "HINCRBYFLOAT", "h12", "g", "1e20")).toBe("100000000000000005000");
    const huge = (await cmd(n, "HINCRBYFLOAT", "h12", "x", "1e4000")) as string;
    expect(huge.length).toBe(4000);
    expect(huge.startsWith("9999999999999999999965463873099623784932")).toBe(true);
    await cmd(n, "HSET", "h12", "k", "1.5e3");
    expect(await cmd(n, "HINCRBYFLOAT", "h12", "k", "0")).toBe("1500");
    expect(await cmd(n, "HINCRBY", "h12", "k", "1")).toBe(1501);
  });

  it("rejects bad values and non-finite results", async () => {
    await cmd(n, "HSET", "h13", "s", "abc", "sp", " 1", "f", "1");
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "s", "1")).toEqual({ error: "ERR hash value is not a float" });
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "sp", "1")).toEqual({ error: "ERR hash value is not a float" });
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "f", "abc")).toEqual({ error: "ERR value is not a valid float" });
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "f", "nan")).toEqual({ error: "ERR value is not a valid float" });
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "f", "inf")).toEqual({ error: "ERR value is NaN or Infinity" });
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "f", "1e5000")).toEqual({ error: "ERR value is not a valid float" });
    await cmd(n, "HSET", "h13", "inf", "inf", "nan", "nan");
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "inf", "1")).toEqual({ error: "ERR increment would produce NaN or Infinity" });
    expect(await cmd(n, "HINCRBYFLOAT", "h13", "nan", "1")).toEqual({ error: "ERR hash value is not a float" });
    expect(await cmd(n, "HGET", "h13", "f")).toBe("1");
  });

  it("is propagated as HSETEX ... KEEPTTL of the result (Redis 8.0: the field keeps its TTL)", async () => {
    await cmd(n, "HSET", "h14", "f", "1");
    const out = await run(["HINCRBYFLOAT", "h14", "f", "0.25"]);
    expect(out.reply).toBe("1.25");
    expect(out.effects).toEqual([["HSETEX", "h14", "KEEPTTL", "FIELDS", "1", "f", "1.25"]]);
  });
});

describe("HRANDFIELD", () => {
  const fields = ["a", "b", "c", "d", "e"];
  const seed = () => cmd(n, "HSET", "hr", ...fields.flatMap((f) => [f, `v${f}`]));

  it("returns one field, or null for a missing key", async () => {
    await seed();
    expect(fields).toContain(await cmd(n, "HRANDFIELD", "hr"));
    expect(await cmd(n, "HRANDFIELD", "nohash")).toBe(null);
    expect(await cmd(n, "HRANDFIELD", "nohash", "3")).toEqual([]);
    expect(await cmd(n, "HRANDFIELD", "nohash", "3", "WITHVALUES")).toEqual([]);
  });

  it("with a positive count returns distinct fields, at most the whole hash", async () => {
    await seed();
    for (let i = 0; i < 10; i++) {
      const r = (await cmd(n, "HRANDFIELD", "hr", "3")) as string[];
      expect(r).toHaveLength(3);
      expect(new Set(r).size).toBe(3);
      for (const f of r) expect(fields).toContain(f);
    }
    expect(sortedItems(await cmd(n, "HRANDFIELD", "hr", "10"))).toEqual(fields);
    expect(await cmd(n, "HRANDFIELD", "hr", "0")).toEqual([]);
  });

  it("with a negative count may repeat fields and returns exactly |count|", async () => {
    await seed();
    const r = (await cmd(n, "HRANDFIELD", "hr", "-20")) as string[];
    expect(r).toHaveLength(20);
    for (const f of r) expect(fields).toContain(f);
    // rand() always 0: the first field every time.
    const fixed = await run(["HRANDFIELD", "hr", "-3"], () => 0);
    expect(fixed.reply).toEqual(["a", "a", "a"]);
    const last = await run(["HRANDFIELD", "hr", "-2", "WITHVALUES"], () => 0.99);
    expect(last.reply).toEqual(["e", "ve", "e", "ve"]);
  });

  it("WITHVALUES pairs fields with their values: flat in RESP2, nested pairs in RESP3", async () => {
    await seed();
    const flat = pairs(await cmd(n, "HRANDFIELD", "hr", "3", "WITHVALUES"));
    expect(flat).toHaveLength(3);
    for (const [f, v] of flat) expect(v).toBe(`v${f}`);
    const nested = (await run(["HRANDFIELD", "hr", "-4", "withvalues"], Math.random, 3)).reply as string[][];
    expect(nested).toHaveLength(4);
    for (const [f, v] of nested) expect(v).toBe(`v${f}`);
    const whole = (await run(["HRANDFIELD", "hr", "9", "WITHVALUES"], Math.random, 3)).reply as string[][];
    expect(whole.map(([f]) => f).sort()).toEqual(fields);
  });

  it("rejects bad counts and options like Redis", async () => {
    await seed();
    expect(await cmd(n, "HRANDFIELD", "hr", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "HRANDFIELD", "hr", "-9223372036854775808")).toEqual({
      error: "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
    });
    expect(await cmd(n, "HRANDFIELD", "hr", "1", "foo")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "HRANDFIELD", "hr", "1", "WITHVALUES", "x")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "HRANDFIELD", "hr", "4611686018427387904", "WITHVALUES")).toEqual({ error: "ERR value is out of range" });
    expect(await cmd(n, "HRANDFIELD", "hr", "-4611686018427387904", "WITHVALUES")).toEqual({ error: "ERR value is out of range" });
    // Absurd repeat counts are refused instead of exhausting memory (Redis would try).
    expect(await cmd(n, "HRANDFIELD", "hr", "-100000000")).toEqual({ error: "ERR value is out of range" });
  });
});

describe("HSCAN", () => {
  it("returns a small hash whole with cursor 0, filtered by MATCH", async () => {
    await cmd(n, "HSET", "hs1", "a1", "1", "a2", "2", "b1", "3");
    const [cursor, items] = (await cmd(n, "HSCAN", "hs1", "0", "COUNT", "1")) as [string, string[]];
    expect(cursor).toBe("0");
    expect(pairs(items)).toEqual([["a1", "1"], ["a2", "2"], ["b1", "3"]]);
    const [, matched] = (await cmd(n, "HSCAN", "hs1", "0", "MATCH", "a*")) as [string, string[]];
    expect(pairs(matched)).toEqual([["a1", "1"], ["a2", "2"]]);
    expect(await cmd(n, "HSCAN", "nohash", "0")).toEqual(["0", []]);
    expect(await cmd(n, "HSCAN", "nohash", "0", "BADOPT")).toEqual(["0", []]);
  });

  it("iterates a large hash returning every field exactly once while other keys change", async () => {
    const fields = Array.from({ length: 500 }, (_, i) => `f${i}`);
    await cmd(n, "HSET", "hs2", ...fields.flatMap((f) => [f, `${f}!`]));
    const seen: [string, string][] = [];
    let cursor = "0";
    let calls = 0;
    do {
      const [next, items] = (await cmd(n, "HSCAN", "hs2", cursor, "COUNT", "37")) as [string, string[]];
      seen.push(...pairs(items));
      cursor = next;
      calls++;
      await cmd(n, "HSET", `hs2-other-${calls}`, "x", "y");
      await cmd(n, "HDEL", `hs2-other-${calls - 1}`, "x");
    } while (cursor !== "0");
    expect(calls).toBe(Math.ceil(500 / 37));
    expect(seen.map(([f]) => f).sort()).toEqual([...fields].sort());
    for (const [f, v] of seen) expect(v).toBe(`${f}!`);
  });

  it("MATCH filters each page without changing the cursor walk", async () => {
    const fields = Array.from({ length: 200 }, (_, i) => `${i % 2 ? "odd" : "even"}${i}`);
    await cmd(n, "HSET", "hs3", ...fields.flatMap((f) => [f, "v"]));
    const seen: string[] = [];
    let cursor = "0";
    do {
      const [next, items] = (await cmd(n, "HSCAN", "hs3", cursor, "MATCH", "odd*", "COUNT", "50")) as [string, string[]];
      seen.push(...pairs(items).map(([f]) => f));
      cursor = next;
    } while (cursor !== "0");
    expect(seen.sort()).toEqual(fields.filter((f) => f.startsWith("odd")).sort());
  });

  it("rejects bad cursors and options like Redis", async () => {
    await cmd(n, "HSET", "hs4", "a", "1");
    expect(await cmd(n, "HSCAN", "hs4", "x")).toEqual({ error: "ERR invalid cursor" });
    expect(await cmd(n, "HSCAN", "hs4", " 1")).toEqual({ error: "ERR invalid cursor" });
    expect(await cmd(n, "HSCAN", "hs4", "18446744073709551616")).toEqual({ error: "ERR invalid cursor" });
    expect(await cmd(n, "HSCAN", "hs4", "18446744073709551615")).toEqual(["0", ["a", "1"]]);
    expect(await cmd(n, "HSCAN", "hs4", "-1")).toEqual(["0", ["a", "1"]]);
    expect(await cmd(n, "HSCAN", "hs4", "0", "COUNT", "0")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "HSCAN", "hs4", "0", "COUNT", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "HSCAN", "hs4", "0", "MATCH")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "HSCAN", "hs4", "0", "TYPE", "hash")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "HSCAN", "hs4", "0", "NOVALUES")).toEqual({ error: "ERR syntax error" });
  });
});

describe("types, bytes and expiry", () => {
  it("every hash command replies WRONGTYPE on a string key", async () => {
    await setString("hstr", "x");
    const calls: string[][] = [
      ["HSET", "hstr", "a", "1"], ["HMSET", "hstr", "a", "1"], ["HSETNX", "hstr", "a", "1"], ["HGET", "hstr", "a"],
      ["HMGET", "hstr", "a"], ["HGETALL", "hstr"], ["HDEL", "hstr", "a"], ["HEXISTS", "hstr", "a"], ["HLEN", "hstr"],
      ["HKEYS", "hstr"], ["HVALS", "hstr"], ["HINCRBY", "hstr", "a", "1"], ["HINCRBYFLOAT", "hstr", "a", "1"],
      ["HSTRLEN", "hstr", "a"], ["HRANDFIELD", "hstr"], ["HRANDFIELD", "hstr", "0"], ["HRANDFIELD", "hstr", "2", "WITHVALUES"],
      ["HSCAN", "hstr", "0"],
    ];
    for (const c of calls) expect(await cmd(n, ...c), c.join(" ")).toEqual(WRONGTYPE);
  });

  it("keeps binary fields and values intact, the empty string included", async () => {
    const f = "\x00\xff\r\n";
    const v = "\xff\x00".repeat(50);
    expect(plain(await raw(n, {}, "HSET", "hbin", f, v, "", ""))).toBe(2);
    expect(plain(await raw(n, {}, "HGET", "hbin", f))).toBe(v);
    expect(plain(await raw(n, {}, "HGET", "hbin", ""))).toBe("");
    expect(plain(await raw(n, {}, "HSTRLEN", "hbin", f))).toBe(100);
    expect(pairs(plain(await raw(n, {}, "HGETALL", "hbin")))).toEqual([["", ""], [f, v]]);
    expect(plain(await raw(n, {}, "HSCAN", "hbin", "0", "MATCH", "\x00*"))).toEqual(["0", [f, v]]);
  });

  it("an expired hash is gone: reads see nothing and writes start afresh", async () => {
    await cmd(n, "HSET", "hexp", "a", "1", "b", "2");
    await pexpire("hexp", 10);
    await sleep(20);
    expect(await cmd(n, "HGET", "hexp", "a")).toBe(null);
    expect(await cmd(n, "HLEN", "hexp")).toBe(0);
    expect(await cmd(n, "HSET", "hexp", "c", "3")).toBe(1);
    expect(await cmd(n, "HGETALL", "hexp")).toEqual({ map: [["c", "3"]] });
  });
});

describe("large hashes", () => {
  it("single-field commands read a handful of rows out of 5000", async () => {
    const fields = Array.from({ length: 5000 }, (_, i) => `field:${i}`);
    expect(await cmd(n, "HSET", "hbig", ...fields.flatMap((f) => [f, "v"]))).toBe(5000);
    expect(await cmd(n, "HLEN", "hbig")).toBe(5000);
    const whole = await run(["HGETALL", "hbig"]);
    expect(whole.rows).toBeGreaterThanOrEqual(5000);
    for (const c of [
      ["HGET", "hbig", "field:2500"], ["HEXISTS", "hbig", "field:4999"], ["HSTRLEN", "hbig", "field:1"], ["HLEN", "hbig"],
      ["HSET", "hbig", "field:3", "w"], ["HINCRBY", "hbig", "n", "1"], ["HDEL", "hbig", "field:7"],
      ["HMGET", "hbig", "field:10", "field:20"], ["HSCAN", "hbig", "0"],
    ]) {
      const r = await run(c);
      expect(r.rows, c.join(" ")).toBeLessThan(30);
    }
    expect(await cmd(n, "HLEN", "hbig")).toBe(5000);
  });
});
