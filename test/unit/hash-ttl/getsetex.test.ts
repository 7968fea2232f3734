/**
 * HGETEX, HSETEX, HGETDEL (Redis 8.0): replies, error texts, and what replicas receive
 * (HPEXPIREAT / HPERSIST / PXAT rewrites, HDEL), checked against a replica.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { a, b, e, i, ints, nil, Pair, T0 } from "./harness";

let p: Pair;
beforeEach(() => {
  p = new Pair();
  p.cmd("HSET", "h", "a", "1", "b", "2", "c", "3");
});

describe("HGETEX", () => {
  it("reads fields and sets, replaces or removes their TTLs", () => {
    expect(p.cmd("HGETEX", "h", "EX", "10", "FIELDS", "2", "a", "zz")).toEqual(a(b("1"), nil));
    expect(p.cmd("HPEXPIRETIME", "h", "FIELDS", "1", "a")).toEqual(ints(T0 + 10_000));
    expect(p.cmd("HGETEX", "h", "PXAT", String(T0 + 5), "FIELDS", "1", "b")).toEqual(a(b("2")));
    expect(p.cmd("HGETEX", "h", "EXAT", "1800000000", "FIELDS", "1", "c")).toEqual(a(b("3")));
    expect(p.cmd("HGETEX", "h", "PX", "7", "FIELDS", "1", "c")).toEqual(a(b("3")));
    expect(p.cmd("HPTTL", "h", "FIELDS", "3", "a", "b", "c")).toEqual(ints(10_000, 5, 7));
    expect(p.cmd("HGETEX", "h", "PERSIST", "FIELDS", "2", "a", "c")).toEqual(a(b("1"), b("3")));
    expect(p.cmd("HGETEX", "h", "FIELDS", "1", "b")).toEqual(a(b("2")));
    expect(p.cmd("HTTL", "h", "FIELDS", "3", "a", "b", "c")).toEqual(ints(-1, 1, -1));
    expect(p.inSync()).toBe(true);
  });

  it("reaches replicas as HPEXPIREAT or HPERSIST with the fields given, or as HDEL for a time past", () => {
    const mark = p.stream.length;
    p.cmd("HGETEX", "h", "EX", "10", "FIELDS", "2", "a", "zz");
    p.cmd("HGETEX", "h", "PERSIST", "FIELDS", "2", "a", "b");
    p.cmd("HGETEX", "h", "PERSIST", "FIELDS", "1", "b");
    p.cmd("HGETEX", "h", "FIELDS", "1", "b");
    p.cmd("HGETEX", "h", "EXAT", "1", "FIELDS", "2", "c", "zz");
    expect(p.since(mark)).toEqual([
      ["HPEXPIREAT", "h", String(T0 + 10_000), "FIELDS", "2", "a", "zz"],
      ["HPERSIST", "h", "FIELDS", "2", "a", "b"],
      ["HDEL", "h", "c"],
    ]);
    expect(p.cmd("HLEN", "h")).toEqual(i(2));
    expect(p.inSync()).toBe(true);
  });

  it("answers nulls for a missing key and checks its arguments as Redis does", () => {
    expect(p.cmd("HGETEX", "nokey", "EX", "1", "FIELDS", "2", "a", "b")).toEqual(a(nil, nil));
    expect(p.cmd("HGETEX", "h", "EX", "-1", "FIELDS", "1", "a")).toEqual(e("ERR invalid expire time, must be >= 0"));
    expect(p.cmd("HGETEX", "h", "EX", "x", "FIELDS", "1", "a")).toEqual(e("ERR value is not an integer or out of range"));
    expect(p.cmd("HGETEX", "h", "KEEPTTL", "FIELDS", "1", "a")).toEqual(e("ERR Mandatory argument FIELDS is missing or not at the right position"));
    expect(p.cmd("HGETEX", "h", "FIELDS", "0", "a")).toEqual(e("ERR Number of fields must be a positive integer"));
    expect(p.cmd("HGETEX", "h", "FIELDS", "3", "a")).toEqual(e("ERR The `numfields` parameter must match the number of arguments"));
    expect(p.cmd("HGETEX", "h", "EX", "10", "FIELDS")).toEqual(e("ERR wrong number of arguments for 'hgetex' command"));
    expect(p.cmd("HGETEX", "h", "EXAT", "70368744178", "FIELDS", "1", "a")).toEqual(e("ERR invalid expire time in 'hgetex' command"));
    p.cmd("SET", "s", "x");
    expect(p.cmd("HGETEX", "s", "FIELDS", "1", "a")).toEqual(e("WRONGTYPE Operation against a key holding the wrong kind of value"));
  });
});

describe("HSETEX", () => {
  it("sets fields with a TTL, and propagates relative times as PXAT", () => {
    const mark = p.stream.length;
    expect(p.cmd("HSETEX", "h", "EX", "10", "FIELDS", "2", "a", "x", "d", "4")).toEqual(i(1));
    expect(p.cmd("HSETEX", "h", "PXAT", String(T0 + 3), "FIELDS", "1", "b", "y")).toEqual(i(1));
    expect(p.cmd("HPTTL", "h", "FIELDS", "4", "a", "b", "c", "d")).toEqual(ints(10_000, 3, -1, 10_000));
    expect(p.cmd("HGETALL", "h")).toEqual({ t: "map", v: [[b("a"), b("x")], [b("b"), b("y")], [b("c"), b("3")], [b("d"), b("4")]] });
    expect(p.since(mark)).toEqual([
      ["HSETEX", "h", "PXAT", String(T0 + 10_000), "FIELDS", "2", "a", "x", "d", "4"],
      ["HSETEX", "h", "PXAT", String(T0 + 3), "FIELDS", "1", "b", "y"],
    ]);
    expect(p.inSync()).toBe(true);
  });

  it("KEEPTTL keeps a field's TTL, no option clears it", () => {
    p.cmd("HEXPIRE", "h", "10", "FIELDS", "2", "a", "b");
    expect(p.cmd("HSETEX", "h", "KEEPTTL", "FIELDS", "1", "a", "x")).toEqual(i(1));
    expect(p.cmd("HSETEX", "h", "FIELDS", "1", "b", "y")).toEqual(i(1));
    expect(p.cmd("HTTL", "h", "FIELDS", "2", "a", "b")).toEqual(ints(10, -1));
    expect(p.inSync()).toBe(true);
  });

  it("FNX sets only when no field exists, FXX only when all exist (an expired field does not)", () => {
    expect(p.cmd("HSETEX", "h", "FNX", "FIELDS", "2", "x", "1", "a", "1")).toEqual(i(0));
    expect(p.cmd("HSETEX", "h", "FXX", "FIELDS", "2", "a", "9", "x", "1")).toEqual(i(0));
    expect(p.cmd("HSETEX", "h", "FXX", "EX", "5", "FIELDS", "2", "a", "9", "b", "8")).toEqual(i(1));
    expect(p.cmd("HSETEX", "new", "FXX", "FIELDS", "1", "a", "1")).toEqual(i(0));
    expect(p.cmd("EXISTS", "new")).toEqual(i(0));
    expect(p.cmd("HSETEX", "new", "FNX", "FIELDS", "1", "a", "1")).toEqual(i(1));
    p.now += 5001;
    const mark = p.stream.length;
    expect(p.cmd("HSETEX", "h", "FNX", "FIELDS", "2", "a", "n", "b", "m")).toEqual(i(1));
    expect(p.since(mark)).toEqual([["HDEL", "h", "a"], ["HDEL", "h", "b"], ["HSETEX", "h", "FNX", "FIELDS", "2", "a", "n", "b", "m"]]);
    expect(p.inSync()).toBe(true);
  });

  it("a time already past deletes the fields it set: replicas get HDELs only", () => {
    const mark = p.stream.length;
    expect(p.cmd("HSETEX", "h", "EXAT", "1", "FIELDS", "2", "a", "x", "z", "y")).toEqual(i(1));
    expect(p.cmd("HGETALL", "h")).toEqual({ t: "map", v: [[b("b"), b("2")], [b("c"), b("3")]] });
    expect(p.since(mark)).toEqual([["HDEL", "h", "a"], ["HDEL", "h", "z"]]);
    expect(p.cmd("HSETEX", "gone", "PX", "0", "FIELDS", "1", "a", "x")).toEqual(i(1));
    expect(p.cmd("EXISTS", "gone")).toEqual(i(0));
    expect(p.inSync()).toBe(true);
  });

  it("checks its arguments before the key, with Redis's texts", () => {
    p.cmd("SET", "s", "x");
    const err = (...argv: string[]) => p.cmd("HSETEX", ...argv);
    expect(err("s", "FXX", "FNX", "FIELDS", "1", "a", "1")).toEqual(e("ERR Only one of FXX or FNX arguments can be specified"));
    expect(err("s", "EX", "1", "PX", "1", "FIELDS", "1", "a", "1")).toEqual(e("ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified"));
    expect(err("s", "KEEPTTL", "EX", "1", "FIELDS", "1", "a", "1")).toEqual(e("ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified"));
    expect(err("s", "FIELDS", "1", "a", "1", "b")).toEqual(e("ERR wrong number of arguments for 'hsetex' command"));
    expect(err("s", "FIELDS", "2", "a", "1")).toEqual(e("ERR wrong number of arguments for 'hsetex' command"));
    expect(err("s", "FIELDS", "0", "a", "1")).toEqual(e("ERR invalid number of fields"));
    expect(err("s", "FIELDS", "2147483648", "a", "1")).toEqual(e("ERR invalid number of fields"));
    expect(err("s", "BOGUS", "FIELDS", "1", "a", "1")).toEqual(e("ERR unknown argument: BOGUS"));
    expect(err("s", "EX", "0x", "FIELDS", "1", "a", "1")).toEqual(e("ERR value is not an integer or out of range"));
    expect(err("s", "FIELDS", "1", "a", "1")).toEqual(e("WRONGTYPE Operation against a key holding the wrong kind of value"));
  });
});

describe("HGETDEL", () => {
  it("returns the values and deletes the fields, the hash with its last one", () => {
    const mark = p.stream.length;
    expect(p.cmd("HGETDEL", "h", "FIELDS", "2", "a", "zz")).toEqual(a(b("1"), nil));
    expect(p.cmd("HGETDEL", "h", "FIELDS", "1", "zz")).toEqual(a(nil));
    expect(p.cmd("HGETDEL", "h", "FIELDS", "3", "b", "c", "b")).toEqual(a(b("2"), b("3"), nil));
    expect(p.cmd("EXISTS", "h")).toEqual(i(0));
    expect(p.cmd("HGETDEL", "h", "FIELDS", "1", "a")).toEqual(a(nil));
    expect(p.since(mark)).toEqual([["HDEL", "h", "a", "zz"], ["HDEL", "h", "b", "c", "b"]]);
    expect(p.cmd("HGETDEL", "h", "FIELDS", "2", "a")).toEqual(e("ERR The `numfields` parameter must match the number of arguments"));
    expect(p.cmd("HGETDEL", "h", "FIELD", "1", "a")).toEqual(e("ERR Mandatory argument FIELDS is missing or not at the right position"));
    expect(p.inSync()).toBe(true);
  });
});
