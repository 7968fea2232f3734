/**
 * Sorted sets: ZSCAN.
 * Expected replies were recorded from a real Redis 7.0.15 (tables below: command, reply).
 */
import { describe, expect, it } from "vitest";
import { cmd, node } from "./helpers";
import { replyTables } from "./collection-helpers";

const expectReplies = replyTables("zsets-scan");

describe("zsets-scan", () => {
  it("ZSCAN returns a small set whole, in score order, with MATCH", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "2", "a", "1", "b", "0.1", "c", "inf", "d", "-5", "ab"], 5],
      [["ZSCAN", "z", "0"], ["0", ["ab", "-5", "c", "0.10000000000000001", "b", "1", "a", "2", "d", "inf"]]],
      [["ZSCAN", "z", "0", "MATCH", "a*"], ["0", ["ab", "-5", "a", "2"]]],
      [["ZSCAN", "z", "0", "match", "[bc]", "COUNT", "1"], ["0", ["c", "0.10000000000000001", "b", "1"]]],
      [["ZSCAN", "z", "7", "COUNT", "100"], ["0", ["ab", "-5", "c", "0.10000000000000001", "b", "1", "a", "2", "d", "inf"]]],
      [["ZSCAN", "z", "0", "MATCH", "x*", "MATCH", "*b"], ["0", ["ab", "-5", "b", "1"]]],
      [["ZSCAN", "nokey", "0"], ["0", []]],
      [["ZSCAN", "nokey", "x"], { error: "ERR invalid cursor" }],
      [["ZSCAN", "nokey", "0", "COUNT", "0"], ["0", []]],
    ]);
  });

  it("ZSCAN errors in Redis's order", async () => {
    await expectReplies(2, [
      [["ZADD", "z", "1", "a"], 1],
      [["!SET", "s", "x"], "OK"],
      [["ZSCAN", "z", "x"], { error: "ERR invalid cursor" }],
      [["ZSCAN", "z", "-1"], ["0", ["a", "1"]]],
      [["ZSCAN", "z", "0", "COUNT", "0"], { error: "ERR syntax error" }],
      [["ZSCAN", "z", "0", "COUNT", "x"], { error: "ERR value is not an integer or out of range" }],
      [["ZSCAN", "z", "0", "MATCH"], { error: "ERR syntax error" }],
      [["ZSCAN", "z", "0", "FOO", "1"], { error: "ERR syntax error" }],
      [["ZSCAN", "s", "0"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZSCAN", "s", "x"], { error: "ERR invalid cursor" }],
      [["ZSCAN", "s", "0", "COUNT", "0"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["ZSCAN", "z"], { error: "ERR wrong number of arguments for 'zscan' command" }],
    ]);
  });

  it("RESP3: ZSCAN scores stay bulk strings", async () => {
    await expectReplies(3, [
      [["ZADD", "z", "1.5", "a", "0.1", "b"], 2],
      [["ZSCAN", "z", "0"], ["0", ["b", "0.10000000000000001", "a", "1.5"]]],
    ]);
  });

  it("ZSCAN pages through a large set, each member exactly once", async () => {
    const n = node("zsets-scan-big");
    const members = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    expect(await cmd(n, "ZADD", "z", ...members.flatMap((m, i) => [String(i / 10), m]))).toBe(1000);
    const seen = new Map<string, string>();
    let cursor = "0";
    let calls = 0;
    do {
      const [next, items] = (await cmd(n, "ZSCAN", "z", cursor, "COUNT", "97")) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) {
        expect(seen.has(items[i]!)).toBe(false);
        seen.set(items[i]!, items[i + 1]!);
      }
      cursor = next;
      calls++;
    } while (cursor !== "0" && calls < 100);
    expect(cursor).toBe("0");
    expect(calls).toBe(11);
    expect(seen.size).toBe(1000);
    expect(seen.get("m1")).toBe("0.10000000000000001");
    expect(seen.get("m999")).toBe("99.900000000000006");
    const matched = (await cmd(n, "ZSCAN", "z", "0", "MATCH", "m99*", "COUNT", "1000")) as [string, string[]];
    expect(matched).toEqual(["0", ["m99", "9.9000000000000004", "m990", "99", "m991", "99.099999999999994",
      "m992", "99.200000000000003", "m993", "99.299999999999997", "m994", "99.400000000000006", "m995", "99.5",
      "m996", "99.599999999999994", "m997", "99.700000000000003", "m998", "99.799999999999997", "m999", "99.900000000000006"]]);
  });
});
