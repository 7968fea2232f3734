/**
 * Deterministic simulation of a master and two replicas over a lossy network (drops, duplicates,
 * reordering): replicas converge to the master's offset and data, never hold data that differs
 * from the master's at the same offset, and after a failover the siblings (and the old master)
 * continue from the promoted replica partially, thanks to its replid2.
 */
import { describe, expect, it } from "vitest";
import { PERFECT, ReplSim } from "./sim";
import { T0 } from "./helpers";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function expectConverged(sim: ReplSim, master: string, replicas: string[]): void {
  const m = sim.node(master);
  expect(m.st.link).toBeNull();
  for (const name of replicas) {
    const r = sim.node(name);
    expect(r.st.link, name).toMatchObject({ name: master, state: "connected", reploff: m.st.master_repl_offset });
    expect(r.st.replid, name).toBe(m.st.replid);
    expect(r.st.master_repl_offset, name).toBe(m.st.master_repl_offset);
    expect([...r.data.entries()].sort(), name).toEqual([...m.data.entries()].sort());
  }
  expect(m.st.replicas.map((r) => [r.name, r.state]).sort()).toEqual(replicas.map((n) => [n, "online"]));
}

/**
 * a master with replicas b and c: 60 s of writes over a lossy network, then healed for 140 s.
 * `prepare` adjusts the master before replication starts.
 */
function converged(seed: number, prepare: (a: ReturnType<ReplSim["node"]>) => void = () => {}): ReplSim {
  const sim = new ReplSim(seed, ["a", "b", "c"]);
  prepare(sim.node("a"));
  sim.writer = "a";
  sim.follow("b", "a");
  sim.follow("c", "a");
  sim.runUntil(T0 + 60_000);
  sim.writer = null;
  sim.faults = PERFECT;
  sim.runUntil(T0 + 200_000);
  sim.settle();
  return sim;
}

describe("replication simulation", () => {
  for (const seed of SEEDS) {
    it(`replicas converge to the master's offset and data under loss (seed ${seed})`, () => {
      const sim = converged(seed);
      expect(sim.violations).toEqual([]);
      expect(sim.node("a").st.master_repl_offset).toBeGreaterThan(1000);
      expectConverged(sim, "a", ["b", "c"]);
    });
  }

  for (const seed of SEEDS.slice(0, 4)) {
    it(`a full sync of many pages completes despite lost and reordered pages (seed ${seed})`, () => {
      const sim = converged(seed, (a) => {
        for (let i = 0; i < 40; i++) a.data.set(`pre${i}`, `x${i}`); // 20 pages of 2 keys
      });
      const a = sim.node("a");
      expect(sim.violations).toEqual([]);
      expectConverged(sim, "a", ["b", "c"]);
      expect(a.snapshots.size).toBe(0); // released once the replicas went online
    });

    it(`with a backlog too small to repair gaps, replicas fall back to full resyncs and converge (seed ${seed})`, () => {
      const sim = converged(seed, (a) => (a.config.backlogSizeBytes = 300));
      const a = sim.node("a");
      expect(sim.violations).toEqual([]);
      expectConverged(sim, "a", ["b", "c"]);
      expect(a.st.stats.syncFull).toBeGreaterThan(2);
    });
  }

  for (const seed of SEEDS) {
    it(`siblings and the old master continue partially from a promoted replica (seed ${seed})`, () => {
      const sim = converged(seed);
      const a = sim.node("a");
      const b = sim.node("b");
      const history = a.st.replid;
      const offset = a.st.master_repl_offset;

      sim.follow("b", null);
      expect(b.st.replid2).toBe(history);
      expect(b.st.second_replid_offset).toBe(offset + 1);
      sim.follow("c", "b");
      sim.follow("a", "b");
      sim.writer = "b";
      sim.faults = { dropRate: 0.1, dupRate: 0.05, slowRate: 0.05 };
      sim.runUntil(T0 + 240_000);
      sim.writer = null;
      sim.faults = PERFECT;
      sim.runUntil(T0 + 400_000);
      sim.settle();

      expect(sim.violations).toEqual([]);
      expectConverged(sim, "b", ["a", "c"]);
      expect(b.st.stats.syncFull).toBe(0);
      expect(b.st.stats.syncPartialOk).toBeGreaterThanOrEqual(2);
      expect(b.st.master_repl_offset).toBeGreaterThan(offset);
    });
  }
});
