/**
 * The gateway router against fake nodes: grouping per node, multi-key splitting, MOVED / ASK
 * following, local errors, permissions, transactions, the slot map.
 */
import { describe, expect, it } from "vitest";
import type { BStr } from "../../src/resp/bytes";
import { arr, bulk, error, int, NULL_ARRAY, OK, simple, type Reply } from "../../src/resp/reply";
import type { CommandSpec, ConnState } from "../../src/commands/types";
import type { CoordinateRequest, NodeRpc, WatchToken } from "../../src/node-rpc";
import { parseRedirect } from "../../src/cluster/redirect";
import { keyHashSlot } from "../../src/commands/slot";
import { MAX_HOPS, Router } from "../../src/gateway/router";
import { SlotMap } from "../../src/gateway/slot-map";

const ADMIN: ConnState = { resp: 2, admin: true };
const DATA: ConnState = { resp: 2, admin: false };

function def(name: string, arity: number, firstKey = 0, lastKey = 0, step = 0, flags: CommandSpec["flags"] = []): CommandSpec {
  return { name, arity, flags, firstKey, lastKey, step, categories: [] };
}

const DEFS = new Map(
  [
    def("get", 2, 1, 1, 1), def("set", -3, 1, 1, 1, ["write"]), def("wait", 3), def("mget", -2, 1, -1, 1), def("mset", -3, 1, -1, 2),
    def("del", -2, 1, -1, 1), def("exists", -2, 1, -1, 1), def("msetnx", -3, 1, -1, 2), def("ping", -1),
    def("config", -2, 0, 0, 0, ["admin"]), def("cluster", -2), def("debug", -2, 0, 0, 0, ["admin"]), def("incr", 2, 1, 1, 1),
  ].map((d) => [d.name, d]),
);

interface Call {
  node: string;
  cmds: BStr[][];
  conn: ConnState;
}

/** Fake nodes: a store per node; `answer` may override any command's reply. */
function cluster(answer?: (node: string, argv: BStr[], conn: ConnState) => Reply | undefined) {
  const calls: Call[] = [];
  const txs: { node: string; cmds: BStr[][]; watch?: WatchToken }[] = [];
  const coordinated: { node: string; req: CoordinateRequest }[] = [];
  const stores = new Map<string, Map<BStr, BStr>>();
  const store = (n: string) => stores.get(n) ?? stores.set(n, new Map()).get(n)!;
  const run = (node: string, argv: BStr[], conn: ConnState): Reply => {
    const o = answer?.(node, argv, conn);
    if (o) return o;
    const s = store(node);
    switch (argv[0]!.toLowerCase()) {
      case "get": return s.has(argv[1]!) ? bulk(s.get(argv[1]!)!) : { t: "null" };
      case "set": s.set(argv[1]!, argv[2]!); return OK;
      case "mget": return arr(argv.slice(1).map((k) => (s.has(k) ? bulk(s.get(k)!) : { t: "null" })));
      case "mset": for (let i = 1; i < argv.length; i += 2) s.set(argv[i]!, argv[i + 1]!); return OK;
      case "del": return int(argv.slice(1).filter((k) => s.delete(k)).length);
      case "exists": return int(argv.slice(1).filter((k) => s.has(k)).length);
      case "ping": return simple(`PONG from ${node}`);
      default: return simple(`ran ${argv[0]} on ${node}`);
    }
  };
  const nodeOf = (name: string): NodeRpc => ({
    execute: async (cmds, conn) => {
      calls.push({ node: name, cmds, conn });
      return cmds.map((argv) => run(name, argv, conn));
    },
    transaction: async (cmds, _conn, watch) => {
      txs.push({ node: name, cmds, watch });
      if (watch?.seq === -1) return NULL_ARRAY;
      return arr(cmds.map((argv) => run(name, argv, _conn)));
    },
    watch: async (keys) => ({ incarnation: name, seq: 1, keys: Object.fromEntries(keys.map((k) => [k, -1])) }),
    coordinate: async (req, conn) => {
      coordinated.push({ node: name, req });
      const replies = req.cmds.map((argv) => run(name, argv, conn));
      return req.multi ? arr(replies) : replies[0]!;
    },
  });
  return { calls, txs, coordinated, stores, nodeOf };
}

/** Slots 0..8191 on A, the rest on B. "{b}" keys hash to slot 3300 (A), "{a}" keys to 15495 (B). */
function setup(answer?: Parameters<typeof cluster>[0], fixedNode?: string) {
  const c = cluster(answer);
  const map = new SlotMap(["A"]);
  map.assign(0, 8191, "A");
  map.assign(8192, 16383, "B");
  map.learned = true;
  const background: Promise<unknown>[] = [];
  const router = new Router(map, c.nodeOf, { lookup: (n) => DEFS.get(n.toLowerCase()), waitUntil: (p) => background.push(p), fixedNode });
  return { ...c, map, router, background };
}

describe("gateway router", () => {
  it("uses the hash slots the tests assume", () => {
    expect(keyHashSlot("{b}1")).toBe(3300);
    expect(keyHashSlot("{a}1")).toBe(15495);
  });

  it("sends WAIT to the node of the client's last write", async () => {
    const t = setup();
    const session = {};
    const replies = await t.router.execute([["SET", "{a}1", "x"], ["WAIT", "1", "0"]], ADMIN, session);
    expect(replies[1]).toEqual(simple("ran WAIT on B"));
    expect(await t.router.execute([["WAIT", "0", "0"]], ADMIN, session)).toEqual([simple("ran WAIT on B")]);
    await t.router.execute([["SET", "{b}1", "y"]], ADMIN, session);
    expect(await t.router.execute([["WAIT", "0", "0"]], ADMIN, session)).toEqual([simple("ran WAIT on A")]);
  });

  it("sends a pipeline as one execute per node and keeps reply order", async () => {
    const t = setup();
    const replies = await t.router.execute(
      [["SET", "{b}1", "x"], ["SET", "{a}1", "y"], ["GET", "{b}1"], ["PING"], ["GET", "{a}1"]],
      ADMIN,
    );
    expect(replies).toEqual([OK, OK, bulk("x"), simple("PONG from A"), bulk("y")]);
    expect(t.calls.map((c) => c.node).sort()).toEqual(["A", "B"]);
    expect(t.calls.find((c) => c.node === "A")!.cmds).toEqual([["SET", "{b}1", "x"], ["GET", "{b}1"], ["PING"]]);
  });

  it("answers unknown commands and arity errors without a node; a command across nodes goes to its first key's owner to coordinate", async () => {
    const t = setup();
    const replies = await t.router.execute([["NOPE", "x"], ["GET"], ["MSETNX", "{a}1", "1", "{b}1", "2"]], ADMIN);
    expect(replies.slice(0, 2)).toEqual([
      error("ERR unknown command 'NOPE', with args beginning with: 'x' "),
      error("ERR wrong number of arguments for 'get' command"),
    ]);
    expect(t.calls).toEqual([]);
    expect(t.coordinated).toEqual([{ node: "B", req: { cmds: [["MSETNX", "{a}1", "1", "{b}1", "2"]], multi: false, watches: undefined } }]);
  });

  it("keeps Redis Cluster's CROSSSLOT in direct mode (the /node routes)", async () => {
    const t = setup();
    const direct = new Router(t.router.map, t.nodeOf, { fixedNode: "A" });
    await direct.execute([["MSETNX", "{a}1", "1", "{b}1", "2"]], ADMIN); // as-is to the node, which refuses it
    expect(t.calls.map((c) => c.node)).toEqual(["A"]);
    expect(await direct.transaction([["SET", "{a}1", "1"], ["SET", "{b}1", "1"]], ADMIN)).toEqual(error("CROSSSLOT Keys in request don't hash to the same slot"));
    expect(await direct.watch(["{a}1", "{b}1"])).toEqual({ reply: error("CROSSSLOT Keys in request don't hash to the same slot") });
  });

  it("splits MGET/MSET/DEL/EXISTS across slots and reassembles them", async () => {
    const t = setup();
    const [mset] = await t.router.execute([["MSET", "{a}1", "a1", "{b}1", "b1", "{a}2", "a2", "c", "c1"]], ADMIN);
    expect(mset).toEqual(OK);
    expect(t.calls.length).toBe(2); // slots 15495 + 7365 ("c") on B, 3300 on A
    const [mget, exists, del] = await t.router.execute(
      [["MGET", "{b}1", "{a}1", "nokey", "{a}2", "c"], ["EXISTS", "{a}1", "{b}1", "{a}1", "nokey"], ["DEL", "{a}1", "{b}1", "c"]],
      ADMIN,
    );
    expect(mget).toEqual(arr([bulk("b1"), bulk("a1"), { t: "null" }, bulk("a2"), bulk("c1")]));
    expect(exists).toEqual(int(3));
    expect(del).toEqual(int(3));
    expect(t.calls.length).toBe(4); // still one execute per node for the second pipeline
  });

  it("follows MOVED, updates the map and refreshes it in the background", async () => {
    const slot = keyHashSlot("{b}1");
    const t = setup((node, argv) =>
      node === "A" && argv[0] === "GET" ? error(`MOVED ${slot} C:6379`) : argv[1] === "SLOTS" ? arr([]) : undefined,
    );
    t.stores.set("C", new Map([["{b}1", "moved"]]));
    expect(await t.router.execute([["GET", "{b}1"]], ADMIN)).toEqual([bulk("moved")]);
    expect(t.map.owner(slot)).toBe("C");
    expect(t.map.owner(slot + 1)).toBe("A");
    expect(t.background.length).toBe(1);
    await Promise.all(t.background);
    // The next request goes straight to C.
    t.calls.length = 0;
    await t.router.execute([["GET", "{b}1"]], ADMIN);
    expect(t.calls.map((c) => c.node)).toEqual(["C"]);
  });

  it("follows ASK once with asking set, without touching the map", async () => {
    const slot = keyHashSlot("{b}1");
    const t = setup((node, argv, conn) => {
      if (node === "A" && argv[0] === "GET") return error(`ASK ${slot} C:6379`);
      if (node === "C") return simple(`asking=${conn.asking === true}`);
      return undefined;
    });
    expect(await t.router.execute([["GET", "{b}1"], ["GET", "{a}1"]], ADMIN)).toEqual([simple("asking=true"), { t: "null" }]);
    expect(t.map.owner(slot)).toBe("A");
    expect(t.background.length).toBe(0);
  });

  it("stops after MAX_HOPS redirections and returns the last one", async () => {
    const slot = keyHashSlot("{b}1");
    const t = setup((node) => error(`MOVED ${slot} ${node === "A" ? "C" : "A"}:6379`));
    const [r] = await t.router.execute([["GET", "{b}1"]], ADMIN);
    expect(r!.t).toBe("error");
    expect(t.calls.filter((c) => c.cmds[0]![0] === "GET").length).toBe(MAX_HOPS + 1);
  });

  it("returns redirections as-is in direct mode", async () => {
    const t = setup((_n, argv) => (argv[0] === "GET" ? error("MOVED 3300 B:6379") : undefined), "A");
    expect(await t.router.execute([["GET", "{b}1"], ["MSET", "{a}1", "1", "{b}1", "2"]], ADMIN)).toEqual([error("MOVED 3300 B:6379"), OK]);
    expect(t.calls).toEqual([{ node: "A", cmds: [["GET", "{b}1"], ["MSET", "{a}1", "1", "{b}1", "2"]], conn: ADMIN }]);
  });

  it("refuses admin commands, cluster changes and DEBUG to the data token", async () => {
    const t = setup();
    const replies = await t.router.execute(
      [["CONFIG", "SET", "x", "y"], ["CLUSTER", "ADDSLOTS", "1"], ["DEBUG", "SLEEP", "0"], ["CLUSTER", "SLOTS"], ["PING"]],
      DATA,
    );
    expect(replies.slice(0, 3)).toEqual([
      error("NOPERM this user has no permissions to run the 'config|set' command"),
      error("NOPERM this user has no permissions to run the 'cluster|addslots' command"),
      error("NOPERM this user has no permissions to run the 'debug' command"),
    ]);
    expect(replies[3]!.t === "simple" && replies[3]!.v).toMatch(/^ran CLUSTER on [AB]$/);
    expect(t.calls.length).toBe(1);
    expect((await t.router.execute([["CONFIG", "SET", "x", "y"]], ADMIN))[0]!.t).toBe("simple");
  });

  it("runs a one-slot transaction on the slot owner, and a cross-slot one through its first key's owner", async () => {
    const t = setup();
    expect(await t.router.transaction([["SET", "{a}1", "1"], ["INCR", "{a}2"]], ADMIN)).toEqual(arr([OK, simple("ran INCR on B")]));
    expect(t.txs.map((x) => x.node)).toEqual(["B"]);
    await t.router.transaction([["SET", "{b}1", "1"], ["SET", "{a}1", "1"]], ADMIN);
    expect(t.coordinated.map((c) => [c.node, c.req.multi, c.req.cmds.length])).toEqual([["A", true, 2]]);
  });

  it("checks WATCH tokens held on other nodes before EXEC", async () => {
    const t = setup();
    const w = await t.router.watch(["{b}1"]);
    expect("tokens" in w && w.tokens.map((x) => x.node)).toEqual(["A"]);
    // Watched keys on another node than the transaction's: the coordinator checks the tokens under its locks.
    const stale = new Map([["A", { incarnation: "A", seq: -1, keys: {} }]]);
    await t.router.transaction([["SET", "{a}1", "1"]], ADMIN, stale);
    expect(t.coordinated.map((c) => [c.node, c.req.watches?.map((x) => x.node)])).toEqual([["B", ["A"]]]);
    const both = await t.router.watch(["{a}1", "{b}1"]);
    expect("tokens" in both && both.tokens.map((x) => x.node).sort()).toEqual(["A", "B"]);
  });

  it("parses MOVED and ASK errors", () => {
    expect(parseRedirect(error("MOVED 12 node-3:6379"))).toEqual({ kind: "moved", slot: 12, node: "node-3", port: 6379 });
    expect(parseRedirect(error("ASK 7 n:1"))).toEqual({ kind: "ask", slot: 7, node: "n", port: 1 });
    expect(parseRedirect(error("ERR MOVED"))).toBeNull();
  });
});

describe("slot map", () => {
  const slotsReply = arr([
    arr([int(0), int(5460), arr([bulk("node-1"), int(6379), bulk("id1")]), arr([bulk("node-4"), int(6379), bulk("id4")])]),
    arr([int(5461), int(16383), arr([bulk("node-2"), int(6379), bulk("id2")])]),
  ]);

  it("starts on the first seed and learns CLUSTER SLOTS", () => {
    const m = new SlotMap(["s0", "s1"]);
    expect(m.owner(100)).toBe("s0");
    expect(m.apply(slotsReply)).toBe(true);
    expect([m.owner(0), m.owner(5460), m.owner(5461), m.owner(16383)]).toEqual(["node-1", "node-1", "node-2", "node-2"]);
    expect(m.nodes().sort()).toEqual(["node-1", "node-2"]);
    expect(m.apply(error("ERR unknown command 'CLUSTER'"))).toBe(false);
  });

  it("refreshes single-flight and rate-limits failed attempts", async () => {
    const m = new SlotMap(["s0"]);
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 5));
      return error("ERR not yet");
    };
    const [a, b] = await Promise.all([m.refresh(fetch), m.refresh(fetch)]);
    expect([a, b, fetches]).toEqual([false, false, 1]);
    expect(await m.refresh(fetch)).toBe(false);
    expect(fetches).toBe(1); // within the retry interval
    expect(m.wantsRefresh()).toBe(false);
    expect(await m.refresh(async () => slotsReply, true)).toBe(true);
    expect(m.learned).toBe(true);
  });
});
