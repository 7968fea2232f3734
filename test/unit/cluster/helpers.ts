/** Shared fixtures: small converged clusters built by the simulator, and a fake keyspace. */
import { keyHashSlot } from "../../../src/commands/slot";
import type { ClusterConfig, ClusterKeyspace, ClusterState, Env } from "../../../src/cluster";
import { createCluster } from "../../sim/cluster";
import { Sim } from "../../sim/sim";

/** Every node's cluster state (its own view, links included) at one instant of a converged cluster. */
export interface Fixture {
  now: number;
  config: ClusterConfig;
  state(name: string): ClusterState;
  states(): ClusterState[];
}

type Snapshot = { now: number; config: ClusterConfig; states: ClusterState[] };

/** One simulated cluster per seed (per test file); every `cluster()` call gets its own copy to change. */
const built = new Map<number, Promise<Snapshot>>();

async function build(seed: number): Promise<Snapshot> {
  const sim = new Sim({ seed });
  await createCluster(sim, { masters: 3, replicasPerMaster: 1 });
  return { now: sim.now, config: sim.runtime("n0").cluster.env().config, states: sim.states() };
}

/** n0..n2 masters (0-5460, 5461-10921, 10922-16383), n3..n5 their replicas. */
export async function cluster(seed = 3): Promise<Fixture> {
  if (!built.has(seed)) built.set(seed, build(seed));
  const snap = await built.get(seed)!;
  // One clone for all states keeps each view's internal references (slots → nodes, slaveof) intact.
  const states = structuredClone(snap.states);
  const byName = new Map(states.map((s) => [s.myself.name, s]));
  return {
    now: snap.now,
    config: snap.config,
    state: (name) => {
      const st = byName.get(name);
      if (!st) throw new Error(`no node ${name}`);
      return st;
    },
    states: () => states,
  };
}

export function envOf(sim: Fixture): Env {
  return { now: sim.now, rand: () => 0.25, config: sim.config };
}

export function idOf(sim: Fixture, name: string): string {
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
