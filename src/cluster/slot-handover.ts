/**
 * Atomic slot migration's ownership flip, as cluster core operations (no Redis equivalent: Valkey
 * 9's CLUSTER MIGRATESLOTS does the same through its own commands). The target claims all the
 * job's slots at once with one new config epoch and one broadcast (what SETSLOT NODE does for an
 * importing slot, once rather than per slot); the source hands them over in one step.
 */
import { ReplyError, OK, type Reply } from "../resp/reply";
import { broadcastPong } from "./bus";
import type { Ctx } from "./context";
import { bumpEpochWithoutConsensus, setMyMaster } from "./slots";
import { addSlot, delSlot, isSlave, lookupNode } from "./state";

/** Target: the slots become mine, with a config epoch greater than any other; everybody is told now. */
export function claimSlots(c: Ctx, slots: readonly number[]): Reply {
  const st = c.st;
  if (isSlave(st.myself)) throw new ReplyError("ERR Please use SETSLOT only with masters.");
  for (const slot of slots) {
    delSlot(st, slot);
    addSlot(st, st.myself, slot);
    st.importingSlotsFrom.delete(slot);
    st.migratingSlotsTo.delete(slot);
  }
  if (bumpEpochWithoutConsensus(c)) c.event(`configEpoch updated after claiming ${slots.length} migrated slots`);
  broadcastPong(c, "all");
  c.save();
  c.updateState = true;
  return OK;
}

/** Source: the slots (already emptied of keys here) now belong to `targetId`. */
export function handOverSlots(c: Ctx, slots: readonly number[], targetId: string): Reply {
  const st = c.st;
  const target = lookupNode(st, targetId);
  if (!target || isSlave(target)) throw new ReplyError(`ERR Unknown node ${targetId}`);
  const me = st.myself;
  const hadSlots = me.numSlots > 0;
  for (const slot of slots) {
    st.migratingSlotsTo.delete(slot);
    st.importingSlotsFrom.delete(slot);
    delSlot(st, slot);
    addSlot(st, target, slot);
  }
  if (hadSlots && me.numSlots === 0 && (c.env.config.allowReplicaMigration ?? true)) {
    c.event(`configuration change: gave my last slot to ${target.id}, following it`);
    setMyMaster(c, target);
  }
  c.save();
  c.updateState = true;
  return OK;
}
