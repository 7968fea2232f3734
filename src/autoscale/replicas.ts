/**
 * Replicas for the masters the autoscaler adds (and their removal with the master): how many a new
 * master gets, and which nodes replicate which master, from CLUSTER NODES.
 *
 * How many: AUTOSCALE_REPLICAS when set, else the most common replicas-per-master among the
 * masters serving slots (a cluster built with `create --replicas 1` keeps one per master; a tie
 * takes the larger count, so a new master is never the least protected).
 */

/** A replica line of CLUSTER NODES: its name and the id of its master. */
export interface ReplicaView {
  name: string;
  masterId: string;
}

/** The replicas CLUSTER NODES lists (failed ones included: they still hold a name and must be forgotten with their master). */
export function parseReplicas(clusterNodes: string): ReplicaView[] {
  return clusterNodes.trim().split("\n").flatMap((line) => {
    const f = line.trim().split(" ");
    if (!f[2]?.split(",").includes("slave") || !f[3] || f[3] === "-") return [];
    const addr = f[1]!.split("@")[0]!;
    return [{ name: addr.slice(0, addr.lastIndexOf(":")), masterId: f[3] }];
  });
}

/** The replica count for a new master: `configured`, else the most common count among `masterIds`. */
export function replicasForNewMaster(configured: number | null, masterIds: string[], replicas: ReplicaView[]): number {
  if (configured !== null) return configured;
  const counts = new Map<number, number>();
  for (const id of masterIds) {
    const n = replicas.filter((r) => r.masterId === id).length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best = 0;
  let seen = 0;
  for (const [n, times] of counts) if (times > seen || (times === seen && n > best)) [best, seen] = [n, times];
  return best;
}

/** Names for a new master's replicas: `<master>-r1`, `<master>-r2`, ... (fresh Durable Objects, as the master's own name is). */
export const replicaNames = (master: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${master}-r${i + 1}`);
