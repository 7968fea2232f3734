/**
 * A master halted (DEBUG HALT) longer than NT while its replica took its slots: when the halt
 * ends, its alarm fires and runs the stalled cron, and a client write arriving while that cron
 * still waits for its PONGs must wait too, and then get MOVED, never OK (a write the new master
 * would never see). Without the wait the write slipped in: the cron had just "run".
 */
import { describe, expect, it } from "vitest";
import { keyHashSlot } from "../../../src/commands/slot";
import { PERFECT_NETWORK, Sim } from "../sim";
import { createCluster } from "../cluster";

describe("a master back from a stall", () => {
  it("holds client writes until its first cron has heard about the failover, then answers MOVED", async () => {
    const sim = new Sim({ seed: 11, nodeTimeoutMs: 2000, cronMs: 250 });
    await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
    // A key n0 serves (it has slots 0..5460).
    const key = Array.from({ length: 100 }, (_, i) => `k${i}`).find((k) => sim.state("n0").slots[keyHashSlot(k)]?.name === "n0")!;
    const slot = keyHashSlot(key);
    await sim.command("n0", "DEBUG", "HALT", "6");
    const haltedUntil = sim.runtime("n0").faults.stoppedUntil(sim.now);
    expect(haltedUntil).toBeGreaterThan(sim.now);
    expect(await sim.runUntil(() => sim.state("n3").myself.slaveof === null, 10_000)).not.toBeNull();
    // Exactly as the halt ends: the alarm fires, and a client write arrives right behind it, while
    // the cron's PINGs are still out (every hop takes 5 ms: the write lands before any PONG).
    sim.network = { ...PERFECT_NETWORK, minDelayMs: 5, maxDelayMs: 5 };
    await sim.runFor(haltedUntil - sim.now);
    const write = sim.execute("n0", [["SET", key, "stale"]]);
    const out = await sim.settle(write);
    expect(out.ok).toBe(true);
    const [reply] = (out as { value: { t: string; v: unknown }[] }).value;
    expect(reply).toEqual({ t: "error", v: `MOVED ${slot} n3:6379` });
  });
});
