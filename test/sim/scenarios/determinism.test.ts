/**
 * Same seed, same run: the simulator and the production runtime draw time and randomness only
 * from the simulator's ports. Two runs of one seed, over a lossy network with clients writing,
 * have the same trace (every event's time and kind) and end in the same states (cluster views,
 * replication state, data); another seed does not.
 */
import { describe, expect, it } from "vitest";
import { serialize } from "../../../src/cluster";
import { serialize as serializeReplication } from "../../../src/replication";
import { keyspaceDigest } from "../../../src/node/replication-store";
import { createCluster } from "../cluster";
import { Sim } from "../sim";
import { Workload } from "../workload";

async function run(seed: number): Promise<{ trace: number; states: string[] }> {
  const network = { dropRate: 0.1, dupRate: 0.05, minDelayMs: 1, maxDelayMs: 40, slowRate: 0.02, slowMaxMs: 3000 };
  const sim = new Sim({ seed, network });
  const names = await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
  new Workload(sim, seed, names.slice(0, 3)).start(50);
  await sim.runFor(30_000);
  const states = sim.runtimes().map((rt) => `${serialize(rt.cluster.state)} ${serializeReplication(rt.repl.state)} ${keyspaceDigest(rt.db)}`);
  return { trace: sim.traceHash, states };
}

describe("simulator determinism", () => {
  it("replays a seed exactly", async () => {
    const first = await run(42);
    const second = await run(42);
    expect(second.trace).toBe(first.trace);
    expect(second.states).toEqual(first.states);
    expect((await run(43)).trace).not.toBe(first.trace);
  }, 60_000);
});
