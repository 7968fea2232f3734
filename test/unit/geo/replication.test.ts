/**
 * Geo writes reach a replica on the simulated cluster (real node runtimes, fake clock): GEOADD and
 * the STORE forms replay there to the same sets, scores included.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import type { Reply } from "../../../src/resp/reply";

let sim: Sim;
const run = (...argv: string[]): Promise<Reply> => sim.command("n0", ...argv);

beforeAll(async () => {
  sim = new Sim({ seed: 11 });
  await createCluster(sim, { masters: 1, replicasPerMaster: 1 });
});

describe("geo replication", () => {
  it("replays GEOADD, GEOSEARCHSTORE STOREDIST and GEORADIUS STORE on the replica", async () => {
    await run("GEOADD", "{g}src", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "2.35", "48.85", "Paris");
    await run("GEOSEARCHSTORE", "{g}dist", "{g}src", "FROMLONLAT", "15", "37", "BYRADIUS", "2000", "km", "STOREDIST");
    await run("GEORADIUS", "{g}src", "15", "37", "200", "km", "STORE", "{g}hash");
    await run("GEOADD", "{g}src", "XX", "CH", "0", "0", "Paris");
    const reads = [["ZRANGE", "{g}dist", "0", "-1", "WITHSCORES"], ["ZRANGE", "{g}hash", "0", "-1", "WITHSCORES"], ["GEOPOS", "{g}src", "Paris"]];
    const master: Reply[] = [];
    for (const argv of reads) master.push(await run(...argv));
    expect(JSON.stringify(master[0])).toContain("56.441257870158204");
    await sim.runFor(5_000);
    const out = await sim.settle(sim.execute("n1", reads, { resp: 2, readonly: true }));
    if (!out.ok) throw new Error(String(out.error));
    expect(out.value).toEqual(master);
  });
});
