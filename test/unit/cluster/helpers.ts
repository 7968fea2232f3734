/** Shared fixtures: small converged clusters built by the simulator, and a fake keyspace. */
import { keyHashSlot } from "../../../src/commands/slot";
import type { ClusterKeyspace, Env } from "../../../src/cluster";
import { createCluster } from "../../sim/setup";
import { Sim } from "../../sim/sim";

/** n0..n2 masters (0-5460, 5461-10921, 10922-16383), n3..n5 their replicas. */
export function cluster(seed = 3, replicasPerMaster = 1): Sim {
  const sim = new Sim({ seed });
  createCluster(sim, { masters: 3, replicasPerMaster });
  return sim;
}

export function envOf(sim: Sim): Env {
  return { now: sim.now, rand: () => 0.25, config: sim.config };
}

export function idOf(sim: Sim, name: string): string {
  return sim.state(name).myself.id;
}

/** A keyspace holding `keys`, hashed to their slots. */
export function keyspace(keys: string[] = []): ClusterKeyspace {
  const bySlot = new Map<number, string[]>();
  for (const k of keys) bySlot.set(keyHashSlot(k), [...(bySlot.get(keyHashSlot(k)) ?? []), k]);
  return {
    countKeysInSlot: (slot) => bySlot.get(slot)?.length ?? 0,
    keysInSlot: (slot, count) => (bySlot.get(slot) ?? []).slice(0, count),
    dbSize: () => keys.length,
  };
}
