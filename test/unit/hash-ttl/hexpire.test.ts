/**
 * HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT, HTTL, HPTTL, HEXPIRETIME, HPEXPIRETIME, HPERSIST:
 * replies and error texts as Redis 8.0's t_hash.c, and what replicas receive (absolute times,
 * only the fields that changed, HDEL for a time already past), checked against a replica.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { e, i, ints, nil, Pair, T0 } from "./harness";

let p: Pair;
beforeEach(() => {
  p = new Pair();
  p.cmd("HSET", "h", "a", "1", "b", "2", "c", "3");
});

describe("HEXPIRE and friends", () => {
  it("set a TTL per field: 1 set, -2 no such field, 2 deleted (time already past)", () => {
    expect(p.cmd("HEXPIRE", "h", "10", "FIELDS", "3", "a", "x", "b")).toEqual(ints(1, -2, 1));
    expect(p.cmd("HPEXPIRE", "h", "1500", "FIELDS", "1", "c")).toEqual(ints(1));
    expect(p.cmd("HPEXPIRETIME", "h", "FIELDS", "3", "a", "b", "c")).toEqual(ints(T0 + 10_000, T0 + 10_000, T0 + 1500));
    expect(p.cmd("HEXPIREAT", "h", "1", "FIELDS", "1", "c")).toEqual(ints(2));
    expect(p.cmd("HLEN", "h")).toEqual(i(2));
    expect(p.cmd("HPEXPIREAT", "h", String(T0 + 77), "FIELDS", "1", "a")).toEqual(ints(1));
    expect(p.cmd("HPTTL", "h", "FIELDS", "1", "a")).toEqual(ints(77));
    expect(p.inSync()).toBe(true);
  });

  it("reach replicas as HPEXPIREAT with the absolute time and only the fields set, or HDEL", () => {
    const mark = p.stream.length;
    p.cmd("HEXPIRE", "h", "10", "NX", "FIELDS", "3", "a", "x", "b");
    p.cmd("HEXPIRE", "h", "20", "NX", "FIELDS", "2", "a", "c");
    p.cmd("HPEXPIRE", "h", "0", "FIELDS", "1", "b");
    p.cmd("HEXPIRE", "h", "5", "XX", "FIELDS", "1", "x");
    expect(p.since(mark)).toEqual([
      ["HPEXPIREAT", "h", String(T0 + 10_000), "NX", "FIELDS", "2", "a", "b"],
      ["HPEXPIREAT", "h", String(T0 + 20_000), "NX", "FIELDS", "1", "c"],
      ["HDEL", "h", "b"],
    ]);
    expect(p.inSync()).toBe(true);
  });

  it("delete the hash when its last field gets a time already past", () => {
    p.cmd("HPEXPIREAT", "h", "0", "FIELDS", "3", "a", "b", "c");
    expect(p.cmd("EXISTS", "h")).toEqual(i(0));
    expect(p.stream.slice(-3)).toEqual([["HDEL", "h", "a"], ["HDEL", "h", "b"], ["HDEL", "h", "c"]]);
    expect(p.inSync()).toBe(true);
  });

  it("NX, XX, GT, LT: a field without TTL counts as an infinite one", () => {
    expect(p.cmd("HEXPIRE", "h", "10", "XX", "FIELDS", "1", "a")).toEqual(ints(0));
    expect(p.cmd("HEXPIRE", "h", "10", "GT", "FIELDS", "1", "a")).toEqual(ints(0));
    expect(p.cmd("HEXPIRE", "h", "10", "LT", "FIELDS", "1", "a")).toEqual(ints(1));
    expect(p.cmd("HEXPIRE", "h", "20", "NX", "FIELDS", "2", "a", "b")).toEqual(ints(0, 1));
    expect(p.cmd("HEXPIRE", "h", "10", "gt", "FIELDS", "1", "a")).toEqual(ints(0));
    expect(p.cmd("HEXPIRE", "h", "11", "gt", "FIELDS", "1", "a")).toEqual(ints(1));
    expect(p.cmd("HEXPIRE", "h", "11", "lt", "FIELDS", "1", "a")).toEqual(ints(0));
    expect(p.cmd("HEXPIRE", "h", "5", "xx", "FIELDS", "1", "a")).toEqual(ints(1));
    expect(p.cmd("HTTL", "h", "FIELDS", "3", "a", "b", "c")).toEqual(ints(5, 20, -1));
    expect(p.inSync()).toBe(true);
  });

  it("answer -2 per field on a missing key, WRONGTYPE on another type (before parsing the time)", () => {
    expect(p.cmd("HEXPIRE", "nokey", "10", "FIELDS", "2", "a", "b")).toEqual(ints(-2, -2));
    p.cmd("SET", "s", "x");
    expect(p.cmd("HEXPIRE", "s", "nan", "FIELDS", "1", "a")).toEqual(e("WRONGTYPE Operation against a key holding the wrong kind of value"));
    expect(p.cmd("HTTL", "s", "FIELDS", "1", "a")).toEqual(e("WRONGTYPE Operation against a key holding the wrong kind of value"));
  });

  it("reject bad times, options and field lists with Redis's texts, changing nothing", () => {
    const err = (...argv: string[]) => p.cmd(...argv);
    expect(err("HEXPIRE", "h", "x", "FIELDS", "1", "a")).toEqual(e("ERR value is not an integer or out of range"));
    expect(err("HEXPIRE", "h", "-1", "FIELDS", "1", "a")).toEqual(e("ERR invalid expire time, must be >= 0"));
    expect(err("HEXPIRE", "h", "70368744178", "FIELDS", "1", "a")).toEqual(e("ERR invalid expire time in 'hexpire' command"));
    expect(err("HPEXPIREAT", "h", "70368744177664", "FIELDS", "1", "a")).toEqual(e("ERR invalid expire time in 'hpexpireat' command"));
    expect(err("HPEXPIREAT", "h", "70368744177663", "FIELDS", "1", "a")).toEqual(ints(1));
    expect(err("HPEXPIRE", "h", "70368744177663", "FIELDS", "1", "a")).toEqual(e("ERR invalid expire time in 'hpexpire' command"));
    expect(err("HEXPIRE", "h", "10", "XY", "FIELDS", "1", "a")).toEqual(e("ERR Mandatory argument FIELDS is missing or not at the right position"));
    expect(err("HEXPIRE", "h", "10", "FIELDS", "0", "a")).toEqual(e("ERR Parameter `numFields` should be greater than 0"));
    expect(err("HEXPIRE", "h", "10", "FIELDS", "x", "a")).toEqual(e("ERR Parameter `numFields` should be greater than 0"));
    expect(err("HEXPIRE", "h", "10", "FIELDS", "2", "a")).toEqual(e("ERR The `numfields` parameter must match the number of arguments"));
    expect(err("HEXPIRE", "h", "10", "NX", "FIELDS", "1")).toEqual(e("ERR The `numfields` parameter must match the number of arguments"));
    expect(err("HTTL", "h", "FIELDS", "0", "a")).toEqual(e("ERR Number of fields must be a positive integer"));
    expect(err("HTTL", "h", "FIELD", "1", "a")).toEqual(e("ERR Mandatory argument FIELDS is missing or not at the right position"));
    expect(err("HPERSIST", "h", "FIELDS", "2", "a")).toEqual(e("ERR The `numfields` parameter must match the number of arguments"));
    expect(err("HTTL", "h", "FIELDS", "1", "b")).toEqual(ints(-1));
  });
});

describe("HTTL and friends", () => {
  it("round seconds up, count from now or from the epoch, -1 without TTL, -2 without field", () => {
    p.cmd("HPEXPIRE", "h", "1001", "FIELDS", "1", "a");
    p.now += 1;
    expect(p.cmd("HTTL", "h", "FIELDS", "3", "a", "b", "zz")).toEqual(ints(1, -1, -2));
    expect(p.cmd("HPTTL", "h", "FIELDS", "1", "a")).toEqual(ints(1000));
    expect(p.cmd("HEXPIRETIME", "h", "FIELDS", "1", "a")).toEqual(ints(Math.ceil((T0 + 1001) / 1000)));
    p.now += 999;
    expect(p.cmd("HTTL", "h", "FIELDS", "1", "a")).toEqual(ints(1));
    p.now += 1;
    expect(p.cmd("HPTTL", "h", "FIELDS", "1", "a")).toEqual(ints(0));
    p.now += 1;
    expect(p.cmd("HPTTL", "h", "FIELDS", "1", "a")).toEqual(ints(-2));
    // HTTL reads: the expired field is still stored (HLEN counts it) until something deletes it.
    expect(p.cmd("HLEN", "h")).toEqual(i(3));
  });
});

describe("HPERSIST", () => {
  it("removes TTLs: 1 done, -1 no TTL, -2 no such or an expired field", () => {
    p.cmd("HPEXPIRE", "h", "100", "FIELDS", "2", "a", "b");
    p.now += 50;
    expect(p.cmd("HPERSIST", "h", "FIELDS", "4", "a", "c", "zz", "a")).toEqual(ints(1, -1, -2, -1));
    p.now += 51;
    expect(p.cmd("HPERSIST", "h", "FIELDS", "1", "b")).toEqual(ints(-2));
    expect(p.cmd("HPERSIST", "nokey", "FIELDS", "1", "b")).toEqual(ints(-2));
    expect(p.cmd("HGET", "h", "a")).toEqual({ t: "bulk", v: "1" });
    expect(p.cmd("HGET", "h", "b")).toEqual(nil);
    expect(p.inSync()).toBe(true);
  });

  it("reaches replicas as itself when it changed something, not at all otherwise", () => {
    p.cmd("HPEXPIRE", "h", "100", "FIELDS", "1", "a");
    const mark = p.stream.length;
    p.cmd("HPERSIST", "h", "FIELDS", "1", "b");
    p.cmd("HPERSIST", "h", "FIELDS", "2", "a", "b");
    expect(p.since(mark)).toEqual([["HPERSIST", "h", "FIELDS", "2", "a", "b"]]);
  });
});
