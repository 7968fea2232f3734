/**
 * Sorted sets: ZRANGE and its legacy forms, ZCOUNT, ZLEXCOUNT, ZRANGESTORE, ZREMRANGEBY*.
 * Expected replies were recorded from a real Redis 7.0.15 (tables below: command, reply).
 */
import { describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { cmd, node, plain, raw, stubOf, type Plain } from "./helpers";
import { replyTables } from "./collection-helpers";
import type { RedisNode } from "../../src/node/node";
import { fromText } from "../../src/resp/bytes";

const expectReplies = replyTables("zsets-range");

describe("zsets-range", () => {
  it("ZRANGE by rank: negative indexes, clamping, REV and WITHSCORES", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZRANGE", "z", "0", "-1"], ["m", "a", "b", "c", "d", "e", "p"]],
      [["ZRANGE", "z", "1", "2", "WITHSCORES"], ["a", "1", "b", "2"]],
      [["ZRANGE", "z", "-3", "-2"], ["d", "e"]],
      [["ZRANGE", "z", "-100", "1"], ["m", "a"]],
      [["ZRANGE", "z", "5", "100"], ["e", "p"]],
      [["ZRANGE", "z", "3", "2"], []],
      [["ZRANGE", "z", "7", "10"], []],
      [["ZRANGE", "z", "-1", "-100"], []],
      [["ZRANGE", "z", "0", "1", "REV", "WITHSCORES"], ["p", "inf", "e", "4.5"]],
      [["ZRANGE", "z", "-2", "-1", "rev"], ["a", "m"]],
      [["ZREVRANGE", "z", "0", "2"], ["p", "e", "d"]],
      [["ZREVRANGE", "z", "0", "0", "WITHSCORES"], ["p", "inf"]],
      [["ZRANGE", "nokey", "0", "-1"], []],
      [["ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1"], ["m", "a", "b", "c", "d", "e", "p"]],
      [["ZRANGE", "z", "a", "1"], { error: "ERR value is not an integer or out of range" }],
      [["ZRANGE", "z", "0", "1.5"], { error: "ERR value is not an integer or out of range" }],
    ]);
  });

  it("ZRANGE BYSCORE: bounds, infinities, LIMIT and REV", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZRANGE", "z", "1", "3", "BYSCORE"], ["a", "b", "c", "d"]],
      [["ZRANGE", "z", "(1", "3", "BYSCORE", "WITHSCORES"], ["b", "2", "c", "2", "d", "3"]],
      [["ZRANGE", "z", "(1", "(3", "BYSCORE"], ["b", "c"]],
      [["ZRANGE", "z", "-inf", "+inf", "BYSCORE"], ["m", "a", "b", "c", "d", "e", "p"]],
      [["ZRANGE", "z", "(-inf", "(+inf", "BYSCORE"], ["a", "b", "c", "d", "e"]],
      [["ZRANGE", "z", "inf", "inf", "BYSCORE"], ["p"]],
      [["ZRANGE", "z", "-inf", "-inf", "BYSCORE", "WITHSCORES"], ["m", "-inf"]],
      [["ZRANGE", "z", "2", "2", "BYSCORE"], ["b", "c"]],
      [["ZRANGE", "z", "(2", "2", "BYSCORE"], []],
      [["ZRANGE", "z", "3", "1", "BYSCORE"], []],
      [["ZRANGE", "z", "3", "1", "BYSCORE", "REV"], ["d", "c", "b", "a"]],
      [["ZRANGE", "z", "(3", "-inf", "BYSCORE", "REV", "WITHSCORES"], ["c", "2", "b", "2", "a", "1", "m", "-inf"]],
      [["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "3"], ["a", "b", "c"]],
      [["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "-1"], ["b", "c", "d", "e", "p"]],
      [["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "3"], []],
      [["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"], []],
      [["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "7", "1"], []],
      [["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "2", "WITHSCORES"], ["e", "4.5", "d", "3"]],
      [["ZRANGE", "z", "0", "10", "BYSCORE", "LIMIT", "1", "2", "LIMIT", "0", "1"], ["a"]],
      [["ZRANGE", "nokey", "0", "1", "BYSCORE"], []],
    ]);
  });

  it("range bounds are parsed with strtod", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "0", "zero", "16", "hex", "1", "one"], 3],
      [["ZRANGE", "z", "", "(", "BYSCORE"], []],
      [["ZRANGE", "z", "", "", "BYSCORE"], ["zero"]],
      [["ZRANGE", "z", " 1", "0x10", "BYSCORE"], ["one", "hex"]],
      [["ZRANGE", "z", "(0x0", "1e400", "BYSCORE"], ["one", "hex"]],
      [["ZCOUNT", "z", "-1e400", "(1"], 1],
      [["ZRANGE", "z", "1 ", "2", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZRANGE", "z", "nan", "2", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZRANGE", "z", "((1", "2", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZRANGE", "z", "1", "x", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZRANGE", "z", "[1", "2", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZRANGE", "z", "-inf", "Infinity", "BYSCORE"], ["zero", "one", "hex"]],
    ]);
  });

  it("ZRANGE BYLEX: [ ( - + bounds, REV and LIMIT", async () => {
    await expectReplies(2, [
      [["ZADD", "l", "0", "a", "0", "b", "0", "bb", "0", "c", "0", "d", "0", "e"], 6],
      [["ZRANGE", "l", "-", "+", "BYLEX"], ["a", "b", "bb", "c", "d", "e"]],
      [["ZRANGE", "l", "[b", "[c", "BYLEX"], ["b", "bb", "c"]],
      [["ZRANGE", "l", "(b", "[c", "BYLEX"], ["bb", "c"]],
      [["ZRANGE", "l", "(b", "(c", "BYLEX"], ["bb"]],
      [["ZRANGE", "l", "[bb", "+", "BYLEX"], ["bb", "c", "d", "e"]],
      [["ZRANGE", "l", "-", "(bb", "BYLEX"], ["a", "b"]],
      [["ZRANGE", "l", "+", "-", "BYLEX"], []],
      [["ZRANGE", "l", "-", "-", "BYLEX"], []],
      [["ZRANGE", "l", "+", "+", "BYLEX"], []],
      [["ZRANGE", "l", "[c", "[b", "BYLEX"], []],
      [["ZRANGE", "l", "[b", "(b", "BYLEX"], []],
      [["ZRANGE", "l", "[b", "[b", "BYLEX"], ["b"]],
      [["ZRANGE", "l", "[", "[b", "BYLEX"], ["a", "b"]],
      [["ZRANGE", "l", "(", "+", "BYLEX"], ["a", "b", "bb", "c", "d", "e"]],
      [["ZRANGE", "l", "+", "-", "BYLEX", "REV"], ["e", "d", "c", "bb", "b", "a"]],
      [["ZRANGE", "l", "[d", "(b", "BYLEX", "REV"], ["d", "c", "bb"]],
      [["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "1", "2"], ["b", "bb"]],
      [["ZRANGE", "l", "+", "-", "BYLEX", "REV", "LIMIT", "0", "3"], ["e", "d", "c"]],
      [["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "-1", "2"], []],
      [["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "4", "-5"], ["d", "e"]],
      [["ZRANGE", "l", "a", "+", "BYLEX"], { error: "ERR min or max not valid string range item" }],
      [["ZRANGE", "l", "-", "c", "BYLEX"], { error: "ERR min or max not valid string range item" }],
      [["ZRANGE", "l", "", "+", "BYLEX"], { error: "ERR min or max not valid string range item" }],
      [["ZRANGE", "l", "+a", "+", "BYLEX"], { error: "ERR min or max not valid string range item" }],
      [["ZRANGE", "l", "-", "-a", "BYLEX"], { error: "ERR min or max not valid string range item" }],
    ]);
  });

  it("ZRANGE option errors", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZRANGE", "z", "0", "1", "LIMIT", "0", "1"], { error: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" }],
      [["ZRANGE", "z", "0", "1", "REV", "LIMIT", "1", "1"], { error: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" }],
      [["ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"], { error: "ERR syntax error, WITHSCORES not supported in combination with BYLEX" }],
      [["ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "0", "1", "BYSCORE", "BYSCORE"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "0", "1", "REV", "REV"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "0", "1", "LIMIT", "0"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1"], { error: "ERR value is not an integer or out of range" }],
      [["ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "0", "1.5"], { error: "ERR value is not an integer or out of range" }],
      [["ZRANGE", "z", "0", "1", "FOO"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "0", "1", "WITHSCORES", "WITHSCORES"], ["m", "-inf", "a", "1"]],
      [["ZRANGE", "z", "x", "1", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZRANGE", "z", "x", "+", "BYLEX"], { error: "ERR min or max not valid string range item" }],
      [["ZRANGE", "z", "x", "y", "BYSCORE", "LIMIT", "0"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "x", "1", "BYSCORE", "LIMIT", "0", "1", "BYLEX", "WITHSCORES"], { error: "ERR syntax error" }],
      [["ZRANGE", "z", "0"], { error: "ERR wrong number of arguments for 'zrange' command" }],
    ]);
  });

  it("legacy range commands", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZRANGEBYSCORE", "z", "2", "+inf"], ["b", "c", "d", "e", "p"]],
      [["ZRANGEBYSCORE", "z", "(2", "+inf", "WITHSCORES", "LIMIT", "0", "2"], ["d", "3", "e", "4.5"]],
      [["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "2", "WITHSCORES"], ["b", "2", "c", "2"]],
      [["ZREVRANGEBYSCORE", "z", "+inf", "2"], ["p", "e", "d", "c", "b"]],
      [["ZREVRANGEBYSCORE", "z", "3", "(1", "WITHSCORES"], ["d", "3", "c", "2", "b", "2"]],
      [["ZREVRANGEBYSCORE", "z", "2", "3"], []],
      [["ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "1", "1"], ["e"]],
      [["ZRANGEBYSCORE", "z", "0", "1", "BYSCORE"], { error: "ERR syntax error" }],
      [["ZRANGEBYSCORE", "z", "0", "1", "REV"], { error: "ERR syntax error" }],
      [["ZREVRANGEBYSCORE", "z", "1", "0", "REV"], { error: "ERR syntax error" }],
      [["ZRANGEBYSCORE", "z", "x", "1"], { error: "ERR min or max is not a float" }],
      [["ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "1"], { error: "ERR syntax error" }],
      [["ZADD", "l", "0", "a", "0", "b", "0", "bb", "0", "c", "0", "d", "0", "e"], 6],
      [["ZRANGEBYLEX", "l", "[b", "+"], ["b", "bb", "c", "d", "e"]],
      [["ZRANGEBYLEX", "l", "-", "+", "LIMIT", "1", "1"], ["b"]],
      [["ZREVRANGEBYLEX", "l", "+", "[c"], ["e", "d", "c"]],
      [["ZREVRANGEBYLEX", "l", "(d", "-", "LIMIT", "1", "2"], ["bb", "b"]],
      [["ZRANGEBYLEX", "l", "-", "+", "WITHSCORES"], { error: "ERR syntax error, WITHSCORES not supported in combination with BYLEX" }],
      [["ZRANGEBYLEX", "l", "-", "+", "BYLEX"], { error: "ERR syntax error" }],
      [["ZREVRANGEBYLEX", "l", "-", "+"], []],
      [["ZRANGEBYLEX", "l", "x", "+"], { error: "ERR min or max not valid string range item" }],
      [["ZREVRANGE", "z", "0", "-1", "WITHSCORES"], ["p", "inf", "e", "4.5", "d", "3", "c", "2", "b", "2", "a", "1", "m", "-inf"]],
      [["ZREVRANGE", "z", "1", "1", "LIMIT", "0", "1"], { error: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" }],
      [["ZREVRANGE", "z", "0", "1", "BYSCORE"], { error: "ERR syntax error" }],
      [["ZREVRANGE", "z", "0", "1", "REV"], { error: "ERR syntax error" }],
    ]);
  });

  it("ZCOUNT and ZLEXCOUNT", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZCOUNT", "z", "-inf", "+inf"], 7],
      [["ZCOUNT", "z", "2", "2"], 2],
      [["ZCOUNT", "z", "(2", "3"], 1],
      [["ZCOUNT", "z", "(1", "(4.5"], 3],
      [["ZCOUNT", "z", "3", "1"], 0],
      [["ZCOUNT", "z", "inf", "inf"], 1],
      [["ZCOUNT", "z", "(inf", "inf"], 0],
      [["ZCOUNT", "nokey", "0", "1"], 0],
      [["ZCOUNT", "z", "x", "1"], { error: "ERR min or max is not a float" }],
      [["ZCOUNT", "nokey", "x", "1"], { error: "ERR min or max is not a float" }],
      [["ZADD", "l", "0", "a", "0", "b", "0", "bb", "0", "c", "0", "d", "0", "e"], 6],
      [["ZLEXCOUNT", "l", "-", "+"], 6],
      [["ZLEXCOUNT", "l", "[b", "[c"], 3],
      [["ZLEXCOUNT", "l", "(b", "(c"], 1],
      [["ZLEXCOUNT", "l", "+", "-"], 0],
      [["ZLEXCOUNT", "l", "[bb", "[bb"], 1],
      [["ZLEXCOUNT", "nokey", "-", "+"], 0],
      [["ZLEXCOUNT", "l", "b", "+"], { error: "ERR min or max not valid string range item" }],
      [["ZLEXCOUNT", "nokey", "-", "x"], { error: "ERR min or max not valid string range item" }],
    ]);
  });

  it("ZRANGESTORE stores any range form and deletes the destination on an empty result", async () => {
    await expectReplies(2, [
      [["ZADD", "{z}src", "1", "a", "2", "b", "3", "c", "4", "d"], 4],
      [["ZRANGESTORE", "{z}dst", "{z}src", "1", "2"], 2],
      [["ZRANGE", "{z}dst", "0", "-1", "WITHSCORES"], ["b", "2", "c", "3"]],
      [["ZRANGESTORE", "{z}dst", "{z}src", "+inf", "(1", "BYSCORE", "REV", "LIMIT", "0", "2"], 2],
      [["ZRANGE", "{z}dst", "0", "-1", "WITHSCORES"], ["c", "3", "d", "4"]],
      [["ZRANGESTORE", "{z}dst", "{z}src", "[b", "[c", "BYLEX"], 2],
      [["ZRANGE", "{z}dst", "0", "-1", "WITHSCORES"], ["b", "2", "c", "3"]],
      [["ZRANGESTORE", "{z}dst", "{z}src", "0", "-1", "REV"], 4],
      [["ZCARD", "{z}dst"], 4],
      [["ZRANGESTORE", "{z}dst", "{z}src", "5", "10"], 0],
      [["!EXISTS", "{z}dst"], 0],
      [["!SET", "{z}str", "x"], "OK"],
      [["ZRANGESTORE", "{z}str", "{z}src", "0", "0"], 1],
      [["!TYPE", "{z}str"], "zset"],
      [["ZRANGESTORE", "{z}dst", "{z}nokey", "0", "-1"], 0],
      [["ZRANGESTORE", "{z}dst", "{z}str", "0", "-1"], 1],
      [["ZRANGESTORE", "{z}dst", "{z}src", "0", "-1", "WITHSCORES"], { error: "ERR syntax error" }],
      [["ZRANGESTORE", "{z}dst", "{z}src", "0", "1", "LIMIT", "0", "1"], { error: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" }],
      [["ZRANGESTORE", "{z}src", "{z}src", "1", "2"], 2],
      [["ZRANGE", "{z}src", "0", "-1", "WITHSCORES"], ["b", "2", "c", "3"]],
      [["ZRANGESTORE", "{z}dst", "{z}src"], { error: "ERR wrong number of arguments for 'zrangestore' command" }],
    ]);
  });

  it("ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZREMRANGEBYRANK", "z", "0", "0"], 1],
      [["ZREMRANGEBYRANK", "z", "-2", "-1"], 2],
      [["ZRANGE", "z", "0", "-1"], ["a", "b", "c", "d"]],
      [["ZREMRANGEBYRANK", "z", "5", "10"], 0],
      [["ZREMRANGEBYRANK", "z", "2", "1"], 0],
      [["ZREMRANGEBYRANK", "z", "x", "1"], { error: "ERR value is not an integer or out of range" }],
      [["ZREMRANGEBYSCORE", "z", "(1", "2"], 2],
      [["ZRANGE", "z", "0", "-1"], ["a", "d"]],
      [["ZREMRANGEBYSCORE", "z", "5", "1"], 0],
      [["ZREMRANGEBYSCORE", "z", "x", "1"], { error: "ERR min or max is not a float" }],
      [["ZREMRANGEBYSCORE", "z", "-inf", "+inf"], 2],
      [["!EXISTS", "z"], 0],
      [["ZREMRANGEBYSCORE", "nokey", "0", "1"], 0],
      [["ZREMRANGEBYRANK", "nokey", "0", "1"], 0],
      [["ZREMRANGEBYLEX", "nokey", "-", "+"], 0],
      [["ZADD", "l", "0", "a", "0", "b", "0", "bb", "0", "c", "0", "d", "0", "e"], 6],
      [["ZREMRANGEBYLEX", "l", "(a", "[bb"], 2],
      [["ZRANGE", "l", "0", "-1"], ["a", "c", "d", "e"]],
      [["ZREMRANGEBYLEX", "l", "+", "-"], 0],
      [["ZREMRANGEBYLEX", "l", "x", "+"], { error: "ERR min or max not valid string range item" }],
      [["ZREMRANGEBYLEX", "l", "[d", "+"], 2],
      [["ZREMRANGEBYRANK", "l", "0", "-1"], 2],
      [["!EXISTS", "l"], 0],
    ]);
  });

  it("WRONGTYPE for every range command (after the range is parsed)", async () => {
    await expectReplies(2, [
      [["!SET", "str", "x"], "OK"],
      [["ZRANGE", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANGE", "str", "0", "1", "BYSCORE"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANGE", "str", "-", "+", "BYLEX"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREVRANGE", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANGEBYSCORE", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREVRANGEBYSCORE", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANGEBYLEX", "str", "-", "+"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREVRANGEBYLEX", "str", "+", "-"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREMRANGEBYRANK", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREMRANGEBYSCORE", "str", "0", "1"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZREMRANGEBYLEX", "str", "-", "+"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZRANGE", "str", "x", "1"], { error: "ERR value is not an integer or out of range" }],
      [["ZRANGE", "str", "x", "1", "BYSCORE"], { error: "ERR min or max is not a float" }],
      [["ZREMRANGEBYLEX", "str", "x", "+"], { error: "ERR min or max not valid string range item" }],
      [["ZRANGE", "str", "0", "1", "LIMIT", "0", "1"], { error: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX" }],
    ]);
  });

  it("RESP3: WITHSCORES replies [member, score] pairs", async () => {
    await expectReplies(3, [
      [["ZADD", "z", "-inf", "m", "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "inf", "p"], 7],
      [["ZRANGE", "z", "0", "1", "WITHSCORES"], [["m", -Infinity], ["a", 1]]],
      [["ZRANGE", "z", "0", "1"], ["m", "a"]],
      [["ZRANGE", "z", "(1", "+inf", "BYSCORE", "WITHSCORES", "LIMIT", "0", "2"], [["b", 2], ["c", 2]]],
      [["ZREVRANGE", "z", "0", "0", "WITHSCORES"], [["p", Infinity]]],
      [["ZRANGEBYSCORE", "z", "inf", "inf", "WITHSCORES"], [["p", Infinity]]],
      [["ZREVRANGEBYSCORE", "z", "+inf", "4", "WITHSCORES"], [["p", Infinity], ["e", 4.5]]],
      [["ZRANGE", "nokey", "0", "-1", "WITHSCORES"], []],
    ]);
  });

  it("lex ranges compare members as bytes (memcmp)", async () => {
    const n = node("zsets-range-bytes");
    // Byte strings: \xff sorts after every ASCII byte, \x00 before, and a prefix before its extensions.
    await raw(n, {}, "ZADD", "z", "0", "\xff", "0", "a", "0", "a\x00", "0", "\x00", "0", "A", "0", "ab");
    expect(await cmd(n, "ZRANGE", "z", "0", "-1")).toEqual(["\x00", "A", "a", "a\x00", "ab", "\xff"]);
    expect(plain(await raw(n, {}, "ZRANGE", "z", "[a", "(\xff", "BYLEX"))).toEqual(["a", "a\x00", "ab"]);
    expect(plain(await raw(n, {}, "ZRANGE", "z", "(\x00", "[A", "BYLEX"))).toEqual(["A"]);
    expect(plain(await raw(n, {}, "ZLEXCOUNT", "z", "[\xff", "+"))).toBe(1);
    expect(plain(await raw(n, {}, "ZREMRANGEBYLEX", "z", "(a", "(ab"))).toBe(1);
    expect(await cmd(n, "ZRANGE", "z", "0", "-1")).toEqual(["\x00", "A", "a", "ab", "\xff"]);
    // UTF-8 text is its bytes: "é" (c3 a9) sorts after "z".
    await cmd(n, "ZADD", "u", "0", "é", "0", "z");
    expect(await cmd(n, "ZRANGE", "u", "0", "-1")).toEqual(["z", fromText("é")]);
  });

  describe("a 20k-member set", () => {
    const N = 20000;
    const name = "zsets-range-big";
    const member = (i: number): string => `m${String(i).padStart(5, "0")}`;

    /** Runs one command inside the object and sums the rows SQLite read for it. */
    async function rowsRead(args: string[]): Promise<{ reply: Plain; rows: number }> {
      return runInDurableObject(stubOf(name), async (o: RedisNode) => {
        const sql = o.db.sql;
        const exec = sql.exec;
        const cursors: { rowsRead: number }[] = [];
        // Test-only shadowing of the instance's exec to observe every statement's cursor.
        Object.defineProperty(sql, "exec", {
          configurable: true,
          value: (query: string, ...bindings: unknown[]) => {
            const c = exec(query, ...bindings);
            cursors.push(c as unknown as { rowsRead: number }); // the Durable Object's cursor counts rows
            return c;
          },
        });
        try {
          const [reply] = await o.execute([args.map(fromText)], { resp: 2 });
          return { reply: plain(reply!), rows: cursors.reduce((n, c) => n + c.rowsRead, 0) };
        } finally {
          Object.defineProperty(sql, "exec", { configurable: true, writable: true, value: exec });
        }
      });
    }

    it("is built in a few ZADDs", async () => {
      const n = node(name);
      for (let base = 0; base < N; base += 5000) {
        const args: string[] = [];
        for (let i = base; i < base + 5000; i++) args.push(String(i), member(i));
        expect(await cmd(n, "ZADD", "big", ...args)).toBe(5000);
      }
      expect(await cmd(n, "ZCARD", "big")).toBe(N);
    });

    it("serves rank and score windows with bounded reads", async () => {
      const cases: [string[], Plain][] = [
        [["ZRANGE", "big", "0", "2"], [member(0), member(1), member(2)]],
        [["ZRANGE", "big", "-2", "-1", "WITHSCORES"], [member(N - 2), String(N - 2), member(N - 1), String(N - 1)]],
        [["ZREVRANGE", "big", "0", "1"], [member(N - 1), member(N - 2)]],
        [["ZRANGE", "big", "-3", "-2", "REV"], [member(2), member(1)]],
        [["ZRANGE", "big", "10000", "10002", "BYSCORE"], [member(10000), member(10001), member(10002)]],
        [["ZRANGE", "big", "(15000", "+inf", "BYSCORE", "LIMIT", "0", "2"], [member(15001), member(15002)]],
        [["ZRANGE", "big", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "1"], [member(N - 1)]],
        [["ZRANGEBYSCORE", "big", "-inf", "+inf", "LIMIT", "5", "2"], [member(5), member(6)]],
        [["ZRANGE", "big", `[${member(12345)}`, "+", "BYLEX", "LIMIT", "0", "2"], [member(12345), member(12346)]],
        [["ZSCORE", "big", member(777)], "777"],
        [["ZRANK", "big", member(5)], 5],
        [["ZREVRANK", "big", member(N - 3), "WITHSCORE"], [2, String(N - 3)]],
        [["ZCARD", "big"], N],
      ];
      for (const [args, expected] of cases) {
        const { reply, rows } = await rowsRead(args);
        expect(reply, args.join(" ")).toEqual(expected);
        expect(rows, args.join(" ")).toBeGreaterThan(0);
        expect(rows, args.join(" ")).toBeLessThan(50);
      }
      // The measure itself: a count over the whole score range walks the whole index.
      expect((await rowsRead(["ZCOUNT", "big", "(-inf", "(inf"])).rows).toBeGreaterThanOrEqual(N);
    });

    it("pops and trims from either end with bounded reads", async () => {
      for (const [args, expected] of [
        [["ZPOPMIN", "big"], [member(0), "0"]],
        [["ZPOPMAX", "big", "2"], [member(N - 1), String(N - 1), member(N - 2), String(N - 2)]],
        [["ZREMRANGEBYRANK", "big", "-3", "-1"], 3],
        [["ZREMRANGEBYSCORE", "big", "1", "(3"], 2],
      ] as [string[], Plain][]) {
        const { reply, rows } = await rowsRead(args);
        expect(reply, args.join(" ")).toEqual(expected);
        expect(rows, args.join(" ")).toBeLessThan(50);
      }
      expect(await cmd(node(name), "ZCARD", "big")).toBe(N - 8);
      expect(await cmd(node(name), "ZRANGE", "big", "0", "0")).toEqual([member(3)]);
    });
  });
});
