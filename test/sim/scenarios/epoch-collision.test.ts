/**
 * configEpoch collisions (clusterHandleConfigEpochCollision): masters sharing a configEpoch end
 * up with distinct ones; of each colliding pair the smaller node id moves.
 */
import { describe, expect, it } from "vitest";
import { convergenceProblem, safetyProblem } from "../checks";
import { bootstrap, expectOk } from "../setup";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 7);

describe("configEpoch collision", () => {
  it("two masters with the same configEpoch: the smaller id takes currentEpoch + 1", () => {
    const sim = new Sim({ seed: SEED });
    sim.addNode("a");
    sim.addNode("b");
    expectOk(sim.command("a", "ADDSLOTSRANGE", "0", "8191"), "addslots a");
    expectOk(sim.command("b", "ADDSLOTSRANGE", "8192", "16383"), "addslots b");
    expectOk(sim.command("a", "SET-CONFIG-EPOCH", "5"), "epoch a");
    expectOk(sim.command("b", "SET-CONFIG-EPOCH", "5"), "epoch b");
    expectOk(sim.command("a", "MEET", "b"), "meet");
    const done = sim.runUntil(() => convergenceProblem(sim) === null && safetyProblem(sim) === null, 20_000);
    expect(done, `seed ${SEED}: ${convergenceProblem(sim) ?? safetyProblem(sim)}`).not.toBeNull();
    const [a, b] = [sim.state("a").myself, sim.state("b").myself];
    const [smaller, larger] = a.id < b.id ? [a, b] : [b, a];
    expect(larger.configEpoch).toBe(5);
    expect(smaller.configEpoch).toBe(6);
    expect(sim.state("a").currentEpoch).toBe(6);
    expect(sim.state("b").currentEpoch).toBe(6);
  });

  it("six masters all at configEpoch 0 resolve to six distinct epochs", () => {
    const sim = new Sim({ seed: SEED + 1 });
    bootstrap(sim, { masters: 6, setEpochs: false, meet: "star" });
    const elapsed = sim.runUntil(() => convergenceProblem(sim) === null && safetyProblem(sim) === null, 120_000);
    console.log(`[sim] seed=${SEED + 1}: 6 colliding masters resolved in ${elapsed} ms simulated`);
    expect(elapsed, `seed ${SEED + 1}: ${convergenceProblem(sim) ?? safetyProblem(sim)}`).not.toBeNull();
    const epochs = sim.states().map((s) => s.myself.configEpoch);
    expect(new Set(epochs).size).toBe(6);
    // The largest id never moves: it keeps epoch 0.
    const largest = sim.states().reduce((m, s) => (s.myself.id > m.myself.id ? s : m));
    expect(largest.myself.configEpoch).toBe(0);
  }, 60_000);
});
