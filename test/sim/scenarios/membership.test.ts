/** MEET handshakes, handshake timeouts, lossy handshakes, FORGET and its blacklist. */
import { describe, expect, it } from "vitest";
import { NodeFlag } from "../../../src/cluster";
import { convergenceProblem } from "../checks";
import { createCluster, expectOk } from "../cluster";
import { Sim } from "../sim";

const SEED = Number(process.env.SIM_SEED ?? 5);

describe("membership", () => {
  it("MEET renames the handshake entry to the peer's real id, on both sides", async () => {
    const sim = new Sim({ seed: SEED });
    sim.addNode("a");
    sim.addNode("b");
    // The MEET's reply comes after its round trip: the handshake entry is watched for as it exists.
    const handshakes = new Set<string>();
    sim.afterEach = () => {
      for (const n of sim.state("a").nodes.values()) if (n.flags & NodeFlag.HANDSHAKE) handshakes.add(n.name);
      return null;
    };
    expectOk(await sim.command("a", "CLUSTER", "MEET", "b", "7001"), "meet");
    expect(await sim.runUntil(() => convergenceProblem(sim) === null, 5000, 100)).not.toBeNull();
    expect([...handshakes]).toEqual(["b"]);
    expect(sim.state("a").nodes.get(sim.state("b").myself.id)?.name).toBe("b");
    expect(sim.state("b").nodes.get(sim.state("a").myself.id)?.name).toBe("a");
  });

  it("a handshake nobody answers is dropped after max(NT, 1 s)", async () => {
    const sim = new Sim({ seed: SEED, nodeTimeoutMs: 3000, cronMs: 500 });
    sim.addNode("a");
    sim.addNode("ghost");
    sim.crash("ghost");
    expectOk(await sim.command("a", "CLUSTER", "MEET", "ghost", "6379"), "meet");
    await sim.runFor(2500);
    expect(sim.state("a").nodes.size).toBe(2);
    await sim.runFor(1500);
    expect(sim.state("a").nodes.size).toBe(1);
  });

  it("a handshake completes over a network losing half the messages", async () => {
    const network = { dropRate: 0.5, dupRate: 0.1, minDelayMs: 1, maxDelayMs: 30, slowRate: 0, slowMaxMs: 0 };
    const sim = new Sim({ seed: SEED, nodeTimeoutMs: 15000, cronMs: 1000, network });
    sim.addNode("a");
    sim.addNode("b");
    expectOk(await sim.command("a", "CLUSTER", "MEET", "b", "6379"), "meet");
    expect(await sim.runUntil(() => convergenceProblem(sim) === null, 15_000)).not.toBeNull();
  });

  it("FORGET keeps a node out for 60 s even while others gossip about it", async () => {
    const sim = new Sim({ seed: SEED });
    await createCluster(sim, { masters: 3 });
    const id2 = sim.state("n2").myself.id;
    expectOk(await sim.command("n0", "CLUSTER", "FORGET", id2), "forget");
    await sim.runFor(50_000);
    expect(sim.state("n0").nodes.has(id2)).toBe(false);
    const back = await sim.runUntil(() => sim.state("n0").nodes.has(id2), 60_000);
    expect(back).not.toBeNull();
    expect(await sim.runUntil(() => convergenceProblem(sim) === null, 30_000)).not.toBeNull();
  }, 60_000);

  /**
   * A bug found by the port to the runtime simulator (seed 5, or any): a CLUSTER command's protocol
   * deadline was armed only when the command also queued bus messages. MEET sends nothing itself:
   * its handshake PING waited for the next cron tick (about 1 s late at the default cron), and with
   * a cron longer than NT the handshake timed out before that tick, so the MEET never happened. The
   * old core-only simulator armed every outcome's deadline itself and could not see it.
   */
  it("a MEET under a cron longer than NT sends its PING at once and completes", async () => {
    const sim = new Sim({ seed: SEED, nodeTimeoutMs: 5000, cronMs: 60_000 });
    sim.addNode("a");
    sim.addNode("b");
    expectOk(await sim.command("a", "CLUSTER", "MEET", "b", "6379"), "meet");
    expect(await sim.runUntil(() => sim.stats.busMessages > 0, 1000, 10)).not.toBeNull();
    expect(await sim.runUntil(() => convergenceProblem(sim) === null, 120_000, 1000)).not.toBeNull();
  });
});
