/**
 * The gateway across a failover: when a slot's owner stops answering, the router asks another
 * node (the owner's replica first) for CLUSTER SLOTS, every SUSPECT_REFRESH_MS while the map still
 * routes to the dead node, and sends requests to the promoted replica as soon as one names it.
 */
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import type { BStr } from "../../src/resp/bytes";
import { arr, bulk, error, int, OK, type Reply } from "../../src/resp/reply";
import type { CommandSpec, ConnState } from "../../src/commands/types";
import type { NodeRpc } from "../../src/node-rpc";
import { nodeByName } from "../../src/node/client";
import { Router, SLOW_CALL_MS } from "../../src/gateway/router";
import { REFRESH_INTERVAL_MS, SlotMap, SUSPECT_REFRESH_MS } from "../../src/gateway/slot-map";
import { keyHashSlot } from "../../src/commands/slot";
import { until } from "./cluster-helpers";
import { at, masterWithPeers, nodeId, untilSynced } from "./replication-helpers";

const ADMIN: ConnState = { resp: 2, admin: true };

/** A router over `nodeOf` with a hand-driven clock; `settle()` awaits its background refreshes. */
function gateway(seeds: string[], nodeOf: (name: string) => NodeRpc, lookup?: (n: BStr) => CommandSpec | undefined) {
  const clock = { now: 1_000_000 };
  const map = new SlotMap(seeds, () => clock.now);
  const background: Promise<unknown>[] = [];
  const router = new Router(map, nodeOf, { waitUntil: (p) => background.push(p), ...(lookup ? { lookup } : {}) });
  const settle = async () => {
    while (background.length > 0) await background.shift();
  };
  return { clock, map, router, settle };
}

const unreachable = (node: string) => expect.objectContaining({ t: "error", v: expect.stringMatching(new RegExp(`^CLUSTERDOWN node ${node} unreachable: `)) });

describe("gateway failover with fake nodes", () => {
  const def = (name: string, arity: number, key: boolean, flags: CommandSpec["flags"] = []): CommandSpec =>
    ({ name, arity, flags, firstKey: key ? 1 : 0, lastKey: key ? 1 : 0, step: key ? 1 : 0, categories: [] });
  const DEFS = new Map(
    [def("get", 2, true), def("set", -3, true, ["write"]), def("cluster", -2, false), def("blpop", -3, true, ["write", "blocking"])].map((d) => [d.name, d]),
  );
  const entry = (lo: number, hi: number, ...nodes: string[]): Reply =>
    arr([int(lo), int(hi), ...nodes.map((n) => arr([bulk(n), int(6379), bulk(`id-${n}`)]))]);

  /** m1 (replica r1) owns 0-8191, m2 (replica r2) the rest; `promote()` makes r1 the owner of m1's slots. */
  function cluster() {
    const dead = new Set<string>();
    /** Nodes that take calls and never answer (stopped, like a SIGSTOPped process). */
    const hung = new Set<string>();
    const stores = new Map<string, Map<BStr, BStr>>();
    const slotsAsked: string[] = [];
    let promoted = false;
    const layout = () =>
      promoted ? arr([entry(0, 8191, "r1"), entry(8192, 16383, "m2", "r2")]) : arr([entry(0, 8191, "m1", "r1"), entry(8192, 16383, "m2", "r2")]);
    const run = (node: string, argv: BStr[]): Reply => {
      const s = stores.get(node) ?? stores.set(node, new Map()).get(node)!;
      const slot = argv.length > 1 ? keyHashSlot(argv[1]!) : null;
      if (argv[0] === "CLUSTER") return (slotsAsked.push(node), layout());
      const owner = slot === null ? node : slot < 8192 ? (promoted ? "r1" : "m1") : "m2";
      if (owner !== node) return error(`MOVED ${slot} ${owner}:6379`);
      if (argv[0] === "SET") return (s.set(argv[1]!, argv[2]!), OK);
      return s.has(argv[1]!) ? bulk(s.get(argv[1]!)!) : { t: "null" };
    };
    const nodeOf = (name: string): NodeRpc => {
      if (dead.has(name)) throw new Error(`Durable Object ${name} is gone`);
      return {
        execute: async (cmds) => (hung.has(name) ? new Promise<Reply[]>(() => {}) : cmds.map((argv) => run(name, argv))),
        transaction: async (cmds) => arr(cmds.map((argv) => run(name, argv))),
        watch: async () => ({ incarnation: name, seq: 1, keys: {} }),
        coordinate: async (req) => arr(req.cmds.map((argv) => run(name, argv))),
      };
    };
    return { dead, hung, stores, slotsAsked, nodeOf, layout, promote: () => void (promoted = true) };
  }

  async function learned() {
    const c = cluster();
    const g = gateway(["m1"], c.nodeOf, (n) => DEFS.get(n.toLowerCase()));
    expect(g.map.apply(c.layout())).toBe(true);
    return { ...c, ...g };
  }

  it("asks the dead owner's replica, every SUSPECT_REFRESH_MS, and writes go to it once promoted", async () => {
    const t = await learned();
    const [B, A] = ["{b}1", "{a}1"]; // slots 3300 (m1) and 15495 (m2)
    expect(await t.router.execute([["SET", B, "before"]], ADMIN)).toEqual([OK]);

    t.dead.add("m1");
    expect(await t.router.execute([["SET", B, "x"], ["SET", A, "y"]], ADMIN)).toEqual([unreachable("m1"), OK]);
    await t.settle();
    expect(t.slotsAsked).toEqual(["r1"]); // not the dead node; its replica first
    expect(t.map.owner(3300)).toBe("m1"); // the cluster has not promoted r1 yet

    // Retries within SUSPECT_REFRESH_MS fail without asking again.
    t.clock.now += SUSPECT_REFRESH_MS - 1;
    expect(await t.router.execute([["SET", B, "x"]], ADMIN)).toEqual([unreachable("m1")]);
    await t.settle();
    expect(t.slotsAsked).toEqual(["r1"]);

    // The cluster promotes r1; the first failure after the short interval finds it.
    t.promote();
    t.clock.now += 1;
    expect(await t.router.execute([["SET", B, "x"]], ADMIN)).toEqual([unreachable("m1")]);
    await t.settle();
    expect(t.slotsAsked).toEqual(["r1", "r1"]);
    expect(t.map.owner(3300)).toBe("r1");
    expect(t.map.routesToSuspect()).toBe(false);

    expect(await t.router.execute([["SET", B, "after"], ["GET", B]], ADMIN)).toEqual([OK, bulk("after")]);
    expect(t.stores.get("r1")!.get(B)).toBe("after");
  });

  it("an owner that hangs is suspect after SLOW_CALL_MS: its calls go to the promoted replica once the slot moved", async () => {
    const t = await learned();
    t.hung.add("m1");
    const wait = () => new Promise((r) => setTimeout(r, SLOW_CALL_MS + 100));
    // A blocking command may wait forever: it does not make its node suspect.
    void t.router.execute([["BLPOP", "{b}list", "0"]], ADMIN);
    await wait();
    await t.settle();
    expect(t.slotsAsked).toEqual([]);
    // A SET that hangs does; while the cluster still names m1 the owner, the call keeps waiting.
    let early = false;
    void t.router.execute([["SET", "{b}1", "early"]], ADMIN).then(() => (early = true));
    await wait();
    await t.settle();
    expect(t.slotsAsked).toEqual(["r1"]);
    expect(early).toBe(false);
    // Once r1 is promoted, a hung call whose slot moved is answered by following MOVED to r1
    // (m1, back from its stall, would answer MOVED as well: its write cannot land twice).
    t.promote();
    t.clock.now += SUSPECT_REFRESH_MS;
    const stuck = t.router.execute([["SET", "{b}1", "stuck"]], ADMIN);
    await wait();
    await t.settle();
    expect(t.map.owner(3300)).toBe("r1");
    expect(await stuck).toEqual([OK]);
    expect(t.stores.get("r1")!.get("{b}1")).toBe("stuck");
    // The earlier call kept looking every SUSPECT_REFRESH_MS while it hung: it moved too.
    await new Promise((r) => setTimeout(r, SUSPECT_REFRESH_MS + 100));
    expect(early).toBe(true);
    expect(t.map.isSuspect("m1")).toBe(true);
    expect(await t.router.execute([["SET", "{b}1", "after"]], ADMIN)).toEqual([OK]);
  }, 10_000);

  it("a transaction on the dead owner still throws, and starts the refresh too", async () => {
    const t = await learned();
    t.dead.add("m1");
    t.promote();
    await expect(t.router.transaction([["SET", "{b}1", "x"]], ADMIN)).rejects.toThrow("m1 is gone");
    await t.settle();
    expect(t.slotsAsked).toEqual(["r1"]);
    expect(await t.router.transaction([["SET", "{b}1", "x"]], ADMIN)).toEqual(arr([OK]));
  });

  it("forgets a blip: the owner answering again is no longer suspect", async () => {
    const t = await learned();
    t.dead.add("r2"); // a replica: routing does not depend on it
    t.map.markSuspect("r2");
    expect(t.map.routesToSuspect()).toBe(false);
    t.dead.add("m1");
    expect(await t.router.execute([["GET", "{b}1"]], ADMIN)).toEqual([unreachable("m1")]);
    await t.settle();
    t.dead.delete("m1"); // it was a blip: m1 answers again and is no longer suspect
    expect(await t.router.execute([["GET", "{b}1"]], ADMIN)).toEqual([{ t: "null" }]);
    expect(t.map.isSuspect("m1")).toBe(false);
    t.clock.now += SUSPECT_REFRESH_MS;
    t.dead.add("m1");
    const asked = t.slotsAsked.length;
    expect(await t.router.execute([["GET", "{b}1"]], ADMIN)).toEqual([unreachable("m1")]);
    await t.settle();
    expect(t.slotsAsked.length).toBe(asked + 1); // m1 is suspect again: another short-interval refresh
  });
});

describe("gateway failover over real nodes", { timeout: 60_000 }, () => {
  const [M, R] = ["fo-m", "fo-r"];

  it("finds the replica promoted by CLUSTER FAILOVER TAKEOVER after the master stops answering", async () => {
    await masterWithPeers(M, [R]);
    expect(await at(R, "CLUSTER", "REPLICATE", await nodeId(M))).toBe("OK");
    await at(M, "SET", "{f}seed", "1");
    await untilSynced(M, [R]);
    // CLUSTER SLOTS lists a replica once the master heard it has replicated something.
    await until([M, R], async () => {
      const slots = (await at(M, "CLUSTER", "SLOTS")) as unknown[][];
      return slots.length === 1 && slots[0]!.length === 4;
    });

    const dead = new Set<string>();
    const slotsAsked: string[] = [];
    const nodeOf = (name: string): NodeRpc => {
      const rpc = nodeByName(env, name);
      return {
        execute: async (cmds, conn) => {
          if (dead.has(name)) throw new Error(`${name} stopped answering`);
          if (cmds[0]?.[0] === "CLUSTER") slotsAsked.push(name);
          return rpc.execute(cmds, conn);
        },
        transaction: (cmds, conn, watch) => rpc.transaction(cmds, conn, watch),
        watch: (keys) => rpc.watch(keys),
        coordinate: (req, conn) => rpc.coordinate(req, conn),
      };
    };
    const t = gateway([M], nodeOf);
    t.router.refreshInBackground();
    await t.settle();
    expect(t.map.learned).toBe(true);
    expect(t.map.knownNodes().sort()).toEqual([M, R]);
    expect(await t.router.execute([["SET", "{f}k", "v1"]], ADMIN)).toEqual([OK]);

    t.clock.now += REFRESH_INTERVAL_MS; // the map was learned a while ago
    dead.add(M);
    slotsAsked.length = 0;
    expect(await t.router.execute([["SET", "{f}k", "v2"]], ADMIN)).toEqual([unreachable(M)]);
    await t.settle();
    expect(slotsAsked).toEqual([R]);
    expect(t.map.owner(keyHashSlot("{f}k"))).toBe(M);

    expect(await at(R, "CLUSTER", "FAILOVER", "TAKEOVER")).toBe("OK");
    t.clock.now += SUSPECT_REFRESH_MS;
    expect(await t.router.execute([["SET", "{f}k", "v2"]], ADMIN)).toEqual([unreachable(M)]);
    await t.settle();
    expect(t.map.owner(keyHashSlot("{f}k"))).toBe(R);

    expect(await t.router.execute([["SET", "{f}k", "v3"], ["GET", "{f}seed"]], ADMIN)).toEqual([OK, bulk("1")]);
    expect(await at(R, "GET", "{f}k")).toBe("v3");
  });
});
