/**
 * Replica promotion (cluster spec "Replica election and promotion"): a replica of a FAIL master
 * checks that its data is recent enough, waits for its turn, bumps currentEpoch and asks every
 * master for a vote; with votes from a majority of the slot-serving masters it takes the
 * master's slots under the election epoch (clusterHandleSlaveFailover and friends).
 *
 * Manual failover (CLUSTER FAILOVER): the replica sends MFSTART; its master holds client writes
 * and announces its replication offset in a PING flagged PAUSED; once the replica has processed
 * that offset it runs the same election with FORCEACK, so masters vote although its master is
 * up. FORCE skips the handshake with the master, TAKEOVER the election (node-commands.ts).
 *
 * Where we are faster than Redis, and why it stays safe:
 * - The election starts min(500, NT/30) ms after FAIL instead of 500–999 ms: FAIL reports are
 *   pushed at once (failure.ts), so the FAIL message does not need time to spread by gossip.
 * - No random part: equal offsets are ranked by node id, so two siblings never ask together.
 * - Replicas of masters that failed together ask one after the other (by their masters' ids):
 *   each master votes once per epoch, and simultaneous requests would split the votes.
 * Safety rests where Redis's does: one vote per master per epoch (persisted before the ACK), a
 * majority of masters to win, and the higher configEpoch winning every slot conflict.
 */
import { broadcast, broadcastPong, buildHeader, sendPing } from "./bus";
import type { Ctx } from "./context";
import { MFlag } from "./messages";
import { replaceMyMaster } from "./slots";
import {
  clusterSize, isFailed, isMaster, isSlave, isTimedOut, newManualFailover, NodeFlag, replicasOf, type ClusterNode,
  type ClusterState,
} from "./state";

/** CLUSTER_MF_TIMEOUT: a manual failover not done by then is aborted. */
const MF_TIMEOUT_MS = 5000;
/** CLUSTER_MF_PAUSE_MULT: the master holds writes for at most twice that. */
const MF_PAUSE_MULT = 2;
/** Redis's cap on the fixed election delay. */
const MAX_FIXED_DELAY_MS = 500;
/** Redis: 1 s per rank, so the replica with the most data asks first. */
const RANK_DELAY_MS = 1000;
/** Between replicas of masters that failed together (time for an AUTH_REQUEST to spread its epoch). */
const FAILED_MASTER_STAGGER_MS = 500;
/** The default repl-ping-replica-period (10 s), part of the data-age limit. */
const DEFAULT_REPL_PING_PERIOD_MS = 10_000;
/** Redis's floor for the election timeout. */
const MIN_AUTH_TIMEOUT_MS = 2000;

/** How long an election may wait for votes: max(2×NT, 2 s); a new one may start after twice that. */
function authTimeout(nt: number): number {
  return Math.max(nt * 2, MIN_AUTH_TIMEOUT_MS);
}

/** The fixed part of the election delay. */
function electionDelay(nt: number): number {
  return Math.min(MAX_FIXED_DELAY_MS, Math.floor(nt / 30));
}

/** A master in a manual failover holds client writes until then (0: not paused). */
export function writesPausedUntil(st: ClusterState, now: number): number {
  const until = st.volatile.mf.pauseUntil;
  return until > now && isMaster(st.myself) ? until : 0;
}

/** resetManualFailover: forget a manual failover on either side (a paused master resumes writes). */
function resetManualFailover(c: Ctx): void {
  if (c.st.volatile.mf.end !== 0) c.event("manual failover state reset");
  c.st.volatile.mf = newManualFailover();
}

/** manualFailoverCheckTimeout. */
export function manualFailoverCheckTimeout(c: Ctx): void {
  const mf = c.st.volatile.mf;
  if (mf.end !== 0 && mf.end < c.now) {
    c.event("manual failover timed out");
    resetManualFailover(c);
  }
}

/** CLUSTER FAILOVER [FORCE] on a replica: start the manual failover state machine. */
export function startManualFailover(c: Ctx, force: boolean): void {
  resetManualFailover(c);
  const mf = c.st.volatile.mf;
  mf.end = c.now + MF_TIMEOUT_MS;
  if (force) {
    mf.canStart = true;
    c.handleFailover = true;
    return;
  }
  const master = c.st.myself.slaveof!;
  c.send(master.name, { ...buildHeader(c.st, "mfstart"), type: "mfstart" });
}

/** Master side: one of my replicas sent MFSTART. Hold writes and tell it my offset. */
export function mfStartReceived(c: Ctx, sender: ClusterNode): void {
  if (sender.slaveof !== c.st.myself) return;
  resetManualFailover(c);
  const mf = c.st.volatile.mf;
  mf.end = c.now + MF_TIMEOUT_MS;
  mf.replica = sender;
  mf.pauseUntil = c.now + MF_TIMEOUT_MS * MF_PAUSE_MULT;
  c.event(`manual failover requested by replica ${sender.id}`);
  pingPausedReplica(c);
}

/** Master side, every cron during a manual failover: repeat the PAUSED offset (messages can be lost). */
export function pingPausedReplica(c: Ctx): void {
  const r = c.st.volatile.mf.replica;
  if (!isMaster(c.st.myself) || !r || !r.link) return;
  sendPing(c, r, "ping", true);
}

/** Replica side: a header from my master. A PAUSED one carries the offset to reach. */
export function masterHeaderReceived(c: Ctx, mflags: number, offset: number): void {
  const mf = c.st.volatile.mf;
  if (mf.end === 0 || (mflags & MFlag.PAUSED) === 0 || mf.masterOffset !== -1) return;
  mf.masterOffset = offset;
  c.event(`received the paused master's replication offset ${offset}`);
  handleManualFailover(c);
}

/** clusterHandleManualFailover: my offset reached the paused master's: the election may start. */
export function handleManualFailover(c: Ctx): void {
  const mf = c.st.volatile.mf;
  if (mf.end === 0 || mf.canStart || mf.masterOffset === -1) return;
  // ≥, not =: the master's replication PINGs may move its offset past the announced one.
  if (c.st.myself.replOffset >= mf.masterOffset) {
    mf.canStart = true;
    c.event("all of the master's replication stream processed: manual failover can start");
    c.handleFailover = true;
  }
}

/** clusterHandleSlaveFailover: the replica's election state machine, run by the cron and on events. */
export function handleReplicaFailover(c: Ctx): void {
  const st = c.st;
  const me = st.myself;
  const master = me.slaveof;
  const el = st.volatile.election;
  const mf = st.volatile.mf;
  const manual = mf.end !== 0 && mf.canStart;
  const noFailover = (me.flags & NodeFlag.NOFAILOVER) !== 0;
  if (isMaster(me) || !master || (!isFailed(master) && !manual) || (noFailover && !manual) || master.numSlots === 0) {
    el.cantReason = "";
    return;
  }
  if (!manual && dataTooOld(c)) return cant(c, "my data is too old (cluster-replica-validity-factor)");

  const timeout = authTimeout(c.nt);
  if (c.now - el.time > timeout * 2) {
    scheduleElection(c, master);
    if (!manual) return;
  }
  // Siblings may have announced better offsets since, other masters may have failed too: a
  // worse rank waits longer.
  if (!el.sent && mf.end === 0) {
    const rank = replicaRank(c, master);
    const failedRank = failedMasterRank(c, master);
    if (rank > el.rank || failedRank > el.failedRank) {
      el.time += Math.max(0, rank - el.rank) * RANK_DELAY_MS + Math.max(0, failedRank - el.failedRank) * FAILED_MASTER_STAGGER_MS;
      el.rank = Math.max(rank, el.rank);
      el.failedRank = Math.max(failedRank, el.failedRank);
      c.event(`election rank updated to #${el.rank} (#${el.failedRank} among failed masters)`);
    }
  }
  if (c.now < el.time) return cant(c, "waiting for the election delay");
  if (c.now - el.time > timeout) return cant(c, "the election expired");
  if (!el.sent) {
    st.currentEpoch++;
    el.epoch = st.currentEpoch;
    el.sent = true;
    c.event(`starting a failover election for epoch ${el.epoch}`);
    // The epoch must be on disk before the request leaves (the shell persists before sending).
    c.save();
    c.updateState = true;
    const mflags = mf.end !== 0 ? MFlag.FORCEACK : 0;
    broadcast(c, () => ({ ...buildHeader(st, "auth-req"), type: "auth-req", mflags }));
    return;
  }
  const quorum = Math.floor(clusterSize(st) / 2) + 1;
  if (el.voters.size < quorum) return cant(c, "waiting for votes");
  c.event(`failover election won with ${el.voters.size}/${quorum} votes: I'm the new master`);
  if (me.configEpoch < el.epoch) me.configEpoch = el.epoch;
  replaceMyMaster(c);
  // Unlike Redis, a won election does not hold back the next one by 4×NT: the wait is there to
  // space out attempts that failed, and should I become a replica and lose a master again, a
  // new election is due at once.
  Object.assign(el, { time: 0, sent: false, cantReason: "" });
  el.voters.clear();
}

/** FAILOVER_AUTH_ACK from `sender`: a vote if it serves slots and is at my election's epoch. */
export function voteReceived(c: Ctx, sender: ClusterNode, senderCurrentEpoch: number): void {
  const el = c.st.volatile.election;
  if (!isMaster(sender) || sender.numSlots === 0 || senderCurrentEpoch < el.epoch || !el.sent) return;
  el.voters.add(sender.id);
  c.handleFailover = true;
}

/** When the replica's failover handler next has something to do (the election start), or Infinity. */
export function failoverDeadline(c: Ctx): number {
  const el = c.st.volatile.election;
  let next = c.st.volatile.mf.end !== 0 ? c.st.volatile.mf.end + 1 : Infinity;
  if (isSlave(c.st.myself) && el.time !== 0 && !el.sent && el.time >= c.now) next = Math.min(next, el.time);
  return next;
}

function scheduleElection(c: Ctx, master: ClusterNode): void {
  const el = c.st.volatile.election;
  el.voters.clear();
  el.sent = false;
  if (c.st.volatile.mf.end !== 0) {
    el.time = c.now;
    el.rank = 0;
    el.failedRank = 0;
  } else {
    el.rank = replicaRank(c, master);
    el.failedRank = failedMasterRank(c, master);
    el.time = c.now + electionDelay(c.nt) + el.rank * RANK_DELAY_MS + el.failedRank * FAILED_MASTER_STAGGER_MS;
  }
  c.event(`election scheduled in ${el.time - c.now} ms (rank #${el.rank}, offset ${c.st.myself.replOffset})`);
  // My offset helps siblings rank themselves.
  broadcastPong(c, "local-slaves");
}

/** Siblings that should ask before me: more data, or as much and a smaller id (Redis: ties share a rank). */
function replicaRank(c: Ctx, master: ClusterNode): number {
  const me = c.st.myself;
  let rank = 0;
  for (const r of replicasOf(c.st, master)) {
    if (r === me || (r.flags & NodeFlag.NOFAILOVER) !== 0 || isFailed(r) || isTimedOut(r)) continue;
    if (r.replOffset > me.replOffset || (r.replOffset === me.replOffset && r.id < me.id)) rank++;
  }
  return rank;
}

/** Failed slot-serving masters with a smaller id than mine: their replicas go first. */
function failedMasterRank(c: Ctx, master: ClusterNode): number {
  let rank = 0;
  for (const n of c.st.nodes.values()) {
    if (n !== master && isMaster(n) && n.numSlots > 0 && isFailed(n) && n.id < master.id) rank++;
  }
  return rank;
}

/** The data-age check: disconnected from the master too long before it failed. */
function dataTooOld(c: Ctx): boolean {
  const factor = c.env.config.replicaValidityFactor ?? 10;
  if (factor === 0) return false;
  let age = c.now - c.st.volatile.masterLastIo;
  // Being cut off for NT is how the master came to be FAIL: that part does not count.
  if (age > c.nt) age -= c.nt;
  return age > (c.env.config.replPingReplicaPeriodMs ?? DEFAULT_REPL_PING_PERIOD_MS) + c.nt * factor;
}

function cant(c: Ctx, reason: string): void {
  const el = c.st.volatile.election;
  if (el.cantReason === reason) return;
  el.cantReason = reason;
  c.event(`can't fail over yet: ${reason}`);
}
