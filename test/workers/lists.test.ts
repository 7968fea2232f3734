import { describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { cmd, node, raw, stubOf, type Plain } from "./helpers";
import type { RedisNode } from "../../src/node/node";

const WRONGTYPE = { error: "WRONGTYPE Operation against a key holding the wrong kind of value" };
const n = node("lists");

async function rpushMany(key: string, values: string[]): Promise<void> {
  for (let i = 0; i < values.length; i += 5000) await cmd(n, "RPUSH", key, ...values.slice(i, i + 5000));
}

const all = (key: string): Promise<Plain> => cmd(n, "LRANGE", key, 0, -1);

/** The key's type straight from the keyspace (null if absent): no dependency on TYPE/EXISTS. */
function typeOf(key: string): Promise<string | null> {
  return runInDurableObject(stubOf("lists"), (o: RedisNode) => o.db.meta(key)?.type ?? null);
}

/** Stores a string value directly, to test WRONGTYPE without depending on SET. */
function setString(key: string, value: string): Promise<void> {
  return runInDurableObject(stubOf("lists"), (o: RedisNode, state) => {
    state.storage.transactionSync(() => o.db.setString(key, value));
  });
}

describe("push and pop", () => {
  it("LPUSH/RPUSH return the new length and keep Redis's order", async () => {
    expect(await cmd(n, "RPUSH", "p1", "a", "b")).toBe(2);
    expect(await cmd(n, "LPUSH", "p1", "x", "y")).toBe(4);
    expect(await all("p1")).toEqual(["y", "x", "a", "b"]);
    expect(await cmd(n, "LLEN", "p1")).toBe(4);
    expect(await typeOf("p1")).toBe("list");
  });

  it("LPUSHX/RPUSHX only push onto an existing list", async () => {
    expect(await cmd(n, "LPUSHX", "px", "a")).toBe(0);
    expect(await cmd(n, "RPUSHX", "px", "a")).toBe(0);
    expect(await typeOf("px")).toBe(null);
    await cmd(n, "RPUSH", "px", "m");
    expect(await cmd(n, "LPUSHX", "px", "l1", "l2")).toBe(3);
    expect(await cmd(n, "RPUSHX", "px", "r1")).toBe(4);
    expect(await all("px")).toEqual(["l2", "l1", "m", "r1"]);
  });

  it("LPOP/RPOP without count reply one element or a null bulk", async () => {
    await cmd(n, "RPUSH", "pp", "a", "b", "c");
    expect(await cmd(n, "LPOP", "pp")).toBe("a");
    expect(await cmd(n, "RPOP", "pp")).toBe("c");
    expect(await raw(n, {}, "LPOP", "pp-missing")).toEqual({ t: "null" });
    expect(await raw(n, { resp: 3 }, "RPOP", "pp-missing")).toEqual({ t: "null" });
  });

  it("LPOP/RPOP with count reply arrays; count 0 and missing keys as Redis 7.0", async () => {
    await cmd(n, "RPUSH", "pc", "a", "b", "c", "d");
    expect(await cmd(n, "LPOP", "pc", 2)).toEqual(["a", "b"]);
    expect(await cmd(n, "RPOP", "pc", 0)).toEqual([]);
    expect(await cmd(n, "RPOP", "pc", 10)).toEqual(["d", "c"]);
    expect(await typeOf("pc")).toBe(null);
    expect(await raw(n, {}, "LPOP", "pc", "0")).toEqual({ t: "nullarray" });
    expect(await raw(n, {}, "LPOP", "pc", "3")).toEqual({ t: "nullarray" });
    expect(await cmd(n, "LPOP", "pc", -1)).toEqual({ error: "ERR value is out of range, must be positive" });
    expect(await cmd(n, "LPOP", "pc", "x")).toEqual({ error: "ERR value is out of range, must be positive" });
    expect(await cmd(n, "LPOP", "pc", 1, 2)).toEqual({ error: "ERR wrong number of arguments for 'lpop' command" });
  });

  it("deletes the key when its last element goes", async () => {
    await cmd(n, "RPUSH", "pd", "only");
    expect(await cmd(n, "RPOP", "pd")).toBe("only");
    expect(await typeOf("pd")).toBe(null);
    expect(await cmd(n, "LLEN", "pd")).toBe(0);
    expect(await cmd(n, "RPUSH", "pd", "again")).toBe(1);
  });

  it("keeps binary values intact", async () => {
    const bin = "\x00\xff\x80\r\n\x01";
    expect(await raw(n, {}, "RPUSH", "pbin", bin, "\xfe")).toEqual({ t: "int", v: 2 });
    expect(await raw(n, {}, "LINDEX", "pbin", "0")).toEqual({ t: "bulk", v: bin });
    expect(await raw(n, {}, "LPOS", "pbin", "\xfe")).toEqual({ t: "int", v: 1 });
    expect(await raw(n, {}, "LINSERT", "pbin", "AFTER", bin, "\x00")).toEqual({ t: "int", v: 3 });
    expect(await raw(n, {}, "LRANGE", "pbin", "0", "-1")).toEqual({
      t: "array", v: [{ t: "bulk", v: bin }, { t: "bulk", v: "\x00" }, { t: "bulk", v: "\xfe" }],
    });
    expect(await raw(n, {}, "LREM", "pbin", "0", "\x00")).toEqual({ t: "int", v: 1 });
  });
});

describe("reads", () => {
  it("LRANGE clamps and accepts negative indexes", async () => {
    await cmd(n, "RPUSH", "r1", "a", "b", "c", "d", "e");
    expect(await cmd(n, "LRANGE", "r1", 1, 2)).toEqual(["b", "c"]);
    expect(await cmd(n, "LRANGE", "r1", -2, -1)).toEqual(["d", "e"]);
    expect(await cmd(n, "LRANGE", "r1", -100, 100)).toEqual(["a", "b", "c", "d", "e"]);
    expect(await cmd(n, "LRANGE", "r1", 3, 1)).toEqual([]);
    expect(await cmd(n, "LRANGE", "r1", 5, 10)).toEqual([]);
    expect(await cmd(n, "LRANGE", "r1", 0, -6)).toEqual([]);
    expect(await cmd(n, "LRANGE", "r-missing", 0, -1)).toEqual([]);
    expect(await cmd(n, "LRANGE", "r1", "a", 1)).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("LINDEX reads from either end and replies null out of range", async () => {
    await cmd(n, "RPUSH", "r2", "a", "b", "c");
    expect(await cmd(n, "LINDEX", "r2", 0)).toBe("a");
    expect(await cmd(n, "LINDEX", "r2", 2)).toBe("c");
    expect(await cmd(n, "LINDEX", "r2", -1)).toBe("c");
    expect(await cmd(n, "LINDEX", "r2", -3)).toBe("a");
    expect(await cmd(n, "LINDEX", "r2", 3)).toBe(null);
    expect(await cmd(n, "LINDEX", "r2", -4)).toBe(null);
    expect(await cmd(n, "LINDEX", "r-missing", "x")).toBe(null);
    expect(await cmd(n, "LINDEX", "r2", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("LPOS supports RANK, COUNT and MAXLEN", async () => {
    await cmd(n, "RPUSH", "r3", "a", "b", "c", "a", "b", "c", "a");
    expect(await cmd(n, "LPOS", "r3", "a")).toBe(0);
    expect(await cmd(n, "LPOS", "r3", "c")).toBe(2);
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", 2)).toBe(3);
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", -1)).toBe(6);
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", 4)).toBe(null);
    expect(await cmd(n, "LPOS", "r3", "a", "COUNT", 0)).toEqual([0, 3, 6]);
    expect(await cmd(n, "LPOS", "r3", "a", "COUNT", 0, "RANK", -1)).toEqual([6, 3, 0]);
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", 2, "COUNT", 2)).toEqual([3, 6]);
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", -1, "COUNT", 2, "MAXLEN", 3)).toEqual([6]);
    expect(await cmd(n, "LPOS", "r3", "a", "MAXLEN", 3, "COUNT", 0)).toEqual([0]);
    expect(await cmd(n, "LPOS", "r3", "b", "MAXLEN", 1)).toBe(null);
    expect(await cmd(n, "LPOS", "r3", "z")).toBe(null);
    expect(await cmd(n, "LPOS", "r3", "z", "COUNT", 1)).toEqual([]);
    expect(await cmd(n, "LPOS", "r-missing", "a")).toBe(null);
    expect(await cmd(n, "LPOS", "r-missing", "a", "COUNT", 1)).toEqual([]);
  });

  it("LPOS rejects bad options with Redis's texts", async () => {
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", 0)).toEqual({
      error: "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
    });
    expect(await cmd(n, "LPOS", "r3", "a", "RANK", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await cmd(n, "LPOS", "r3", "a", "COUNT", -1)).toEqual({ error: "ERR COUNT can't be negative" });
    expect(await cmd(n, "LPOS", "r3", "a", "MAXLEN", "x")).toEqual({ error: "ERR MAXLEN can't be negative" });
    expect(await cmd(n, "LPOS", "r3", "a", "RANK")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "LPOS", "r3", "a", "FOO", 1)).toEqual({ error: "ERR syntax error" });
  });
});

describe("in-place edits", () => {
  it("LSET replaces by index and reports missing keys and bad indexes", async () => {
    await cmd(n, "RPUSH", "e1", "a", "b", "c");
    expect(await cmd(n, "LSET", "e1", 1, "B")).toBe("OK");
    expect(await cmd(n, "LSET", "e1", -1, "C")).toBe("OK");
    expect(await all("e1")).toEqual(["a", "B", "C"]);
    expect(await cmd(n, "LSET", "e1", 3, "x")).toEqual({ error: "ERR index out of range" });
    expect(await cmd(n, "LSET", "e1", -4, "x")).toEqual({ error: "ERR index out of range" });
    expect(await cmd(n, "LSET", "e-missing", 0, "x")).toEqual({ error: "ERR no such key" });
    expect(await cmd(n, "LSET", "e1", "x", "x")).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("LINSERT BEFORE/AFTER the first pivot", async () => {
    await cmd(n, "RPUSH", "e2", "a", "b", "a");
    expect(await cmd(n, "LINSERT", "e2", "BEFORE", "a", "x")).toBe(4);
    expect(await cmd(n, "LINSERT", "e2", "after", "a", "y")).toBe(5);
    expect(await cmd(n, "LINSERT", "e2", "AFTER", "b", "z")).toBe(6);
    expect(await all("e2")).toEqual(["x", "a", "y", "b", "z", "a"]);
    expect(await cmd(n, "LINSERT", "e2", "BEFORE", "nope", "q")).toBe(-1);
    expect(await cmd(n, "LINSERT", "e-missing", "BEFORE", "a", "q")).toBe(0);
    expect(await cmd(n, "LINSERT", "e2", "MIDDLE", "a", "q")).toEqual({ error: "ERR syntax error" });
  });

  it("LREM removes from the head, the tail or everywhere", async () => {
    await cmd(n, "RPUSH", "e3", "a", "b", "a", "c", "a", "b");
    expect(await cmd(n, "LREM", "e3", 1, "a")).toBe(1);
    expect(await all("e3")).toEqual(["b", "a", "c", "a", "b"]);
    expect(await cmd(n, "LREM", "e3", -1, "b")).toBe(1);
    expect(await all("e3")).toEqual(["b", "a", "c", "a"]);
    expect(await cmd(n, "LREM", "e3", 0, "a")).toBe(2);
    expect(await cmd(n, "LREM", "e3", 0, "zz")).toBe(0);
    expect(await all("e3")).toEqual(["b", "c"]);
    expect(await cmd(n, "LREM", "e3", 0, "b")).toBe(1);
    expect(await cmd(n, "LREM", "e3", 5, "c")).toBe(1);
    expect(await typeOf("e3")).toBe(null);
    expect(await cmd(n, "LREM", "e3", 0, "c")).toBe(0);
    expect(await cmd(n, "LREM", "e3", "x", "c")).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("LTRIM keeps a range and deletes the key when nothing is left", async () => {
    await cmd(n, "RPUSH", "e4", "a", "b", "c", "d", "e");
    expect(await cmd(n, "LTRIM", "e4", 1, -2)).toBe("OK");
    expect(await all("e4")).toEqual(["b", "c", "d"]);
    expect(await cmd(n, "LTRIM", "e4", 0, 100)).toBe("OK");
    expect(await all("e4")).toEqual(["b", "c", "d"]);
    expect(await cmd(n, "LTRIM", "e4", -1, -1)).toBe("OK");
    expect(await all("e4")).toEqual(["d"]);
    expect(await cmd(n, "LTRIM", "e4", 5, 10)).toBe("OK");
    expect(await typeOf("e4")).toBe(null);
    expect(await cmd(n, "LTRIM", "e-missing", 0, 1)).toBe("OK");
    expect(await cmd(n, "LTRIM", "e4", "a", 1)).toEqual({ error: "ERR value is not an integer or out of range" });
  });
});

describe("moves and multi-pops", () => {
  it("LMOVE moves between lists, rotates one list, and checks directions", async () => {
    await cmd(n, "RPUSH", "{m}1", "a", "b", "c");
    expect(await cmd(n, "LMOVE", "{m}1", "{m}2", "LEFT", "RIGHT")).toBe("a");
    expect(await cmd(n, "LMOVE", "{m}1", "{m}2", "right", "left")).toBe("c");
    expect(await all("{m}2")).toEqual(["c", "a"]);
    expect(await cmd(n, "LMOVE", "{m}2", "{m}2", "LEFT", "RIGHT")).toBe("c");
    expect(await all("{m}2")).toEqual(["a", "c"]);
    expect(await cmd(n, "LMOVE", "{m}1", "{m}1", "LEFT", "LEFT")).toBe("b");
    expect(await all("{m}1")).toEqual(["b"]);
    expect(await cmd(n, "LMOVE", "{m}1", "{m}2", "LEFT", "LEFT")).toBe("b");
    expect(await typeOf("{m}1")).toBe(null);
    expect(await cmd(n, "LMOVE", "{m}1", "{m}2", "LEFT", "LEFT")).toBe(null);
    expect(await cmd(n, "LMOVE", "{m}2", "{m}1", "UP", "LEFT")).toEqual({ error: "ERR syntax error" });
  });

  it("RPOPLPUSH moves the tail to the head", async () => {
    await cmd(n, "RPUSH", "{m}3", "a", "b");
    expect(await cmd(n, "RPOPLPUSH", "{m}3", "{m}4")).toBe("b");
    expect(await cmd(n, "RPOPLPUSH", "{m}3", "{m}3")).toBe("a");
    expect(await cmd(n, "RPOPLPUSH", "{m}-missing", "{m}4")).toBe(null);
    expect(await all("{m}4")).toEqual(["b"]);
  });

  it("LMPOP pops from the first non-empty list", async () => {
    await cmd(n, "RPUSH", "{m}5", "a", "b", "c");
    expect(await cmd(n, "LMPOP", 2, "{m}-missing", "{m}5", "LEFT")).toEqual(["{m}5", ["a"]]);
    expect(await cmd(n, "LMPOP", 2, "{m}-missing", "{m}5", "RIGHT", "COUNT", 5)).toEqual(["{m}5", ["c", "b"]]);
    expect(await typeOf("{m}5")).toBe(null);
    expect(await raw(n, {}, "LMPOP", "1", "{m}5", "LEFT")).toEqual({ t: "nullarray" });
  });

  it("LMPOP validates numkeys, direction and COUNT", async () => {
    const numkeys = { error: "ERR numkeys should be greater than 0" };
    expect(await cmd(n, "LMPOP", 0, "{m}5", "LEFT")).toEqual(numkeys);
    expect(await cmd(n, "LMPOP", "x", "{m}5", "LEFT")).toEqual(numkeys);
    expect(await cmd(n, "LMPOP", 3, "{m}a", "{m}b")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "LMPOP", 1, "{m}5", "MIDDLE")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "LMPOP", 1, "{m}5", "LEFT", "COUNT", 0)).toEqual({ error: "ERR count should be greater than 0" });
    expect(await cmd(n, "LMPOP", 1, "{m}5", "LEFT", "COUNT", 1, "COUNT", 1)).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "LMPOP", 1, "{m}5", "LEFT", "FOO")).toEqual({ error: "ERR syntax error" });
  });
});

describe("types", () => {
  it("every list command replies WRONGTYPE on another type", async () => {
    await setString("{m}str", "v");
    const calls: (string | number)[][] = [
      ["LPUSH", "{m}str", "a"], ["RPUSH", "{m}str", "a"], ["LPUSHX", "{m}str", "a"], ["RPUSHX", "{m}str", "a"],
      ["LPOP", "{m}str"], ["RPOP", "{m}str", 2], ["LLEN", "{m}str"], ["LRANGE", "{m}str", 0, -1], ["LINDEX", "{m}str", 0],
      ["LSET", "{m}str", 0, "a"], ["LINSERT", "{m}str", "BEFORE", "a", "b"], ["LREM", "{m}str", 0, "a"],
      ["LTRIM", "{m}str", 0, 1], ["LPOS", "{m}str", "a"], ["LMOVE", "{m}str", "{m}dst", "LEFT", "LEFT"],
      ["RPOPLPUSH", "{m}str", "{m}dst"], ["LMPOP", 1, "{m}str", "LEFT"], ["BLPOP", "{m}str", 0.01], ["BRPOP", "{m}str", 0.01],
      ["BLMOVE", "{m}str", "{m}dst", "LEFT", "LEFT", 0.01], ["BRPOPLPUSH", "{m}str", "{m}dst", 0.01],
      ["BLMPOP", 0.01, 1, "{m}str", "LEFT"],
    ];
    for (const c of calls) expect([c[0], await cmd(n, ...c)]).toEqual([c[0], WRONGTYPE]);
    expect(await typeOf("{m}str")).toBe("string");
  });

  it("LMOVE checks the destination's type before popping", async () => {
    await cmd(n, "RPUSH", "{m}src", "a");
    expect(await cmd(n, "LMOVE", "{m}src", "{m}str", "LEFT", "LEFT")).toEqual(WRONGTYPE);
    expect(await cmd(n, "RPOPLPUSH", "{m}src", "{m}str")).toEqual(WRONGTYPE);
    expect(await all("{m}src")).toEqual(["a"]);
  });
});

describe("large lists", () => {
  const values = Array.from({ length: 2000 }, (_, i) => `v${i % 500}`);

  it("LINSERT on a 2k-element list, repeatedly at the same spot", async () => {
    await rpushMany("big1", values);
    const model = [...values];
    for (let i = 0; i < 40; i++) {
      const before = i % 2 === 0;
      const pivot = `v${(i * 37) % 500}`;
      const at = model.indexOf(pivot);
      model.splice(before ? at : at + 1, 0, `new${i}`);
      expect(await cmd(n, "LINSERT", "big1", before ? "BEFORE" : "AFTER", pivot, `new${i}`)).toBe(model.length);
    }
    // The same pivot every time: neighbours are always adjacent, forcing renumbering.
    for (let i = 0; i < 20; i++) {
      model.splice(model.indexOf("v250") + 1, 0, `again${i}`);
      await cmd(n, "LINSERT", "big1", "AFTER", "v250", `again${i}`);
    }
    expect(await all("big1")).toEqual(model);
    expect(await cmd(n, "LLEN", "big1")).toBe(model.length);
    expect(await cmd(n, "LINDEX", "big1", 1500)).toBe(model[1500]);
    expect(await cmd(n, "LINDEX", "big1", -700)).toBe(model[model.length - 700]);
  });

  it("LREM and LTRIM on a 2k-element list", async () => {
    await rpushMany("big2", values);
    let model = [...values];
    expect(await cmd(n, "LREM", "big2", 2, "v7")).toBe(2);
    model.splice(model.indexOf("v7"), 1);
    model.splice(model.indexOf("v7"), 1);
    expect(await cmd(n, "LREM", "big2", -1, "v9")).toBe(1);
    model.splice(model.lastIndexOf("v9"), 1);
    expect(await cmd(n, "LREM", "big2", 0, "v11")).toBe(4);
    model = model.filter((v) => v !== "v11");
    expect(await all("big2")).toEqual(model);
    expect(await cmd(n, "LINSERT", "big2", "BEFORE", "v12", "gap")).toBe(model.length + 1);
    model.splice(model.indexOf("v12"), 0, "gap");
    expect(await cmd(n, "LTRIM", "big2", 100, -101)).toBe("OK");
    model = model.slice(100, model.length - 100);
    expect(await all("big2")).toEqual(model);
    expect(await cmd(n, "LRANGE", "big2", -5, -1)).toEqual(model.slice(-5));
    expect(await cmd(n, "LSET", "big2", 900, "set")).toBe("OK");
    model[900] = "set";
    expect(await cmd(n, "LPOS", "big2", "set")).toBe(900);
    expect(await cmd(n, "LPOS", "big2", "v100", "COUNT", 0)).toEqual(
      model.flatMap((v, i) => (v === "v100" ? [i] : [])),
    );
  });

  it("LRANGE 0 99 of a 20k-element list reads only what it returns", async () => {
    const many = Array.from({ length: 20000 }, (_, i) => `e${i}`);
    await rpushMany("big3", many);
    expect(await cmd(n, "LLEN", "big3")).toBe(20000);
    const rowsRead = await runInDurableObject(stubOf("lists"), async (o: RedisNode) => {
      const db = o.db as unknown as { sql: SqlStorage };
      const real = db.sql;
      const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
      db.sql = {
        exec: (query: string, ...params: unknown[]) => {
          const c = real.exec(query, ...params);
          cursors.push(c);
          return c;
        },
      } as unknown as SqlStorage;
      try {
        const [head] = await o.execute([["LRANGE", "big3", "0", "99"]], { resp: 2 });
        const [tail] = await o.execute([["LRANGE", "big3", "-100", "-1"]], { resp: 2 });
        const [mid] = await o.execute([["LINDEX", "big3", "-3"]], { resp: 2 });
        expect(head).toEqual({ t: "array", v: many.slice(0, 100).map((v) => ({ t: "bulk", v })) });
        expect(tail).toEqual({ t: "array", v: many.slice(-100).map((v) => ({ t: "bulk", v })) });
        expect(mid).toEqual({ t: "bulk", v: "e19997" });
      } finally {
        db.sql = real;
      }
      return cursors.reduce((sum, c) => sum + c.rowsRead, 0);
    });
    expect(rowsRead).toBeLessThan(1000);
  });
});
