/**
 * PFAIL → FAIL by majority of masters, FAIL broadcast, cluster state, and recovery: a replica's
 * FAIL clears as soon as it answers, a master keeping its slots 2×NT after it was flagged.
 */
import { describe, expect, it } from "vitest";
import { NodeFlag } from "../../../src/cluster";
import { allOk, convergenceProblem } from "../checks";
import { createCluster } from "../setup";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 21);
const NT = 5000;
const CRON = 500;

const flagged = (sim: Sim, observer: string, id: string, flag: number): boolean =>
  ((sim.state(observer).nodes.get(id)?.flags ?? 0) & flag) !== 0;

describe("failure detection", () => {
  it("a crashed master is PFAIL, then FAIL everywhere, then cleared 2×NT after it returns", () => {
    const sim = new Sim({ seed: SEED, config: { nodeTimeoutMs: NT, cronMs: CRON } });
    const names = createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    const victim = "n2";
    const id = sim.state(victim).myself.id;
    const others = names.filter((n) => n !== victim);
    sim.crash(victim);
    const tFail = sim.runUntil(() => others.every((n) => flagged(sim, n, id, NodeFlag.FAIL)), 4 * NT, 100);
    console.log(`[sim] seed=${SEED}: master FAIL everywhere ${tFail} ms after the crash (NT=${NT})`);
    expect(tFail).not.toBeNull();
    // NT of silence counts from the last PONG or message, which came before the crash.
    expect(tFail!).toBeGreaterThan(NT / 2);
    expect(tFail!).toBeLessThanOrEqual(NT + CRON);
    for (const n of others) expect(sim.state(n).state).toBe("fail"); // its slots are down
    const reporters = others.filter((n) => sim.state(n).stats.received.fail > 0);
    expect(reporters.length).toBeGreaterThan(0);

    sim.restart(victim);
    const tBack = sim.runUntil(() => convergenceProblem(sim) === null && allOk(sim), 4 * NT);
    console.log(`[sim] seed=${SEED}: converged and ok ${tBack} ms after the restart`);
    expect(tBack, `${convergenceProblem(sim)}`).not.toBeNull();
  }, 60_000);

  it("a crashed replica's FAIL clears as soon as it answers again", () => {
    const sim = new Sim({ seed: SEED + 1, config: { nodeTimeoutMs: NT, cronMs: CRON } });
    const names = createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    const victim = "n4";
    const id = sim.state(victim).myself.id;
    sim.crash(victim);
    const others = names.filter((n) => n !== victim);
    expect(sim.runUntil(() => others.every((n) => flagged(sim, n, id, NodeFlag.FAIL)), 4 * NT, 100)).not.toBeNull();
    expect(allOk(sim)).toBe(true); // a replica does not take slots down
    sim.restart(victim);
    const back = sim.runUntil(() => others.every((n) => !flagged(sim, n, id, NodeFlag.FAIL)), 2 * NT, 100);
    expect(back).not.toBeNull();
    expect(back!).toBeLessThan(NT);
  }, 60_000);

  it("a minority partition does not reach FAIL and its master stops serving", () => {
    const sim = new Sim({ seed: SEED + 2, config: { nodeTimeoutMs: NT, cronMs: CRON } });
    const names = createCluster(sim, { masters: 3 });
    const lone = "n0";
    sim.setPartition([[lone], names.filter((n) => n !== lone)]);
    sim.runFor(3 * NT);
    const st = sim.state(lone);
    expect([...st.nodes.values()].filter((n) => n.flags & NodeFlag.FAIL)).toEqual([]);
    expect([...st.nodes.values()].filter((n) => n.flags & NodeFlag.PFAIL).length).toBe(2);
    expect(st.state).toBe("fail");
    sim.setPartition(null);
    expect(sim.runUntil(() => convergenceProblem(sim) === null && allOk(sim), 4 * NT)).not.toBeNull();
  }, 60_000);

  it("with a 60 s cron, nextDeadlineMs alarms still detect a failure within a few NT", () => {
    const sim = new Sim({ seed: SEED + 3, config: { nodeTimeoutMs: NT, cronMs: 60_000 } });
    const names = createCluster(sim, { masters: 3 }, 600_000);
    const id = sim.state("n2").myself.id;
    const ticksBefore = sim.stats.ticks;
    sim.crash("n2");
    const others = names.filter((n) => n !== "n2");
    const t = sim.runUntil(() => others.every((n) => flagged(sim, n, id, NodeFlag.FAIL)), 4 * NT, 100);
    console.log(`[sim] seed=${SEED + 3}: cron 60 s, NT ${NT}: FAIL after ${t} ms, ${sim.stats.ticks - ticksBefore} alarms`);
    expect(t).not.toBeNull();
  }, 60_000);
});
