/**
 * A random fault schedule over real runtimes, derived from one seed: a cluster is built on a
 * perfect network, clients write and read throughout, then the network drops, duplicates, delays
 * and partitions, nodes crash (eviction: memory lost, storage kept) and restart, in some
 * schedules an operator mints epochs (BUMPEPOCH, FAILOVER TAKEOVER), and in some slots move
 * between masters by atomic slot migration (CLUSTER MIGRATESLOTS). Then everything heals.
 *
 * Checked: slot safety after every event (one master per slot per configEpoch; a collision on an
 * operator-minted epoch is its own class, since Redis allows it too); after healing, convergence
 * of the cluster view, of replication (offsets and data digests) and of the data against what
 * clients were told: no WAIT-ed write lost in a schedule without operator actions, no value that
 * nobody wrote; acknowledged-but-lost writes without WAIT are counted (asynchronous replication).
 */
import { allOk, convergenceProblem, safetyProblem, tableProblem } from "./checks";
import { Rng } from "./rng";
import { NodeFlag } from "../../src/cluster";
import { createCluster, replicationProblem, slotCollision } from "./cluster";
import { Sim, PERFECT_NETWORK, type NetworkFaults } from "./sim";
import { Workload, type DataReport } from "./workload";
import { fixOpenSlots, PerSlotMover } from "./per-slot-mover";

/** How slots move in a migrating schedule: CLUSTER MIGRATESLOTS, or SETSLOT + MIGRATE driven like redis-cli. */
export type MigrateKind = "atomic" | "per-slot";

export type Outcome = "ok" | "violation" | "operator-epoch-collision" | "no-convergence";

export interface ScheduleRun {
  seed: number;
  params: string;
  outcome: Outcome;
  problem: string | null;
  /** Simulated ms from healing to convergence (null: budget ran out or a violation stopped it). */
  convergedAfterMs: number | null;
  actions: string[];
  data: DataReport | null;
  failovers: number;
  operator: boolean;
  migrating: boolean;
  migrateKind: MigrateKind;
}

export interface ScheduleOptions {
  /** Length of the faulty phase (default: drawn from the seed, 5–25 s). */
  faultMs?: number;
  /** How slots move (default: drawn from the seed). */
  migrateKind?: MigrateKind;
  /** Force a migrating schedule (default: drawn from the seed, 30 %). */
  migrating?: boolean;
}

export async function runSchedule(seed: number, opts: ScheduleOptions = {}): Promise<ScheduleRun> {
  const rng = new Rng(seed ^ 0x5eed5eed);
  const nodeTimeoutMs = rng.range(2, 6) * 1000;
  const cronMs = rng.pick([250, 500, 1000]);
  const masters = rng.range(3, 4);
  const replicasPerMaster = rng.range(0, 3) === 0 ? 0 : 1;
  const operator = rng.chance(0.25);
  // Drawn after everything else, so that the other parameters of a seed stay what they were.
  const migrating = opts.migrating ?? new Rng(seed ^ 0x51075107).chance(0.3);
  const migrateKind: MigrateKind = opts.migrateKind ?? (new Rng(seed ^ 0x6d16d16d).chance(0.5) ? "per-slot" : "atomic");
  const faults: NetworkFaults = {
    dropRate: rng.next() * 0.2, dupRate: rng.next() * 0.1, minDelayMs: 1, maxDelayMs: rng.range(5, 40),
    slowRate: rng.next() * 0.05, slowMaxMs: nodeTimeoutMs,
  };
  const faultMs = opts.faultMs ?? rng.range(5, 25) * 1000;
  const params = `NT=${nodeTimeoutMs} cron=${cronMs} masters=${masters} replicas/master=${replicasPerMaster} ` +
    `drop=${faults.dropRate.toFixed(2)} dup=${faults.dupRate.toFixed(2)} faults=${faultMs}ms operator=${operator} migrating=${migrating ? migrateKind : false}`;
  const sim = new Sim({ seed, nodeTimeoutMs, cronMs });
  const names = await createCluster(sim, { masters, replicasPerMaster });
  const actions: string[] = [];
  const operatorEpochs = new Set<number>();
  let collision: { epoch: number; what: string } | null = null;
  // In schedules with operator actions, an epoch a master takes while staying a master (BUMPEPOCH,
  // and the collision rule that an operator's epoch can set off) has no agreement behind it either.
  const last = new Map<string, { master: boolean; configEpoch: number }>();
  sim.afterEach = () => {
    const states = sim.states();
    // A slot migration's flip also takes an epoch without agreement (SETSLOT NODE's rule).
    if (operator || migrating) {
      for (const st of states) {
        const master = (st.myself.flags & NodeFlag.MASTER) !== 0;
        const prev = last.get(st.myself.name);
        if (prev?.master && master && st.myself.configEpoch > prev.configEpoch) operatorEpochs.add(st.myself.configEpoch);
        last.set(st.myself.name, { master, configEpoch: st.myself.configEpoch });
      }
    }
    const c = slotCollision(states);
    if (c && !operatorEpochs.has(c.epoch)) return `slot safety: ${c.what}`;
    collision ??= c;
    return null;
  };
  const clients = new Workload(sim, seed, names.slice(0, masters));
  clients.start(40);
  const run = (outcome: Outcome, problem: string | null, convergedAfterMs: number | null, data: DataReport | null): ScheduleRun => {
    const failovers = sim.log.filter((e) => e.kind === "promotion").length;
    return { seed, params, outcome, problem, convergedAfterMs, actions, data, failovers, operator, migrating, migrateKind };
  };
  try {
    sim.network = faults;
    const mover = migrating && migrateKind === "per-slot" ? new PerSlotMover(sim) : null;
    await disturb(sim, rng, names, faultMs, { operator, migrating, mover }, operatorEpochs, actions);
    // Heal: perfect network, no partition, everybody running; clients go on for a while, then stop.
    sim.network = PERFECT_NETWORK;
    sim.setPartition(null);
    for (const n of names) sim.restart(n);
    if (mover) {
      // The operator's reshard ends (or stops at its first error), then `fix` closes what it left open.
      await mover.stop();
      actions.push(...mover.log);
      // As an operator would, once every node answers cluster_state:ok (bounded: fix runs anyway).
      await sim.runUntil(() => allOk(sim), 4 * nodeTimeoutMs + 60 * cronMs, cronMs);
      actions.push(...(await fixOpenSlots(sim)));
    }
    const budgetMs = 4 * nodeTimeoutMs + 60 * cronMs;
    const healthy = (): boolean =>
      convergenceProblem(sim) === null && safetyProblem(sim) === null && allOk(sim) && replicationProblem(sim) === null;
    await sim.runFor(2 * nodeTimeoutMs);
    clients.stop();
    const convergedAfterMs = await sim.runUntil(healthy, budgetMs, cronMs);
    if (convergedAfterMs === null) {
      const why = convergenceProblem(sim) ?? safetyProblem(sim) ?? replicationProblem(sim) ?? "cluster_state not ok everywhere";
      return run("no-convergence", why, null, null);
    }
    const data = clients.report();
    if (data.phantom) return run("violation", data.phantom, convergedAfterMs, data);
    if (data.lostDurable > 0 && !operator) return run("violation", `${data.lostDurable} WAIT-ed writes lost`, convergedAfterMs, data);
    if (collision) return run("operator-epoch-collision", (collision as { what: string }).what, convergedAfterMs, data);
    return run("ok", null, convergedAfterMs, data);
  } catch (e) {
    return run("violation", (e as Error).message, null, null);
  }
}

/** One second at a time: maybe change the partition, crash or restart a node, or act as operator. */
async function disturb(
  sim: Sim, rng: Rng, names: string[], faultMs: number, kinds: { operator: boolean; migrating: boolean; mover: PerSlotMover | null },
  operatorEpochs: Set<number>, actions: string[],
): Promise<void> {
  const { operator, migrating, mover } = kinds;
  const start = sim.now;
  const log = (a: string): void => {
    actions.push(`${Math.round((sim.now - start) / 1000)}s ${a}`);
  };
  while (sim.now - start < faultMs) {
    await sim.runFor(1000);
    // The core's own slot-table invariant (O(slots × nodes²)): every few seconds is enough to catch a break.
    const broken = (sim.now - start) % 5000 < 1000 ? tableProblem(sim) : null;
    if (broken) throw new Error(`slot table: ${broken}`);
    const roll = rng.next();
    if (roll < 0.06) {
      const groups = splitRandomly(rng, names);
      sim.setPartition(groups);
      log(`partition ${groups.map((g) => g.join(",")).join(" | ")}`);
    } else if (roll < 0.1) {
      // Redis's classic loss: a master cut off from the cluster keeps taking its clients' writes.
      const alone = rng.pick(names);
      sim.setPartition([[alone], names.filter((n) => n !== alone)]);
      log(`isolate ${alone}`);
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
    } else if (operator && roll < 0.32) {
      const n = rng.pick(names);
      if (!sim.isUp(n)) continue;
      const isReplica = (sim.state(n).myself.flags & NodeFlag.SLAVE) !== 0;
      const argv = isReplica ? ["FAILOVER", "TAKEOVER"] : ["BUMPEPOCH"];
      // Epochs an operator mints have no agreement behind them (Redis's rule too). The command mints
      // its epoch before it returns (it still delivers its messages): noted from its first step on.
      const before = sim.state(n).currentEpoch;
      operatorEpochs.add(before + 1);
      sim.invoke(n, async (rt) => {
        const r = await rt.execute([["CLUSTER", ...argv]], { resp: 2, admin: true });
        for (let e = before + 1; e <= rt.cluster.state.currentEpoch; e++) operatorEpochs.add(e);
        return r;
      }).catch(() => {});
      log(`${n} CLUSTER ${argv.join(" ")}`);
    } else if (migrating && roll < 0.4) {
      const m = mover ? moveSomeSlots(sim, rng, names, mover) : migrateSomeSlots(sim, rng, names);
      if (m) log(m);
    }
  }
}

/** CLUSTER MIGRATESLOTS of a few slots of a running master to another master (its answer is not awaited). */
function migrateSomeSlots(sim: Sim, rng: Rng, names: string[]): string | null {
  const up = names.filter((n) => sim.isUp(n) && (sim.state(n).myself.flags & NodeFlag.MASTER) !== 0 && sim.state(n).myself.numSlots > 0);
  if (up.length < 2) return null;
  const source = rng.pick(up);
  const st = sim.state(source);
  const target = rng.pick(up.filter((n) => n !== source));
  const targetId = [...st.nodes.values()].find((n) => n.name === target)?.id;
  const mine: number[] = [];
  for (let s = 0; s < st.slots.length; s++) if (st.slots[s] === st.myself) mine.push(s);
  if (!targetId || mine.length === 0) return null;
  const start = rng.pick(mine);
  let end = start;
  while (end + 1 < st.slots.length && st.slots[end + 1] === st.myself && end - start < rng.range(0, 60)) end++;
  const argv = ["CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", String(start), String(end), "NODE", targetId];
  sim.invoke(source, (rt) => rt.execute([argv], { resp: 2, admin: true })).catch(() => {});
  return `${source} MIGRATESLOTS ${start}-${end} to ${target}`;
}

/** A few slots of a running master to another, with the per-slot protocol (one move at a time). */
function moveSomeSlots(sim: Sim, rng: Rng, names: string[], mover: PerSlotMover): string | null {
  if (mover.busy) return null;
  const up = names.filter((n) => sim.isUp(n) && (sim.state(n).myself.flags & NodeFlag.MASTER) !== 0 && sim.state(n).myself.numSlots > 0);
  if (up.length < 2) return null;
  const source = rng.pick(up);
  const st = sim.state(source);
  const target = rng.pick(up.filter((n) => n !== source));
  const mine: number[] = [];
  for (let s = 0; s < st.slots.length; s++) if (st.slots[s] === st.myself) mine.push(s);
  // The workload's keys first (key:0..23 live in few slots): moving them is what can lose writes.
  const withKeys = mine.filter((s) => sim.runtime(source).db.countKeysInSlot(s) > 0);
  const pool = withKeys.length > 0 && rng.chance(0.7) ? withKeys : mine;
  const slots = [...new Set(Array.from({ length: rng.range(1, 4) }, () => rng.pick(pool)))];
  mover.start(source, target, slots);
  return `${source} per-slot move of ${slots.join(",")} to ${target}`;
}

function splitRandomly(rng: Rng, names: string[]): string[][] {
  const a: string[] = [];
  const b: string[] = [];
  for (const n of names) (rng.chance(0.5) ? a : b).push(n);
  return [a, b].filter((g) => g.length > 0);
}
