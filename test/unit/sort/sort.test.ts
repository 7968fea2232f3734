/**
 * SORT and SORT_RO through the real handlers: orderings (numeric with byte ties, ALPHA as C
 * strings or, with STORE, whole bytes), BY without '*', LIMIT's clamping, STORE, the cluster-mode
 * refusals, errors, COMMAND GETKEYS, and what replicas receive. Expected replies are redis-server
 * 7.0.15's (cluster mode) for the same commands.
 */
import { describe, expect, it } from "vitest";
import { LocalNode } from "../../helpers/local-node";
import { sortKeys } from "../../../src/commands/specs/sort";
import { sortScore } from "../../../src/sort/sort-command";
import type { Reply } from "../../../src/resp/reply";

const list = (...v: string[]): Reply => ({ t: "array", v: v.map((x) => ({ t: "bulk", v: x })) });
const err = (v: string): Reply => ({ t: "error", v });
const int = (v: number): Reply => ({ t: "int", v });
const SCORES = err("ERR One or more scores can't be converted into double");

function node(): LocalNode {
  const n = new LocalNode();
  n.run("RPUSH", "l", "3", "10", "-2", "2.0", "1e1", " 5", "0x10");
  n.run("RPUSH", "words", "b", "a\0z", "a", "B", "a\0b", "");
  n.run("SADD", "s", "3", "1", "20", "b", "a");
  n.run("ZADD", "z", "3", "x", "1", "10", "2", "9", "2", "-1");
  return n;
}

describe("orderings", () => {
  it("sorts numerically by strtod, ties by the bytes", () => {
    const n = node();
    expect(n.run("SORT", "l")).toEqual(list("-2", "2.0", "3", " 5", "10", "1e1", "0x10"));
    expect(n.run("SORT", "l", "DESC")).toEqual(list("0x10", "1e1", "10", " 5", "3", "2.0", "-2"));
    expect(n.run("SORT", "l", "LIMIT", "1", "3")).toEqual(list("2.0", "3", " 5"));
    expect(n.run("SORT_RO", "z", "ASC")).toEqual(SCORES); // "x" is not a number
    n.run("ZREM", "z", "x");
    expect(n.run("SORT_RO", "z", "ASC")).toEqual(list("-1", "9", "10"));
  });

  it("fails the whole sort on one bad weight, whatever LIMIT keeps", () => {
    const n = node();
    expect(n.run("SORT", "s")).toEqual(SCORES);
    expect(n.run("SORT", "s", "LIMIT", "0", "0")).toEqual(SCORES);
    expect(n.run("SORT", "s", "STORE", "dst")).toEqual(SCORES);
    expect(n.run("EXISTS", "dst")).toEqual(int(0));
    for (const bad of ["nan", "1e400", "1e-310", "5 ", "abc", "   "]) expect(sortScore(bad)).toBeNull();
    for (const [ok, v] of [["", 0], [" 7", 7], ["0x10", 16], ["inf", Infinity], ["1\0junk", 1], ["+5", 5]] as const) expect(sortScore(ok)).toBe(v);
  });

  it("ALPHA compares C strings (up to a NUL), with STORE the whole bytes", () => {
    const n = node();
    // "a\0z", "a" and "a\0b" are equal as C strings: they keep the list's order.
    expect(n.run("SORT", "words", "ALPHA")).toEqual(list("", "B", "a\0z", "a", "a\0b", "b"));
    expect(n.run("SORT", "words", "ALPHA", "STORE", "dst")).toEqual(int(6));
    expect(n.run("LRANGE", "dst", "0", "-1")).toEqual(list("", "B", "a", "a\0b", "a\0z", "b"));
    expect(n.run("SORT", "s", "ALPHA", "DESC", "LIMIT", "0", "2")).toEqual(list("b", "a"));
  });

  it("BY without '*' keeps the native order; a set with STORE is sorted ALPHA", () => {
    const n = node();
    expect(n.run("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2")).toEqual(list(" 5", "1e1"));
    expect(n.run("SORT", "z", "BY", "nosort")).toEqual(list("10", "-1", "9", "x"));
    expect(n.run("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "2")).toEqual(list("x", "9"));
    expect(n.run("SORT", "z", "BY", "a\0*")).toEqual(list("10", "-1", "9", "x")); // strchr stops at the NUL
    expect(n.run("SORT", "s", "BY", "nosort", "DESC", "STORE", "dst")).toEqual(int(5));
    expect(n.run("LRANGE", "dst", "0", "-1")).toEqual(list("b", "a", "3", "20", "1"));
  });

  it("clamps LIMIT as Redis", () => {
    const n = node();
    expect(n.run("SORT", "l", "LIMIT", "-5", "2")).toEqual(list("-2", "2.0"));
    expect(n.run("SORT", "l", "LIMIT", "5", "-1")).toEqual(list("1e1", "0x10"));
    expect(n.run("SORT", "l", "LIMIT", "7", "1")).toEqual(list());
    expect(n.run("SORT", "l", "LIMIT", "6", "100")).toEqual(list("0x10"));
    expect(n.run("SORT", "missing", "LIMIT", "0", "5")).toEqual(list());
  });
});

describe("STORE", () => {
  it("replaces the destination with a list (TTL dropped), deletes it for an empty result", () => {
    const n = node();
    n.run("SET", "dst", "old", "EX", "100");
    expect(n.run("SORT", "l", "LIMIT", "0", "2", "STORE", "dst")).toEqual(int(2));
    expect([n.run("TYPE", "dst"), n.run("TTL", "dst")]).toEqual([{ t: "simple", v: "list" }, int(-1)]);
    expect(n.run("SORT", "missing", "STORE", "dst")).toEqual(int(0));
    expect(n.run("EXISTS", "dst")).toEqual(int(0));
    expect(n.run("SORT", "l", "STORE", "l")).toEqual(int(7)); // onto itself
    expect(n.run("LRANGE", "l", "0", "1")).toEqual(list("-2", "2.0"));
  });

  it("replicates as the SORT command, and only when it wrote", () => {
    const master = node();
    const replica = new LocalNode();
    master.replicateTo(replica);
    master.run("SORT", "s", "BY", "nosort", "STORE", "d1");
    master.run("SORT", "l", "DESC", "STORE", "d2");
    master.run("SORT", "l");
    master.run("SORT", "missing", "STORE", "d3");
    expect(master.effects.map((e) => e[0])).toEqual(["SORT", "SORT"]);
    master.replicateTo(replica);
    for (const k of ["d1", "d2"]) expect(replica.run("LRANGE", k, "0", "-1")).toEqual(master.run("LRANGE", k, "0", "-1"));
  });
});

describe("errors", () => {
  it("answers the first bad option's error, then WRONGTYPE", () => {
    const n = node();
    n.run("SET", "str", "x");
    expect(n.run("SORT", "l", "BY", "w_*")).toEqual(err("ERR BY option of SORT denied in Cluster mode."));
    expect(n.run("SORT", "l", "GET", "#")).toEqual(err("ERR GET option of SORT denied in Cluster mode."));
    expect(n.run("SORT", "l", "FOO", "GET", "#")).toEqual(err("ERR syntax error"));
    expect(n.run("SORT", "l", "LIMIT", "1")).toEqual(err("ERR syntax error"));
    expect(n.run("SORT", "str", "LIMIT", "x", "1")).toEqual(err("ERR value is not an integer or out of range"));
    expect(n.run("SORT_RO", "l", "STORE", "dst")).toEqual(err("ERR syntax error"));
    expect(n.run("SORT", "str")).toEqual(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  });

  it("finds SORT's keys as sortGetKeys: the sorted key and the last STORE", () => {
    expect(sortKeys(["SORT", "k", "STORE", "a", "LIMIT", "0", "1", "STORE", "b"])).toEqual([1, 8]);
    expect(sortKeys(["SORT", "k", "BY", "store", "GET", "store"])).toEqual([1]);
    expect(sortKeys(["SORT", "k", "STORE"])).toEqual([1]);
    expect(node().run("COMMAND", "GETKEYS", "SORT", "k", "ALPHA", "STORE", "d")).toEqual(list("k", "d"));
  });
});
