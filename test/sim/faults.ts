/**
 * A random fault schedule derived from one seed: a cluster is built on a perfect network, then
 * suffers drops, duplicates, delays, partitions, crashes/restarts and epoch-changing operator
 * actions (BUMPEPOCH on masters, FAILOVER TAKEOVER on replicas); then everything heals and the
 * cluster must converge within a budget.
 */
import { allOk, convergenceProblem, safetyProblem, slotSafetyProblem, tableProblem } from "./checks";
import { Rng } from "./rng";
import { createCluster } from "./setup";
import { Sim, type NetworkFaults } from "./sim";

export interface FaultRun {
  seed: number;
  params: string;
  /** Simulated ms from healing to convergence, or null if the budget ran out. */
  convergedAfterMs: number | null;
  budgetMs: number;
  problem: string | null;
  actions: string[];
  /** Core events by kind over the whole run. */
  events: Map<string, number>;
}

export function runFaultScenario(seed: number): FaultRun {
  const rng = new Rng(seed ^ 0x5eed5eed);
  const nodeTimeoutMs = rng.range(3, 8) * 1000;
  const cronMs = rng.pick([250, 500, 1000]);
  const masters = rng.range(3, 5);
  const replicasPerMaster = rng.range(0, 1);
  const faults: NetworkFaults = {
    dropRate: rng.next() * 0.3, dupRate: rng.next() * 0.1, minDelayMs: 1, maxDelayMs: rng.range(5, 60),
    slowRate: rng.next() * 0.05, slowMaxMs: nodeTimeoutMs,
  };
  const faultMs = rng.range(20, 60) * 1000;
  const params = `NT=${nodeTimeoutMs} cron=${cronMs} masters=${masters} replicas/master=${replicasPerMaster} ` +
    `drop=${faults.dropRate.toFixed(2)} dup=${faults.dupRate.toFixed(2)} faults=${faultMs}ms`;
  const sim = new Sim({ seed, config: { nodeTimeoutMs, cronMs } });
  const names = createCluster(sim, { masters, replicasPerMaster });
  sim.network = faults;
  const actions: string[] = [];
  const broken = disturb(sim, rng, names, faultMs, actions);
  if (broken) return { seed, params, convergedAfterMs: null, budgetMs: 0, problem: broken, actions, events: sim.eventCounts };

  // Heal: perfect network, no partition, everybody running.
  sim.network = { dropRate: 0, dupRate: 0, minDelayMs: 1, maxDelayMs: 15, slowRate: 0, slowMaxMs: 0 };
  sim.setPartition(null);
  for (const n of names) sim.restart(n);
  // FAIL on a master that kept its slots is undone 2×NT after it was set; then a few rounds.
  const budgetMs = 4 * nodeTimeoutMs + 60 * cronMs;
  const healthy = (): boolean => convergenceProblem(sim) === null && safetyProblem(sim) === null && allOk(sim);
  const convergedAfterMs = sim.runUntil(healthy, budgetMs);
  const problem = convergedAfterMs === null ? (convergenceProblem(sim) ?? safetyProblem(sim) ?? "cluster_state not ok everywhere") : null;
  return { seed, params, convergedAfterMs, budgetMs, problem, actions, events: sim.eventCounts };
}

/**
 * One second at a time: maybe change the partition, crash or restart a node, or act as
 * operator. Returns the first broken internal invariant, if any. Slot safety (never two
 * masters with one configEpoch on a slot) is checked until the first operator action: BUMPEPOCH
 * and TAKEOVER mint epochs without agreement, and under a partition they can collide with an
 * election's epoch, in Redis as here; the collision rule repairs it after the heal.
 */
function disturb(sim: Sim, rng: Rng, names: string[], faultMs: number, actions: string[]): string | null {
  const log = (a: string): void => {
    actions.push(`${Math.round((sim.now - start) / 1000)}s ${a}`);
  };
  const start = sim.now;
  let operated = false;
  while (sim.now - start < faultMs) {
    sim.runFor(1000);
    const broken = tableProblem(sim) ?? (operated ? null : slotSafetyProblem(sim));
    if (broken) return broken;
    const roll = rng.next();
    if (roll < 0.08) {
      const groups = splitRandomly(rng, names);
      sim.setPartition(groups);
      log(`partition ${groups.map((g) => g.join(",")).join(" | ")}`);
    } else if (roll < 0.14) {
      sim.setPartition(null);
      log("partition healed");
    } else if (roll < 0.19) {
      const n = rng.pick(names);
      if (sim.isUp(n)) {
        sim.crash(n);
        log(`crash ${n}`);
      }
    } else if (roll < 0.27) {
      const down = names.filter((n) => !sim.isUp(n));
      if (down.length) {
        const n = rng.pick(down);
        sim.restart(n);
        log(`restart ${n}`);
      }
    } else if (roll < 0.35) {
      operated = operatorAction(sim, rng, names, log) || operated;
    }
  }
  return null;
}

function operatorAction(sim: Sim, rng: Rng, names: string[], log: (a: string) => void): boolean {
  const n = rng.pick(names);
  if (!sim.isUp(n)) return false;
  const isReplica = (sim.state(n).myself.flags & 2) !== 0;
  const argv = isReplica ? ["FAILOVER", "TAKEOVER"] : ["BUMPEPOCH"];
  const r = sim.command(n, ...argv);
  log(`${n} CLUSTER ${argv.join(" ")} -> ${"v" in r ? String(r.v) : r.t}`);
  return true;
}

function splitRandomly(rng: Rng, names: string[]): string[][] {
  const a: string[] = [];
  const b: string[] = [];
  for (const n of names) (rng.chance(0.5) ? a : b).push(n);
  return [a, b].filter((g) => g.length > 0);
}
