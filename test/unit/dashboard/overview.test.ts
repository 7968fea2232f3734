/**
 * The dashboard's fold of the node probes (src/dashboard/overview.ts), on CLUSTER NODES texts as
 * the nodes write them: a node that answered describes itself, one that did not is described by
 * the others (FAIL when any of them says so); the slot bar follows the freshest view; SETSLOT
 * MIGRATING/IMPORTING and running MIGRATESLOTS jobs are listed; replica lag is computed.
 */
import { describe, expect, it } from "vitest";
import { assembleOverview } from "../../../src/dashboard/overview";
import { parseNodeLine } from "../../../src/dashboard/node-lines";
import type { NodeProbe } from "../../../src/dashboard/probe";

const ID = { a: "a".repeat(40), b: "b".repeat(40), r: "c".repeat(40) };

function probe(name: string, nodes: string[], epoch: number, info: Record<string, string> = {}, extra: Partial<NodeProbe> = {}): NodeProbe {
  return {
    name, error: null, nodes: nodes.map((l) => parseNodeLine(l)!), clusterInfo: { cluster_current_epoch: String(epoch) }, info,
    jobs: [], events: [], ...extra,
  };
}
const down = (name: string): NodeProbe => ({ name, error: "node halted (DEBUG HALT)", nodes: [], clusterInfo: {}, info: {}, jobs: [], events: [] });

describe("assembleOverview", () => {
  it("parses a myself line with open slots", () => {
    expect(parseNodeLine(`${ID.a} na:6379@16379 myself,master - 0 0 1 connected 0-99 200 [5->-${ID.b}] [7-<-${ID.b}]`)).toMatchObject({
      id: ID.a, name: "na", port: 6379, flags: ["myself", "master"], masterId: null, configEpoch: 1, link: "connected",
      slots: [[0, 99], [200, 200]], migrating: [{ slot: 5, to: ID.b }], importing: [{ slot: 7, from: ID.b }],
    });
  });

  it("describes a silent master from the others' views, and follows the freshest slot map", () => {
    // na is halted; nb (epoch 3) saw nr take na's slots; nr replicated na before and is master now.
    const nb = probe("nb", [
      `${ID.b} nb:6379@16379 myself,master - 0 0 2 connected 8192-16383`,
      `${ID.a} na:6379@16379 master,fail - 0 0 1 disconnected`,
      `${ID.r} nr:6379@16379 master - 0 0 3 connected 0-8191`,
    ], 3, { master_repl_offset: "100", instantaneous_ops_per_sec: "7" });
    const nr = probe("nr", [
      `${ID.r} nr:6379@16379 myself,master - 0 0 3 connected 0-8191`,
      `${ID.a} na:6379@16379 master,fail? - 0 0 1 disconnected`,
      `${ID.b} nb:6379@16379 master - 0 0 2 connected 8192-16383`,
    ], 3, { master_repl_offset: "50" });
    const stale = probe("nx", [`${ID.a} na:6379@16379 master - 0 0 1 connected 0-16383`], 1);
    const o = assembleOverview([down("na"), nb, nr, { ...stale, nodes: [] }], 1000, 10);
    const byName = Object.fromEntries(o.nodes.map((n) => [n.name, n]));
    expect(byName.na).toMatchObject({ role: "master", health: "fail", slots: 0, error: "node halted (DEBUG HALT)", currentEpoch: null });
    expect(byName.nb).toMatchObject({ role: "master", health: "ok", link: "1/2", configEpoch: 2, currentEpoch: 3, opsPerSec: 7, replOffset: 100 });
    expect(byName.nr).toMatchObject({ role: "master", slots: 8192 });
    expect(o.slots).toEqual([[0, 8191, "nr"], [8192, 16383, "nb"]]);
    expect(o.counts).toEqual({ masters: 2, replicas: 0, slotsAssigned: 16384, failing: 1, unreachable: 1 });
  });

  it("lists open slots and running atomic migrations, and a replica's lag behind its master", () => {
    const na = probe("na", [
      `${ID.a} na:6379@16379 myself,master - 0 0 1 connected 0-8191 [5->-${ID.b}] [6->-${ID.b}]`,
      `${ID.b} nb:6379@16379 master - 0 0 2 connected 8192-16383`,
      `${ID.r} nr:6379@16379 slave ${ID.a} 0 0 1 connected`,
    ], 2, { master_repl_offset: "500" }, {
      jobs: [
        { name: "j1", operation: "EXPORT", source: ID.a, target: ID.b, slotRanges: "100-199", state: "streaming" },
        { name: "j0", operation: "EXPORT", source: ID.a, target: ID.b, slotRanges: "0-9", state: "success" },
      ],
    });
    const nb = probe("nb", [
      `${ID.b} nb:6379@16379 myself,master - 0 0 2 connected 8192-16383 [5-<-${ID.a}] [6-<-${ID.a}]`,
      `${ID.a} na:6379@16379 master - 0 0 1 connected 0-8191`,
    ], 2);
    const nr = probe("nr", [`${ID.r} nr:6379@16379 myself,slave ${ID.a} 0 0 1 connected`], 2, { master_link_status: "up", slave_repl_offset: "420" });
    const o = assembleOverview([na, nb, nr], 1000, 10);
    expect(o.migrations).toEqual([
      { source: "na", target: "nb", slots: "5-6", kind: "setslot", state: "open" },
      { source: "na", target: "nb", slots: "100-199", kind: "migrateslots", state: "streaming" },
    ]);
    expect(o.nodes.find((n) => n.name === "nr")).toMatchObject({ role: "replica", masterName: "na", link: "up", replOffset: 420, lagBytes: 80 });
    expect(o.counts).toMatchObject({ masters: 2, replicas: 1 });
  });

  it("merges events newest first, up to the count", () => {
    const ev = (node: string, ts: number, seq: number) => ({ event: "current-epoch" as const, node, nodeId: "x", epoch: 1, configEpoch: 1, ts, seq });
    const na = probe("na", [`${ID.a} na:6379@16379 myself,master - 0 0 1 connected`], 1, {}, { events: [ev("na", 30, 3), ev("na", 10, 1)] });
    const nb = probe("nb", [`${ID.b} nb:6379@16379 myself,master - 0 0 1 connected`], 1, {}, { events: [ev("nb", 20, 2)] });
    expect(assembleOverview([na, nb], 0, 2).events.map((e) => [e.node, e.ts])).toEqual([["na", 30], ["nb", 20]]);
  });
});
