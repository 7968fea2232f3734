/**
 * Sorted sets: ZSCAN.
 * Expected replies were recorded from a real Redis 7.0.15 (tables below: command, reply).
 */
import { describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { cmd, node, plain, raw, stubOf, type Plain } from "./helpers";
import type { RedisNode } from "../../src/node/node";

let seq = 0;

/**
 * Other types' keys are made straight in the keyspace ("!SET", "!SADD"), and "!EXISTS"/"!TYPE"
 * read it, so these tests depend on no other command module.
 */
function direct(name: string, [op, key, ...rest]: string[]): Promise<Plain> {
  return runInDurableObject(stubOf(name), (o: RedisNode): Plain => {
    const db = o.db;
    db.now = Date.now();
    if (op === "!SET") {
      db.setString(key!, rest[0]!);
      return "OK";
    }
    if (op === "!SADD") {
      const meta = db.getOrCreate(key!, "set");
      let added = 0;
      for (const m of rest) {
        if (db.one("SELECT 1 AS x FROM sets WHERE kid = ? AND member = ?", meta.id, new TextEncoder().encode(m))) continue;
        db.run("INSERT INTO sets (kid, member) VALUES (?, ?)", meta.id, new TextEncoder().encode(m));
        added++;
      }
      db.setCount(key!, meta, meta.count + added);
      return added;
    }
    if (op === "!EXISTS") return db.exists(key!) ? 1 : 0;
    return db.meta(key!)?.type ?? "none"; // !TYPE
  });
}

/** Runs the commands in order on a fresh node and checks each reply. */
async function expectReplies(resp: 2 | 3, steps: [string[], Plain][]): Promise<void> {
  const name = `zsets-scan-${++seq}`;
  const n = node(name);
  for (const [args, expected] of steps) {
    let got: Plain;
    if (args[0]!.startsWith("!")) got = await direct(name, args);
    else got = resp === 3 ? plain(await raw(n, { resp: 3 }, ...args)) : await cmd(n, ...args);
    expect(got, args.join(" ")).toEqual(expected);
  }
}

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
