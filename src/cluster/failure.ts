/**
 * Failure detection (cluster spec "Failure detection") and the cluster health state.
 *
 * PFAIL is local: the cron flags a node whose PONG is overdue by more than NT (with no other
 * bus traffic either). FAIL is agreed: masters gossip their PFAIL/FAIL views; each gossip entry
 * from a master about a node in trouble is a failure report, valid for 2×NT. When a node I see
 * as PFAIL has reports from a majority of the slot-serving masters (counting myself if I am a
 * master), I flag it FAIL and broadcast FAIL; receivers set FAIL unconditionally. FAIL is undone
 * when the node is reachable again: at once for replicas and slot-less masters, after 2×NT for
 * masters still serving slots (nobody failed them over).
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { broadcastFail, sendPing } from "./bus";
import type { Ctx } from "./context";
import {
  clusterSize, isFailed, isMaster, isSlave, isTimedOut, NodeFlag, type ClusterNode, type ClusterState,
} from "./state";

/** CLUSTER_FAIL_REPORT_VALIDITY_MULT: a report counts for 2×NT. */
const FAIL_REPORT_VALIDITY_MULT = 2;
/** CLUSTER_FAIL_UNDO_TIME_MULT: a failed master keeping its slots is cleared after 2×NT. */
const FAIL_UNDO_TIME_MULT = 2;
/** A master rejoining from a minority waits before serving (CLUSTER_MIN/MAX_REJOIN_DELAY). */
const MIN_REJOIN_DELAY_MS = 500;
const MAX_REJOIN_DELAY_MS = 5000;
/** After a restart a master stays FAIL this long, so the cluster can reconfigure it first. */
const WRITABLE_DELAY_MS = 2000;

/** clusterNodeAddFailureReport: true if the report is new (else its time is refreshed). */
export function addFailureReport(failing: ClusterNode, sender: ClusterNode, now: number): boolean {
  const r = failing.failReports.find((x) => x.from === sender);
  if (r) {
    r.time = now;
    return false;
  }
  failing.failReports.push({ from: sender, time: now });
  return true;
}

/** clusterNodeDelFailureReport: true if `sender` had reported `node`. */
export function delFailureReport(node: ClusterNode, sender: ClusterNode, c: Ctx): boolean {
  const before = node.failReports.length;
  node.failReports = node.failReports.filter((r) => r.from !== sender);
  cleanupFailureReports(node, c);
  return node.failReports.length !== before;
}

function cleanupFailureReports(node: ClusterNode, c: Ctx): void {
  const maxAge = c.nt * FAIL_REPORT_VALIDITY_MULT;
  node.failReports = node.failReports.filter((r) => c.now - r.time <= maxAge);
}

/** clusterNodeFailureReportsCount: valid reports from other nodes. */
export function failureReportsCount(node: ClusterNode, c: Ctx): number {
  cleanupFailureReports(node, c);
  return node.failReports.length;
}

/** markNodeAsFailingIfNeeded: PFAIL + a majority of masters agreeing → FAIL, told to everybody. */
export function markNodeAsFailingIfNeeded(c: Ctx, node: ClusterNode): void {
  const quorum = Math.floor(clusterSize(c.st) / 2) + 1;
  if (!isTimedOut(node) || isFailed(node)) return;
  let failures = failureReportsCount(node, c);
  if (isMaster(c.st.myself)) failures++;
  if (failures < quorum) return;
  node.flags = (node.flags & ~NodeFlag.PFAIL) | NodeFlag.FAIL;
  node.failTime = c.now;
  c.event(`node ${node.id} marked FAIL (quorum ${failures}/${quorum} reached)`);
  // Replicas broadcast too: the reports came from masters, a replica only helps spread it.
  broadcastFail(c, node);
  c.save();
  c.updateState = true;
}

/**
 * A master that just flagged `node` PFAIL tells the other slot-serving masters at once (every
 * gossip section carries all PFAIL nodes) instead of waiting for random gossip to carry its
 * report: the last master to notice then has the quorum in hand and FAILs the node right away.
 */
export function pushFailureReport(c: Ctx, node: ClusterNode): void {
  for (const n of c.st.nodes.values()) {
    if (n === node || n === c.st.myself || !n.link || !isMaster(n) || n.numSlots === 0) continue;
    if ((n.flags & (NodeFlag.HANDSHAKE | NodeFlag.PFAIL | NodeFlag.FAIL)) !== 0) continue;
    sendPing(c, n, "ping", true);
  }
}

/** Would a PONG from `node` clear its PFAIL or FAIL flag now? */
export function pongClearsFailure(c: Ctx, node: ClusterNode): boolean {
  if (isTimedOut(node)) return true;
  if (!isFailed(node)) return false;
  return isSlave(node) || node.numSlots === 0 || c.now - node.failTime > c.nt * FAIL_UNDO_TIME_MULT;
}

/** clearNodeFailureIfNeeded: a FAIL node answered again. */
export function clearNodeFailureIfNeeded(c: Ctx, node: ClusterNode): void {
  if (!pongClearsFailure(c, node)) return;
  node.flags &= ~NodeFlag.FAIL;
  const why = isSlave(node) ? "replica reachable again" : node.numSlots === 0 ? "master without slots reachable again" : "reachable again and nobody took its slots";
  c.event(`FAIL cleared for ${node.id}: ${why}`);
  c.save();
  c.updateState = true;
}

/**
 * A node I flagged FAIL claims a newer configEpoch: it won an election (or took an epoch) since,
 * so it was alive after my flag. Redis keeps the flag until a PONG (and 2×NT for a master with
 * slots); a replica of it would then start a needless election that nobody votes for, and wait
 * 4×NT before it may try again when its master really fails.
 */
export function newerEpochClearsFail(c: Ctx, n: ClusterNode): void {
  if (!isFailed(n)) return;
  n.flags &= ~NodeFlag.FAIL;
  c.event(`FAIL cleared for ${n.id}: it claims a newer configEpoch`);
  c.save();
  c.updateState = true;
}

/**
 * clusterUpdateState: ok when every slot has a non-FAIL owner (if full coverage is required)
 * and a majority of the slot-serving masters is reachable from here.
 */
export function updateClusterState(c: Ctx): void {
  const st = c.st;
  const v = st.volatile;
  if (v.firstStateCheck === 0) v.firstStateCheck = c.now;
  v.stateRecheckAt = 0;
  const writableDelayMs = c.env.config.writableDelayMs ?? WRITABLE_DELAY_MS;
  if (isMaster(st.myself) && st.state === "fail" && c.now - v.firstStateCheck < writableDelayMs) {
    v.stateRecheckAt = v.firstStateCheck + writableDelayMs;
    return;
  }

  let next: ClusterState["state"] = "ok";
  if (c.env.config.requireFullCoverage ?? true) {
    // Every slot has a non-FAIL owner ⇔ the non-FAIL nodes own 16384 slots between them (each slot
    // has at most one owner and `numSlots` counts a node's: state.ts). O(nodes), not O(slots): this
    // runs after every command that touches the slot map (a reshard sends thousands).
    let covered = 0;
    for (const n of st.nodes.values()) if (!isFailed(n)) covered += n.numSlots;
    if (covered < CLUSTER_SLOTS) next = "fail";
  }
  let size = 0;
  let reachable = 0;
  for (const n of st.nodes.values()) {
    if (!isMaster(n) || n.numSlots === 0) continue;
    size++;
    if ((n.flags & (NodeFlag.FAIL | NodeFlag.PFAIL)) === 0) reachable++;
  }
  if (reachable < Math.floor(size / 2) + 1) {
    next = "fail";
    v.amongMinorityTime = c.now;
  }
  if (next === st.state) return;
  if (next === "ok" && isMaster(st.myself) && c.now - v.amongMinorityTime < rejoinDelay(c.nt)) {
    v.stateRecheckAt = v.amongMinorityTime + rejoinDelay(c.nt);
    return;
  }
  c.event(`cluster state changed: ${next}`);
  st.state = next;
  // Persisted (see persist.ts): a reactivated object must come back with the state it had.
  c.save();
}

function rejoinDelay(nt: number): number {
  return Math.min(MAX_REJOIN_DELAY_MS, Math.max(MIN_REJOIN_DELAY_MS, nt));
}
