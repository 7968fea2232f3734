/**
 * Sorted sets: ZPOPMIN/ZPOPMAX, BZPOPMIN/BZPOPMAX, ZMPOP/BZMPOP, ZRANDMEMBER, replication effects.
 * Expected replies were recorded from a real Redis 7.0.15 (tables below: command, reply).
 */
import { describe, expect, it } from "vitest";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { cmd, node, plain, raw, stubOf, type Plain } from "./helpers";
import { replyTables } from "./collection-helpers";
import type { RedisNode } from "../../src/node/node";
import { fromText } from "../../src/resp/bytes";
import { dispatch } from "../../src/node/dispatch";

const expectReplies = replyTables("zsets-pop");

describe("zsets-pop", () => {
  it("ZPOPMIN and ZPOPMAX, with and without a count", async () => {
    await expectReplies(2, [
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZPOPMIN", "{p}z"], ["a", "1"]],
      [["ZPOPMAX", "{p}z"], ["d", "3"]],
      [["ZPOPMIN", "{p}z", "0"], []],
      [["ZPOPMAX", "{p}z", "1"], ["c", "2"]],
      [["ZPOPMIN", "{p}z", "10"], ["b", "2"]],
      [["!EXISTS", "{p}z"], 0],
      [["ZPOPMIN", "{p}z"], []],
      [["ZPOPMAX", "{p}z", "3"], []],
      [["ZPOPMIN", "{p}z", "0"], []],
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZPOPMIN", "{p}z", "2"], ["a", "1", "b", "2"]],
      [["ZPOPMAX", "{p}z", "-1"], { error: "ERR value is out of range, must be positive" }],
      [["ZPOPMIN", "{p}z", "x"], { error: "ERR value is out of range, must be positive" }],
      [["ZPOPMIN", "{p}z", "1", "2"], { error: "ERR syntax error" }],
      [["!SET", "{p}s", "x"], "OK"],
      [["ZPOPMIN", "{p}s"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZPOPMAX", "{p}s", "0"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZPOPMIN", "{p}s", "-1"], { error: "ERR value is out of range, must be positive" }],
    ]);
  });

  it("BZPOPMIN and BZPOPMAX serve the first non-empty key at once", async () => {
    await expectReplies(2, [
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZADD", "{p}y", "5", "e"], 1],
      [["BZPOPMIN", "{p}nokey", "{p}z", "{p}y", "0"], ["{p}z", "a", "1"]],
      [["BZPOPMAX", "{p}y", "{p}z", "1"], ["{p}y", "e", "5"]],
      [["BZPOPMAX", "{p}nokey", "{p}y", "{p}z", "0.5"], ["{p}z", "d", "3"]],
      [["!SET", "{p}s", "x"], "OK"],
      [["BZPOPMIN", "{p}nokey", "{p}s", "{p}z", "0"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["BZPOPMIN", "{p}z", "{p}s", "0"], ["{p}z", "b", "2"]],
      [["BZPOPMIN", "{p}z", "x"], { error: "ERR timeout is not a float or out of range" }],
      [["BZPOPMIN", "{p}z", "-1"], { error: "ERR timeout is negative" }],
      [["BZPOPMIN", "{p}z", "inf"], { error: "ERR timeout is negative" }],
      [["BZPOPMIN", "{p}z", "1e16"], { error: "ERR timeout is negative" }],
      [["BZPOPMIN", "{p}z", " 1"], { error: "ERR timeout is not a float or out of range" }],
      [["BZPOPMIN", "{p}z", "0x1p-1"], ["{p}z", "c", "2"]],
      [["BZPOPMIN", "{p}z"], { error: "ERR wrong number of arguments for 'bzpopmin' command" }],
    ]);
  });

  it("ZMPOP pops from the first non-empty key", async () => {
    await expectReplies(2, [
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZADD", "{p}y", "5", "e", "6", "f"], 2],
      [["ZMPOP", "2", "{p}nokey", "{p}y", "MIN"], ["{p}y", [["e", "5"]]]],
      [["ZMPOP", "2", "{p}y", "{p}z", "max", "COUNT", "5"], ["{p}y", [["f", "6"]]]],
      [["ZMPOP", "1", "{p}z", "MAX", "COUNT", "2"], ["{p}z", [["d", "3"], ["c", "2"]]]],
      [["ZMPOP", "1", "{p}z", "MIN", "COUNT", "10"], ["{p}z", [["a", "1"], ["b", "2"]]]],
      [["!EXISTS", "{p}z"], 0],
      [["ZMPOP", "2", "{p}z", "{p}y", "MIN"], null],
      [["!SET", "{p}s", "x"], "OK"],
      [["ZMPOP", "2", "{p}nokey", "{p}s", "MIN"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
    ]);
  });

  it("ZMPOP and BZMPOP argument errors", async () => {
    await expectReplies(2, [
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZMPOP", "0", "{p}z", "MIN"], { error: "ERR numkeys should be greater than 0" }],
      [["ZMPOP", "x", "{p}z", "MIN"], { error: "ERR numkeys should be greater than 0" }],
      [["ZMPOP", "-1", "{p}z", "MIN"], { error: "ERR numkeys should be greater than 0" }],
      [["ZMPOP", "2", "{p}z", "{p}y"], { error: "ERR syntax error" }],
      [["ZMPOP", "1", "{p}z", "MID"], { error: "ERR syntax error" }],
      [["ZMPOP", "1", "{p}z", "MIN", "COUNT"], { error: "ERR syntax error" }],
      [["ZMPOP", "1", "{p}z", "MIN", "COUNT", "0"], { error: "ERR count should be greater than 0" }],
      [["ZMPOP", "1", "{p}z", "MIN", "COUNT", "-1"], { error: "ERR count should be greater than 0" }],
      [["ZMPOP", "1", "{p}z", "MIN", "COUNT", "x"], { error: "ERR count should be greater than 0" }],
      [["ZMPOP", "1", "{p}z", "MIN", "COUNT", "1", "COUNT", "1"], { error: "ERR syntax error" }],
      [["ZMPOP", "1", "{p}z", "MIN", "FOO"], { error: "ERR syntax error" }],
      [["ZMPOP", "1", "{p}z"], { error: "ERR wrong number of arguments for 'zmpop' command" }],
      [["BZMPOP", "x", "0", "{p}z", "MIN"], { error: "ERR numkeys should be greater than 0" }],
      [["BZMPOP", "x", "1", "{p}z", "MIN"], { error: "ERR timeout is not a float or out of range" }],
      [["BZMPOP", "-1", "1", "{p}z", "MIN"], { error: "ERR timeout is negative" }],
      [["BZMPOP", "0", "1", "{p}z", "MIN", "COUNT", "0"], { error: "ERR count should be greater than 0" }],
      [["BZMPOP", "0", "1", "{p}z", "LEFT"], { error: "ERR syntax error" }],
      [["BZMPOP", "0", "1", "{p}z", "MAX", "COUNT", "2"], ["{p}z", [["d", "3"], ["c", "2"]]]],
      [["BZMPOP", "0.01", "2", "{p}nokey", "{p}z", "MIN"], ["{p}z", [["a", "1"]]]],
      [["ZCARD", "{p}z"], 1],
    ]);
  });

  it("RESP3 pop shapes", async () => {
    await expectReplies(3, [
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZADD", "{p}y", "1.5", "x", "2.5", "y"], 2],
      [["ZPOPMIN", "{p}z"], ["a", 1]],
      [["ZPOPMIN", "{p}z", "1"], [["b", 2]]],
      [["ZPOPMAX", "{p}z", "5"], [["d", 3], ["c", 2]]],
      [["ZPOPMIN", "{p}z"], []],
      [["ZPOPMIN", "{p}z", "1"], []],
      [["BZPOPMIN", "{p}y", "0"], ["{p}y", "x", 1.5]],
      [["ZMPOP", "1", "{p}y", "MAX"], ["{p}y", [["y", 2.5]]]],
      [["ZMPOP", "1", "{p}y", "MAX"], null],
      [["ZADD", "{p}z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["BZMPOP", "0", "1", "{p}z", "MIN", "COUNT", "2"], ["{p}z", [["a", 1], ["b", 2]]]],
    ]);
  });

  it("ZRANDMEMBER argument rules", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1", "a"], 1],
      [["ZRANDMEMBER", "z"], "a"],
      [["ZRANDMEMBER", "z", "1"], ["a"]],
      [["ZRANDMEMBER", "z", "1", "WITHSCORES"], ["a", "1"]],
      [["ZRANDMEMBER", "z", "-2"], ["a", "a"]],
      [["ZRANDMEMBER", "z", "-2", "WITHSCORES"], ["a", "1", "a", "1"]],
      [["ZRANDMEMBER", "z", "0"], []],
      [["ZRANDMEMBER", "z", "5", "withscores"], ["a", "1"]],
      [["ZRANDMEMBER", "nokey"], null],
      [["ZRANDMEMBER", "nokey", "3"], []],
      [["ZRANDMEMBER", "nokey", "-3", "WITHSCORES"], []],
      [["ZRANDMEMBER", "z", "x"], { error: "ERR value is not an integer or out of range" }],
      [["ZRANDMEMBER", "z", "1", "WITHSCORE"], { error: "ERR syntax error" }],
      [["ZRANDMEMBER", "z", "1", "WITHSCORES", "x"], { error: "ERR syntax error" }],
      [["ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"], { error: "ERR value is out of range" }],
      [["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"], { error: "ERR value is out of range" }],
      [["ZRANDMEMBER", "nokey", "4611686018427387904", "WITHSCORES"], { error: "ERR value is out of range" }],
      [["ZRANDMEMBER", "nokey", "x"], { error: "ERR value is not an integer or out of range" }],
      [["ZRANDMEMBER", "z", "-9223372036854775808"],
        { error: "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807" }],
      [["!SET", "s", "x"], "OK"],
      [["ZRANDMEMBER", "s"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANDMEMBER", "s", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANDMEMBER", "s", "0"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANDMEMBER", "s", "x"], { error: "ERR value is not an integer or out of range" }],
      [["ZADD", "w", "1", "a", "2", "b", "3", "c"], 3],
      [["ZRANDMEMBER", "w", "3", "WITHSCORES"], ["c", "3", "b", "2", "a", "1"]],
      [["ZRANDMEMBER", "w", "10"], ["c", "b", "a"]],
    ]);
  });

  it("RESP3 ZRANDMEMBER shapes", async () => {
    await expectReplies(3, [
      [["ZADD", "z", "1.5", "a"], 1],
      [["ZRANDMEMBER", "z", "1", "WITHSCORES"], [["a", 1.5]]],
      [["ZRANDMEMBER", "z", "-2", "WITHSCORES"], [["a", 1.5], ["a", 1.5]]],
      [["ZRANDMEMBER", "z", "-2"], ["a", "a"]],
      [["ZRANDMEMBER", "z"], "a"],
      [["ZRANDMEMBER", "nokey"], null],
    ]);
  });

  describe("blocking", () => {
    const BLOCKING = { resp: 2 as const, canBlock: true };

    it("BZPOPMIN waits until a key gets a member, then pops it", async () => {
      const n = node("zsets-pop-block-1");
      const waiting = n.execute([["BZPOPMIN", "{b}x", "{b}y", "0"]], BLOCKING);
      await new Promise((r) => setTimeout(r, 30));
      expect(await cmd(n, "ZADD", "{b}y", "2", "m", "1", "n")).toBe(2);
      expect((await waiting).map(plain)).toEqual([["{b}y", "n", "1"]]);
      expect(await cmd(n, "ZRANGE", "{b}y", "0", "-1")).toEqual(["m"]);
    });

    it("BZMPOP waits and serves COUNT members", async () => {
      const n = node("zsets-pop-block-2");
      const waiting = n.execute([["BZMPOP", "5", "2", "{b}x", "{b}y", "MAX", "COUNT", "2"]], BLOCKING);
      await new Promise((r) => setTimeout(r, 30));
      expect(await cmd(n, "ZADD", "{b}x", "1", "a", "2", "b", "3", "c")).toBe(3);
      expect((await waiting).map(plain)).toEqual([["{b}x", [["c", "3"], ["b", "2"]]]]);
    });

    it("a blocked pop times out with a null array", async () => {
      const n = node("zsets-pop-block-3");
      const started = Date.now();
      expect(await n.execute([["BZPOPMAX", "{b}x", "0.05"]], BLOCKING)).toEqual([{ t: "nullarray" }]);
      expect(await n.execute([["BZMPOP", "0.05", "1", "{b}x", "MIN"]], BLOCKING)).toEqual([{ t: "nullarray" }]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    });

    it("where the connection cannot block, an empty pop replies the timeout reply at once", async () => {
      const n = node("zsets-pop-block-4");
      expect(await raw(n, {}, "BZPOPMIN", "{b}x", "0")).toEqual({ t: "nullarray" });
      expect(await raw(n, {}, "BZMPOP", "0", "1", "{b}x", "MIN")).toEqual({ t: "nullarray" });
      expect(await raw(n, {}, "ZMPOP", "1", "{b}x", "MIN")).toEqual({ t: "nullarray" });
      expect(await raw(n, {}, "ZPOPMIN", "{b}x")).toEqual({ t: "array", v: [] });
    });
  });

  describe("replication", () => {
    const name = "zsets-pop-effects";

    /** Runs one command through the dispatcher and returns its reply and replication effects. */
    function effectsOf(...args: string[]): Promise<{ reply: Plain; effects: string[][] }> {
      return runInDurableObject(stubOf(name), (o: RedisNode, state) => {
        const out = dispatch(args.map(fromText), {
          db: o.db, sql: state.storage, now: Date.now(), rand: Math.random, conn: { resp: 2 }, gate: () => null,
        });
        return { reply: out.reply.t === "block" ? "(blocks)" : plain(out.reply), effects: out.effects };
      });
    }

    it("writes propagate as themselves, pops from blocking and multi-key forms as ZPOPMIN/ZPOPMAX", async () => {
      const cases: [string[], Plain, string[][]][] = [
        [["ZADD", "{r}z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"], 5, [["ZADD", "{r}z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"]]],
        [["ZADD", "{r}z", "1", "a"], 0, []],
        [["ZADD", "{r}z", "XX", "1", "nope"], 0, []],
        [["ZINCRBY", "{r}z", "0.5", "a"], "1.5", [["ZINCRBY", "{r}z", "0.5", "a"]]],
        [["ZADD", "{r}z", "INCR", "0.5", "a"], "2", [["ZADD", "{r}z", "INCR", "0.5", "a"]]],
        [["ZREM", "{r}z", "nope"], 0, []],
        [["ZPOPMIN", "{r}z"], ["a", "2"], [["ZPOPMIN", "{r}z"]]],
        [["BZPOPMIN", "{r}none", "{r}z", "0"], ["{r}z", "b", "2"], [["ZPOPMIN", "{r}z"]]],
        [["BZPOPMAX", "{r}z", "0"], ["{r}z", "e", "5"], [["ZPOPMAX", "{r}z"]]],
        [["ZMPOP", "2", "{r}none", "{r}z", "MAX", "COUNT", "9"], ["{r}z", [["d", "4"], ["c", "3"]]], [["ZPOPMAX", "{r}z", "9"]]],
        [["BZPOPMIN", "{r}z", "0"], "(blocks)", []],
        [["ZADD", "{r}z", "1", "a"], 1, [["ZADD", "{r}z", "1", "a"]]],
        [["BZMPOP", "0", "1", "{r}z", "MIN"], ["{r}z", [["a", "1"]]], [["ZPOPMIN", "{r}z", "1"]]],
        [["ZRANDMEMBER", "{r}z", "-5"], [], []],
        [["ZUNIONSTORE", "{r}d", "1", "{r}none"], 0, []],
        [["ZADD", "{r}z", "1", "a"], 1, [["ZADD", "{r}z", "1", "a"]]],
        [["ZRANDMEMBER", "{r}z", "-2"], ["a", "a"], []],
        [["ZREMRANGEBYSCORE", "{r}z", "5", "6"], 0, []],
        [["ZREMRANGEBYSCORE", "{r}z", "-inf", "+inf"], 1, [["ZREMRANGEBYSCORE", "{r}z", "-inf", "+inf"]]],
      ];
      for (const [args, reply, effects] of cases) {
        expect(await effectsOf(...args), args.join(" ")).toEqual({ reply, effects });
      }
    });
  });

  describe("ZRANDMEMBER sampling", () => {
    const name = "zsets-pop-rand";
    const members = Array.from({ length: 20 }, (_, i) => `m${i}`);

    it("positive counts give distinct members, negative ones may repeat", async () => {
      const n = node(name);
      await cmd(n, "ZADD", "z", ...members.flatMap((m, i) => [String(i), m]));
      const five = (await cmd(n, "ZRANDMEMBER", "z", "5")) as string[];
      expect(five).toHaveLength(5);
      expect(new Set(five).size).toBe(5);
      for (const m of five) expect(members).toContain(m);
      const many = (await cmd(n, "ZRANDMEMBER", "z", "-50")) as string[];
      expect(many).toHaveLength(50);
      for (const m of many) expect(members).toContain(m);
      const nineteen = (await cmd(n, "ZRANDMEMBER", "z", "19", "WITHSCORES")) as string[];
      expect(nineteen).toHaveLength(38);
      const picked = new Set<string>();
      for (let i = 0; i < nineteen.length; i += 2) {
        picked.add(nineteen[i]!);
        expect(nineteen[i + 1]).toBe(String(members.indexOf(nineteen[i]!)));
      }
      expect(picked.size).toBe(19);
      const seen = new Set<Plain>();
      for (let i = 0; i < 30; i++) seen.add(await cmd(n, "ZRANDMEMBER", "z"));
      expect(seen.size).toBeGreaterThan(1);
      for (const m of seen) expect(members).toContain(m);
    });

    it("RESP3 pairs carry double scores", async () => {
      const n = node(name);
      const pairs = plain(await raw(n, { resp: 3 }, "ZRANDMEMBER", "z", "3", "WITHSCORES")) as [string, number][];
      expect(pairs).toHaveLength(3);
      for (const [m, s] of pairs) expect(s).toBe(members.indexOf(m));
    });
  });

  it("popped-out keys stay gone after the object restarts", async () => {
    const n = node("zsets-pop-evict");
    await cmd(n, "ZADD", "z", "1", "a");
    expect(await cmd(n, "ZPOPMIN", "z")).toEqual(["a", "1"]);
    await evictDurableObject(stubOf("zsets-pop-evict"));
    expect(await cmd(n, "ZCARD", "z")).toBe(0);
    expect(await cmd(n, "ZADD", "z", "2", "b")).toBe(1);
    expect(await cmd(n, "ZRANGE", "z", "0", "-1", "WITHSCORES")).toEqual(["b", "2"]);
  });
});
