/**
 * The cluster shell's observer: turns each settled outcome into events (cluster-diff.ts) and
 * records them. Slot moves come from the slots the core reports changed (takeChangedSlots) checked
 * against the watch's own copy of the owners, so a command that moves one slot costs one
 * comparison, not 16384 (a reshard runs thousands of SETSLOTs), and an idle cluster's PINGs and
 * PONGs cost a few map entries.
 */
import { takeChangedSlots, type ClusterNode, type ClusterState, type Outcome } from "../cluster";
import { diffCluster, mergeSlotMoves, slotMovesAt, snapshot, type ClusterSnapshot } from "./cluster-diff";
import type { EventDraft } from "./cluster-event";
import type { EventLog } from "./event-log";

export class ClusterWatch {
  private last: ClusterSnapshot;
  /** Slot owners as of the last outcome. */
  private readonly owners: (ClusterNode | null)[];
  /** The last election reported lost (diffCluster's `lostEpoch`). */
  private lostEpoch = 0;
  /** Events of a batch of outcomes (ClusterShell.batch), recorded at its end. */
  private held: EventDraft[] = [];

  constructor(private readonly state: ClusterState, private readonly log: EventLog) {
    this.last = snapshot(state);
    this.owners = state.slots.slice();
    takeChangedSlots(state);
  }

  /** `batched`: more outcomes of one batch follow (then `batchSettled`): a reshard's 128 SETSLOTs make one slots-moved event. */
  settled(out: Outcome, cause: string, batched = false): void {
    const next = snapshot(this.state);
    const drafts = diffCluster(this.last, next, out, cause, this.lostEpoch);
    this.last = next;
    const changed = takeChangedSlots(this.state);
    if (changed.length > 0) {
      drafts.push(...slotMovesAt(changed, (j) => this.owners[j] ?? null, (j) => this.state.slots[j] ?? null, cause));
      for (const j of changed) this.owners[j] = this.state.slots[j] ?? null;
    }
    for (const d of drafts) if (d.event === "election-lost") this.lostEpoch = Number(d.fields.electionEpoch);
    this.held.push(...drafts);
    if (!batched) this.batchSettled();
  }

  batchSettled(): void {
    if (this.held.length === 0) return;
    const drafts = mergeSlotMoves(this.held);
    this.held = [];
    this.log.record(drafts);
  }
}
