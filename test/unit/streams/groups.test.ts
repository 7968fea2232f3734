/**
 * Consumer groups through the dispatcher: XGROUP, XREADGROUP (new entries, history, NOACK),
 * XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO's entries_read and lag; blocking XREAD; and the
 * replicated effects, replayed on a second keyspace, leaving the same groups, consumers and PEL.
 */
import { describe, expect, it } from "vitest";
import { js, Node } from "./harness";

const withEntries = (n: Node, k: string, ids: string[]): void => {
  for (const id of ids) n.cmd("XADD", k, id, "f", id);
};

describe("XREADGROUP and the PEL", () => {
  it("delivers new entries once, serves a consumer's history, and XACK clears it", () => {
    const n = new Node();
    withEntries(n, "s", ["1-0", "2-0", "3-0"]);
    expect(js(n.cmd("XGROUP", "CREATE", "s", "g", "0"))).toBe("OK");
    expect(js(n.cmd("XGROUP", "CREATE", "s", "g", "0"))).toEqual({ err: "BUSYGROUP Consumer Group name already exists" });
    expect(js(n.cmd("XREADGROUP", "GROUP", "g", "a", "COUNT", "2", "STREAMS", "s", ">"))).toEqual([["s", [["1-0", ["f", "1-0"]], ["2-0", ["f", "2-0"]]]]]);
    expect(js(n.cmd("XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", ">"))).toEqual([["s", [["3-0", ["f", "3-0"]]]]]);
    expect(js(n.cmd("XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", ">"))).toBe(null);
    n.cmd("XDEL", "s", "2-0");
    n.now += 5000;
    expect(js(n.cmd("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", "0"))).toEqual([["s", [["1-0", ["f", "1-0"]], ["2-0", null]]]]);
    expect(js(n.cmd("XPENDING", "s", "g"))).toEqual([3, "1-0", "3-0", [["a", "2"], ["b", "1"]]]);
    expect(js(n.cmd("XPENDING", "s", "g", "-", "+", "10"))).toEqual([["1-0", "a", 0, 2], ["2-0", "a", 5000, 1], ["3-0", "b", 5000, 1]]);
    expect(js(n.cmd("XPENDING", "s", "g", "IDLE", "1000", "-", "+", "10", "a"))).toEqual([["2-0", "a", 5000, 1]]);
    expect(js(n.cmd("XACK", "s", "g", "1-0", "3-0", "9-0"))).toBe(2);
    expect(js(n.cmd("XPENDING", "s", "g"))).toEqual([1, "2-0", "2-0", [["a", "1"]]]);
  });

  it("tracks entries_read and lag as Redis 7.0 does", () => {
    const n = new Node();
    withEntries(n, "s", ["1-0", "2-0", "3-0", "4-0"]);
    n.cmd("XGROUP", "CREATE", "s", "g", "0");
    n.cmd("XREADGROUP", "GROUP", "g", "a", "COUNT", "1", "STREAMS", "s", ">");
    expect(js(n.cmd("XINFO", "GROUPS", "s"))).toEqual([["name", "g", "consumers", 1, "pending", 1, "last-delivered-id", "1-0", "entries-read", 1, "lag", 3]]);
    n.cmd("XDEL", "s", "3-0"); // a tombstone ahead: the lag is unknown
    expect((js(n.cmd("XINFO", "GROUPS", "s")) as unknown[][])[0]!.slice(8)).toEqual(["entries-read", 1, "lag", null]);
    n.cmd("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
    expect((js(n.cmd("XINFO", "GROUPS", "s")) as unknown[][])[0]!.slice(6)).toEqual(["last-delivered-id", "4-0", "entries-read", 4, "lag", 0]);
  });

  it("NOACK advances the group without pending entries", () => {
    const n = new Node();
    withEntries(n, "s", ["1-0", "2-0"]);
    n.cmd("XGROUP", "CREATE", "s", "g", "0");
    n.cmd("XREADGROUP", "GROUP", "g", "a", "NOACK", "STREAMS", "s", ">");
    expect(js(n.cmd("XPENDING", "s", "g"))).toEqual([0, null, null, null]);
    expect(js(n.cmd("XINFO", "CONSUMERS", "s", "g"))).toEqual([["name", "a", "pending", 0, "idle", 0]]);
  });
});

describe("XCLAIM / XAUTOCLAIM", () => {
  it("honours min-idle, FORCE, JUSTID, RETRYCOUNT, IDLE, TIME and LASTID", () => {
    const n = new Node();
    withEntries(n, "s", ["1-0", "2-0", "3-0"]);
    n.cmd("XGROUP", "CREATE", "s", "g", "0");
    n.cmd("XREADGROUP", "GROUP", "g", "a", "COUNT", "1", "STREAMS", "s", ">");
    n.now += 100;
    expect(js(n.cmd("XCLAIM", "s", "g", "b", "1000", "1-0"))).toEqual([]);
    expect(js(n.cmd("XCLAIM", "s", "g", "b", "50", "1-0", "JUSTID"))).toEqual(["1-0"]);
    expect(js(n.cmd("XCLAIM", "s", "g", "c", "0", "2-0", "FORCE", "JUSTID", "RETRYCOUNT", "7", "IDLE", "300"))).toEqual(["2-0"]);
    expect(js(n.cmd("XPENDING", "s", "g", "-", "+", "10"))).toEqual([["1-0", "b", 0, 1], ["2-0", "c", 300, 7]]);
    expect(js(n.cmd("XCLAIM", "s", "g", "c", "0", "1-0", "TIME", String(n.now - 40), "LASTID", "3-0"))).toEqual([["1-0", ["f", "1-0"]]]);
    expect(js(n.cmd("XPENDING", "s", "g", "-", "+", "1"))).toEqual([["1-0", "c", 40, 2]]);
    expect((js(n.cmd("XINFO", "GROUPS", "s")) as unknown[][])[0]![7]).toBe("3-0");
    expect(js(n.cmd("XCLAIM", "s", "g", "c", "0", "1-0", "BOGUS"))).toEqual({ err: "ERR Unrecognized XCLAIM option 'BOGUS'" });
    expect(js(n.cmd("XCLAIM", "s", "nog", "c", "0", "1-0"))).toEqual({ err: "NOGROUP No such key 's' or consumer group 'nog'" });
  });

  it("XAUTOCLAIM returns a cursor and the IDs it dropped because their entries are gone", () => {
    const n = new Node();
    withEntries(n, "s", ["1-0", "2-0", "3-0", "4-0"]);
    n.cmd("XGROUP", "CREATE", "s", "g", "0");
    n.cmd("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
    n.cmd("XDEL", "s", "2-0");
    expect(js(n.cmd("XAUTOCLAIM", "s", "g", "b", "0", "-", "COUNT", "2", "JUSTID"))).toEqual(["3-0", ["1-0"], ["2-0"]]);
    expect(js(n.cmd("XAUTOCLAIM", "s", "g", "b", "0", "3-0"))).toEqual(["0-0", [["3-0", ["f", "3-0"]], ["4-0", ["f", "4-0"]]], []]);
    expect(js(n.cmd("XAUTOCLAIM", "s", "g", "b", "0", "-", "COUNT", "0"))).toEqual({ err: "ERR COUNT must be > 0" });
  });
});

describe("blocking XREAD / XREADGROUP", () => {
  it("blocks with $ resolved to the last ID and a COUNT for the re-run", () => {
    const n = new Node();
    n.conn = { resp: 2, canBlock: true };
    withEntries(n, "s", ["5-0"]);
    expect(n.raw("XREAD", "BLOCK", "100", "STREAMS", "s", "$")).toEqual({
      t: "block", keys: ["s"], timeoutMs: 100, timeoutReply: { t: "nullarray" }, argv: ["XREAD", "BLOCK", "100", "COUNT", "1000", "STREAMS", "s", "5-0"],
    });
    n.conn = { resp: 2 };
    expect(js(n.cmd("XREAD", "BLOCK", "0", "STREAMS", "s", "$"))).toBe(null);
    n.conn = { resp: 3, canBlock: true };
    n.cmd("XGROUP", "CREATE", "s", "g", "$");
    expect((n.raw("XREADGROUP", "BLOCK", "0", "GROUP", "g", "a", "STREAMS", "s", ">") as { t: string }).t).toBe("block");
    n.cmd("XADD", "s", "6-0", "f", "v");
    expect(n.cmd("XREAD", "STREAMS", "s", "5-0")).toEqual({ t: "map", v: [[{ t: "bulk", v: "s" }, { t: "array", v: [{ t: "array", v: [{ t: "bulk", v: "6-0" }, { t: "array", v: [{ t: "bulk", v: "f" }, { t: "bulk", v: "v" }] }] }] }]] });
  });
});

describe("replication of group state", () => {
  it("replaying the effects gives the replica the same groups, consumers and PEL", () => {
    const [m, r] = [new Node(), new Node()];
    const steps: string[][] = [
      ["XADD", "s", "*", "f", "1"], ["XADD", "s", "*", "f", "2"], ["XADD", "s", "MAXLEN", "~", "1", "*", "f", "3"],
      ["XGROUP", "CREATE", "s", "g", "0"], ["XGROUP", "CREATE", "s", "h", "$", "ENTRIESREAD", "3"],
      ["XREADGROUP", "GROUP", "g", "a", "COUNT", "2", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "b", "NOACK", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", "0"],
      ["XCLAIM", "s", "g", "c", "0", "1000000-0", "IDLE", "20"],
      ["XDEL", "s", "1000000-1"],
      ["XAUTOCLAIM", "s", "g", "d", "0", "-"],
      ["XACK", "s", "g", "1000000-0"],
      ["XGROUP", "CREATECONSUMER", "s", "h", "z"], ["XGROUP", "DELCONSUMER", "s", "g", "b"],
      ["XSETID", "s", "2000000-0"],
    ];
    for (const argv of steps) {
      m.now += 7;
      m.cmd(...argv);
      m.replicateTo(r);
    }
    const state = (n: Node): unknown => JSON.stringify(js(n.cmd("XINFO", "STREAM", "s", "FULL"))).replace(/"seen-time",\d+/g, "");
    expect(state(r)).toEqual(state(m));
    expect(js(r.cmd("XPENDING", "s", "g", "-", "+", "10"))).toEqual(js(m.cmd("XPENDING", "s", "g", "-", "+", "10")));
    expect(js(r.cmd("XINFO", "GROUPS", "s"))).toEqual(js(m.cmd("XINFO", "GROUPS", "s")));
  });
});
