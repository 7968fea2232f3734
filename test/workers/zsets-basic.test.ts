/**
 * Sorted sets: ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZCARD, ZRANK, score formatting, WRONGTYPE.
 * Expected replies were recorded from a real Redis 7.0.15 (tables below: command, reply).
 */
import { describe, expect, it } from "vitest";
import { cmd, node, raw, type Plain } from "./helpers";
import { replyTables } from "./collection-helpers";

const expectReplies = replyTables("zsets-basic");

describe("zsets-basic", () => {
  it("ZADD adds members, counts only new ones, and updates scores", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1", "a", "2", "b"], 2],
      [["ZADD", "z", "3", "a", "4", "c"], 1],
      [["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["b", "2", "a", "3", "c", "4"]],
      [["ZADD", "z", "5", "d", "6", "d"], 1],
      [["ZSCORE", "z", "d"], "6"],
      [["ZCARD", "z"], 4],
      [["ZCARD", "nokey"], 0],
      [["!TYPE", "z"], "zset"],
    ]);
  });

  it("ZADD NX, XX, GT, LT and CH", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "10", "a"], 1],
      [["ZADD", "z", "NX", "20", "a", "1", "b"], 1],
      [["ZSCORE", "z", "a"], "10"],
      [["ZADD", "z", "XX", "30", "a", "1", "c"], 0],
      [["ZSCORE", "z", "a"], "30"],
      [["ZSCORE", "z", "c"], null],
      [["ZADD", "z", "XX", "CH", "31", "a", "1", "b"], 1],
      [["ZADD", "z", "CH", "31", "a", "2", "b", "3", "c"], 2],
      [["ZADD", "z", "GT", "CH", "5", "a", "40", "b"], 1],
      [["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["c", "3", "a", "31", "b", "40"]],
      [["ZADD", "z", "LT", "CH", "100", "a", "1", "b", "7", "d"], 2],
      [["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["b", "1", "c", "3", "d", "7", "a", "31"]],
      [["ZADD", "z", "GT", "XX", "CH", "50", "a", "50", "e"], 1],
      [["ZADD", "z", "nx", "ch", "1", "a", "1", "f"], 1],
      [["ZADD", "nokey", "XX", "1", "a"], 0],
      [["!EXISTS", "nokey"], 0],
      [["ZADD", "nokey", "XX", "INCR", "1", "a"], null],
      [["!EXISTS", "nokey"], 0],
    ]);
  });

  it("ZADD INCR replies the new score, or nil when a condition refuses it", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "INCR", "1.5", "a"], "1.5"],
      [["ZADD", "z", "INCR", "1.5", "a"], "3"],
      [["ZADD", "z", "NX", "INCR", "1", "a"], null],
      [["ZADD", "z", "XX", "INCR", "1", "b"], null],
      [["ZADD", "z", "GT", "INCR", "-1", "a"], null],
      [["ZADD", "z", "LT", "INCR", "-1", "a"], "2"],
      [["ZADD", "z", "GT", "INCR", "0", "a"], null],
      [["ZADD", "z", "INCR", "0", "a"], "2"],
      [["ZADD", "z", "INCR", "-inf", "a"], "-inf"],
      [["ZADD", "z", "INCR", "+inf", "a"], { error: "ERR resulting score is not a number (NaN)" }],
      [["ZSCORE", "z", "a"], "-inf"],
      [["ZADD", "z", "CH", "INCR", "1", "c"], "1"],
    ]);
  });

  it("ZADD option and argument errors", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1"], { error: "ERR wrong number of arguments for 'zadd' command" }],
      [["ZADD", "z", "NX", "1"], { error: "ERR syntax error" }],
      [["ZADD", "z", "1", "a", "2"], { error: "ERR syntax error" }],
      [["ZADD", "z", "NX", "XX", "1", "a"], { error: "ERR XX and NX options at the same time are not compatible" }],
      [["ZADD", "z", "GT", "LT", "1", "a"], { error: "ERR GT, LT, and/or NX options at the same time are not compatible" }],
      [["ZADD", "z", "GT", "NX", "1", "a"], { error: "ERR GT, LT, and/or NX options at the same time are not compatible" }],
      [["ZADD", "z", "LT", "NX", "1", "a"], { error: "ERR GT, LT, and/or NX options at the same time are not compatible" }],
      [["ZADD", "z", "INCR", "1", "a", "2", "b"], { error: "ERR INCR option supports a single increment-element pair" }],
      [["ZADD", "z", "x", "a"], { error: "ERR value is not a valid float" }],
      [["ZADD", "z", "nan", "a"], { error: "ERR value is not a valid float" }],
      [["ZADD", "z", " 1", "a"], { error: "ERR value is not a valid float" }],
      [["ZADD", "z", "1 ", "a"], { error: "ERR value is not a valid float" }],
      [["ZADD", "z", "", "a"], { error: "ERR value is not a valid float" }],
      [["ZADD", "z", "1e400", "a"], { error: "ERR value is not a valid float" }],
      [["ZADD", "z", "1", "a", "x", "b"], { error: "ERR value is not a valid float" }],
      [["!EXISTS", "z"], 0],
      [["ZADD", "z", "NX", "XX", "GT", "1", "a"], { error: "ERR XX and NX options at the same time are not compatible" }],
      [["ZADD", "z", "FOO", "1", "a"], { error: "ERR syntax error" }],
    ]);
  });

  it("ZADD accepts what strtod accepts: exponents, hex, inf", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1e3", "a", "0x10", "b", "-Infinity", "c", ".5", "d", "+2.", "e", "-0x1.8p1", "f", "1E-2", "g"], 7],
      [["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["c", "-inf", "f", "-3", "g", "0.01", "d", "0.5", "e", "2", "b", "16", "a", "1000"]],
    ]);
  });

  it("ZINCRBY increments, creates, and refuses NaN", async () => {
    await expectReplies(2, [
      [["ZINCRBY", "z", "2", "a"], "2"],
      [["ZINCRBY", "z", "0.1", "a"], "2.1000000000000001"],
      [["ZINCRBY", "z", "-2.1", "a"], "0"],
      [["ZINCRBY", "z", "inf", "b"], "inf"],
      [["ZINCRBY", "z", "-inf", "b"], { error: "ERR resulting score is not a number (NaN)" }],
      [["ZSCORE", "z", "b"], "inf"],
      [["ZINCRBY", "z", "x", "a"], { error: "ERR value is not a valid float" }],
      [["ZINCRBY", "z", "nx", "a"], { error: "ERR syntax error" }],
      [["ZINCRBY", "z", "1e308", "c"], "1e+308"],
      [["ZINCRBY", "z", "1e308", "c"], "inf"],
      [["ZINCRBY", "z", "1e308", "c"], "inf"],
    ]);
  });

  it("scores are formatted like Redis 7.0 (%.17g)", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1", "a", "1.5", "b", "0.1", "c", "inf", "d", "-inf", "e", "-0", "f", "1e20", "g", "1e17", "h", "123456789012345678", "i", "0.0001", "j", "0.00001", "k", "3.14159265358979", "l", "-2.5e-10", "m", "1e16", "n"], 14],
      [["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["e", "-inf", "m", "-2.5000000000000002e-10", "f", "0", "k", "1.0000000000000001e-05", "j", "0.0001", "c", "0.10000000000000001", "a", "1", "b", "1.5", "l", "3.14159265358979", "n", "10000000000000000", "h", "1e+17", "i", "1.2345678901234568e+17", "g", "1e+20", "d", "inf"]],
      [["ZSCORE", "z", "c"], "0.10000000000000001"],
      [["ZMSCORE", "z", "a", "nope", "d", "e"], ["1", null, "inf", "-inf"]],
      [["ZINCRBY", "z", "0.2", "c"], "0.30000000000000004"],
      [["ZADD", "y", "INCR", "-0", "a"], "-0"],
      [["ZSCORE", "y", "a"], "0"],
    ]);
  });

  it("ZREM removes members and deletes the emptied key", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1", "a", "2", "b", "3", "c"], 3],
      [["ZREM", "z", "a", "x"], 1],
      [["ZREM", "z", "nope"], 0],
      [["ZREM", "nokey", "a"], 0],
      [["ZREM", "z", "b", "c", "b"], 2],
      [["!EXISTS", "z"], 0],
      [["ZCARD", "z"], 0],
    ]);
  });

  it("ZSCORE and ZMSCORE", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1.5", "a", "-3", "b"], 2],
      [["ZSCORE", "z", "a"], "1.5"],
      [["ZSCORE", "z", "x"], null],
      [["ZSCORE", "nokey", "a"], null],
      [["ZMSCORE", "z", "a", "x", "b"], ["1.5", null, "-3"]],
      [["ZMSCORE", "nokey", "a", "b"], [null, null]],
    ]);
  });

  it("ZRANK and ZREVRANK, with WITHSCORE", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1", "a", "2", "b", "2", "c", "3", "d"], 4],
      [["ZRANK", "z", "a"], 0],
      [["ZRANK", "z", "c"], 2],
      [["ZREVRANK", "z", "a"], 3],
      [["ZREVRANK", "z", "b"], 2],
      [["ZRANK", "z", "x"], null],
      [["ZRANK", "nokey", "a"], null],
      [["ZREVRANK", "nokey", "a"], null],
      [["ZRANK", "z", "a", "b", "c"], { error: "ERR wrong number of arguments for 'zrank' command" }],
    ]);
  });

  it("WRONGTYPE on a string key for every point command", async () => {
    await expectReplies(2, [
      [["!SET", "str", "x"], "OK"],
      [["ZADD", "str", "1", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZADD", "str", "XX", "1", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZINCRBY", "str", "1", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREM", "str", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZSCORE", "str", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZMSCORE", "str", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZCARD", "str"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANK", "str", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREVRANK", "str", "a"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZCOUNT", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZLEXCOUNT", "str", "-", "+"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZADD", "str", "x", "a"], { error: "ERR value is not a valid float" }],
      [["ZCOUNT", "str", "x", "1"], { error: "ERR min or max is not a float" }],
    ]);
  });

  it("RESP3: scores are doubles", async () => {
    await expectReplies(3, [
      [["ZADD", "z", "1", "a", "1.5", "b", "0.1", "c", "inf", "d"], 4],
      [["ZSCORE", "z", "c"], 0.1],
      [["ZSCORE", "z", "d"], Infinity],
      [["ZSCORE", "z", "x"], null],
      [["ZMSCORE", "z", "a", "x", "b"], [1, null, 1.5]],
      [["ZINCRBY", "z", "1", "a"], 2],
      [["ZADD", "z", "INCR", "1", "b"], 2.5],
      [["ZADD", "z", "XX", "INCR", "1", "q"], null],
      [["ZRANK", "z", "a"], 1],
    ]);
  });

  // Redis 7.2's WITHSCORE (not in the 7.0 binary the tables were recorded from).
  it("ZRANK/ZREVRANK WITHSCORE reply [rank, score], a null array when absent", async () => {
    const n = node("zsets-basic-withscore");
    expect(await cmd(n, "ZADD", "z", "1", "a", "2.5", "b", "0.1", "c")).toBe(3);
    expect(await cmd(n, "ZRANK", "z", "b", "WITHSCORE")).toEqual([2, "2.5"]);
    expect(await cmd(n, "ZRANK", "z", "c", "withscore")).toEqual([0, "0.10000000000000001"]);
    expect(await cmd(n, "ZREVRANK", "z", "b", "WITHSCORE")).toEqual([0, "2.5"]);
    expect(await raw(n, { resp: 3 }, "ZREVRANK", "z", "a", "WITHSCORE")).toEqual({
      t: "array", v: [{ t: "int", v: 1 }, { t: "double", v: 1 }],
    });
    expect(await raw(n, {}, "ZRANK", "z", "x", "WITHSCORE")).toEqual({ t: "nullarray" });
    expect(await raw(n, {}, "ZRANK", "nokey", "x", "WITHSCORE")).toEqual({ t: "nullarray" });
    expect(await raw(n, {}, "ZRANK", "z", "x")).toEqual({ t: "null" });
    expect(await cmd(n, "ZRANK", "z", "a", "WITHSCORES")).toEqual({ error: "ERR syntax error" });
    expect(await cmd(n, "ZREVRANK", "z", "a", "WITHSCORE", "x")).toEqual({
      error: "ERR wrong number of arguments for 'zrevrank' command",
    });
  });

  it("RESP2 score replies are bulk strings, missing ones null bulks", async () => {
    const n = node("zsets-basic-shapes");
    await cmd(n, "ZADD", "z", "1.5", "a");
    expect(await raw(n, {}, "ZSCORE", "z", "a")).toEqual({ t: "bulk", v: "1.5" });
    expect(await raw(n, {}, "ZSCORE", "z", "x")).toEqual({ t: "null" });
    expect(await raw(n, { resp: 3 }, "ZSCORE", "z", "a")).toEqual({ t: "double", v: 1.5 });
    expect(await raw(n, {}, "ZADD", "z", "XX", "INCR", "1", "x")).toEqual({ t: "null" });
  });

  it("ranks stay exact on a larger set", async () => {
    const n = node("zsets-basic-ranks");
    const args: string[] = [];
    for (let i = 0; i < 500; i++) args.push(String(i % 50), `m${String(i).padStart(3, "0")}`);
    expect(await cmd(n, "ZADD", "z", ...args)).toBe(500);
    // Score i % 50, then member order: m000, m050, ..., m450 have score 0.
    expect(await cmd(n, "ZRANK", "z", "m000")).toBe(0);
    expect(await cmd(n, "ZRANK", "z", "m450")).toBe(9);
    expect(await cmd(n, "ZRANK", "z", "m001")).toBe(10);
    expect(await cmd(n, "ZREVRANK", "z", "m499")).toBe(0);
    expect(await cmd(n, "ZREVRANK", "z", "m000")).toBe(499);
  });

  it("COMMAND INFO and GETKEYS describe the sorted-set commands as Redis 7.0 does", async () => {
    const n = node("zsets-basic-command");
    // name, arity, flags, first key, last key, step, ACL categories (recorded from Redis 7.0.15;
    // ZRANK/ZREVRANK have Redis 7.2's arity -3 for WITHSCORE).
    const table: [string, number, string, number, number, number, string][] = [
      ["zadd", -4, "write denyoom fast", 1, 1, 1, "@write @sortedset @fast"],
      ["zincrby", 4, "write denyoom fast", 1, 1, 1, "@write @sortedset @fast"],
      ["zrem", -3, "write fast", 1, 1, 1, "@write @sortedset @fast"],
      ["zscore", 3, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zmscore", -3, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zcard", 2, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zcount", 4, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zlexcount", 4, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zrank", -3, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zrevrank", -3, "readonly fast", 1, 1, 1, "@read @sortedset @fast"],
      ["zrange", -4, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zrevrange", -4, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zrangebyscore", -4, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zrevrangebyscore", -4, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zrangebylex", -4, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zrevrangebylex", -4, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zrangestore", -5, "write denyoom", 1, 2, 1, "@write @sortedset @slow"],
      ["zremrangebyrank", 4, "write", 1, 1, 1, "@write @sortedset @slow"],
      ["zremrangebyscore", 4, "write", 1, 1, 1, "@write @sortedset @slow"],
      ["zremrangebylex", 4, "write", 1, 1, 1, "@write @sortedset @slow"],
      ["zpopmin", -2, "write fast", 1, 1, 1, "@write @sortedset @fast"],
      ["zpopmax", -2, "write fast", 1, 1, 1, "@write @sortedset @fast"],
      ["bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, "@write @sortedset @fast @blocking"],
      ["bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, "@write @sortedset @fast @blocking"],
      ["zmpop", -4, "write movablekeys", 0, 0, 0, "@write @sortedset @slow"],
      ["bzmpop", -5, "write blocking movablekeys", 0, 0, 0, "@write @sortedset @slow @blocking"],
      ["zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, "@write @sortedset @slow"],
      ["zinterstore", -4, "write denyoom movablekeys", 1, 1, 1, "@write @sortedset @slow"],
      ["zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1, "@write @sortedset @slow"],
      ["zunion", -3, "readonly movablekeys", 0, 0, 0, "@read @sortedset @slow"],
      ["zinter", -3, "readonly movablekeys", 0, 0, 0, "@read @sortedset @slow"],
      ["zdiff", -3, "readonly movablekeys", 0, 0, 0, "@read @sortedset @slow"],
      ["zintercard", -3, "readonly movablekeys", 0, 0, 0, "@read @sortedset @slow"],
      ["zrandmember", -2, "readonly", 1, 1, 1, "@read @sortedset @slow"],
      ["zscan", -3, "readonly", 1, 1, 1, "@read @sortedset @slow"],
    ];
    const infos = (await cmd(n, "COMMAND", "INFO", ...table.map((t) => t[0]))) as Plain[][];
    infos.forEach((info, i) => {
      const [name, arity, flags, first, last, step, categories] = table[i]!;
      expect(info.slice(0, 7), name).toEqual([name, arity, flags.split(" "), first, last, step, categories.split(" ")]);
    });
    const getkeys: [string[], string[]][] = [
      [["ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"], ["d", "a", "b"]],
      [["ZINTER", "3", "a", "b", "c", "WITHSCORES"], ["a", "b", "c"]],
      [["ZMPOP", "2", "a", "b", "MIN", "COUNT", "2"], ["a", "b"]],
      [["BZMPOP", "0", "2", "a", "b", "MAX"], ["a", "b"]],
      [["ZINTERCARD", "1", "a", "LIMIT", "1"], ["a"]],
      [["ZRANGESTORE", "d", "s", "0", "-1"], ["d", "s"]],
      [["BZPOPMIN", "a", "b", "0"], ["a", "b"]],
      [["ZDIFFSTORE", "d", "1", "a"], ["d", "a"]],
    ];
    for (const [args, keys] of getkeys) expect(await cmd(n, "COMMAND", "GETKEYS", ...args), args[0]).toEqual(keys);
  });
});
