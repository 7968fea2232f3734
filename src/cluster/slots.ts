/**
 * Slot ownership and roles under configEpoch rules (cluster spec "Configuration handling,
 * propagation, and failovers").
 *
 * Every master claims its slots with its configEpoch in each PING/PONG header. A claim wins a
 * slot if the slot is unclaimed or its current owner's configEpoch is smaller ("last failover
 * wins"). A master that loses all its slots to one node follows it as a replica; a replica whose
 * master lost them follows the new owner. configEpochs are meant to be unique: the few ways
 * Redis mints one without agreement (BUMPEPOCH, closing an import, TAKEOVER, initial zeros) are
 * repaired by the collision rule: of two masters with equal configEpochs, the smaller id moves
 * to a new currentEpoch.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { clearBit, setBit, testBit, type SlotBitmap } from "./bitmap";
import { broadcastPong } from "./bus";
import type { Ctx } from "./context";
import {
  addSlot, closeAllSlots, delNodeSlots, delSlot, isMaster, isSlave, isSlotUnclaimed, myMaster, newManualFailover, NodeFlag, setReplicaOf,
  type ClusterNode,
} from "./state";

/** clusterSetNodeAsMaster: my view of `n` says it is a master now. */
export function setNodeAsMaster(c: Ctx, n: ClusterNode): void {
  if (isMaster(n)) return;
  if (n.slaveof && n !== c.st.myself) n.flags |= NodeFlag.MIGRATE_TO;
  n.flags = (n.flags & ~NodeFlag.SLAVE) | NodeFlag.MASTER;
  setReplicaOf(c.st, n, null);
  if (n === c.st.myself) c.effect({ kind: "set-master", master: null });
  c.save();
  c.updateState = true;
}

/** clusterSetMaster: I become a replica of `n` (I must have no slots). */
export function setMyMaster(c: Ctx, n: ClusterNode): void {
  const me = c.st.myself;
  if (isMaster(me)) {
    me.flags = (me.flags & ~(NodeFlag.MASTER | NodeFlag.MIGRATE_TO)) | NodeFlag.SLAVE;
    closeAllSlots(c.st);
  }
  setReplicaOf(c.st, me, n);
  me.shardId = n.shardId;
  // A manual failover in progress on either side is over (a paused master resumes writes).
  c.st.volatile.mf = newManualFailover();
  c.effect({ kind: "set-master", master: { id: n.id, name: n.name, port: n.port } });
  c.event(`I am now a replica of ${n.id}`);
  c.save();
  c.updateState = true;
}

/** A header says `sender` is a master (slaveof null) or a replica of `master` (maybe unknown). */
export function applyRole(c: Ctx, sender: ClusterNode, isReplica: boolean, master: ClusterNode | undefined): void {
  if (!isReplica) {
    setNodeAsMaster(c, sender);
    return;
  }
  if (isMaster(sender)) {
    // A master turned into a replica.
    delNodeSlots(c.st, sender);
    sender.flags = (sender.flags & ~(NodeFlag.MASTER | NodeFlag.MIGRATE_TO)) | NodeFlag.SLAVE;
    c.event(`${sender.id} is now a replica`);
    c.save();
    c.updateState = true;
  }
  if (master && sender.slaveof !== master) {
    setReplicaOf(c.st, sender, master);
    c.save();
  }
}

/**
 * clusterUpdateSlotsConfigWith: `sender` claims `slots` with `senderConfigEpoch` (from its
 * PING/PONG, or from an UPDATE about it). Rebind what it wins; follow it if it took all of mine.
 */
export function updateSlotsConfigWith(c: Ctx, sender: ClusterNode, senderConfigEpoch: number, slots: SlotBitmap): void {
  const st = c.st;
  if (sender === st.myself) {
    c.event("discarding UPDATE about myself");
    return;
  }
  const curmaster = myMaster(st);
  const lost: number[] = [];
  let newmaster: ClusterNode | null = null;
  let senderSlots = 0;
  let migratedOurSlots = 0;
  const notClaiming = st.volatile.ownerNotClaimingSlot;
  for (let j = 0; j < CLUSTER_SLOTS; j++) {
    // Skip 8 slots at a time when neither the claim nor the sender's current slots touch them.
    if ((j & 7) === 0 && slots[j >> 3] === 0 && sender.slots[j >> 3] === 0) {
      j += 7;
      continue;
    }
    if (!testBit(slots, j)) {
      // Bound to the sender, which no longer claims it: keep the binding (redirects beat
      // CLUSTERDOWN) but stop advertising it in UPDATEs.
      if (st.slots[j] === sender) setBit(notClaiming, j);
      // The source of a slot I imported handed it over: its later claims count again.
      if (st.volatile.importedFrom.get(j)?.from === sender) st.volatile.importedFrom.delete(j);
      continue;
    }
    senderSlots++;
    if (st.slots[j] === sender) {
      clearBit(notClaiming, j);
      continue;
    }
    // An importing slot changes only by hand (the operator closes it with SETSLOT).
    if (st.importingSlotsFrom.has(j)) continue;
    // A slot I just imported from the sender: its claim predates its handover (slot-commands.ts).
    const imported = st.volatile.importedFrom.get(j);
    if (imported && imported.from === sender && st.slots[j] === st.myself && c.now < imported.until) continue;
    if (!isSlotUnclaimed(st, j) && st.slots[j]!.configEpoch >= senderConfigEpoch) continue;
    if (st.slots[j] === st.myself) lost.push(j);
    if (st.slots[j] !== null && st.slots[j] === curmaster) {
      newmaster = sender;
      migratedOurSlots++;
    }
    delSlot(st, j);
    addSlot(st, sender, j);
    clearBit(notClaiming, j);
    c.save();
    c.updateState = true;
  }
  followNewOwner(c, sender, curmaster, newmaster, lost, senderSlots === migratedOurSlots);
}

function followNewOwner(
  c: Ctx, sender: ClusterNode, curmaster: ClusterNode | null, newmaster: ClusterNode | null,
  lost: number[], tookOnlyOurs: boolean,
): void {
  const me = c.st.myself;
  const migration = c.env.config.allowReplicaMigration ?? true;
  if (newmaster && curmaster && curmaster.numSlots === 0 && (migration || tookOnlyOurs)) {
    c.event(`configuration change: ${sender.id} took our slots, following it`);
    setMyMaster(c, sender);
  } else if (me.slaveof && me.slaveof.slaveof && me.slaveof.slaveof !== me) {
    // My master became a replica: replicate from its master instead (no sub-replicas).
    c.event(`I'm a sub-replica, following grandmaster ${me.slaveof.slaveof.id}`);
    setMyMaster(c, me.slaveof.slaveof);
  } else if (lost.length > 0) {
    c.effect({ kind: "delete-keys-in-slots", slots: lost });
  }
}

/** clusterGetMaxEpoch: the greatest configEpoch I know, or currentEpoch if greater. */
export function maxEpoch(c: Ctx): number {
  let max = 0;
  for (const n of c.st.nodes.values()) if (n.configEpoch > max) max = n.configEpoch;
  return Math.max(max, c.st.currentEpoch);
}

/** clusterBumpConfigEpochWithoutConsensus: true if I took a new epoch. */
export function bumpEpochWithoutConsensus(c: Ctx): boolean {
  const me = c.st.myself;
  if (me.configEpoch !== 0 && me.configEpoch === maxEpoch(c)) return false;
  c.st.currentEpoch++;
  me.configEpoch = c.st.currentEpoch;
  c.event(`new configEpoch set to ${me.configEpoch}`);
  c.save();
  return true;
}

/** clusterHandleConfigEpochCollision: equal configEpochs between masters; the smaller id moves. */
export function handleConfigEpochCollision(c: Ctx, sender: ClusterNode): void {
  const me = c.st.myself;
  if (sender.configEpoch !== me.configEpoch || !isMaster(sender) || !isMaster(me)) return;
  if (sender.id <= me.id) return;
  c.st.currentEpoch++;
  me.configEpoch = c.st.currentEpoch;
  c.event(`configEpoch collision with ${sender.id}: configEpoch set to ${me.configEpoch}`);
  c.save();
}

/**
 * clusterFailoverReplaceYourMaster: a replica takes its master's slots and becomes a master.
 * The caller has already obtained the new configEpoch (an election, or TAKEOVER's bump).
 */
export function replaceMyMaster(c: Ctx): boolean {
  const st = c.st;
  const me = st.myself;
  const old = me.slaveof;
  if (!isSlave(me) || !old) return false;
  setNodeAsMaster(c, me);
  for (let j = 0; old.numSlots > 0 && j < CLUSTER_SLOTS; j++) {
    if (st.slots[j] !== old) continue;
    delSlot(st, j);
    addSlot(st, me, j);
  }
  c.event(`failover: took over the slots of ${old.id} with configEpoch ${me.configEpoch}`);
  c.updateState = true;
  c.save();
  broadcastPong(c, "all");
  c.st.volatile.mf = newManualFailover();
  return true;
}
