/**
 * Streams on real node runtimes (the simulator: a master and its replica over the replication
 * stream, fake clock): after XADD, XGROUP, XREADGROUP, XCLAIM, XAUTOCLAIM and XACK on the master,
 * the replica holds the same entries, groups, consumers and pending entries list; a replica that
 * joins later gets the stream with its full sync (snapshot pages) and a blocked XREADGROUP is
 * served when an entry arrives.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import type { Reply } from "../../../src/resp/reply";
import { js } from "./harness";

let sim: Sim;
const run = (node: string, ...argv: string[]): Promise<Reply> => sim.command(node, ...argv);
async function onReplica(node: string, ...cmds: string[][]): Promise<Reply[]> {
  const out = await sim.settle(sim.execute(node, cmds, { resp: 2, readonly: true }));
  if (!out.ok) throw new Error(String(out.error));
  return out.value;
}
/** XINFO STREAM FULL without the consumers' seen-times (a replica sees a consumer when the XCLAIM reaches it). */
const state = (r: Reply): string => JSON.stringify(js(r)).replace(/"seen-time",\d+/g, "");

beforeAll(async () => {
  sim = new Sim({ seed: 11 });
  await createCluster(sim, { masters: 1, replicasPerMaster: 1 });
});

describe("streams on a master and its replica", () => {
  it("the replica's PEL, groups and consumers equal the master's after XREADGROUP and claims", async () => {
    for (let i = 0; i < 30; i++) await run("n0", "XADD", "{q}s", "*", "n", String(i));
    await run("n0", "XGROUP", "CREATE", "{q}s", "g", "0");
    await run("n0", "XREADGROUP", "GROUP", "g", "alice", "COUNT", "10", "STREAMS", "{q}s", ">");
    await run("n0", "XREADGROUP", "GROUP", "g", "bob", "COUNT", "5", "NOACK", "STREAMS", "{q}s", ">");
    await run("n0", "XREADGROUP", "GROUP", "g", "carol", "COUNT", "5", "STREAMS", "{q}s", ">");
    await sim.runFor(1_000);
    await run("n0", "XAUTOCLAIM", "{q}s", "g", "dave", "500", "-", "COUNT", "3");
    await run("n0", "XCLAIM", "{q}s", "g", "erin", "0", ...(js(await run("n0", "XRANGE", "{q}s", "-", "+", "COUNT", "2")) as [string][]).map((e) => e[0]));
    await run("n0", "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "{q}s", "0");
    await run("n0", "XTRIM", "{q}s", "MAXLEN", "~", "5");
    await sim.runFor(5_000);
    const master = await run("n0", "XINFO", "STREAM", "{q}s", "FULL", "COUNT", "0");
    const [replica, pending] = await onReplica("n1", ["XINFO", "STREAM", "{q}s", "FULL", "COUNT", "0"], ["XPENDING", "{q}s", "g", "-", "+", "100"]);
    expect(state(replica!)).toEqual(state(master));
    // [id, consumer, idle, deliveries]: idle is read at two moments; the delivery times are in the XINFO above.
    const rows = (r: Reply) => (js(r) as unknown[][]).map(([id, c, , n]) => [id, c, n]);
    expect(rows(pending!)).toEqual(rows(await run("n0", "XPENDING", "{q}s", "g", "-", "+", "100")));
    expect((js(pending!) as unknown[]).length).toBeGreaterThan(10);
  });

  it("a replica that joins later receives the stream in its full sync", async () => {
    sim.addNode("n2");
    await run("n2", "CLUSTER", "MEET", "n0", "6379");
    await sim.runFor(5_000);
    await run("n2", "CLUSTER", "REPLICATE", sim.runtime("n0").nodeId);
    await sim.runFor(10_000);
    const master = await run("n0", "XINFO", "STREAM", "{q}s", "FULL", "COUNT", "0");
    const [replica] = await onReplica("n2", ["XINFO", "STREAM", "{q}s", "FULL", "COUNT", "0"]);
    expect(state(replica!)).toEqual(state(master));
  });

  it("a blocked XREADGROUP is served when an entry is added, and its PEL reaches the replica", async () => {
    await run("n0", "XGROUP", "CREATE", "{q}b", "g", "$", "MKSTREAM");
    const blocked = sim.execute("n0", [["XREADGROUP", "BLOCK", "0", "GROUP", "g", "w", "STREAMS", "{q}b", ">"]], { resp: 2, canBlock: true });
    await sim.runFor(100);
    await run("n0", "XADD", "{q}b", "7-0", "f", "v");
    const out = await sim.settle(blocked);
    expect(out.ok && js(out.value[0]!)).toEqual([["{q}b", [["7-0", ["f", "v"]]]]]);
    await sim.runFor(2_000);
    const [p] = await onReplica("n1", ["XPENDING", "{q}b", "g"]);
    expect(js(p!)).toEqual([1, "7-0", "7-0", [["w", "1"]]]);
  });
});
