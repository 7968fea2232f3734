/**
 * PFAIL → FAIL by majority of masters, FAIL broadcast, cluster state, and recovery: a replica's
 * FAIL clears as soon as it answers, a master keeping its slots 2×NT after it was flagged.
 */
import { describe, expect, it } from "vitest";
import { NodeFlag } from "../../../src/cluster";
import { allOk, convergenceProblem } from "../checks";
import { createCluster } from "../cluster";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 21);
const NT = 5000;
const CRON = 500;

const flagged = (sim: Sim, observer: string, id: string, flag: number): boolean =>
  ((sim.state(observer).nodes.get(id)?.flags ?? 0) & flag) !== 0;

describe("failure detection", () => {
  it("a crashed master is PFAIL, then FAIL everywhere, then cleared 2×NT after it returns", async () => {
    const sim = new Sim({ seed: SEED, nodeTimeoutMs: NT, cronMs: CRON });
    const names = await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    const victim = "n2";
    const id = sim.state(victim).myself.id;
    const others = names.filter((n) => n !== victim);
    sim.crash(victim);
    const tFail = await sim.runUntil(() => others.every((n) => flagged(sim, n, id, NodeFlag.FAIL)), 4 * NT, 100);
    console.log(`[sim] seed=${SEED}: master FAIL everywhere ${tFail} ms after the crash (NT=${NT})`);
    expect(tFail).not.toBeNull();
    // NT of silence counts from the last PONG or message, which came before the crash.
    expect(tFail!).toBeGreaterThan(NT / 2);
    expect(tFail!).toBeLessThanOrEqual(NT + CRON);
    for (const n of others) expect(sim.state(n).state).toBe("fail"); // its slots are down
    const reporters = others.filter((n) => sim.state(n).stats.received.fail > 0);
    expect(reporters.length).toBeGreaterThan(0);

    sim.restart(victim);
    const tBack = await sim.runUntil(() => convergenceProblem(sim) === null && allOk(sim), 4 * NT);
    console.log(`[sim] seed=${SEED}: converged and ok ${tBack} ms after the restart`);
    expect(tBack, `${convergenceProblem(sim)}`).not.toBeNull();
  }, 60_000);

  it("a crashed replica's FAIL clears as soon as it answers again", async () => {
    const sim = new Sim({ seed: SEED + 1, nodeTimeoutMs: NT, cronMs: CRON });
    const names = await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    const victim = "n4";
    const id = sim.state(victim).myself.id;
    sim.crash(victim);
    const others = names.filter((n) => n !== victim);
    expect(await sim.runUntil(() => others.every((n) => flagged(sim, n, id, NodeFlag.FAIL)), 4 * NT, 100)).not.toBeNull();
    expect(allOk(sim)).toBe(true); // a replica does not take slots down
    sim.restart(victim);
    const back = await sim.runUntil(() => others.every((n) => !flagged(sim, n, id, NodeFlag.FAIL)), 2 * NT, 100);
    expect(back).not.toBeNull();
    expect(back!).toBeLessThan(NT);
  }, 60_000);

  it("a minority partition does not reach FAIL and its master stops serving", async () => {
    const sim = new Sim({ seed: SEED + 2, nodeTimeoutMs: NT, cronMs: CRON });
    const names = await createCluster(sim, { masters: 3 });
    const lone = "n0";
    sim.setPartition([[lone], names.filter((n) => n !== lone)]);
    await sim.runFor(3 * NT);
    const st = sim.state(lone);
    expect([...st.nodes.values()].filter((n) => n.flags & NodeFlag.FAIL)).toEqual([]);
    expect([...st.nodes.values()].filter((n) => n.flags & NodeFlag.PFAIL).length).toBe(2);
    expect(st.state).toBe("fail");
    sim.setPartition(null);
    expect(await sim.runUntil(() => convergenceProblem(sim) === null && allOk(sim), 4 * NT)).not.toBeNull();
  }, 60_000);

  it("with a 60 s cron, nextDeadlineMs alarms still detect a failure within a few NT", async () => {
    const sim = new Sim({ seed: SEED + 3, nodeTimeoutMs: NT, cronMs: CRON });
    // Built with a short cron, then switched: a MEET made under a 60 s cron is never sent (the
    // handshake times out first; see "a MEET under a cron longer than NT" in membership.test.ts).
    const names = await createCluster(sim, { masters: 3 });
    for (const n of names) await sim.command(n, "CONFIG", "SET", "cluster-cron-ms", "60000");
    const id = sim.state("n2").myself.id;
    const alarmsBefore = sim.stats.alarms;
    sim.crash("n2");
    const others = names.filter((n) => n !== "n2");
    const t = await sim.runUntil(() => others.every((n) => flagged(sim, n, id, NodeFlag.FAIL)), 4 * NT, 100);
    console.log(`[sim] seed=${SEED + 3}: cron 60 s, NT ${NT}: FAIL after ${t} ms, ${sim.stats.alarms - alarmsBefore} alarms`);
    expect(t).not.toBeNull();
  }, 60_000);

  /**
   * Once found by a random fault schedule of the old core-only simulator (seed 627770705, not
   * reproducible here: the runtime schedules draw other parameters from a seed). A node pings back
   * a suspect that talks to it, so its PONG clears the flag at once; two masters that flag each
   * other FAIL (neither flag can clear for 2×NT) pinged each other back forever, and duplicated
   * messages multiplied the ping-pong chains into a storm. Now a suspect is pinged back only when
   * its PONG will clear the flag. The simulator fails a run on a storm (over 20 000 RPCs in a
   * simulated second); here the bus must also stay near its usual rate after the heal.
   */
  it("two masters flagging each other FAIL do not ping each other back and forth", async () => {
    const network = { dropRate: 0, dupRate: 0.1, minDelayMs: 1, maxDelayMs: 15, slowRate: 0, slowMaxMs: 0 };
    const sim = new Sim({ seed: SEED + 4, nodeTimeoutMs: NT, cronMs: CRON, network });
    const names = await createCluster(sim, { masters: 5 });
    const [a, b] = ["n0", "n1"];
    const idOf = (n: string): string => sim.state(n).myself.id;
    const rest = names.filter((n) => n !== a && n !== b);
    // b is cut off until the others (a among them) flag it FAIL; then a is, until b and the rest flag a.
    sim.setPartition([[b], [a, ...rest]]);
    expect(await sim.runUntil(() => flagged(sim, a, idOf(b), NodeFlag.FAIL), 4 * NT)).not.toBeNull();
    sim.setPartition([[a], [b, ...rest]]);
    expect(await sim.runUntil(() => flagged(sim, b, idOf(a), NodeFlag.FAIL), 4 * NT)).not.toBeNull();
    expect(flagged(sim, a, idOf(b), NodeFlag.FAIL), "a still flags b").toBe(true);
    sim.setPartition(null);
    let busiest = 0;
    let healed: number | null = null;
    for (let ms = 1000; ms <= 6 * NT && healed === null; ms += 1000) {
      const before = sim.stats.busMessages;
      await sim.runFor(1000);
      busiest = Math.max(busiest, sim.stats.busMessages - before);
      if (convergenceProblem(sim) === null && allOk(sim)) healed = ms;
    }
    console.log(`[sim] seed=${SEED + 4}: mutual FAIL healed after ${healed} ms, at most ${busiest} bus messages in a simulated second`);
    expect(healed, `${convergenceProblem(sim)}`).not.toBeNull();
    // Five idle masters with a 500 ms cron exchange a few dozen messages a second; a storm is thousands.
    expect(busiest).toBeLessThan(500);
  }, 60_000);
});
