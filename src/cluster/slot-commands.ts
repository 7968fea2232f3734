/**
 * CLUSTER ADDSLOTS, ADDSLOTSRANGE, DELSLOTS, DELSLOTSRANGE, FLUSHSLOTS and SETSLOT: the
 * operator's hand on the slot map (cluster.c's clusterCommand branches, same checks, same
 * order, same error texts). Every argument is checked before anything changes.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { toInt } from "../commands/args";
import { OK, ReplyError, type Reply } from "../resp/reply";
import { broadcastPong } from "./bus";
import type { Ctx } from "./context";
import type { ClusterKeyspace } from "./cluster-keyspace";
import { bumpEpochWithoutConsensus, setMyMaster } from "./slots";
import { addSlot, delNodeSlots, delSlot, isSlave, lookupNode, type ClusterNode } from "./state";

/** getSlotOrReply. */
export function slotArg(s: string): number {
  const slot = toInt(s);
  if (slot === null || slot < 0 || slot >= CLUSTER_SLOTS) throw new ReplyError("ERR Invalid or out of range slot");
  return slot;
}

/** checkSlotAssignmentsOrReply for start..end, marking `seen`. */
function checkAssignments(c: Ctx, seen: Uint8Array, del: boolean, start: number, end: number): void {
  for (let slot = start; slot <= end; slot++) {
    if (del && c.st.slots[slot] === null) throw new ReplyError(`ERR Slot ${slot} is already unassigned`);
    if (!del && c.st.slots[slot] !== null) throw new ReplyError(`ERR Slot ${slot} is already busy`);
    if (seen[slot]++ === 1) throw new ReplyError(`ERR Slot ${slot} specified multiple times`);
  }
}

/** clusterUpdateSlots: apply a checked set of slots to myself. */
function updateSlots(c: Ctx, seen: Uint8Array, del: boolean): Reply {
  for (let j = 0; j < CLUSTER_SLOTS; j++) {
    if (!seen[j]) continue;
    // Owning a slot ends its import.
    c.st.importingSlotsFrom.delete(j);
    if (del) delSlot(c.st, j);
    else addSlot(c.st, c.st.myself, j);
  }
  c.save();
  c.updateState = true;
  return OK;
}

/** ADDSLOTS / DELSLOTS <slot> ... */
export function addDelSlots(c: Ctx, argv: string[], del: boolean): Reply {
  const slots = argv.slice(2).map(slotArg);
  const seen = new Uint8Array(CLUSTER_SLOTS);
  for (const s of slots) checkAssignments(c, seen, del, s, s);
  return updateSlots(c, seen, del);
}

/** ADDSLOTSRANGE / DELSLOTSRANGE <start> <end> ... */
export function addDelSlotsRange(c: Ctx, argv: string[], del: boolean): Reply {
  if (argv.length % 2 === 1) throw new ReplyError(`ERR wrong number of arguments for 'cluster|${argv[1]!.toLowerCase()}' command`);
  const seen = new Uint8Array(CLUSTER_SLOTS);
  for (let j = 2; j < argv.length; j += 2) {
    const start = slotArg(argv[j]!);
    const end = slotArg(argv[j + 1]!);
    if (start > end) throw new ReplyError(`ERR start slot number ${start} is greater than end slot number ${end}`);
    checkAssignments(c, seen, del, start, end);
  }
  return updateSlots(c, seen, del);
}

export function flushSlots(c: Ctx, ks: ClusterKeyspace): Reply {
  if (dbSize(ks) !== 0) throw new ReplyError("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
  delNodeSlots(c.st, c.st.myself);
  c.save();
  c.updateState = true;
  return OK;
}

export function dbSize(ks: ClusterKeyspace): number {
  if (ks.dbSize) return ks.dbSize();
  let n = 0;
  for (let j = 0; j < CLUSTER_SLOTS; j++) n += ks.countKeysInSlot(j);
  return n;
}

const INVALID_SETSLOT = "ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP";

/** SETSLOT <slot> IMPORTING <id> | MIGRATING <id> | STABLE | NODE <id> */
export function setSlot(c: Ctx, argv: string[], ks: ClusterKeyspace): Reply {
  const st = c.st;
  if (isSlave(st.myself)) throw new ReplyError("ERR Please use SETSLOT only with masters.");
  const slot = slotArg(argv[2]!);
  const action = argv[3]!.toLowerCase();
  if (action === "migrating" && argv.length === 5) {
    if (st.slots[slot] !== st.myself) throw new ReplyError(`ERR I'm not the owner of hash slot ${slot}`);
    st.migratingSlotsTo.set(slot, targetMaster(c, argv[4]!, "ERR I don't know about node"));
  } else if (action === "importing" && argv.length === 5) {
    if (st.slots[slot] === st.myself) throw new ReplyError(`ERR I'm already the owner of hash slot ${slot}`);
    st.importingSlotsFrom.set(slot, targetMaster(c, argv[4]!, "ERR I don't know about node"));
  } else if (action === "stable" && argv.length === 4) {
    st.importingSlotsFrom.delete(slot);
    st.migratingSlotsTo.delete(slot);
  } else if (action === "node" && argv.length === 5) {
    setSlotNode(c, slot, targetMaster(c, argv[4]!, "ERR Unknown node"), ks);
  } else {
    throw new ReplyError(INVALID_SETSLOT);
  }
  c.save();
  c.updateState = true;
  return OK;
}

function targetMaster(c: Ctx, id: string, unknown: string): ClusterNode {
  const n = lookupNode(c.st, id);
  if (!n) throw new ReplyError(`${unknown} ${id}`);
  if (isSlave(n)) throw new ReplyError("ERR Target node is not a master");
  return n;
}

/**
 * How many node timeouts an importer ignores its source's claims on a slot it just took, waiting
 * for the source's own SETSLOT NODE. Without it, a source whose epoch rose meanwhile (an epoch
 * collision with the importer's unagreed bump, across a partition) won the slot back just before
 * handing it over: the importer deleted the keys it had imported, and then nobody owned the slot
 * (simulator seed 1203). Redis 7.0 has the same window.
 */
export const IMPORT_HANDOVER_NT = 4;

/** SETSLOT <slot> NODE <id>: the last step of a resharding, run on every master. */
function setSlotNode(c: Ctx, slot: number, n: ClusterNode, ks: ClusterKeyspace): void {
  const st = c.st;
  const me = st.myself;
  // Counted only where it decides something (a reshard sends SETSLOT NODE for every slot to every master).
  const handingOver = st.slots[slot] === me && n !== me;
  const keys = handingOver || st.migratingSlotsTo.has(slot) ? ks.countKeysInSlot(slot) : 0;
  if (handingOver && keys !== 0) {
    throw new ReplyError(`ERR Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`);
  }
  // Nothing left to migrate: the migration is over.
  if (keys === 0) st.migratingSlotsTo.delete(slot);
  const wasMine = st.slots[slot] === me;
  delSlot(st, slot);
  addSlot(st, n, slot);
  if (wasMine && n !== me && me.numSlots === 0 && (c.env.config.allowReplicaMigration ?? true)) {
    c.event(`configuration change: gave my last slot to ${n.id}, following it`);
    setMyMaster(c, n);
  }
  if (n === me && st.importingSlotsFrom.has(slot)) {
    // The import is closed: claim it with a new epoch (no agreement; collisions get resolved),
    // and tell everybody now rather than at the next pings.
    if (bumpEpochWithoutConsensus(c)) c.event(`configEpoch updated after importing slot ${slot}`);
    st.volatile.importedFrom.set(slot, { from: st.importingSlotsFrom.get(slot)!, until: c.now + IMPORT_HANDOVER_NT * c.nt });
    st.importingSlotsFrom.delete(slot);
    broadcastPong(c, "all");
  }
}
