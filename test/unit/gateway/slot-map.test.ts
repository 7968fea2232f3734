/**
 * The gateway slot map during a failover: replicas remembered from CLUSTER SLOTS, suspect nodes,
 * who a refresh asks, and the short rate limit while a suspect still owns slots.
 */
import { describe, expect, it } from "vitest";
import { arr, bulk, error, int, type Reply } from "../../../src/resp/reply";
import { REFRESH_INTERVAL_MS, SlotMap, SUSPECT_FORGET_MS, SUSPECT_REFRESH_MS } from "../../../src/gateway/slot-map";

const entry = (lo: number, hi: number, ...nodes: string[]): Reply =>
  arr([int(lo), int(hi), ...nodes.map((n, i) => arr([bulk(n), int(6379), bulk(`id-${n}-${i}`), { t: "map", v: [] }]))]);

/** m1 (replica r1) owns 0-8191, m2 (replica r2) the rest. */
const BEFORE = arr([entry(0, 8191, "m1", "r1"), entry(8192, 16383, "m2", "r2")]);
/** r1 promoted: it owns m1's slots. */
const AFTER = arr([entry(0, 8191, "r1"), entry(8192, 16383, "m2", "r2")]);

function setup() {
  const clock = { now: 1_000_000 };
  const map = new SlotMap(["seed"], () => clock.now);
  expect(map.apply(BEFORE)).toBe(true);
  const asked: string[] = [];
  /** A fetcher: `answers` per node (throws for nodes in `down`). */
  const fetcher = (answers: Record<string, Reply>, down: string[] = []) => async (node: string) => {
    asked.push(node);
    if (down.includes(node)) throw new Error(`${node} is gone`);
    return answers[node] ?? error("ERR no such node");
  };
  return { clock, map, asked, fetcher };
}

describe("slot map failover", () => {
  it("remembers the replicas CLUSTER SLOTS lists but routes and picks only masters", () => {
    const { map } = setup();
    expect(map.nodes().sort()).toEqual(["m1", "m2"]);
    expect(map.knownNodes().sort()).toEqual(["m1", "m2", "r1", "r2"]);
    expect(map.replicasOf("m1")).toEqual(["r1"]);
    for (let i = 0; i < 20; i++) expect(["m1", "m2"]).toContain(map.anyNode());
    expect(map.apply(AFTER)).toBe(true);
    expect(map.replicasOf("m1")).toEqual([]);
    expect(map.knownNodes().sort()).toEqual(["m2", "r1", "r2"]);
  });

  it("marks suspects, clears them on an answer, and forgets old marks", () => {
    const { clock, map } = setup();
    map.markSuspect("m1");
    expect(map.isSuspect("m1")).toBe(true);
    expect(map.routesToSuspect()).toBe(true);
    for (let i = 0; i < 20; i++) expect(map.anyNode()).toBe("m2");
    map.clearSuspect("m1");
    expect(map.isSuspect("m1")).toBe(false);
    expect(map.routesToSuspect()).toBe(false);
    map.markSuspect("r2"); // a replica owns no slot
    expect(map.routesToSuspect()).toBe(false);
    clock.now += SUSPECT_FORGET_MS;
    expect(map.isSuspect("r2")).toBe(false);
  });

  it("asks the suspect owner's replicas first, then the other nodes and seeds, the suspect last", () => {
    const { map } = setup();
    map.markSuspect("m1");
    const c = map.candidates();
    expect(c[0]).toBe("r1");
    expect(c.slice(1, 3).sort()).toEqual(["m2", "r2"]);
    expect(c.slice(3)).toEqual(["seed", "m1"]);
  });

  it("rotates the candidates so one slow node is not always first", async () => {
    const { map, asked, fetcher } = setup();
    const firsts = new Set<string>();
    for (let i = 0; i < 4; i++) {
      asked.length = 0;
      await map.refresh(fetcher({ m1: BEFORE, m2: BEFORE, r1: BEFORE, r2: BEFORE }), true);
      firsts.add(asked[0]!);
    }
    expect(firsts.size).toBeGreaterThan(1);
  });

  it("marks a node that throws during a refresh and moves on; an answer clears the mark", async () => {
    const { map, asked, fetcher } = setup();
    map.markSuspect("m1");
    expect(await map.refresh(fetcher({ seed: BEFORE }, ["m1", "r1", "m2", "r2"]), true)).toBe(true);
    expect(asked[0]).toBe("r1");
    expect(asked.slice(1, 3).sort()).toEqual(["m2", "r2"]);
    expect(asked.slice(3)).toEqual(["seed"]); // m1, still suspect, is not reached
    expect(["r1", "m2", "r2", "m1"].map((n) => map.isSuspect(n))).toEqual([true, true, true, true]);
    expect(map.isSuspect("seed")).toBe(false);
    asked.length = 0;
    expect(await map.refresh(fetcher({ r1: BEFORE }), true)).toBe(true);
    // The seed has no layout to give: then the suspects, least recently failed first; both answer.
    expect(asked.slice(0, 3)).toEqual(["seed", "m1", "r1"]);
    expect(["m1", "r1"].map((n) => map.isSuspect(n))).toEqual([false, false]);
  });

  it("refreshes every SUSPECT_REFRESH_MS while a suspect owns slots, and stops once it does not", async () => {
    const { clock, map, asked, fetcher } = setup();
    // Before any suspect: the normal interval.
    expect(await map.refresh(fetcher({ m1: BEFORE, m2: BEFORE, r1: BEFORE, r2: BEFORE }))).toBe(true);
    asked.length = 0;
    clock.now += SUSPECT_REFRESH_MS;
    expect(await map.refresh(fetcher({}))).toBe(false);
    expect(asked).toEqual([]);

    // m1 stops answering; the cluster has not promoted r1 yet.
    map.markSuspect("m1");
    const stillOld = fetcher({ r1: BEFORE, m2: BEFORE, r2: BEFORE }, ["m1"]);
    expect(await map.refresh(stillOld)).toBe(true);
    expect(asked).toEqual(["r1"]);
    expect(map.owner(0)).toBe("m1");
    clock.now += SUSPECT_REFRESH_MS - 1;
    expect(await map.refresh(stillOld)).toBe(false); // within the short interval
    expect(asked.length).toBe(1);
    clock.now += 1;
    expect(await map.refresh(stillOld)).toBe(true);
    expect(asked.length).toBe(2);

    // r1 is promoted: the next refresh routes m1's slots to it and the episode ends.
    clock.now += SUSPECT_REFRESH_MS;
    expect(await map.refresh(fetcher({ r1: AFTER, m2: AFTER, r2: AFTER }, ["m1"]))).toBe(true);
    expect([map.owner(0), map.owner(8191), map.owner(8192)]).toEqual(["r1", "r1", "m2"]);
    expect(map.routesToSuspect()).toBe(false);
    asked.length = 0;
    clock.now += SUSPECT_REFRESH_MS;
    expect(await map.refresh(fetcher({ r1: AFTER }))).toBe(false);
    clock.now += REFRESH_INTERVAL_MS - SUSPECT_REFRESH_MS;
    expect(await map.refresh(fetcher({ r1: AFTER, m2: AFTER, r2: AFTER }))).toBe(true);
    expect(asked).not.toContain("m1"); // no longer known
  });

  it("stays single-flight while suspect", async () => {
    const { map, asked } = setup();
    map.markSuspect("m1");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async (node: string) => {
      asked.push(node);
      await gate;
      return BEFORE;
    };
    const a = map.refresh(slow);
    const b = map.refresh(slow, true);
    release();
    expect(await Promise.all([a, b])).toEqual([true, true]);
    expect(asked).toEqual(["r1"]);
  });
});

describe("slot map ports", () => {
  it("remembers the port CLUSTER SLOTS or MOVED shows, for the redirections the gateway writes itself", () => {
    const map = new SlotMap(["seed"]);
    expect(map.portOf("seed")).toBe(6379);
    const slots = arr([arr([int(0), int(16383), arr([bulk("m1"), int(7001), bulk("id")]), arr([bulk("r1"), int(7002), bulk("id2")])])]);
    expect(map.apply(slots)).toBe(true);
    expect([map.portOf("m1"), map.portOf("r1")]).toEqual([7001, 7002]);
    map.assign(5, 5, "m3", 7003);
    expect(map.portOf("m3")).toBe(7003);
  });

  it("learns no port from a reply it rejects", () => {
    const map = new SlotMap(["seed"]);
    expect(map.apply(arr([arr([int(0), int(1), arr([bulk("m1"), int(7001), bulk("id")])]), arr([int(-5), int(1), arr([bulk("m2")])])]))).toBe(false);
    expect(map.portOf("m1")).toBe(6379);
  });
});
