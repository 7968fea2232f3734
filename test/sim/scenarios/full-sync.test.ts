/**
 * A full sync moves keys of any size: a replica attached to a master holding a 3 MB string, a list
 * of 40 000 elements (about 4 MB) and a 20 000-member sorted set gets them all. The simulator's
 * SQLite refuses values over 2 MB as a Durable Object's does, so a snapshot page holding a large
 * key whole (as it did before keys were split in parts) fails the sync.
 */
import { describe, expect, it } from "vitest";
import { fromText } from "../../../src/resp/bytes";
import { keyspaceDigest } from "../../../src/node/replication-store";
import { Sim } from "../sim";
import { createCluster, expectOk, replicationProblem } from "../cluster";

describe("full sync of large keys", () => {
  it("sends every key in pages that fit a row, whatever the key's size", async () => {
    const sim = new Sim({ seed: 9, nodeTimeoutMs: 5000, cronMs: 250 });
    await createCluster(sim, { masters: 1, replicasPerMaster: 0 });
    const big = "x".repeat(3_000_000);
    const batches: string[][][] = [[["SET", "{a}str", big]]];
    for (let b = 0; b < 20; b++) {
      batches.push([["RPUSH", "{a}list", ...Array.from({ length: 2000 }, (_, i) => `${b}-${i}-${"y".repeat(90)}`)]]);
      batches.push([["ZADD", "{a}zset", ...Array.from({ length: 1000 }, (_, i) => [String(i), `m${b}-${i}`]).flat()]]);
    }
    for (const cmds of batches) {
      const out = await sim.settle(sim.execute("n0", cmds.map((argv) => argv.map(fromText))));
      expect(out.ok && out.value[0]!.t !== "error", JSON.stringify(out)).toBe(true);
    }
    sim.addNode("r");
    expectOk(await sim.command("r", "CLUSTER", "MEET", "n0", "6379"), "MEET");
    await sim.runUntil(() => sim.state("r").nodes.size === 2 && sim.state("n0").nodes.size === 2, 30_000);
    expectOk(await sim.command("r", "CLUSTER", "REPLICATE", sim.state("n0").myself.id), "REPLICATE");
    const synced = await sim.runUntil(() => replicationProblem(sim) === null, 60_000, 250);
    expect(synced, String(replicationProblem(sim))).not.toBeNull();
    expect(sim.runtime("r").repl.state.stats.syncFull + sim.runtime("n0").repl.state.stats.syncFull).toBeGreaterThan(0);
    expect(keyspaceDigest(sim.runtime("r").db)).toBe(keyspaceDigest(sim.runtime("n0").db));
    expect(sim.runtime("r").db.size()).toBe(3);
  }, 120_000);
});
