/**
 * Set commands on one key: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS, SPOP, SRANDMEMBER,
 * SMOVE, SSCAN; types, binary members, expiry and rows read on large sets. Multi-key operations
 * are in sets-ops.test.ts.
 */
import { describe, expect, it } from "vitest";
import { cmd, plain, raw } from "./helpers";
import { sleep, WRONGTYPE } from "./keyspace-helpers";
import { collectionNode, err, names, sortedItems } from "./collection-helpers";

const { n, setString, pexpire, metaOf, run } = collectionNode("sets");

describe("SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS", () => {
  it("add and remove members, counting only real changes", async () => {
    expect(await cmd(n, "SADD", "s1", "a", "b", "a", "c")).toBe(3);
    expect(await cmd(n, "SADD", "s1", "a", "d")).toBe(1);
    expect(await cmd(n, "SCARD", "s1")).toBe(4);
    expect(await cmd(n, "SREM", "s1", "a", "zz", "a")).toBe(1);
    expect(await cmd(n, "SCARD", "s1")).toBe(3);
    expect(await cmd(n, "SISMEMBER", "s1", "b")).toBe(1);
    expect(await cmd(n, "SISMEMBER", "s1", "a")).toBe(0);
    expect(await cmd(n, "SMISMEMBER", "s1", "a", "b", "d")).toEqual([0, 1, 1]);
    expect(sortedItems(await cmd(n, "SMEMBERS", "s1"))).toEqual(["b", "c", "d"]);
  });

  it("treat a missing key as an empty set; SMEMBERS is a RESP3 set", async () => {
    expect(await cmd(n, "SCARD", "noset")).toBe(0);
    expect(await cmd(n, "SISMEMBER", "noset", "a")).toBe(0);
    expect(await cmd(n, "SMISMEMBER", "noset", "a", "b")).toEqual([0, 0]);
    expect(await cmd(n, "SMEMBERS", "noset")).toEqual([]);
    expect(await cmd(n, "SREM", "noset", "a")).toBe(0);
    await cmd(n, "SADD", "s2", "x");
    expect((await raw(n, { resp: 3 }, "SMEMBERS", "s2")).t).toBe("set");
    expect((await raw(n, { resp: 3 }, "SMEMBERS", "noset")).t).toBe("set");
  });

  it("removing the last member deletes the key", async () => {
    await cmd(n, "SADD", "s3", "a", "b");
    expect(await cmd(n, "SREM", "s3", "a", "b")).toBe(2);
    expect(await metaOf("s3")).toBe(null);
  });

  it("writes that change nothing are not propagated", async () => {
    await cmd(n, "SADD", "s4", "a");
    expect((await run(["SADD", "s4", "a"])).effects).toEqual([]);
    expect((await run(["SREM", "s4", "zz"])).effects).toEqual([]);
    expect((await run(["SADD", "s4", "b"])).effects).toEqual([["SADD", "s4", "b"]]);
  });
});

describe("SPOP", () => {
  it("pops one random member, replicated as SREM, deleting the key with its last member", async () => {
    await cmd(n, "SADD", "sp1", "a", "b", "c");
    const out = await run(["SPOP", "sp1"], () => 0.5);
    expect(out.reply).toBe("b");
    expect(out.effects).toEqual([["SREM", "sp1", "b"]]);
    expect(sortedItems(await cmd(n, "SMEMBERS", "sp1"))).toEqual(["a", "c"]);
    expect(await cmd(n, "SPOP", "noset")).toBe(null);
    await cmd(n, "SADD", "sp2", "only");
    expect(await run(["SPOP", "sp2"])).toMatchObject({ reply: "only", effects: [["SREM", "sp2", "only"]] });
    expect(await metaOf("sp2")).toBe(null);
  });

  it("with a count pops distinct members, replicated as SREM of exactly those", async () => {
    const members = names(50);
    await cmd(n, "SADD", "sp3", ...members);
    const out = await run(["SPOP", "sp3", "7"]);
    const popped = out.reply as string[];
    expect(popped).toHaveLength(7);
    expect(new Set(popped).size).toBe(7);
    expect(out.effects).toEqual([["SREM", "sp3", ...popped]]);
    const left = sortedItems(await cmd(n, "SMEMBERS", "sp3"));
    expect(left).toHaveLength(43);
    expect([...left, ...popped].sort()).toEqual([...members].sort());
  });

  it("with a count of at least the size pops everything, replicated as DEL", async () => {
    await cmd(n, "SADD", "sp4", "a", "b", "c");
    const out = await run(["SPOP", "sp4", "3"]);
    expect(sortedItems(out.reply)).toEqual(["a", "b", "c"]);
    expect(out.effects).toEqual([["DEL", "sp4"]]);
    expect(await metaOf("sp4")).toBe(null);
    await cmd(n, "SADD", "sp4", "x");
    expect(await cmd(n, "SPOP", "sp4", "100")).toEqual(["x"]);
  });

  it("count 0 or a missing key give an empty set; bad counts are refused", async () => {
    await cmd(n, "SADD", "sp5", "a", "b");
    expect(await cmd(n, "SPOP", "sp5", "0")).toEqual([]);
    expect((await raw(n, { resp: 3 }, "SPOP", "sp5", "0")).t).toBe("set");
    expect((await raw(n, { resp: 3 }, "SPOP", "sp5", "1")).t).toBe("set");
    expect(await cmd(n, "SPOP", "noset", "3")).toEqual([]);
    expect(await cmd(n, "SPOP", "sp5", "-1")).toEqual(err("value is out of range, must be positive"));
    expect(await cmd(n, "SPOP", "sp5", "x")).toEqual(err("value is out of range, must be positive"));
    expect(await cmd(n, "SPOP", "sp5", "1", "2")).toEqual(err("syntax error"));
    expect(await cmd(n, "SCARD", "sp5")).toBe(1);
  });
});

describe("SRANDMEMBER", () => {
  const members = ["a", "b", "c", "d", "e"];
  it("returns one member (null if none), or with a positive count distinct ones, at most all", async () => {
    await cmd(n, "SADD", "sr1", ...members);
    expect(members).toContain(await cmd(n, "SRANDMEMBER", "sr1"));
    expect(await cmd(n, "SRANDMEMBER", "noset")).toBe(null);
    expect(await cmd(n, "SRANDMEMBER", "noset", "5")).toEqual([]);
    expect(await cmd(n, "SCARD", "sr1")).toBe(5);
    for (let i = 0; i < 10; i++) {
      const r = (await cmd(n, "SRANDMEMBER", "sr1", "3")) as string[];
      expect(new Set(r).size).toBe(3);
      for (const m of r) expect(members).toContain(m);
    }
    expect(sortedItems(await cmd(n, "SRANDMEMBER", "sr1", "5"))).toEqual(members);
    expect(sortedItems(await cmd(n, "SRANDMEMBER", "sr1", "50"))).toEqual(members);
    expect(await cmd(n, "SRANDMEMBER", "sr1", "0")).toEqual([]);
    expect((await raw(n, { resp: 3 }, "SRANDMEMBER", "sr1", "2")).t).toBe("array");
  });

  it("a negative count may repeat members and returns exactly |count|", async () => {
    await cmd(n, "SADD", "sr1", ...members);
    const r = (await cmd(n, "SRANDMEMBER", "sr1", "-30")) as string[];
    expect(r).toHaveLength(30);
    for (const m of r) expect(members).toContain(m);
    let i = 0;
    const seq = [0.1, 0.9, 0.1, 0.5];
    expect((await run(["SRANDMEMBER", "sr1", "-4"], () => seq[i++]!)).reply).toEqual(["a", "e", "a", "c"]);
  });

  it("rejects bad counts like Redis", async () => {
    await cmd(n, "SADD", "sr1", ...members);
    const notInt = err("value is not an integer or out of range");
    expect(await cmd(n, "SRANDMEMBER", "sr1", "x")).toEqual(notInt);
    expect(await cmd(n, "SRANDMEMBER", "sr1", "9223372036854775808")).toEqual(notInt);
    expect(await cmd(n, "SRANDMEMBER", "sr1", "-9223372036854775808"))
      .toEqual(err("value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
    expect(await cmd(n, "SRANDMEMBER", "sr1", "1", "2")).toEqual(err("syntax error"));
    expect(await cmd(n, "SRANDMEMBER", "sr1", "-100000000")).toEqual(err("value is out of range"));
  });
});

describe("SMOVE", () => {
  it("moves a member, creating the destination and deleting an emptied source", async () => {
    await cmd(n, "SADD", "{mv}a", "x", "y");
    expect(await cmd(n, "SMOVE", "{mv}a", "{mv}b", "x")).toBe(1);
    expect(await cmd(n, "SMOVE", "{mv}a", "{mv}b", "zz")).toBe(0);
    expect(await cmd(n, "SMOVE", "{mv}a", "{mv}b", "y")).toBe(1);
    expect(await metaOf("{mv}a")).toBe(null);
    expect(sortedItems(await cmd(n, "SMEMBERS", "{mv}b"))).toEqual(["x", "y"]);
    await cmd(n, "SADD", "{mv}c", "x");
    expect(await cmd(n, "SMOVE", "{mv}c", "{mv}b", "x")).toBe(1);
    expect(await cmd(n, "SCARD", "{mv}b")).toBe(2);
    expect(await metaOf("{mv}c")).toBe(null);
  });

  it("to the same key only tells whether the member is there; checks types", async () => {
    await cmd(n, "SADD", "{mv}s", "x");
    expect(await cmd(n, "SMOVE", "{mv}s", "{mv}s", "x")).toBe(1);
    expect(await cmd(n, "SMOVE", "{mv}s", "{mv}s", "y")).toBe(0);
    expect(await cmd(n, "SCARD", "{mv}s")).toBe(1);
    // Types are checked like Redis: a missing source wins over a wrong destination.
    await setString("{mv}str", "v");
    await cmd(n, "SADD", "{mv}t", "x");
    expect(await cmd(n, "SMOVE", "{mv}none", "{mv}str", "x")).toBe(0);
    expect(await cmd(n, "SMOVE", "{mv}t", "{mv}str", "x")).toEqual(WRONGTYPE);
    expect(await cmd(n, "SMOVE", "{mv}str", "{mv}t", "x")).toEqual(WRONGTYPE);
    expect(await cmd(n, "SISMEMBER", "{mv}t", "x")).toBe(1);
  });
});

describe("SSCAN", () => {
  it("returns a small set whole with cursor 0, filtered by MATCH", async () => {
    await cmd(n, "SADD", "ss1", "a1", "a2", "b1");
    const [cursor, items] = (await cmd(n, "SSCAN", "ss1", "0", "COUNT", "1")) as [string, string[]];
    expect(cursor).toBe("0");
    expect(sortedItems(items)).toEqual(["a1", "a2", "b1"]);
    expect(sortedItems(((await cmd(n, "SSCAN", "ss1", "0", "MATCH", "*1")) as [string, string[]])[1])).toEqual(["a1", "b1"]);
    expect(await cmd(n, "SSCAN", "noset", "0")).toEqual(["0", []]);
  });

  it("iterates a large set returning every member exactly once while other keys change", async () => {
    const members = names(1000, "mem:");
    await cmd(n, "SADD", "ss2", ...members);
    const seen: string[] = [];
    let cursor = "0";
    let calls = 0;
    do {
      const [next, items] = (await cmd(n, "SSCAN", "ss2", cursor)) as [string, string[]];
      seen.push(...items);
      cursor = next;
      calls++;
      await cmd(n, "SADD", `ss2-other-${calls}`, "x");
      await cmd(n, "SPOP", `ss2-other-${calls - 1}`);
    } while (cursor !== "0");
    expect(calls).toBe(100); // COUNT defaults to 10
    expect(seen.sort()).toEqual([...members].sort());
  });

  it("rejects bad cursors and options like Redis", async () => {
    await cmd(n, "SADD", "ss3", "a");
    expect(await cmd(n, "SSCAN", "ss3", "abc")).toEqual(err("invalid cursor"));
    expect(await cmd(n, "SSCAN", "ss3", "0", "COUNT", "0")).toEqual(err("syntax error"));
    expect(await cmd(n, "SSCAN", "ss3", "0", "COUNT", "9223372036854775808")).toEqual(err("value is not an integer or out of range"));
    expect(await cmd(n, "SSCAN", "ss3", "0", "MATCH")).toEqual(err("syntax error"));
    expect(await cmd(n, "SSCAN", "ss3", "", "COUNT", "5")).toEqual(["0", ["a"]]);
  });
});

describe("types, bytes and expiry", () => {
  it("every set command replies WRONGTYPE on a string key", async () => {
    await setString("sstr", "x");
    const calls: string[][] = [
      ["SADD", "sstr", "a"], ["SREM", "sstr", "a"], ["SMEMBERS", "sstr"], ["SISMEMBER", "sstr", "a"],
      ["SMISMEMBER", "sstr", "a"], ["SCARD", "sstr"], ["SPOP", "sstr"], ["SPOP", "sstr", "0"],
      ["SRANDMEMBER", "sstr"], ["SRANDMEMBER", "sstr", "0"], ["SMOVE", "sstr", "sstr", "a"],
      ["SINTER", "sstr"], ["SINTERCARD", "1", "sstr"], ["SUNION", "sstr"], ["SDIFF", "sstr"],
      ["SINTERSTORE", "sstr", "sstr"], ["SUNIONSTORE", "sstr", "sstr"], ["SDIFFSTORE", "sstr", "sstr"],
      ["SSCAN", "sstr", "0"],
    ];
    for (const c of calls) expect(await cmd(n, ...c), c.join(" ")).toEqual(WRONGTYPE);
  });

  it("keeps binary members intact, the empty string included", async () => {
    const bin = ["\x00", "\xff", "\x00\xff\r\n", "", "a\x00b"];
    expect(plain(await raw(n, {}, "SADD", "{bin}s", ...bin))).toBe(5);
    expect(plain(await raw(n, {}, "SISMEMBER", "{bin}s", "\x00\xff\r\n"))).toBe(1);
    expect(plain(await raw(n, {}, "SISMEMBER", "{bin}s", "a"))).toBe(0);
    expect(plain(await raw(n, {}, "SMEMBERS", "{bin}s"))).toEqual(["", "\x00", "\x00\xff\r\n", "a\x00b", "\xff"]);
    expect(plain(await raw(n, {}, "SADD", "{bin}t", "\xff", "z"))).toBe(2);
    expect(plain(await raw(n, {}, "SINTER", "{bin}s", "{bin}t"))).toEqual(["\xff"]);
    expect(plain(await raw(n, {}, "SSCAN", "{bin}s", "0", "MATCH", "\x00*"))).toEqual(["0", ["\x00", "\x00\xff\r\n"]]);
    expect(plain(await raw(n, {}, "SREM", "{bin}s", ""))).toBe(1);
  });

  it("an expired set is gone for reads, writes and set operations", async () => {
    await cmd(n, "SADD", "{exp}s", "a", "b");
    await cmd(n, "SADD", "{exp}t", "a");
    await pexpire("{exp}s", 10);
    await sleep(20);
    expect(await cmd(n, "SCARD", "{exp}s")).toBe(0);
    expect(await cmd(n, "SISMEMBER", "{exp}s", "a")).toBe(0);
    expect(await cmd(n, "SUNION", "{exp}s", "{exp}t")).toEqual(["a"]);
    expect(await cmd(n, "SADD", "{exp}s", "c")).toBe(1);
    expect(await cmd(n, "SMEMBERS", "{exp}s")).toEqual(["c"]);
    expect((await metaOf("{exp}s"))?.expiresAt).toBe(null);
  });
});

describe("large sets", () => {
  it("single-member commands read a handful of rows out of 5000", async () => {
    const members = names(5000, "member:");
    expect(await cmd(n, "SADD", "{big}s", ...members)).toBe(5000);
    expect(await cmd(n, "SADD", "{big}t", "member:10", "member:4000", "nope")).toBe(3);
    const whole = await run(["SMEMBERS", "{big}s"]);
    expect(whole.rows).toBeGreaterThanOrEqual(5000);
    for (const c of [
      ["SISMEMBER", "{big}s", "member:2500"], ["SMISMEMBER", "{big}s", "member:1", "x"], ["SCARD", "{big}s"],
      ["SADD", "{big}s", "member:1", "new"], ["SREM", "{big}s", "new"], ["SMOVE", "{big}s", "{big}t", "member:20"],
      ["SINTER", "{big}t", "{big}s"], ["SINTERCARD", "2", "{big}s", "{big}t"], ["SDIFF", "{big}t", "{big}s"],
      ["SSCAN", "{big}s", "0"], ["SSCAN", "{big}s", "10", "COUNT", "5"],
    ]) {
      const r = await run(c);
      expect(r.rows, c.join(" ")).toBeLessThan(30);
    }
    // Random picks read up to the last position drawn (here within the first 2%), never the whole set.
    for (const c of [["SRANDMEMBER", "{big}s"], ["SRANDMEMBER", "{big}s", "-3"], ["SRANDMEMBER", "{big}s", "2"], ["SPOP", "{big}s"]]) {
      let i = 0;
      const r = await run(c, () => (++i % 2 ? 0.01 : 0.02));
      expect(r.rows, c.join(" ")).toBeLessThan(130);
    }
    const probe = await run(["SISMEMBER", "{big}s", "member:2500"]);
    expect(probe.reply).toBe(1);
    expect(probe.rows).toBeLessThanOrEqual(3);
    expect(await cmd(n, "SCARD", "{big}s")).toBe(4998); // SMOVE and SPOP took one member each
  });

  it("SPOP with a large count pops exactly that many distinct members", async () => {
    await cmd(n, "SADD", "{big}p", ...names(3000));
    const popped = (await cmd(n, "SPOP", "{big}p", "2999")) as string[];
    expect(new Set(popped).size).toBe(2999);
    expect(await cmd(n, "SCARD", "{big}p")).toBe(1);
    const [last] = (await cmd(n, "SMEMBERS", "{big}p")) as string[];
    expect(popped).not.toContain(last);
  });
});
