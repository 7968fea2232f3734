import { describe, expect, it } from "vitest";
import { cmd, node } from "./helpers";
import { encodeReply } from "../../src/resp/encoder";
import { fromBytes } from "../../src/resp/bytes";
import { seed, sleep, withEffects, WRONGTYPE } from "./keyspace-helpers";

const N = "strings-counters";

describe("INCR / DECR / INCRBY / DECRBY / INCRBYFLOAT", () => {
  it("counts from 0 and keeps the TTL", async () => {
    const n = node(N);
    expect(await cmd(n, "INCR", "i:a")).toBe(1);
    expect(await cmd(n, "INCRBY", "i:a", "10")).toBe(11);
    expect(await cmd(n, "DECR", "i:a")).toBe(10);
    expect(await cmd(n, "DECRBY", "i:a", "-5")).toBe(15);
    await cmd(n, "EXPIRE", "i:a", "100");
    expect(await cmd(n, "INCR", "i:a")).toBe(16);
    expect(await cmd(n, "TTL", "i:a")).toBe(100);
    expect(await cmd(n, "GET", "i:a")).toBe("16");
  });

  it("rejects values that are not 64-bit integers", async () => {
    const n = node(N);
    const notInt = { error: "ERR value is not an integer or out of range" };
    for (const v of ["abc", " 1", "1 ", "01", "+1", "-0", "1.5", "", "9223372036854775808"]) {
      await cmd(n, "SET", "i:bad", v);
      expect([v, await cmd(n, "INCR", "i:bad")]).toEqual([v, notInt]);
    }
    expect(await cmd(n, "INCRBY", "i:new", "abc")).toEqual(notInt);
    expect(await cmd(n, "INCRBY", "i:new", "9223372036854775808")).toEqual(notInt);
    await seed(N, { "i:list": { type: "list", items: ["1"] } });
    expect(await cmd(n, "INCR", "i:list")).toEqual(WRONGTYPE);
  });

  it("replies exact integers beyond 2^53, in RESP too", async () => {
    const n = node("counters-exact");
    expect(await cmd(n, "SET", "i:big", "9223372036854775800")).toBe("OK");
    expect(await cmd(n, "INCRBY", "i:big", "7")).toBe(9223372036854775807n);
    expect(await cmd(n, "HINCRBY", "h:big", "f", "-9223372036854775808")).toBe(-9223372036854775808n);
    const [reply] = await n.execute([["INCR", "i:small"]], { resp: 2 });
    expect(reply).toEqual({ t: "int", v: 1 });
    expect(fromBytes(encodeReply({ t: "int", v: 9223372036854775807n }, 2))).toBe(":9223372036854775807\r\n");
  });

  it("detects 64-bit overflow exactly", async () => {
    const n = node(N);
    const overflow = { error: "ERR increment or decrement would overflow" };
    await cmd(n, "SET", "i:max", "9223372036854775806");
    expect(await cmd(n, "INCR", "i:max")).toBe(9223372036854775807n);
    expect(await cmd(n, "GET", "i:max")).toBe("9223372036854775807");
    expect(await cmd(n, "INCR", "i:max")).toEqual(overflow);
    expect(await cmd(n, "GET", "i:max")).toBe("9223372036854775807");
    await cmd(n, "SET", "i:min", "-9223372036854775808");
    expect(await cmd(n, "DECR", "i:min")).toEqual(overflow);
    expect(await cmd(n, "INCRBY", "i:min", "-1")).toEqual(overflow);
    expect(await cmd(n, "DECRBY", "i:min", "-9223372036854775807")).toBe(-1);
    expect(await cmd(n, "DECRBY", "i:min", "-9223372036854775808")).toEqual({ error: "ERR decrement would overflow" });
    // Beyond 2^53 the stored value stays exact.
    await cmd(n, "SET", "i:big", "9007199254740992");
    await cmd(n, "INCR", "i:big");
    expect(await cmd(n, "GET", "i:big")).toBe("9007199254740993");
  });

  it("INCRBYFLOAT formats like Redis (long double, %.17Lf, zeros trimmed)", async () => {
    const n = node(N);
    await cmd(n, "SET", "f:a", "10.50");
    expect(await cmd(n, "INCRBYFLOAT", "f:a", "0.1")).toBe("10.6");
    expect(await cmd(n, "INCRBYFLOAT", "f:a", "-5")).toBe("5.6");
    await cmd(n, "SET", "f:b", "5.0e3");
    expect(await cmd(n, "INCRBYFLOAT", "f:b", "2.0e2")).toBe("5200");
    expect(await cmd(n, "INCRBYFLOAT", "f:c", "0.1")).toBe("0.1");
    expect(await cmd(n, "INCRBYFLOAT", "f:c", "0.2")).toBe("0.3");
    expect(await cmd(n, "INCRBYFLOAT", "f:d", "1.23456789012345678901")).toBe("1.23456789012345679");
    expect(await cmd(n, "INCRBYFLOAT", "f:e", "3e-20")).toBe("0");
    expect(await cmd(n, "INCRBYFLOAT", "f:f", "1e20")).toBe("100000000000000000000");
    expect(await cmd(n, "INCRBYFLOAT", "f:g", "-1.5")).toBe("-1.5");
    expect(await cmd(n, "INCRBYFLOAT", "f:g", "1.5")).toBe("0");
    expect(await cmd(n, "INCRBYFLOAT", "f:h", "0x10")).toBe("16");
    expect(await cmd(n, "INCRBYFLOAT", "f:h", ".5")).toBe("16.5");
    const huge = await cmd(n, "INCRBYFLOAT", "f:i", "1e400"); // finite as a long double
    expect(String(huge)).toMatch(/^10{19}2818806839475865145864/);
    expect(String(huge)).toHaveLength(401);
  });

  it("INCRBYFLOAT errors and TTL", async () => {
    const n = node(N);
    await cmd(n, "SET", "f:t", "1", "EX", "100");
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "1.5")).toBe("2.5");
    expect(await cmd(n, "TTL", "f:t")).toBe(100);
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "abc")).toEqual({ error: "ERR value is not a valid float" });
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "1e")).toEqual({ error: "ERR value is not a valid float" });
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "nan")).toEqual({ error: "ERR value is not a valid float" });
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "1e5000")).toEqual({ error: "ERR value is not a valid float" });
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "inf")).toEqual({ error: "ERR increment would produce NaN or Infinity" });
    await cmd(n, "SET", "f:t", "abc");
    expect(await cmd(n, "INCRBYFLOAT", "f:t", "1")).toEqual({ error: "ERR value is not a valid float" });
  });
});

describe("replication effects", () => {
  const E = "strings-effects";

  it("relative expiries reach replicas as absolute times", async () => {
    let out = await withEffects(E, "SET", "e:a", "v", "EX", "10");
    expect(out.effects).toEqual([["SET", "e:a", "v", "PXAT", String(out.now + 10000)]]);
    out = await withEffects(E, "SET", "e:a", "v", "px", "500", "GET");
    expect(out.reply).toBe("v");
    expect(out.effects).toEqual([["SET", "e:a", "v", "PXAT", String(out.now + 500)]]);
    out = await withEffects(E, "SETEX", "e:b", "10", "v");
    expect(out.effects).toEqual([["SET", "e:b", "v", "PXAT", String(out.now + 10000)]]);
    out = await withEffects(E, "PSETEX", "e:b", "10", "v");
    expect(out.effects).toEqual([["SET", "e:b", "v", "PXAT", String(out.now + 10)]]);
    out = await withEffects(E, "GETEX", "e:a", "EX", "10");
    expect(out.effects).toEqual([["PEXPIREAT", "e:a", String(out.now + 10000)]]);
    out = await withEffects(E, "GETEX", "e:a", "PERSIST");
    expect(out.effects).toEqual([["PERSIST", "e:a"]]);
    out = await withEffects(E, "GETEX", "e:a", "PERSIST");
    expect(out.effects).toEqual([]);
    out = await withEffects(E, "GETEX", "e:a", "EXAT", "1");
    expect(out.effects).toEqual([["DEL", "e:a"]]);
  });

  it("rewrites GET-style and float commands to their effect", async () => {
    let out = await withEffects(E, "SET", "e:c", "v", "GET", "get");
    expect(out.effects).toEqual([["SET", "e:c", "v"]]);
    out = await withEffects(E, "SET", "e:c", "w", "NX", "GET");
    expect(out.effects).toEqual([]);
    out = await withEffects(E, "SET", "e:c", "x", "KEEPTTL");
    expect(out.effects).toEqual([["SET", "e:c", "x", "KEEPTTL"]]);
    out = await withEffects(E, "GETSET", "e:c", "y");
    expect(out.effects).toEqual([["SET", "e:c", "y"]]);
    out = await withEffects(E, "GETDEL", "e:c");
    expect(out.effects).toEqual([["DEL", "e:c"]]);
    out = await withEffects(E, "GETDEL", "e:c");
    expect(out.effects).toEqual([]);
    out = await withEffects(E, "INCRBYFLOAT", "e:f", "0.1");
    expect(out.effects).toEqual([["SET", "e:f", "0.1", "KEEPTTL"]]);
    out = await withEffects(E, "INCR", "e:i");
    expect(out.effects).toEqual([["INCR", "e:i"]]);
    out = await withEffects(E, "GET", "e:i");
    expect(out.effects).toEqual([]);
    out = await withEffects(E, "SETRANGE", "e:i", "0", "");
    expect(out.effects).toEqual([]);
  });

  it("a read that finds an expired key propagates its DEL", async () => {
    await withEffects(E, "SET", "e:exp", "v", "PX", "1");
    await sleep(20);
    const out = await withEffects(E, "GET", "e:exp");
    expect(out.reply).toBe(null);
    expect(out.effects).toEqual([["DEL", "e:exp"]]);
  });
});

describe("command table", () => {
  it("matches Redis 7.0's COMMAND INFO", async () => {
    const n = node(N);
    // The legacy fields here; tips and key specs (Redis's command metadata) are compared byte for
    // byte with a real redis-server by test/e2e/server-differential.test.ts.
    const rows = (await cmd(n, "COMMAND", "INFO", "set", "mset", "getrange")) as unknown[][];
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      ["set", -3, ["write", "denyoom"], 1, 1, 1, ["@write", "@string", "@slow"]],
      ["mset", -3, ["write", "denyoom"], 1, -1, 2, ["@write", "@string", "@slow"]],
      ["getrange", 4, ["readonly"], 1, 1, 1, ["@read", "@string", "@slow"]],
    ]);
    expect(rows.map((r) => (r[8] as unknown[]).length)).toEqual([1, 1, 1]);
  });
});
