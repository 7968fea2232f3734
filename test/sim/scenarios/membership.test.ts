/** MEET handshakes, handshake timeouts, lossy handshakes, FORGET and its blacklist. */
import { describe, expect, it } from "vitest";
import { NodeFlag } from "../../../src/cluster";
import { convergenceProblem } from "../checks";
import { createCluster, expectOk } from "../setup";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 5);

describe("membership", () => {
  it("MEET renames the handshake entry to the peer's real id, on both sides", () => {
    const sim = new Sim({ seed: SEED });
    sim.addNode("a");
    sim.addNode("b");
    expectOk(sim.command("a", "MEET", "b", "7001"), "meet");
    const hs = [...sim.state("a").nodes.values()].find((n) => n.flags & NodeFlag.HANDSHAKE)!;
    expect(hs.name).toBe("b");
    expect(sim.runUntil(() => convergenceProblem(sim) === null, 5000, 100)).not.toBeNull();
    expect(sim.state("a").nodes.get(sim.state("b").myself.id)?.name).toBe("b");
    expect(sim.state("b").nodes.get(sim.state("a").myself.id)?.name).toBe("a");
  });

  it("a handshake nobody answers is dropped after max(NT, 1 s)", () => {
    const sim = new Sim({ seed: SEED, config: { nodeTimeoutMs: 3000, cronMs: 500 } });
    sim.addNode("a");
    sim.addNode("ghost");
    sim.crash("ghost");
    expectOk(sim.command("a", "MEET", "ghost"), "meet");
    sim.runFor(2500);
    expect(sim.state("a").nodes.size).toBe(2);
    sim.runFor(1500);
    expect(sim.state("a").nodes.size).toBe(1);
  });

  it("a handshake completes over a network losing half the messages", () => {
    const sim = new Sim({
      seed: SEED,
      config: { nodeTimeoutMs: 15000, cronMs: 1000 },
      network: { dropRate: 0.5, dupRate: 0.1, minDelayMs: 1, maxDelayMs: 30, slowRate: 0, slowMaxMs: 0 },
    });
    sim.addNode("a");
    sim.addNode("b");
    expectOk(sim.command("a", "MEET", "b"), "meet");
    expect(sim.runUntil(() => convergenceProblem(sim) === null, 15_000)).not.toBeNull();
  });

  it("FORGET keeps a node out for 60 s even while others gossip about it", () => {
    const sim = new Sim({ seed: SEED });
    createCluster(sim, { masters: 3 });
    const id2 = sim.state("n2").myself.id;
    expectOk(sim.command("n0", "FORGET", id2), "forget");
    sim.runFor(50_000);
    expect(sim.state("n0").nodes.has(id2)).toBe(false);
    const back = sim.runUntil(() => sim.state("n0").nodes.has(id2), 60_000);
    expect(back).not.toBeNull();
    expect(sim.runUntil(() => convergenceProblem(sim) === null, 30_000)).not.toBeNull();
  }, 60_000);
});
