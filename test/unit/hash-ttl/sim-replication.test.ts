/**
 * Hash-field TTLs on real node runtimes (the simulator: better-sqlite3 storage, fake clock): the
 * node's cron deletes expired fields by itself (its alarm is armed for the earliest field), the
 * replica follows through the replication stream, and a replica that joins later gets the TTLs
 * with its full sync.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster, expectOk, replicationProblem } from "../../sim/cluster";
import { keyspaceDigest } from "../../../src/node/replication-store";
import type { Reply } from "../../../src/resp/reply";

let sim: Sim;
const run = (node: string, ...argv: string[]): Promise<Reply> => sim.command(node, ...argv);
/** A command on the replica n1, as a READONLY client. */
async function onReplica(...argv: string[]): Promise<Reply> {
  const out = await sim.settle(sim.execute("n1", [argv], { resp: 2, readonly: true }));
  if (!out.ok) throw new Error(String(out.error));
  return out.value[0]!;
}
/** The rows of the `hashes` table on a node, expired ones included (what the cron has not deleted yet). */
const storedFields = (node: string): number =>
  sim.runtime(node).db.one("SELECT COUNT(*) AS n FROM hashes")!.n as number;

beforeAll(async () => {
  sim = new Sim({ seed: 11, cronMs: 250 });
  await createCluster(sim, { masters: 1, replicasPerMaster: 1 });
});

describe("hash-field TTLs on a master and its replica", () => {
  it("the cron deletes expired fields with nobody asking, and the replica follows", async () => {
    await run("n0", "HSET", "{h}a", "f1", "1", "f2", "2", "keep", "3");
    expect(await run("n0", "HPEXPIRE", "{h}a", "3000", "FIELDS", "2", "f1", "f2")).toEqual({ t: "array", v: [{ t: "int", v: 1 }, { t: "int", v: 1 }] });
    await run("n0", "HSETEX", "{h}b", "PX", "3000", "FIELDS", "1", "only", "x");
    await sim.runFor(1_000);
    expect(await onReplica("HTTL", "{h}a", "FIELDS", "2", "f1", "keep")).toEqual({ t: "array", v: [{ t: "int", v: 2 }, { t: "int", v: -1 }] });
    expect(storedFields("n1")).toBe(4);
    await sim.runFor(5_000);
    expect(storedFields("n0")).toBe(1);
    expect(storedFields("n1")).toBe(1);
    expect(await onReplica("HGETALL", "{h}a")).toEqual({ t: "map", v: [[{ t: "bulk", v: "keep" }, { t: "bulk", v: "3" }]] });
    expect(await onReplica("EXISTS", "{h}b")).toEqual({ t: "int", v: 0 });
    expect(keyspaceDigest(sim.runtime("n1").db)).toBe(keyspaceDigest(sim.runtime("n0").db));
  });

  it("a replica that joins later gets the field TTLs with its full sync", async () => {
    await run("n0", "HSET", "{h}c", "x", "1", "y", "2");
    await run("n0", "HEXPIRE", "{h}c", "60", "FIELDS", "1", "x");
    sim.addNode("n2");
    expectOk(await run("n2", "CLUSTER", "MEET", "n0", "6379"), "MEET");
    await sim.runUntil(() => sim.state("n2").nodes.size === 3, 30_000);
    expectOk(await run("n2", "CLUSTER", "REPLICATE", sim.state("n0").myself.id), "REPLICATE");
    const synced = await sim.runUntil(() => replicationProblem(sim) === null, 60_000, 250);
    expect(synced, String(replicationProblem(sim))).not.toBeNull();
    expect(keyspaceDigest(sim.runtime("n2").db)).toBe(keyspaceDigest(sim.runtime("n0").db));
    const ttl = sim.runtime("n2").db.one("SELECT expires_at FROM hashes WHERE field = X'78'")!.expires_at as number;
    expect(ttl).toBeGreaterThan(sim.runtime("n0").db.now);
  }, 120_000);
});
