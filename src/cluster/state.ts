/**
 * The cluster state of one node: what cluster.h keeps in clusterState and clusterNode.
 *
 * Nodes are keyed by id (40 hex chars, Redis's "node name"). A node's `name` is its Durable
 * Object name: the address messages are sent to and what views show as its ip/endpoint. The
 * slot table (`slots`), `slaveof`, and the migrating/importing maps hold node objects, like
 * Redis's pointers, so renaming a handshake node needs no fix-ups; persistence writes ids.
 *
 * Invariant owned here: `node.slots` has bit j set ⇔ `st.slots[j] === node` (addSlot/delSlot are
 * the only writers), and `numSlots` counts those bits.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { clearBit, newBitmap, setBit, testBit, type SlotBitmap } from "./bitmap";
import type { MsgType } from "./messages";
import type { NodeId, NodeName } from "./ids";
import { DEFAULT_PORT } from "./redirect";

export type { NodeId, NodeName };

/** Node flags with cluster.h's bit values (they travel in message headers and gossip). */
export const NodeFlag = {
  MASTER: 1,
  SLAVE: 2,
  PFAIL: 4,
  FAIL: 8,
  MYSELF: 16,
  HANDSHAKE: 32,
  NOADDR: 64,
  MEET: 128,
  MIGRATE_TO: 256,
  NOFAILOVER: 512,
} as const;

/** The port a node shows by default (redirect.ts owns it: redirections show ports too). */
export { DEFAULT_PORT };
/** Redis's CLUSTER_PORT_INCR: the bus port shown in views is port + 10000. */
export const CLUSTER_PORT_INCR = 10000;

export interface FailReport {
  from: ClusterNode;
  time: number;
}

/** An open bus "connection": volatile, rebuilt by the cron after a restart. */
export interface Link {
  ctime: number;
}

export interface ClusterNode {
  id: NodeId;
  /** Bus address (Durable Object name); "" once flagged NOADDR. */
  name: NodeName;
  /** Display only: the port views and redirections show (MOVED <slot> <name>:<port>). */
  port: number;
  cport: number;
  flags: number;
  configEpoch: number;
  slots: SlotBitmap;
  numSlots: number;
  slaveof: ClusterNode | null;
  /** Creation time (handshake timeout counts from here). */
  ctime: number;
  pingSent: number;
  pongReceived: number;
  dataReceived: number;
  failTime: number;
  failReports: FailReport[];
  replOffset: number;
  /** Redis 7.2's shard id: shared by a master and its replicas, kept across failovers. */
  shardId: string;
  link: Link | null;
  inboundLink: Link | null;
}

export type ClusterHealth = "ok" | "fail";

export type MessageStats = Record<MsgType, number>;

export interface ClusterState {
  myself: ClusterNode;
  nodes: Map<NodeId, ClusterNode>;
  currentEpoch: number;
  lastVoteEpoch: number;
  /** Owner of each slot from this node's point of view. */
  slots: (ClusterNode | null)[];
  migratingSlotsTo: Map<number, ClusterNode>;
  importingSlotsFrom: Map<number, ClusterNode>;
  /** FORGET blacklist: id → time (ms) after which gossip may re-add the node. */
  blacklist: Map<NodeId, number>;
  state: ClusterHealth;
  stats: { sent: MessageStats; received: MessageStats };
  /** Malformed bus messages dropped by `validate`. */
  dropped: number;
  /** Not persisted: rebuilt after a restart, as Redis rebuilds it after a reboot. */
  volatile: VolatileState;
}

export interface VolatileState {
  /** Slots whose owner stopped claiming them (7.0's owner_not_claiming_slot). */
  ownerNotClaimingSlot: SlotBitmap;
  /**
   * Slots this node just took at the end of an import, with the source they came from: until the
   * source hands them over (or IMPORT_HANDOVER_NT node timeouts pass), its claims are older than
   * the move, whatever their epoch (slots.ts, updateSlotsConfigWith).
   */
  importedFrom: Map<number, { from: ClusterNode; until: number }>;
  /**
   * Slots whose owner changed since an observer last took them (`takeChangedSlots`: the shell's
   * cluster events), so it need not compare 16384 owners after every command; null once more
   * changes piled up than a full comparison costs.
   */
  changedSlots: number[] | null;
  amongMinorityTime: number;
  /** First cluster-state evaluation since start (masters stay FAIL for a while after a restart). */
  firstStateCheck: number;
  /** When a deferred switch to cluster state ok is due (rejoin/writable delay); 0 if none. */
  stateRecheckAt: number;
  lastRandomPing: number;
  /** Replica: when the replication link last heard from the master (or went down); the data age counts from here. */
  masterLastIo: number;
  election: Election;
  mf: ManualFailover;
  /** Masters seen without working replicas, since when (orphaned_time, for replica migration). */
  orphanedSince: Map<NodeId, number>;
}

/** A replica's failover election (failover_auth_* in clusterState). */
export interface Election {
  /** When the election starts (or started); 0 if never scheduled. */
  time: number;
  /** My rank among my master's replicas, and my master's among the masters failing with it. */
  rank: number;
  failedRank: number;
  /** Votes requested (currentEpoch bumped to `epoch`). */
  sent: boolean;
  epoch: number;
  /** Masters that voted for me in `epoch`. Redis counts ACKs; a duplicated message must not count twice. */
  voters: Set<NodeId>;
  /** Why the last attempt could not proceed (logged once per change). */
  cantReason: string;
}

/** A manual failover in progress (mf_* in clusterState); both sides keep one. */
export interface ManualFailover {
  /** When it is aborted; 0 if none is in progress. */
  end: number;
  /** Replica: the master's offset was reached (or FORCE): the election may start. */
  canStart: boolean;
  /** Master: the replica that asked (mf_slave). */
  replica: ClusterNode | null;
  /** Replica: the offset the paused master announced; -1 until it does. */
  masterOffset: number;
  /** Master: client writes are held until then (or until the failover ends). */
  pauseUntil: number;
}

export function newManualFailover(): ManualFailover {
  return { end: 0, canStart: false, replica: null, masterOffset: -1, pauseUntil: 0 };
}

export function newVolatile(): VolatileState {
  return {
    ownerNotClaimingSlot: newBitmap(), importedFrom: new Map(), changedSlots: [], amongMinorityTime: 0, firstStateCheck: 0, stateRecheckAt: 0, lastRandomPing: 0,
    masterLastIo: 0, election: { time: 0, rank: 0, failedRank: 0, sent: false, epoch: 0, voters: new Set(), cantReason: "" },
    mf: newManualFailover(), orphanedSince: new Map(),
  };
}

export function emptyStats(): MessageStats {
  return {
    ping: 0, pong: 0, meet: 0, fail: 0, publish: 0, publishshard: 0,
    "auth-req": 0, "auth-ack": 0, update: 0, mfstart: 0, module: 0,
  };
}

/** 40 lowercase hex chars from `rand` (getRandomHexChars). */
export function randomId(rand: () => number): string {
  let s = "";
  for (let i = 0; i < 40; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

const ID_RE = /^[0-9a-z]{40}$/;

/** verifyClusterNodeId: 40 chars of [a-z0-9]. */
export function isNodeId(s: string): boolean {
  return ID_RE.test(s);
}

export function createNode(id: NodeId, name: NodeName, flags: number, now: number): ClusterNode {
  return {
    id, name, port: DEFAULT_PORT, cport: DEFAULT_PORT + CLUSTER_PORT_INCR, flags, configEpoch: 0,
    slots: newBitmap(), numSlots: 0, slaveof: null, ctime: now, pingSent: 0, pongReceived: 0,
    dataReceived: 0, failTime: 0, failReports: [], replOffset: 0, shardId: id,
    link: null, inboundLink: null,
  };
}

export interface Identity {
  /** The Durable Object name: bus address and endpoint in views. */
  name: NodeName;
  port?: number;
  cport?: number;
  /** A fixed id (tests); random otherwise. */
  id?: NodeId;
}

/** A fresh node that knows only itself: a master with no slots, cluster state FAIL. */
export function createState(me: Identity, env: { now: number; rand: () => number }): ClusterState {
  const myself = createNode(me.id ?? randomId(env.rand), me.name, NodeFlag.MYSELF | NodeFlag.MASTER, env.now);
  myself.shardId = randomId(env.rand);
  myself.port = me.port ?? DEFAULT_PORT;
  myself.cport = me.cport ?? myself.port + CLUSTER_PORT_INCR;
  return {
    myself, nodes: new Map([[myself.id, myself]]), currentEpoch: 0, lastVoteEpoch: 0,
    slots: new Array<ClusterNode | null>(CLUSTER_SLOTS).fill(null),
    migratingSlotsTo: new Map(), importingSlotsFrom: new Map(), blacklist: new Map(),
    state: "fail", stats: { sent: emptyStats(), received: emptyStats() }, dropped: 0,
    volatile: newVolatile(),
  };
}

// ---- flags -----------------------------------------------------------------------------------

export const isMaster = (n: ClusterNode): boolean => (n.flags & NodeFlag.MASTER) !== 0;
export const isSlave = (n: ClusterNode): boolean => (n.flags & NodeFlag.SLAVE) !== 0;
export const inHandshake = (n: ClusterNode): boolean => (n.flags & NodeFlag.HANDSHAKE) !== 0;
export const hasAddr = (n: ClusterNode): boolean => (n.flags & NodeFlag.NOADDR) === 0;
export const isFailed = (n: ClusterNode): boolean => (n.flags & NodeFlag.FAIL) !== 0;
export const isTimedOut = (n: ClusterNode): boolean => (n.flags & NodeFlag.PFAIL) !== 0;
export const isMyself = (n: ClusterNode): boolean => (n.flags & NodeFlag.MYSELF) !== 0;

// ---- node table ------------------------------------------------------------------------------

/** clusterLookupNode: a node by id; invalid ids find nothing. */
export function lookupNode(st: ClusterState, id: string): ClusterNode | undefined {
  return isNodeId(id) ? st.nodes.get(id) : undefined;
}

export function addNode(st: ClusterState, n: ClusterNode): void {
  st.nodes.set(n.id, n);
}

/** clusterRenameNode: a handshake node gets its real id from the first PONG. */
export function renameNode(st: ClusterState, n: ClusterNode, id: NodeId): void {
  st.nodes.delete(n.id);
  if (n.shardId === n.id) n.shardId = id;
  n.id = id;
  st.nodes.set(id, n);
}

/** clusterDelNode: unbind its slots, drop its failure reports, orphan its replicas, remove it. */
export function deleteNode(st: ClusterState, del: ClusterNode): void {
  for (const [slot, n] of st.importingSlotsFrom) if (n === del) st.importingSlotsFrom.delete(slot);
  for (const [slot, n] of st.migratingSlotsTo) if (n === del) st.migratingSlotsTo.delete(slot);
  if (del.numSlots > 0) for (let j = 0; j < CLUSTER_SLOTS; j++) if (st.slots[j] === del) delSlot(st, j);
  for (const n of st.nodes.values()) {
    n.failReports = n.failReports.filter((r) => r.from !== del);
    if (n.slaveof === del) n.slaveof = null;
  }
  setReplicaOf(st, del, null);
  st.nodes.delete(del.id);
}

/**
 * Points `replica` at `master` (clusterNodeAddSlave / clusterNodeRemoveSlave): a master that has
 * or had replicas is a replica-migration target (MIGRATE_TO); one whose last replica left is not.
 */
export function setReplicaOf(st: ClusterState, replica: ClusterNode, master: ClusterNode | null): void {
  const old = replica.slaveof;
  if (old === master) return;
  replica.slaveof = master;
  if (old && replicasOf(st, old).length === 0) old.flags &= ~NodeFlag.MIGRATE_TO;
  if (master) master.flags |= NodeFlag.MIGRATE_TO;
}

/** The replicas of `master` in table order (Redis's node->slaves). */
export function replicasOf(st: ClusterState, master: ClusterNode): ClusterNode[] {
  const out: ClusterNode[] = [];
  for (const n of st.nodes.values()) if (n.slaveof === master && isSlave(n)) out.push(n);
  return out;
}

/** cluster->size: masters serving at least one slot. */
export function clusterSize(st: ClusterState): number {
  let size = 0;
  for (const n of st.nodes.values()) if (isMaster(n) && n.numSlots > 0) size++;
  return size;
}

/** The node serving my slots: myself if master, else my master (null if unknown). */
export function myMaster(st: ClusterState): ClusterNode | null {
  return isSlave(st.myself) ? st.myself.slaveof : st.myself;
}

// ---- slot ownership --------------------------------------------------------------------------

/** clusterAddSlot: false if the slot is already bound. */
export function addSlot(st: ClusterState, n: ClusterNode, slot: number): boolean {
  if (st.slots[slot]) return false;
  if (!testBit(n.slots, slot)) {
    setBit(n.slots, slot);
    n.numSlots++;
    // A master's first slot makes it a replica-migration target if any master has replicas.
    if (n.numSlots === 1 && mastersHaveSlaves(st)) n.flags |= NodeFlag.MIGRATE_TO;
  }
  st.slots[slot] = n;
  noteSlotChange(st, slot);
  return true;
}

/** clusterDelSlot: false if the slot was unassigned. */
export function delSlot(st: ClusterState, slot: number): boolean {
  const n = st.slots[slot];
  if (!n) return false;
  if (testBit(n.slots, slot)) {
    clearBit(n.slots, slot);
    n.numSlots--;
  }
  st.slots[slot] = null;
  noteSlotChange(st, slot);
  return true;
}

function noteSlotChange(st: ClusterState, slot: number): void {
  const log = st.volatile.changedSlots;
  if (log === null) return;
  if (log.length < CLUSTER_SLOTS) log.push(slot);
  else st.volatile.changedSlots = null;
}

/** The slots whose owner changed since the last call, in order (every slot if too many to list). */
export function takeChangedSlots(st: ClusterState): number[] {
  const log = st.volatile.changedSlots;
  st.volatile.changedSlots = [];
  if (log === null) return Array.from({ length: CLUSTER_SLOTS }, (_, j) => j);
  return [...new Set(log)].sort((a, b) => a - b);
}

export function delNodeSlots(st: ClusterState, n: ClusterNode): number {
  let deleted = 0;
  if (n.numSlots === 0) return 0;
  for (let j = 0; j < CLUSTER_SLOTS; j++) if (st.slots[j] === n && delSlot(st, j)) deleted++;
  return deleted;
}

function mastersHaveSlaves(st: ClusterState): boolean {
  for (const n of st.nodes.values()) if (isSlave(n) && n.slaveof) return true;
  return false;
}

/** clusterCloseAllSlots: forget every migrating/importing state. */
export function closeAllSlots(st: ClusterState): void {
  st.migratingSlotsTo.clear();
  st.importingSlotsFrom.clear();
}

/** The slot has no owner, or its owner no longer claims it (isSlotUnclaimed). */
export function isSlotUnclaimed(st: ClusterState, slot: number): boolean {
  return st.slots[slot] === null || testBit(st.volatile.ownerNotClaimingSlot, slot);
}

// ---- blacklist (CLUSTER FORGET) --------------------------------------------------------------

/** Redis's CLUSTER_BLACKLIST_TTL: redis-cli has a minute to FORGET a node everywhere. */
export const BLACKLIST_TTL_MS = 60_000;

export function blacklistAdd(st: ClusterState, id: NodeId, now: number): void {
  blacklistCleanup(st, now);
  st.blacklist.set(id, now + BLACKLIST_TTL_MS);
}

export function blacklistHas(st: ClusterState, id: NodeId, now: number): boolean {
  blacklistCleanup(st, now);
  return st.blacklist.has(id);
}

function blacklistCleanup(st: ClusterState, now: number): void {
  for (const [id, expire] of st.blacklist) if (expire < now) st.blacklist.delete(id);
}
