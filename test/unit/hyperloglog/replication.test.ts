/**
 * HyperLogLog and SORT ... STORE on a simulated master + replica (real node runtimes, the real
 * replication stream): after PFADD (through the sparse → dense promotion), PFMERGE, a PFCOUNT that
 * refreshes the cached cardinality, and SORT ... STORE, the replica holds the master's bytes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import type { Reply } from "../../../src/resp/reply";

let sim: Sim;
const run = (...argv: string[]): Promise<Reply> => sim.command("n0", ...argv);

async function onReplica(...cmds: string[][]): Promise<Reply[]> {
  const out = await sim.settle(sim.execute("n1", cmds, { resp: 2, readonly: true }));
  if (!out.ok) throw new Error(String(out.error));
  return out.value;
}

beforeAll(async () => {
  sim = new Sim({ seed: 15 });
  await createCluster(sim, { masters: 1, replicasPerMaster: 1 });
});

describe("replication of HyperLogLog and SORT STORE", () => {
  it("leaves the replica with the master's HLL strings and stored lists", async () => {
    const elements = (n: number, from: number) => Array.from({ length: n }, (_, i) => `e${from + i}`);
    await run("PFADD", "{h}a", ...elements(100, 0));
    for (let i = 0; i < 4; i++) await run("PFADD", "{h}b", ...elements(1000, i * 1000));
    await run("PFMERGE", "{h}m", "{h}a", "{h}b");
    expect(await run("PFCOUNT", "{h}a")).toEqual({ t: "int", v: 100 });
    await run("RPUSH", "{h}l", "3", "1", "2", "b", "a");
    await run("SORT", "{h}l", "ALPHA", "DESC", "STORE", "{h}sorted");
    await sim.runFor(5_000);
    const keys = ["{h}a", "{h}b", "{h}m", "{h}sorted"];
    const master = await sim.settle(sim.execute("n0", [...keys.slice(0, 3).map((k) => ["GET", k]), ["LRANGE", "{h}sorted", "0", "-1"]], { resp: 2 }));
    if (!master.ok) throw new Error(String(master.error));
    const replica = await onReplica(...keys.slice(0, 3).map((k) => ["GET", k]), ["LRANGE", "{h}sorted", "0", "-1"]);
    expect(replica).toEqual(master.value);
    // The cached count reached the replica (header byte 15 has its stale bit clear).
    expect(((replica[0] as { v: string }).v.charCodeAt(15) & 0x80)).toBe(0);
    expect(replica[3]).toEqual({ t: "array", v: ["b", "a", "3", "2", "1"].map((v) => ({ t: "bulk", v })) });
  });
});
