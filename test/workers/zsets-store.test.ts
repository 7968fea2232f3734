/**
 * Sorted sets: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD.
 * Expected replies were recorded from a real Redis 7.0.15 (tables below: command, reply).
 */
import { describe, it } from "vitest";
import { replyTables } from "./collection-helpers";

const expectReplies = replyTables("zsets-store");

describe("zsets-store", () => {
  it("ZUNIONSTORE sums weighted scores; AGGREGATE MIN and MAX", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["ZUNIONSTORE", "{s}d", "2", "{s}a", "{s}b"], 4],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "1", "y", "12", "z", "23", "w", "30"]],
      [["ZUNIONSTORE", "{s}d", "2", "{s}a", "{s}b", "WEIGHTS", "2", "0.5"], 4],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "2", "y", "9", "w", "15", "z", "16"]],
      [["ZUNIONSTORE", "{s}d", "2", "{s}a", "{s}b", "AGGREGATE", "MIN"], 4],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "1", "y", "2", "z", "3", "w", "30"]],
      [["ZUNIONSTORE", "{s}d", "2", "{s}a", "{s}b", "aggregate", "max", "weights", "1", "-1"], 4],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["w", "-30", "x", "1", "y", "2", "z", "3"]],
      [["ZUNIONSTORE", "{s}d", "3", "{s}a", "{s}nokey", "{s}b", "AGGREGATE", "SUM", "WEIGHTS", "1", "5", "1"], 4],
      [["ZCARD", "{s}d"], 4],
      [["ZUNIONSTORE", "{s}d", "1", "{s}nokey"], 0],
      [["!EXISTS", "{s}d"], 0],
      [["ZUNIONSTORE", "{s}a", "2", "{s}a", "{s}a"], 3],
      [["ZRANGE", "{s}a", "0", "-1", "WITHSCORES"], ["x", "2", "y", "4", "z", "6"]],
    ]);
  });

  it("plain sets count as score 1", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["!SADD", "{s}set", "x", "w", "v"], 3],
      [["ZUNIONSTORE", "{s}d", "2", "{s}a", "{s}set"], 5],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["v", "1", "w", "1", "x", "2", "y", "2", "z", "3"]],
      [["ZINTERSTORE", "{s}d", "2", "{s}set", "{s}a", "WEIGHTS", "3", "1"], 1],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "4"]],
      [["ZDIFFSTORE", "{s}d", "2", "{s}set", "{s}a"], 2],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["v", "1", "w", "1"]],
      [["ZINTERCARD", "2", "{s}a", "{s}set"], 1],
      [["ZUNION", "1", "{s}set", "WITHSCORES"], ["v", "1", "w", "1", "x", "1"]],
      [["!TYPE", "{s}d"], "zset"],
    ]);
  });

  it("ZINTERSTORE keeps members present everywhere", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["ZINTERSTORE", "{s}d", "2", "{s}a", "{s}b"], 2],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["y", "12", "z", "23"]],
      [["ZINTERSTORE", "{s}d", "2", "{s}a", "{s}b", "WEIGHTS", "-1", "1", "AGGREGATE", "MIN"], 2],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["z", "-3", "y", "-2"]],
      [["ZINTERSTORE", "{s}d", "3", "{s}a", "{s}b", "{s}nokey"], 0],
      [["!EXISTS", "{s}d"], 0],
      [["ZINTERSTORE", "{s}d", "1", "{s}b"], 3],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["y", "10", "z", "20", "w", "30"]],
      [["ZINTERSTORE", "{s}d", "2", "{s}a", "{s}a", "AGGREGATE", "MAX"], 3],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "1", "y", "2", "z", "3"]],
    ]);
  });

  it("ZDIFFSTORE keeps the first set's members missing from the others, with their scores", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["ZDIFFSTORE", "{s}d", "2", "{s}a", "{s}b"], 1],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "1"]],
      [["ZDIFFSTORE", "{s}d", "1", "{s}b"], 3],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["y", "10", "z", "20", "w", "30"]],
      [["ZDIFFSTORE", "{s}d", "2", "{s}a", "{s}a"], 0],
      [["!EXISTS", "{s}d"], 0],
      [["ZDIFFSTORE", "{s}d", "2", "{s}nokey", "{s}a"], 0],
      [["ZDIFFSTORE", "{s}d", "2", "{s}a", "{s}nokey"], 3],
      [["ZRANGE", "{s}d", "0", "-1", "WITHSCORES"], ["x", "1", "y", "2", "z", "3"]],
    ]);
  });

  it("ZUNION, ZINTER and ZDIFF reply sorted by score then member", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["ZADD", "{s}c", "5", "a", "5", "b", "1", "y"], 3],
      [["ZUNION", "3", "{s}a", "{s}b", "{s}c"], ["x", "a", "b", "y", "z", "w"]],
      [["ZUNION", "3", "{s}a", "{s}b", "{s}c", "WITHSCORES"], ["x", "1", "a", "5", "b", "5", "y", "13", "z", "23", "w", "30"]],
      [["ZUNION", "2", "{s}a", "{s}c", "WITHSCORES", "AGGREGATE", "MIN", "WEIGHTS", "1", "2"], ["x", "1", "y", "2", "z", "3", "a", "10", "b", "10"]],
      [["ZINTER", "2", "{s}a", "{s}b", "WITHSCORES"], ["y", "12", "z", "23"]],
      [["ZINTER", "3", "{s}a", "{s}b", "{s}c", "WITHSCORES"], ["y", "13"]],
      [["ZINTER", "2", "{s}a", "{s}b"], ["y", "z"]],
      [["ZDIFF", "2", "{s}a", "{s}c", "WITHSCORES"], ["x", "1", "z", "3"]],
      [["ZDIFF", "3", "{s}b", "{s}a", "{s}c"], ["w"]],
      [["ZDIFF", "1", "{s}nokey"], []],
      [["ZINTER", "2", "{s}a", "{s}nokey"], []],
      [["ZUNION", "1", "{s}nokey", "WITHSCORES"], []],
    ]);
  });

  it("ZINTERCARD counts the intersection, up to LIMIT", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["ZINTERCARD", "2", "{s}a", "{s}b"], 2],
      [["ZINTERCARD", "2", "{s}a", "{s}b", "LIMIT", "1"], 1],
      [["ZINTERCARD", "2", "{s}a", "{s}b", "LIMIT", "0"], 2],
      [["ZINTERCARD", "1", "{s}a", "LIMIT", "10"], 3],
      [["ZINTERCARD", "2", "{s}a", "{s}nokey"], 0],
      [["ZINTERCARD", "2", "{s}a", "{s}b", "LIMIT", "-1"], { error: "ERR LIMIT can't be negative" }],
      [["ZINTERCARD", "2", "{s}a", "{s}b", "LIMIT", "x"], { error: "ERR LIMIT can't be negative" }],
      [["ZINTERCARD", "2", "{s}a", "{s}b", "WITHSCORES"], { error: "ERR syntax error" }],
      [["ZINTERCARD", "1", "{s}a", "WEIGHTS", "1"], { error: "ERR syntax error" }],
      [["ZINTERCARD", "1", "{s}a", "AGGREGATE", "MIN"], { error: "ERR syntax error" }],
      [["ZINTERCARD", "0", "{s}a"], { error: "ERR at least 1 input key is needed for 'zintercard' command" }],
      [["ZINTERCARD", "3", "{s}a"], { error: "ERR syntax error" }],
      [["ZINTERCARD", "x", "{s}a"], { error: "ERR value is not an integer or out of range" }],
      [["ZINTERCARD", "1", "{s}a", "LIMIT"], { error: "ERR syntax error" }],
    ]);
  });

  it("infinities: weights times inf and inf minus inf give 0", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}p", "inf", "a", "-inf", "b", "1", "c"], 3],
      [["ZADD", "{s}q", "-inf", "a", "-inf", "b", "inf", "c"], 3],
      [["ZUNION", "2", "{s}p", "{s}q", "WITHSCORES"], ["b", "-inf", "a", "0", "c", "inf"]],
      [["ZUNION", "1", "{s}p", "WEIGHTS", "0", "WITHSCORES"], ["a", "0", "b", "0", "c", "0"]],
      [["ZINTER", "2", "{s}p", "{s}q", "WEIGHTS", "1", "0", "WITHSCORES"], ["a", "0", "b", "0", "c", "0"]],
      [["ZINTER", "2", "{s}p", "{s}q", "WEIGHTS", "1", "0", "AGGREGATE", "MIN", "WITHSCORES"], ["b", "-inf", "c", "1", "a", "inf"]],
      [["ZINTER", "2", "{s}p", "{s}q", "WEIGHTS", "0", "1", "AGGREGATE", "MAX", "WITHSCORES"], ["a", "0", "b", "0", "c", "inf"]],
      [["ZUNION", "2", "{s}p", "{s}q", "AGGREGATE", "MAX", "WITHSCORES"], ["b", "-inf", "a", "inf", "c", "inf"]],
      [["ZUNION", "1", "{s}p", "WEIGHTS", "inf", "WITHSCORES"], ["b", "-inf", "a", "inf", "c", "inf"]],
      [["ZUNION", "1", "{s}p", "WEIGHTS", "0x2", "WITHSCORES"], ["b", "-inf", "c", "2", "a", "inf"]],
    ]);
  });

  it("scores add up in Redis's order: smallest source first", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "0.1", "m", "1", "a1", "2", "a2"], 3],
      [["ZADD", "{s}b", "0.2", "m"], 1],
      [["ZADD", "{s}c", "0.3", "m", "1", "c1"], 2],
      [["ZUNION", "3", "{s}a", "{s}b", "{s}c", "WITHSCORES"], ["m", "0.59999999999999998", "a1", "1", "c1", "1", "a2", "2"]],
      [["ZINTER", "3", "{s}a", "{s}b", "{s}c", "WITHSCORES"], ["m", "0.59999999999999998"]],
      [["ZINTER", "3", "{s}c", "{s}a", "{s}b", "WITHSCORES"], ["m", "0.59999999999999998"]],
      [["ZUNION", "2", "{s}a", "{s}c", "WITHSCORES", "WEIGHTS", "3", "0.1"], ["c1", "0.10000000000000001", "m", "0.33000000000000007", "a1", "3", "a2", "6"]],
    ]);
  });

  it("argument errors and WRONGTYPE", async () => {
    await expectReplies(2, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["!SET", "{s}str", "x"], "OK"],
      [["ZUNIONSTORE", "{s}d", "0", "{s}a"], { error: "ERR at least 1 input key is needed for 'zunionstore' command" }],
      [["ZUNION", "0", "{s}a"], { error: "ERR at least 1 input key is needed for 'zunion' command" }],
      [["ZDIFF", "-1", "{s}a"], { error: "ERR at least 1 input key is needed for 'zdiff' command" }],
      [["ZINTERSTORE", "{s}d", "3", "{s}a", "{s}b"], { error: "ERR syntax error" }],
      [["ZUNION", "x", "{s}a"], { error: "ERR value is not an integer or out of range" }],
      [["ZUNION", "2", "{s}a", "{s}b", "WEIGHTS", "1"], { error: "ERR syntax error" }],
      [["ZUNION", "2", "{s}a", "{s}b", "WEIGHTS", "1", "x"], { error: "ERR weight value is not a float" }],
      [["ZUNION", "2", "{s}a", "{s}b", "WEIGHTS", "1", "nan"], { error: "ERR weight value is not a float" }],
      [["ZUNION", "2", "{s}a", "{s}b", "AGGREGATE", "AVG"], { error: "ERR syntax error" }],
      [["ZUNION", "2", "{s}a", "{s}b", "AGGREGATE"], { error: "ERR syntax error" }],
      [["ZUNIONSTORE", "{s}d", "2", "{s}a", "{s}b", "WITHSCORES"], { error: "ERR syntax error" }],
      [["ZDIFF", "2", "{s}a", "{s}b", "WEIGHTS", "1", "1"], { error: "ERR syntax error" }],
      [["ZDIFF", "2", "{s}a", "{s}b", "AGGREGATE", "SUM"], { error: "ERR syntax error" }],
      [["ZDIFFSTORE", "{s}d", "1", "{s}a", "WITHSCORES"], { error: "ERR syntax error" }],
      [["ZUNION", "1", "{s}a", "LIMIT", "1"], { error: "ERR syntax error" }],
      [["ZUNION", "2", "{s}a", "{s}str"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZUNION", "2", "{s}str", "{s}a", "WEIGHTS", "x"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZINTERSTORE", "{s}d", "2", "{s}a", "{s}str"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZDIFFSTORE", "{s}d", "2", "{s}a", "{s}str"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZINTERCARD", "2", "{s}a", "{s}str"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZUNIONSTORE", "{s}str", "1", "{s}a"], 3],
      [["!TYPE", "{s}str"], "zset"],
      [["ZDIFF", "2", "{s}a", "{s}b", "WITHSCORES", "WITHSCORES"], ["x", "1"]],
      [["ZUNIONSTORE", "{s}d", "1"], { error: "ERR wrong number of arguments for 'zunionstore' command" }],
    ]);
  });

  it("RESP3: WITHSCORES pairs", async () => {
    await expectReplies(3, [
      [["ZADD", "{s}a", "1", "x", "2", "y", "3", "z"], 3],
      [["ZADD", "{s}b", "10", "y", "20", "z", "30", "w"], 3],
      [["ZUNION", "2", "{s}a", "{s}b", "WITHSCORES"], [["x", 1], ["y", 12], ["z", 23], ["w", 30]]],
      [["ZINTER", "2", "{s}a", "{s}b", "WITHSCORES"], [["y", 12], ["z", 23]]],
      [["ZDIFF", "2", "{s}a", "{s}b", "WITHSCORES"], [["x", 1]]],
      [["ZUNION", "2", "{s}a", "{s}b"], ["x", "y", "z", "w"]],
      [["ZINTERCARD", "2", "{s}a", "{s}b"], 2],
    ]);
  });
});
