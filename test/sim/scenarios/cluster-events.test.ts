/**
 * Cluster events (src/events/) over real runtimes: a master's crash leaves, on the replica that
 * takes over, PFAIL then FAIL of its master, an election, its win, the promotion and the epoch
 * bumps, in that order; the masters that voted record their vote; the others see the slots move.
 * The history is bounded, survives a restart, and CLUSTER EVENTS answers it newest first.
 */
import { describe, expect, it } from "vitest";
import type { ClusterEvent } from "../../../src/events/cluster-event";
import { EVENT_HISTORY_MAX } from "../../../src/events/event-log";
import type { Reply } from "../../../src/resp/reply";
import { createCluster, expectOk, slotRange, twoMastersOneEpoch } from "../cluster";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 11);
const NT = 5000;

/** CLUSTER EVENTS on `name`, parsed (newest first). */
async function events(sim: Sim, name: string, count = EVENT_HISTORY_MAX): Promise<ClusterEvent[]> {
  const r = await sim.command(name, "CLUSTER", "EVENTS", String(count));
  if (r.t !== "array") throw new Error(`CLUSTER EVENTS: ${JSON.stringify(r)}`);
  return r.v.map((x: Reply) => JSON.parse((x as { v: string }).v) as ClusterEvent);
}

/** The history read directly (inside a runUntil, where no call can be run). */
const recent = (sim: Sim, name: string, count: number): ClusterEvent[] => sim.runtime(name).events.recent(count);

const isMaster = (sim: Sim, name: string): boolean => (sim.state(name).myself.flags & 1) !== 0;

/** Events of `evs` (oldest first) matching, in order, the names in `wanted`: the index of each, or -1. */
function indicesInOrder(evs: ClusterEvent[], wanted: string[], after = (_e: ClusterEvent) => true): number[] {
  let from = 0;
  return wanted.map((name) => {
    const i = evs.findIndex((e, j) => j >= from && e.event === name && after(e));
    if (i >= 0) from = i + 1;
    return i;
  });
}

describe("cluster events", () => {
  it("a failover leaves FAIL, election, promotion and epoch events on the right nodes, in order", async () => {
    const sim = new Sim({ seed: SEED, nodeTimeoutMs: NT, cronMs: 500 });
    // n0..n2 masters, n3 replicates n0, n4 n1, n5 n2.
    await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    const n0Id = sim.state("n0").myself.id;
    const before = (await events(sim, "n3", 1))[0]?.seq ?? 0;
    const epochBefore = sim.state("n3").currentEpoch;
    sim.crash("n0");
    expect(await sim.runUntil(() => isMaster(sim, "n3"), 10 * NT), `seed ${SEED}: no failover`).not.toBeNull();
    await sim.runFor(2 * NT);

    const n3 = (await events(sim, "n3")).filter((e) => e.seq > before).reverse();
    const onN0 = (e: ClusterEvent) => e.targetId === undefined || e.targetId === n0Id;
    const order = indicesInOrder(n3, ["fail", "election-started", "current-epoch", "election-won", "promotion", "config-epoch"], onN0);
    expect(order, n3.map((e) => e.event).join(",")).not.toContain(-1);
    const started = n3[order[1]!]!;
    expect(started.electionEpoch).toBe(epochBefore + 1);
    expect(n3[order[2]!]).toMatchObject({ from: epochBefore, to: epochBefore + 1 });
    expect(n3[order[4]!]).toMatchObject({ node: "n3", formerMaster: "n0", formerMasterId: n0Id });
    expect(n3[order[5]!]).toMatchObject({ to: started.electionEpoch, collision: false, configEpoch: started.electionEpoch });
    const myId = sim.state("n3").myself.id;
    const n0Slots = slotRange(0, 3)[1] - slotRange(0, 3)[0] + 1;
    expect(n3.some((e) => e.event === "slots-moved" && e.fromId === n0Id && e.toId === myId && e.count === n0Slots), "n3 claims n0's slots").toBe(true);

    // The surviving masters found n0 failing (PFAIL, then FAIL by quorum), voted for n3 in that
    // epoch, and saw n0's slots go to n3.
    for (const voter of ["n1", "n2"]) {
      const evs = await events(sim, voter);
      expect(indicesInOrder([...evs].reverse(), ["pfail", "fail"], (e) => e.targetId === n0Id), `${voter}: PFAIL then FAIL`).not.toContain(-1);
      expect(evs.some((e) => e.event === "vote-granted" && e.electionEpoch === started.electionEpoch && e.candidate === "n3"), `${voter} voted`).toBe(true);
      expect(evs.some((e) => e.event === "fail" && e.targetId === n0Id), `${voter} marked n0 FAIL`).toBe(true);
      expect(evs.some((e) => e.event === "slots-moved" && e.fromId === n0Id && e.to === "n3" && e.count === n0Slots), `${voter} saw the move`).toBe(true);
    }

    // n0 comes back: it is demoted to a replica of n3 and resyncs from it.
    sim.restart("n0");
    expect(await sim.runUntil(() => recent(sim, "n0", 8).some((e) => e.event === "demotion"), 10 * NT)).not.toBeNull();
    const n0 = await events(sim, "n0");
    expect(n0.find((e) => e.event === "demotion")).toMatchObject({ master: "n3" });
    expect(await sim.runUntil(() => recent(sim, "n3", 32).some((e) => e.event.endsWith("-resync") && e.replica === "n0"), 10 * NT)).not.toBeNull();
  }, 60_000);

  it("keeps the newest EVENT_HISTORY_MAX events across a restart, newest first, and answers CLUSTER EVENTS", async () => {
    const sim = new Sim({ seed: SEED + 1, nodeTimeoutMs: NT, cronMs: 500 });
    sim.addNode("a");
    expectOk(await sim.command("a", "CLUSTER", "ADDSLOTSRANGE", "0", "99"), "addslots");
    // Each ADDSLOTS and each DELSLOTS is one slots-moved event.
    for (let i = 0; i < EVENT_HISTORY_MAX / 2 + 10; i++) {
      expectOk(await sim.command("a", "CLUSTER", "ADDSLOTS", "200"), "addslots");
      expectOk(await sim.command("a", "CLUSTER", "DELSLOTS", "200"), "delslots");
    }
    sim.restart("a");
    const evs = await events(sim, "a", EVENT_HISTORY_MAX + 100);
    expect(evs).toHaveLength(EVENT_HISTORY_MAX);
    const seqs = evs.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(evs[0]).toMatchObject({ event: "slots-moved", node: "a", from: "a", to: null, count: 1, ranges: [[200, 200]], cause: "CLUSTER DELSLOTS" });
    expect(evs[1]).toMatchObject({ event: "slots-moved", from: null, to: "a", cause: "CLUSTER ADDSLOTS" });
    expect(await events(sim, "a", 3)).toHaveLength(3);
    expect(await sim.command("a", "CLUSTER", "EVENTS", "x")).toEqual({ t: "error", v: "ERR value is not an integer or out of range" });
    expect(await sim.command("a", "CLUSTER", "EVENTS", "-1")).toEqual({ t: "error", v: "ERR count should be greater than or equal to 0" });
  });

  it("a configEpoch collision is a config-epoch event marked collision on the node that moved", async () => {
    const sim = new Sim({ seed: SEED + 2 });
    await twoMastersOneEpoch(sim, 5);
    const smaller = sim.state("a").myself.id < sim.state("b").myself.id ? "a" : "b";
    const larger = smaller === "a" ? "b" : "a";
    expect(await sim.runUntil(() => sim.state(smaller).myself.configEpoch === 6, 20_000)).not.toBeNull();
    const moved = (await events(sim, smaller)).filter((e) => e.event === "config-epoch" && e.collision === true);
    expect(moved).toMatchObject([{ from: 5, to: 6, cause: expect.stringMatching(new RegExp(`^bus \\w+ from ${larger}$`)) }]);
    expect((await events(sim, larger)).filter((e) => e.event === "config-epoch" && e.collision === true)).toEqual([]);
  });

  it("an operator's slot move (SETSLOT IMPORTING/MIGRATING, then NODE) is a slots-moved with its command as cause", async () => {
    const sim = new Sim({ seed: SEED + 3, nodeTimeoutMs: NT, cronMs: 500 });
    await createCluster(sim, { masters: 3 });
    const [id0, id1] = [sim.state("n0").myself.id, sim.state("n1").myself.id];
    expectOk(await sim.command("n1", "CLUSTER", "SETSLOT", "7", "IMPORTING", id0), "importing");
    expectOk(await sim.command("n0", "CLUSTER", "SETSLOT", "7", "MIGRATING", id1), "migrating");
    expectOk(await sim.command("n1", "CLUSTER", "SETSLOT", "7", "NODE", id1), "node on target");
    expectOk(await sim.command("n0", "CLUSTER", "SETSLOT", "7", "NODE", id1), "node on source");
    const moved = { event: "slots-moved", from: "n0", to: "n1", count: 1, ranges: [[7, 7]], cause: "CLUSTER SETSLOT" };
    expect((await events(sim, "n1", 4)).find((e) => e.event === "slots-moved")).toMatchObject(moved);
    // The source may hear the target's claim (with its new configEpoch) before its own SETSLOT NODE.
    expect((await events(sim, "n0", 4)).find((e) => e.event === "slots-moved")).toMatchObject({ ...moved, cause: expect.stringMatching(/^(CLUSTER SETSLOT|bus \w+ from n1)$/) });
    // The target's claim carries a new configEpoch; the third master learns it from the bus.
    expect(await sim.runUntil(() => recent(sim, "n2", 8).some((e) => e.event === "slots-moved" && e.to === "n1" && String(e.cause).startsWith("bus ")), 5 * NT)).not.toBeNull();
  });

  it("a pipeline of SETSLOTs (a reshard batch) persists the state once, survives a restart, broadcasts one PONG per peer and is one slots-moved event", async () => {
    const sim = new Sim({ seed: SEED + 5, nodeTimeoutMs: NT, cronMs: 500 });
    await createCluster(sim, { masters: 3 });
    const [id0, id1] = [sim.state("n0").myself.id, sim.state("n1").myself.id];
    const slots = [10, 11, 12, 13, 20];
    const setslot = (how: string, id: string) => slots.map((s) => ["CLUSTER", "SETSLOT", String(s), how, id]);
    const pipeline = async (node: string, cmds: string[][], what: string): Promise<void> => {
      const out = await sim.settle(sim.execute(node, cmds, { resp: 2, admin: true }));
      if (!out.ok) throw new Error(`${what}: ${String(out.error)}`);
      for (const r of out.value) expectOk(r, what);
    };
    await pipeline("n1", setslot("IMPORTING", id0), "importing");
    await pipeline("n0", setslot("MIGRATING", id1), "migrating");
    const statements: string[] = [];
    sim.sql("n1").onExec = (q) => void statements.push(q);
    const pongs = sim.state("n1").stats.sent.pong;
    await pipeline("n1", setslot("NODE", id1), "node on target");
    sim.sql("n1").onExec = null;
    expect(statements.filter((q) => q.includes("INTO meta") && q.includes("'cluster'")), "the cluster state written once").toHaveLength(1);
    // Each SETSLOT NODE on the importer broadcasts a PONG; the batch builds and sends one per peer.
    expect(sim.state("n1").stats.sent.pong - pongs, "one PONG per peer").toBe(2);
    const moves = (await events(sim, "n1", 8)).filter((e) => e.event === "slots-moved" && e.cause === "CLUSTER SETSLOT");
    expect(moves).toMatchObject([{ from: "n0", to: "n1", count: 5, ranges: [[10, 13], [20, 20]] }]);
    sim.restart("n1");
    for (const s of slots) expect(sim.state("n1").slots[s]?.name, `slot ${s} after a restart`).toBe("n1");
  });

  it("an atomic slot migration's flip is a slots-moved caused by the handover on the target; the source hears the claim", async () => {
    const sim = new Sim({ seed: SEED + 4, nodeTimeoutMs: NT, cronMs: 500 });
    await createCluster(sim, { masters: 3 });
    expectOk(await sim.command("n0", "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", "0", "9", "NODE", sim.state("n1").myself.id), "migrateslots");
    const moved = (name: string) => recent(sim, name, 8).find((e) => e.event === "slots-moved" && e.from === "n0" && e.to === "n1");
    expect(await sim.runUntil(() => moved("n0") !== undefined && moved("n1") !== undefined, 10 * NT)).not.toBeNull();
    expect(moved("n1")).toMatchObject({ count: 10, ranges: [[0, 9]], cause: "slot migration handover" });
    expect(moved("n0")).toMatchObject({ count: 10, ranges: [[0, 9]], cause: expect.stringMatching(/^bus \w+ from n1$/) });
  });

  it("an election nobody votes in is lost: election-started, then election-lost with its reason", async () => {
    const sim = new Sim({ seed: SEED + 5, nodeTimeoutMs: NT, cronMs: 500 });
    await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    // n3 (n0's replica) alone: FAILOVER FORCE skips the master's agreement, but no master hears the request.
    sim.setPartition([["n3"]]);
    expectOk(await sim.command("n3", "CLUSTER", "FAILOVER", "FORCE"), "failover force");
    const lost = () => recent(sim, "n3", 16).find((e) => e.event === "election-lost");
    const done = await sim.runUntil(() => lost() !== undefined, 10 * NT);
    expect(done).not.toBeNull();
    const started = recent(sim, "n3", 16).find((e) => e.event === "election-started")!;
    expect(started).toMatchObject({ master: "n0" });
    expect(lost()).toMatchObject({ electionEpoch: started.electionEpoch, votes: 0, reason: "the manual failover timed out" });
    expect(lost()!.seq).toBeGreaterThan(started.seq);
    expect(recent(sim, "n3", 16).some((e) => e.event === "promotion")).toBe(false);
    // Reported once, though the election stays on record until the next one.
    await sim.runFor(5 * NT);
    expect(recent(sim, "n3", 64).filter((e) => e.event === "election-lost")).toHaveLength(1);
  });
});
