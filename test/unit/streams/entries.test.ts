/**
 * XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID through the dispatcher on a SQLite keyspace:
 * ID generation and errors, exclusive ranges, node-wise "~" trimming, first/max-deleted IDs, and
 * what reaches replicas (generated IDs, exact trims).
 */
import { describe, expect, it } from "vitest";
import { js, Node } from "./harness";

describe("XADD", () => {
  it("generates <now>-0, then <now>-1 within the same millisecond, and completes <ms>-*", () => {
    const n = new Node();
    expect(js(n.cmd("XADD", "s", "*", "f", "1"))).toBe("1000000-0");
    expect(js(n.cmd("XADD", "s", "*", "f", "2"))).toBe("1000000-1");
    expect(js(n.cmd("XADD", "s", "1000000-*", "f", "3"))).toBe("1000000-2");
    expect(js(n.cmd("XADD", "s", "2000000-*", "f", "4"))).toBe("2000000-0");
    n.now = 1_500_000; // the clock went back: IDs keep growing
    expect(js(n.cmd("XADD", "s", "*", "f", "5"))).toBe("2000000-1");
  });

  it("answers Redis's ID errors and writes nothing", () => {
    const n = new Node();
    n.cmd("XADD", "s", "5-5", "f", "v");
    expect(js(n.cmd("XADD", "s", "5-5", "f", "v"))).toEqual({ err: "ERR The ID specified in XADD is equal or smaller than the target stream top item" });
    expect(js(n.cmd("XADD", "s", "0-0", "f", "v"))).toEqual({ err: "ERR The ID specified in XADD must be greater than 0-0" });
    expect(js(n.cmd("XADD", "s", "1-x", "f", "v"))).toEqual({ err: "ERR Invalid stream ID specified as stream command argument" });
    expect(js(n.cmd("XADD", "s", "5-6", "f"))).toEqual({ err: "ERR wrong number of arguments for 'xadd' command" });
    expect(js(n.cmd("XADD", "t", "NOMKSTREAM", "*", "f", "v"))).toBe(null);
    expect(js(n.cmd("EXISTS", "t"))).toBe(0);
    n.cmd("XADD", "m", "18446744073709551615-18446744073709551615", "f", "v");
    expect(js(n.cmd("XADD", "m", "*", "f", "v"))).toEqual({ err: "ERR The stream has exhausted the last possible ID, unable to add more items" });
    expect(js(n.cmd("XLEN", "s"))).toBe(1);
  });

  it("propagates the generated ID and an exact trim, never LIMIT", () => {
    const n = new Node();
    for (let i = 1; i <= 250; i++) n.cmd("XADD", "s", `${i}-0`, "f", "v");
    n.effects = [];
    expect(js(n.cmd("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "1000", "*", "f", "v"))).toBe("1000000-0");
    // Nodes of 100: two whole nodes go, the third (51 entries) stays.
    expect(js(n.cmd("XLEN", "s"))).toBe(51);
    expect(n.effects).toEqual([["XADD", "s", "MAXLEN", "=", "51", "1000000-0", "f", "v"]]);
  });
});

describe("XRANGE / XREVRANGE", () => {
  it("reads inclusive, exclusive and incomplete bounds, with COUNT", () => {
    const n = new Node();
    for (const id of ["1-0", "1-1", "2-0", "3-5"]) n.cmd("XADD", "s", id, "f", id);
    const ids = (r: unknown): unknown => (r as [string, string[]][]).map((e) => e[0]);
    expect(ids(js(n.cmd("XRANGE", "s", "-", "+")))).toEqual(["1-0", "1-1", "2-0", "3-5"]);
    expect(ids(js(n.cmd("XRANGE", "s", "(1-0", "(3-5")))).toEqual(["1-1", "2-0"]);
    expect(ids(js(n.cmd("XRANGE", "s", "1", "1")))).toEqual(["1-0", "1-1"]);
    expect(ids(js(n.cmd("XREVRANGE", "s", "+", "-", "COUNT", "2")))).toEqual(["3-5", "2-0"]);
    expect(js(n.cmd("XRANGE", "s", "-", "+", "COUNT", "0"))).toBe(null);
    expect(js(n.cmd("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"))).toEqual({ err: "ERR invalid start ID for the interval" });
    expect(js(n.cmd("XRANGE", "s", "(-", "+"))).toEqual({ err: "ERR Invalid stream ID specified as stream command argument" });
    expect(js(n.cmd("XRANGE", "none", "-", "+"))).toEqual([]);
  });
});

describe("XDEL / XTRIM / XSETID", () => {
  it("keeps an emptied stream and records first and max deleted IDs", () => {
    const n = new Node();
    n.cmd("XADD", "s", "1-0", "f", "v");
    n.cmd("XADD", "s", "2-0", "f", "v");
    expect(js(n.cmd("XDEL", "s", "1-0", "9-9"))).toBe(1);
    const info = js(n.cmd("XINFO", "STREAM", "s")) as unknown[];
    expect(info.slice(8, 14)).toEqual(["max-deleted-entry-id", "1-0", "entries-added", 2, "recorded-first-entry-id", "2-0"]);
    expect(js(n.cmd("XDEL", "s", "2-0"))).toBe(1);
    expect(js(n.cmd("TYPE", "s"))).toBe("stream");
    expect(js(n.cmd("XLEN", "s"))).toBe(0);
  });

  it("trims exactly inside a node, and by whole nodes with ~ (replicated as exact)", () => {
    const n = new Node();
    for (let i = 1; i <= 150; i++) n.cmd("XADD", "s", `${i}-0`, "f", "v");
    n.effects = [];
    expect(js(n.cmd("XTRIM", "s", "MINID", "~", "120"))).toBe(100);
    expect(n.effects).toEqual([["XTRIM", "s", "MINID", "=", "101-0"]]);
    expect(js(n.cmd("XTRIM", "s", "MINID", "~", "140"))).toBe(0);
    expect(js(n.cmd("XTRIM", "s", "MINID", "140"))).toBe(39);
    expect(js(n.cmd("XTRIM", "s", "MAXLEN", "5", "LIMIT", "3"))).toEqual({ err: "ERR syntax error, LIMIT cannot be used without the special ~ option" });
    expect(js(n.cmd("XTRIM", "s", "LIMIT", "3"))).toEqual({ err: "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy" });
    expect(js(n.cmd("XLEN", "s"))).toBe(11);
  });

  it("XSETID moves the last ID forward only", () => {
    const n = new Node();
    n.cmd("XADD", "s", "5-0", "f", "v");
    expect(js(n.cmd("XSETID", "s", "4-0"))).toEqual({ err: "ERR The ID specified in XSETID is smaller than the target stream top item" });
    expect(js(n.cmd("XSETID", "s", "9-0", "ENTRIESADDED", "0"))).toEqual({ err: "ERR The entries_added specified in XSETID is smaller than the target stream length" });
    expect(js(n.cmd("XSETID", "s", "9-0", "ENTRIESADDED", "7", "MAXDELETEDID", "3-0"))).toBe("OK");
    expect(js(n.cmd("XADD", "s", "*", "f", "v"))).toBe("1000000-0");
    expect(js(n.cmd("XADD", "s", "9-*", "f", "v"))).toEqual({ err: "ERR The ID specified in XADD is equal or smaller than the target stream top item" });
    expect(js(n.cmd("XSETID", "nokey", "1-0"))).toEqual({ err: "ERR no such key" });
  });
});

describe("a stream as a whole value", () => {
  it("DUMP/RESTORE and COPY keep entries, metadata, groups and PELs", () => {
    const n = new Node();
    n.cmd("XADD", "{k}s", "1-0", "f", "v");
    n.cmd("XADD", "{k}s", "2-0", "g", "w", "h", "x");
    n.cmd("XGROUP", "CREATE", "{k}s", "grp", "0");
    n.cmd("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", "{k}s", ">");
    n.cmd("XDEL", "{k}s", "1-0");
    const full = (k: string) => js(n.cmd("XINFO", "STREAM", k, "FULL"));
    const dump = js(n.cmd("DUMP", "{k}s")) as string;
    expect(js(n.cmd("RESTORE", "{k}r", "0", dump))).toBe("OK");
    expect(full("{k}r")).toEqual(full("{k}s"));
    expect(js(n.cmd("COPY", "{k}s", "{k}c"))).toBe(1);
    expect(full("{k}c")).toEqual(full("{k}s"));
    expect(js(n.cmd("RESTORE", "{k}bad", "0", dump.slice(0, 10) + "x" + dump.slice(11)))).toEqual({ err: "ERR DUMP payload version or checksum are wrong" });
    expect(js(n.cmd("OBJECT", "ENCODING", "{k}s"))).toBe("stream");
  });
});
