/**
 * Replica migration (clusterHandleSlaveMigration): a master left without working replicas (an
 * "orphan": it had replicas, or took over from a master that had) gets one from the master with
 * the most working replicas, as long as that master keeps more than cluster-migration-barrier.
 * Among the replicas of the best-covered masters only the one with the smallest id moves, and
 * only after the orphan stayed orphaned for MIGRATION_DELAY_MS, so replicas that are merely
 * switching to a freshly promoted master get time to say so.
 */
import type { Ctx } from "./context";
import { setMyMaster } from "./slots";
import {
  isFailed, isMaster, isSlave, isTimedOut, NodeFlag, replicasOf, type ClusterNode, type ClusterState,
} from "./state";

/** CLUSTER_SLAVE_MIGRATION_DELAY. */
const MIGRATION_DELAY_MS = 5000;

/** Replicas of `master` not flagged FAIL (clusterCountNonFailingSlaves). */
function workingReplicas(st: ClusterState, master: ClusterNode): number {
  return replicasOf(st, master).filter((r) => !isFailed(r)).length;
}

/** The cron's census of orphans, then maybe migrate. */
export function replicaMigrationCron(c: Ctx): void {
  const st = c.st;
  const me = st.myself;
  if (!isSlave(me)) return;
  let orphans = 0;
  let maxReplicas = 0;
  let myMastersReplicas = 0;
  for (const n of st.nodes.values()) {
    if ((n.flags & (NodeFlag.MYSELF | NodeFlag.NOADDR | NodeFlag.HANDSHAKE)) !== 0) continue;
    if (!isMaster(n) || isFailed(n)) continue;
    const ok = workingReplicas(st, n);
    if (ok === 0 && n.numSlots > 0 && (n.flags & NodeFlag.MIGRATE_TO) !== 0) orphans++;
    maxReplicas = Math.max(maxReplicas, ok);
    if (me.slaveof === n) myMastersReplicas = ok;
  }
  // Moving makes sense only away from a master with at least two working replicas.
  if (orphans > 0 && maxReplicas >= 2 && myMastersReplicas === maxReplicas && (c.env.config.allowReplicaMigration ?? true)) {
    maybeMigrate(c, maxReplicas);
  }
}

function maybeMigrate(c: Ctx, maxReplicas: number): void {
  const st = c.st;
  const me = st.myself;
  const mine = me.slaveof;
  if (st.state !== "ok" || !mine) return;
  const healthy = replicasOf(st, mine).filter((r) => !isFailed(r) && !isTimedOut(r)).length;
  if (healthy <= (c.env.config.migrationBarrier ?? 1)) return;

  let target: ClusterNode | null = null;
  let candidate = me;
  const since = st.volatile.orphanedSince;
  for (const n of st.nodes.values()) {
    const ok = isMaster(n) ? workingReplicas(st, n) : 0;
    const orphaned = isMaster(n) && !isFailed(n) && (n.flags & NodeFlag.MIGRATE_TO) !== 0 && ok === 0;
    if (orphaned) {
      if (!target && n.numSlots > 0) target = n;
      if (!since.has(n.id)) since.set(n.id, c.now);
    } else {
      since.delete(n.id);
    }
    if (ok === maxReplicas) {
      for (const r of replicasOf(st, n)) if (r.id < candidate.id) candidate = r;
    }
  }
  if (target && candidate === me && c.now - since.get(target.id)! > MIGRATION_DELAY_MS) {
    c.event(`migrating to orphaned master ${target.id}`);
    setMyMaster(c, target);
  }
}
