/** Same seed, same run: the simulator and the core draw time and randomness only from inputs. */
import { describe, expect, it } from "vitest";
import { serialize } from "../../../src/cluster";
import { createCluster } from "../setup";
import { Sim } from "../sim";

function run(seed: number): { trace: number; states: string[] } {
  const sim = new Sim({ seed, network: { dropRate: 0.1, dupRate: 0.05, minDelayMs: 1, maxDelayMs: 40, slowRate: 0.02, slowMaxMs: 3000 } });
  createCluster(sim, { masters: 3, replicasPerMaster: 1 });
  sim.runFor(30_000);
  return { trace: sim.traceHash, states: sim.states().map(serialize) };
}

describe("simulator determinism", () => {
  it("replays a seed exactly", () => {
    const first = run(42);
    const second = run(42);
    expect(second.trace).toBe(first.trace);
    expect(second.states).toEqual(first.states);
    expect(run(43).trace).not.toBe(first.trace);
  }, 60_000);
});
