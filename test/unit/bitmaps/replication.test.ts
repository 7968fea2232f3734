/**
 * Bitmap writes reach a replica (the simulator: a master and its replica, real runtimes over
 * in-memory SQLite): the commands are deterministic, so each is replicated as itself, and the
 * replica ends with the same bytes, BITFIELD's OVERFLOW FAIL included (a field that would
 * overflow is left alone on both sides, and the growth up to it still happens on both).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import { keyspaceDigest } from "../../../src/node/replication-store";
import { STRING_CHUNK_BYTES as CHUNK } from "../../../src/keyspace/db";
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

describe("bitmap commands on a master and its replica", () => {
  it("SETBIT, BITFIELD (INCRBY with OVERFLOW FAIL and SAT), BITOP give the replica the master's bytes", async () => {
    const i = (v: number) => ({ t: "int", v });
    expect(await run("SETBIT", "{b}k", String(CHUNK * 8 + 9), "1")).toEqual(i(0));
    expect(await run("BITFIELD", "{b}k", "SET", "u8", "0", "250", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10", "INCRBY", "u8", "0", "5",
      "OVERFLOW", "SAT", "INCRBY", "i4", "#3", "100")).toEqual({ t: "array", v: [i(0), { t: "null" }, i(255), i(7)] });
    // Every write fails, yet the value grows to the field, on both sides.
    expect(await run("BITFIELD", "{b}f", "OVERFLOW", "FAIL", "INCRBY", "u2", "4000", "9")).toEqual({ t: "array", v: [{ t: "null" }] });
    expect(await run("BITOP", "XOR", "{b}x", "{b}k", "{b}f")).toEqual(i(CHUNK + 2));
    expect(await run("BITOP", "NOT", "{b}k", "{b}k")).toEqual(i(CHUNK + 2));
    await sim.runFor(5_000);
    const replica = await onReplica(["STRLEN", "{b}f"], ["BITCOUNT", "{b}k"], ["GETRANGE", "{b}x", "0", "2"], ["BITFIELD_RO", "{b}k", "GET", "u8", "0"]);
    expect(replica).toEqual([i(501), i((CHUNK + 2) * 8 - 8 - 1 - 3), { t: "bulk", v: "\xff\x07\0" }, { t: "array", v: [i(0)] }]);
    expect(keyspaceDigest(sim.runtime("n1").db)).toBe(keyspaceDigest(sim.runtime("n0").db));
  });
});
