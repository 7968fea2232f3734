/**
 * The invariant state.ts owns, as a check: `node.slots` has bit j set ⇔ `st.slots[j] === node`,
 * and `numSlots` counts those bits. Cheap enough for every cron tick (one pass over the slots,
 * one over each node's bitmap); the node asserts it there and the simulator after every step.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { testBit } from "./bitmap";
import type { ClusterNode, ClusterState } from "./state";

/** A description of the first break of the slot table ⇔ bitmaps invariant, or null. */
export function slotTableProblem(st: ClusterState): string | null {
  const counts = new Map<ClusterNode, number>();
  for (let j = 0; j < CLUSTER_SLOTS; j++) {
    const owner = st.slots[j];
    if (!owner) continue;
    if (!testBit(owner.slots, j)) return `slot ${j} bound to ${owner.name} without its bit`;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  for (const n of st.nodes.values()) {
    let bits = 0;
    for (const byte of n.slots) for (let b = byte; b !== 0; b &= b - 1) bits++;
    if (bits !== (counts.get(n) ?? 0)) return `${n.name} has ${bits} slot bits but owns ${counts.get(n) ?? 0} slots`;
    if (n.numSlots !== bits) return `numSlots of ${n.name} is ${n.numSlots}, its bitmap has ${bits}`;
  }
  return null;
}
