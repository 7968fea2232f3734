/**
 * The event derivation (src/events/cluster-diff.ts) on hand-made snapshots: the cases a simulated
 * cluster reaches only slowly (an automatic election that expires, then a new one), the PFAIL that
 * FAIL replaces, and a configEpoch bump's collision flag by cause.
 */
import { describe, expect, it } from "vitest";
import { NodeFlag, type Outcome } from "../../../src/cluster";
import { diffCluster, type ClusterSnapshot } from "../../../src/events/cluster-diff";

const OUT: Outcome = { send: [], changed: false, events: [], effects: [] };

function snap(over: Partial<ClusterSnapshot> & { el?: Partial<ClusterSnapshot["election"]>; flagsOfX?: number } = {}): ClusterSnapshot {
  const { el, flagsOfX, ...rest } = over;
  return {
    master: false, masterId: "m".repeat(40), masterName: "m", currentEpoch: 5, configEpoch: 3, lastVoteEpoch: 0,
    nodes: new Map([["x", { name: "x", flags: flagsOfX ?? NodeFlag.MASTER }]]),
    election: { sent: false, epoch: 0, cantReason: "", votes: 0, manual: false, ...el }, ...rest,
  };
}
const names = (a: ClusterSnapshot, b: ClusterSnapshot, cause = "tick", lost = 0) => diffCluster(a, b, OUT, cause, lost).map((d) => d.event);

describe("diffCluster", () => {
  it("an automatic election that expires is lost once; the next one is a new start", () => {
    const running = snap({ currentEpoch: 6, el: { sent: true, epoch: 6, cantReason: "waiting for votes", votes: 1 } });
    const expired = snap({ currentEpoch: 6, el: { sent: true, epoch: 6, cantReason: "the election expired", votes: 1 } });
    const lost = diffCluster(running, expired, OUT, "tick");
    expect(lost).toEqual([{ event: "election-lost", fields: { electionEpoch: 6, votes: 1, reason: "the election expired" } }]);
    // Rescheduled (sent false) after it was already reported: nothing more.
    const rescheduled = snap({ currentEpoch: 6, el: { sent: false, epoch: 6 } });
    expect(names(expired, rescheduled, "tick", 6)).toEqual([]);
    // Without the report, a replaced election is lost for that reason.
    expect(diffCluster(running, rescheduled, OUT, "tick")[0]).toMatchObject({ event: "election-lost", fields: { reason: "a new election replaced it" } });
    const next = snap({ currentEpoch: 7, el: { sent: true, epoch: 7 } });
    expect(names(rescheduled, next, "tick", 6)).toEqual(["election-started", "current-epoch"]);
  });

  it("a won election is won, then the promotion, with no loss", () => {
    const running = snap({ currentEpoch: 6, el: { sent: true, epoch: 6, votes: 1 } });
    const won = snap({ master: true, masterId: null, masterName: null, currentEpoch: 6, configEpoch: 6 });
    expect(names(running, won, "bus auth-ack from y")).toEqual(["election-won", "promotion", "config-epoch"]);
    expect(diffCluster(running, won, OUT, "bus auth-ack from y")[2]!.fields).toMatchObject({ from: 3, to: 6, collision: false });
  });

  it("PFAIL replaced by FAIL is only a fail; a PFAIL that clears is pfail-cleared", () => {
    const pfail = snap({ flagsOfX: NodeFlag.MASTER | NodeFlag.PFAIL });
    expect(names(pfail, snap({ flagsOfX: NodeFlag.MASTER | NodeFlag.FAIL }))).toEqual(["fail"]);
    expect(names(pfail, snap())).toEqual(["pfail-cleared"]);
    expect(names(snap(), pfail)).toEqual(["pfail"]);
  });

  it("a master's configEpoch moved by a bus message is a collision; by a command it is not", () => {
    const [a, b] = [snap({ master: true, masterId: null, masterName: null }), snap({ master: true, masterId: null, masterName: null, configEpoch: 6, currentEpoch: 6 })];
    expect(diffCluster(a, b, OUT, "bus ping from y").find((d) => d.event === "config-epoch")!.fields.collision).toBe(true);
    expect(diffCluster(a, b, OUT, "CLUSTER BUMPEPOCH").find((d) => d.event === "config-epoch")!.fields.collision).toBe(false);
  });
});
