/**
 * The cluster shell's observer: turns each settled outcome into events (cluster-diff.ts) and
 * records them. Slot moves come from the slots the core reports changed (takeChangedSlots) checked
 * against the watch's own copy of the owners, so a command that moves one slot costs one
 * comparison, not 16384 (a reshard runs thousands of SETSLOTs), and an idle cluster's PINGs and
 * PONGs cost a few map entries.
 */
import { takeChangedSlots, type ClusterNode, type ClusterState, type Outcome } from "../cluster";
import { diffCluster, slotMovesAt, snapshot, type ClusterSnapshot } from "./cluster-diff";
import type { EventLog } from "./event-log";

export class ClusterWatch {
  private last: ClusterSnapshot;
  /** Slot owners as of the last outcome. */
  private readonly owners: (ClusterNode | null)[];
  /** The last election reported lost (diffCluster's `lostEpoch`). */
  private lostEpoch = 0;

  constructor(private readonly state: ClusterState, private readonly log: EventLog) {
    this.last = snapshot(state);
    this.owners = state.slots.slice();
    takeChangedSlots(state);
  }

  settled(out: Outcome, cause: string): void {
    const next = snapshot(this.state);
    const drafts = diffCluster(this.last, next, out, cause, this.lostEpoch);
    this.last = next;
    const changed = takeChangedSlots(this.state);
    if (changed.length > 0) {
      drafts.push(...slotMovesAt(changed, (j) => this.owners[j] ?? null, (j) => this.state.slots[j] ?? null, cause));
      for (const j of changed) this.owners[j] = this.state.slots[j] ?? null;
    }
    for (const d of drafts) if (d.event === "election-lost") this.lostEpoch = Number(d.fields.electionEpoch);
    if (drafts.length > 0) this.log.record(drafts);
  }
}
