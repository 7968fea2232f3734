/**
 * Seed 004's example for UPDATE messages: A and B are master and replica for some slots. A is
 * partitioned away, B is promoted (FAILOVER TAKEOVER: a higher configEpoch). Then B is
 * partitioned away and A returns, still claiming the slots with its old epoch. B cannot tell A;
 * the other masters, whose tables are newer, answer A's pings with UPDATE about B, and A turns
 * into a replica of B.
 */
import { describe, expect, it } from "vitest";
import { testBit } from "../../../src/cluster/bitmap";
import { NodeFlag } from "../../../src/cluster";
import { convergenceProblem } from "../checks";
import { createCluster, expectOk } from "../cluster";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 4);

describe("a master returning from a partition with a stale slot map", () => {
  it("is corrected by UPDATE messages and becomes a replica of the promoted node", async () => {
    const sim = new Sim({ seed: SEED, nodeTimeoutMs: 5000, cronMs: 500 });
    const names = await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    const [A, B] = [names[0]!, names[3]!]; // n3 replicates n0
    const others = names.filter((n) => n !== A && n !== B);
    const idA = sim.state(A).myself.id;
    const idB = sim.state(B).myself.id;
    const epochA = sim.state(A).myself.configEpoch;
    expect(sim.state(B).myself.slaveof?.id).toBe(idA);

    // A is partitioned away; B is promoted with a new configEpoch.
    sim.setPartition([[A], [B, ...others]]);
    await sim.runFor(2000);
    expectOk(await sim.command(B, "CLUSTER", "FAILOVER", "TAKEOVER"), "takeover");
    const epochB = sim.state(B).myself.configEpoch;
    expect(epochB).toBeGreaterThan(epochA);
    const seen = await sim.runUntil(() => others.every((n) => sim.state(n).slots[0]?.id === idB), 10_000, 100);
    expect(seen, "the others learn B owns A's slots").not.toBeNull();

    // B is partitioned away, A comes back still claiming slot 0 with its old epoch.
    sim.setPartition([[B], [A, ...others]]);
    expect(testBit(sim.state(A).myself.slots, 0)).toBe(true);
    const fixed = await sim.runUntil(() => sim.state(A).slots[0]?.id === idB, 10_000, 100);
    expect(fixed, "A learns the new owner while B is unreachable").not.toBeNull();
    const a = sim.state(A);
    expect(a.stats.received.update).toBeGreaterThan(0);
    expect(a.myself.flags & NodeFlag.SLAVE).toBe(NodeFlag.SLAVE);
    expect(a.myself.slaveof?.id).toBe(idB);
    expect(a.myself.numSlots).toBe(0);

    // Everything heals into one configuration.
    sim.setPartition(null);
    const healed = await sim.runUntil(() => convergenceProblem(sim) === null, 60_000);
    expect(healed, `seed ${SEED}: ${convergenceProblem(sim)}`).not.toBeNull();
  }, 60_000);
});
