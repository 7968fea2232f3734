/**
 * What the other hash commands make of expired fields (Redis 8.0): commands that name a field
 * expire it lazily (deleted on the master, HDEL to replicas, the hash deleted with its last
 * field); commands that walk the hash skip expired fields; HLEN and HDEL count them until they
 * are deleted; a replica hides them from its clients but deletes nothing; active expiry deletes
 * them a budget at a time.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { a, b, i, ints, nil, Pair, T0 } from "./harness";

let p: Pair;
/** h: a (expires at T0+100), b (no TTL), c (expires at T0+200). */
beforeEach(() => {
  p = new Pair();
  p.cmd("HSET", "h", "a", "1", "b", "2", "c", "3");
  p.cmd("HPEXPIRE", "h", "100", "FIELDS", "1", "a");
  p.cmd("HPEXPIRE", "h", "200", "FIELDS", "1", "c");
});

describe("commands that name a field", () => {
  it("keep a field alive up to its time, then delete it on access (HGET, HMGET, HEXISTS, HSTRLEN)", () => {
    p.now = T0 + 100;
    expect(p.cmd("HGET", "h", "a")).toEqual(b("1"));
    p.now = T0 + 101;
    const mark = p.stream.length;
    expect(p.cmd("HLEN", "h")).toEqual(i(3));
    expect(p.cmd("HEXISTS", "h", "a")).toEqual(i(0));
    expect(p.since(mark)).toEqual([["HDEL", "h", "a"]]);
    expect(p.cmd("HLEN", "h")).toEqual(i(2));
    p.now = T0 + 201;
    expect(p.cmd("HMGET", "h", "a", "b", "c")).toEqual(a(nil, b("2"), nil));
    expect(p.cmd("HSTRLEN", "h", "b")).toEqual(i(1));
    expect(p.since(mark)).toEqual([["HDEL", "h", "a"], ["HDEL", "h", "c"]]);
    expect(p.inSync()).toBe(true);
  });

  it("delete the hash with its last field", () => {
    p.cmd("HDEL", "h", "b");
    p.now = T0 + 300;
    expect(p.cmd("HGET", "h", "a")).toEqual(nil);
    expect(p.cmd("EXISTS", "h")).toEqual(i(1));
    expect(p.cmd("HSTRLEN", "h", "c")).toEqual(i(0));
    expect(p.cmd("EXISTS", "h")).toEqual(i(0));
    expect(p.inSync()).toBe(true);
  });

  it("HSETNX, HINCRBY, HINCRBYFLOAT see an expired field as absent; the new field has no TTL", () => {
    p.now = T0 + 150;
    const mark = p.stream.length;
    expect(p.cmd("HSETNX", "h", "a", "x")).toEqual(i(1));
    expect(p.cmd("HINCRBY", "h", "c", "5")).toEqual(i(8));
    expect(p.cmd("HPTTL", "h", "FIELDS", "1", "c")).toEqual(ints(50));
    p.now = T0 + 250;
    expect(p.cmd("HINCRBY", "h", "c", "5")).toEqual(i(5));
    expect(p.cmd("HTTL", "h", "FIELDS", "2", "a", "c")).toEqual(ints(-1, -1));
    p.cmd("HPEXPIRE", "h", "10", "FIELDS", "1", "c");
    p.now += 11;
    expect(p.cmd("HINCRBYFLOAT", "h", "c", "0.5")).toEqual(b("0.5"));
    expect(p.since(mark)).toEqual([
      ["HDEL", "h", "a"], ["HSETNX", "h", "a", "x"],
      ["HINCRBY", "h", "c", "5"],
      ["HDEL", "h", "c"], ["HINCRBY", "h", "c", "5"],
      ["HPEXPIREAT", "h", String(T0 + 260), "FIELDS", "1", "c"],
      ["HDEL", "h", "c"], ["HSETEX", "h", "KEEPTTL", "FIELDS", "1", "c", "0.5"],
    ]);
    expect(p.inSync()).toBe(true);
  });

  it("a write that expires the last field works on a new hash, without the old key's TTL", () => {
    p.cmd("HDEL", "h", "b", "c");
    p.cmd("EXPIRE", "h", "1000");
    p.now = T0 + 150;
    expect(p.cmd("HINCRBY", "h", "a", "1")).toEqual(i(1));
    expect(p.cmd("TTL", "h")).toEqual(i(-1));
    expect(p.inSync()).toBe(true);
  });

  it("HINCRBY and HINCRBYFLOAT keep a live field's TTL; HSET clears it, and revives an expired field (reply 0)", () => {
    expect(p.cmd("HINCRBY", "h", "c", "1")).toEqual(i(4));
    expect(p.cmd("HINCRBYFLOAT", "h", "c", "1.5")).toEqual(b("5.5"));
    expect(p.cmd("HPTTL", "h", "FIELDS", "1", "c")).toEqual(ints(200));
    p.now = T0 + 150;
    expect(p.cmd("HSET", "h", "a", "again", "c", "x")).toEqual(i(0));
    expect(p.cmd("HTTL", "h", "FIELDS", "2", "a", "c")).toEqual(ints(-1, -1));
    expect(p.cmd("HGET", "h", "a")).toEqual(b("again"));
    expect(p.inSync()).toBe(true);
  });
});

describe("commands that walk the hash", () => {
  it("HGETALL, HKEYS, HVALS, HSCAN skip expired fields without deleting them; HLEN and HDEL still count them", () => {
    p.now = T0 + 150;
    const mark = p.stream.length;
    expect(p.cmd("HGETALL", "h")).toEqual({ t: "map", v: [[b("b"), b("2")], [b("c"), b("3")]] });
    expect(p.cmd("HKEYS", "h")).toEqual(a(b("b"), b("c")));
    expect(p.cmd("HVALS", "h")).toEqual(a(b("2"), b("3")));
    expect(p.cmd("HSCAN", "h", "0")).toEqual(a(b("0"), a(b("b"), b("2"), b("c"), b("3"))));
    expect(p.cmd("HLEN", "h")).toEqual(i(3));
    expect(p.since(mark)).toEqual([]);
    expect(p.cmd("HDEL", "h", "a", "zz")).toEqual(i(1));
    p.now = T0 + 300;
    expect(p.cmd("HGETALL", "h")).toEqual({ t: "map", v: [[b("b"), b("2")]] });
    expect(p.inSync()).toBe(true);
  });

  it("HRANDFIELD deletes the expired fields first, and the hash if none is left", () => {
    p.now = T0 + 300;
    const mark = p.stream.length;
    expect(p.cmd("HRANDFIELD", "h", "5", "WITHVALUES")).toEqual(a(b("b"), b("2")));
    expect(p.since(mark)).toEqual([["HDEL", "h", "a"], ["HDEL", "h", "c"]]);
    expect(p.cmd("HLEN", "h")).toEqual(i(1));
    p.cmd("HPEXPIRE", "h", "1", "FIELDS", "1", "b");
    p.now += 2;
    expect(p.cmd("HRANDFIELD", "h")).toEqual(nil);
    expect(p.cmd("EXISTS", "h")).toEqual(i(0));
    expect(p.inSync()).toBe(true);
  });
});

describe("replicas", () => {
  it("hide expired fields from their clients, delete nothing, and wait for the master's HDEL", () => {
    p.now = T0 + 150;
    expect(p.onReplica("HGET", "h", "a")).toEqual(nil);
    expect(p.onReplica("HEXISTS", "h", "a")).toEqual(i(0));
    expect(p.onReplica("HGETALL", "h")).toEqual({ t: "map", v: [[b("b"), b("2")], [b("c"), b("3")]] });
    expect(p.onReplica("HTTL", "h", "FIELDS", "2", "a", "c")).toEqual(ints(-2, 1));
    expect(p.onReplica("HRANDFIELD", "h", "-3")).toEqual(a(b("c"), b("c"), b("c")));
    expect(p.onReplica("HLEN", "h")).toEqual(i(3));
    expect(p.inSync()).toBe(true);
    p.cron();
    expect(p.onReplica("HLEN", "h")).toEqual(i(2));
    expect(p.inSync()).toBe(true);
  });
});

describe("active expiry", () => {
  it("deletes expired fields a budget at a time, earliest first, the hash with its last field", () => {
    p.cmd("HSET", "h2", "x", "1");
    p.cmd("HPEXPIRE", "h2", "50", "FIELDS", "1", "x");
    p.now = T0 + 1000;
    expect(p.cron(2)).toEqual([["HDEL", "h2", "x"], ["HDEL", "h", "a"]]);
    expect(p.cmd("EXISTS", "h2")).toEqual(i(0));
    expect(p.cron(2)).toEqual([["HDEL", "h", "c"]]);
    expect(p.cron(2)).toEqual([]);
    expect(p.cmd("HGETALL", "h")).toEqual({ t: "map", v: [[b("b"), b("2")]] });
    expect(p.inSync()).toBe(true);
  });

  it("wakes the node when the earliest field expires", () => {
    expect(p.master.nextExpiry()).toBe(T0 + 101);
    p.cmd("PEXPIRE", "h", "50");
    expect(p.master.nextExpiry()).toBe(T0 + 50);
  });
});
