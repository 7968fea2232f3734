/**
 * The cluster shell's observer: turns each settled outcome into events (cluster-diff.ts) and
 * records them. The slot table is copied only when the outcome changed the persisted state (slot
 * ownership is persisted, so a move always comes with `changed`): an idle cluster's PINGs and
 * PONGs cost a few map entries, not 16384 comparisons.
 */
import type { ClusterState, Outcome } from "../cluster";
import { diffCluster, snapshot, type ClusterSnapshot } from "./cluster-diff";
import type { EventLog } from "./event-log";

export class ClusterWatch {
  private last: ClusterSnapshot;
  /** The last election reported lost (diffCluster's `lostEpoch`). */
  private lostEpoch = 0;

  constructor(private readonly state: ClusterState, private readonly log: EventLog) {
    this.last = snapshot(state);
  }

  settled(out: Outcome, cause: string): void {
    const next = snapshot(this.state, out.changed ? undefined : this.last.slots);
    const drafts = diffCluster(this.last, next, out, cause, this.lostEpoch);
    this.last = next;
    for (const d of drafts) if (d.event === "election-lost") this.lostEpoch = Number(d.fields.electionEpoch);
    if (drafts.length > 0) this.log.record(drafts);
  }
}
