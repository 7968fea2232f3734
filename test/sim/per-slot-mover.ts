/**
 * An operator moving slots with Redis's per-slot protocol, as `redis-cli --cluster reshard` does
 * (and scripts/lib/slot-mover.ts): for each slot, target `SETSLOT IMPORTING`, source `SETSLOT
 * MIGRATING`, `GETKEYSINSLOT` + `MIGRATE` until empty, then `SETSLOT NODE` on the target, the
 * source and every other master. Its requests travel over the simulated network like a client's:
 * lost, delayed, or reaching a crashed node. Like redis-cli, it stops at the first error and
 * leaves the slot open; `fixOpenSlots` then closes every open slot as `cluster.ts fix` would
 * (scripts/lib/slot-fix-plan.ts decides, redis-cli 7.0's cases).
 */
import { NodeFlag } from "../../src/cluster";
import type { Reply } from "../../src/resp/reply";
import { planOpenSlotFix, type FixStep, type SlotHolder } from "../../scripts/lib/slot-fix-plan";
import { ADMIN, type Sim } from "./sim";

/** Keys per GETKEYSINSLOT / MIGRATE (redis-cli's --cluster-pipeline default). */
const PIPELINE = 10;
const MIGRATE_TIMEOUT_MS = 2000;
/** Times `fix` is run at most before an open slot counts as a failure. */
const FIX_ROUNDS = 5;

class StepFailed extends Error {}

const isMaster = (sim: Sim, n: string): boolean => sim.isUp(n) && (sim.state(n).myself.flags & NodeFlag.MASTER) !== 0;
const idOf = (sim: Sim, n: string): string => sim.runtime(n).cluster.state.myself.id;

/** One command on a node; any error reply or lost call fails the step. */
async function call(sim: Sim, node: string, argv: string[], ok: (r: Reply) => boolean = (r) => r.t !== "error"): Promise<Reply> {
  let r: Reply;
  try {
    r = (await sim.execute(node, [argv], ADMIN))[0]!;
  } catch (e) {
    throw new StepFailed(`${node} ${argv.slice(0, 4).join(" ")}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!ok(r)) throw new StepFailed(`${node} ${argv.slice(0, 4).join(" ")}: ${r.t === "error" ? r.v : r.t}`);
  return r;
}

/**
 * GETKEYSINSLOT + MIGRATE until the slot is empty at `from`. `replace` (a hot move, `from` serving
 * the slot): `from`'s copy is the one readers saw, it overwrites any at `to`. `ownerWins` (a cold
 * move of an importing node's leftovers to the owner): a key the owner holds too is the owner's
 * (readers reach an importing node only for keys the owner lacks), so the leftover is dropped
 * rather than moved; REPLACE there would overwrite newer writes with a copy left by a MIGRATE
 * whose answer was lost (schedule seed 1771006275 lost WAIT-ed writes that way).
 */
async function migrateKeys(sim: Sim, from: string, to: string, slot: number, mode: { replace?: boolean; ownerWins?: boolean }): Promise<void> {
  for (;;) {
    const r = await call(sim, from, ["CLUSTER", "GETKEYSINSLOT", String(slot), String(PIPELINE)]);
    let keys = r.t === "array" ? r.v.map((k) => (k.t === "bulk" ? k.v : "")) : [];
    if (keys.length === 0) return;
    if (mode.ownerWins) {
      const held: string[] = [];
      for (const k of keys) {
        const e = await call(sim, to, ["EXISTS", k]);
        if (e.t === "int" && Number(e.v) === 1) held.push(k);
      }
      if (held.length > 0) {
        await sim.execute(from, [["DEL", ...held]], { resp: 2, admin: true, asking: true }).catch((e: unknown) => {
          throw new StepFailed(`${from} DEL: ${e instanceof Error ? e.message : String(e)}`);
        });
        keys = keys.filter((k) => !held.includes(k));
        if (keys.length === 0) continue;
      }
    }
    await call(sim, from, ["MIGRATE", to, "6379", "", "0", String(MIGRATE_TIMEOUT_MS), ...(mode.replace ? ["REPLACE"] : []), "KEYS", ...keys]);
  }
}

/** Moves one slot (hot: opens and closes it; cold: only its keys). */
async function moveSlot(sim: Sim, from: string, to: string, slot: number, opts: { cold?: boolean; fix?: boolean } = {}): Promise<void> {
  const s = String(slot);
  if (!opts.cold) {
    await call(sim, to, ["CLUSTER", "SETSLOT", s, "IMPORTING", idOf(sim, from)]);
    await call(sim, from, ["CLUSTER", "SETSLOT", s, "MIGRATING", idOf(sim, to)]);
  }
  await migrateKeys(sim, from, to, slot, { replace: opts.fix && !opts.cold, ownerWins: opts.fix && opts.cold });
  if (opts.cold) return;
  const node = ["CLUSTER", "SETSLOT", s, "NODE", idOf(sim, to)];
  await call(sim, to, node);
  await call(sim, from, node, (r) => r.t !== "error" || r.v.startsWith("ERR Please use SETSLOT only with masters."));
  for (const n of sim.names()) if (n !== from && n !== to && isMaster(sim, n)) await call(sim, n, node);
}

export class PerSlotMover {
  private running: Promise<void> | null = null;
  private stopped = false;
  readonly log: string[] = [];

  constructor(private readonly sim: Sim) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts moving `slots` from `source` to `target`, one slot after the other (not awaited). */
  start(source: string, target: string, slots: number[]): void {
    if (this.running) return;
    this.running = (async () => {
      for (const slot of slots) {
        if (this.stopped) return;
        await moveSlot(this.sim, source, target, slot);
      }
    })().catch((e: unknown) => {
      if (!(e instanceof StepFailed)) throw e;
      this.log.push(`per-slot move stopped: ${e.message}`);
    }).finally(() => {
      this.running = null;
    });
  }

  /** Lets the current step end and starts no other (run the simulation meanwhile). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.running) {
      const r = await this.sim.settle(this.running);
      if (!r.ok) throw r.error;
    }
  }
}

/** What each master says about `slot` (the view `cluster.ts fix` gathers with CLUSTER NODES and COUNTKEYSINSLOT). */
function holders(sim: Sim, slot: number): SlotHolder[] {
  return sim.names().filter((n) => isMaster(sim, n)).map((n) => {
    const rt = sim.runtime(n);
    const st = rt.cluster.state;
    return {
      name: n, id: st.myself.id, owns: st.slots[slot] === st.myself,
      migratingTo: st.migratingSlotsTo.get(slot)?.id, importingFrom: st.importingSlotsFrom.get(slot)?.id,
      keys: rt.db.countKeysInSlot(slot),
    };
  });
}

async function runStep(sim: Sim, slot: number, step: FixStep): Promise<void> {
  const s = String(slot);
  const nodeOf = (name: string) => idOf(sim, name);
  switch (step.kind) {
    case "set-owner":
      if (step.clear) await call(sim, step.node, ["CLUSTER", "SETSLOT", s, "STABLE"]);
      await call(sim, step.node, ["CLUSTER", "DELSLOTS", s], () => true);
      await call(sim, step.node, ["CLUSTER", "ADDSLOTS", s]);
      await call(sim, step.node, ["CLUSTER", "BUMPEPOCH"]);
      return;
    case "give-way":
      await call(sim, step.node, ["CLUSTER", "DELSLOTS", s], () => true);
      await call(sim, step.node, ["CLUSTER", "SETSLOT", s, "NODE", nodeOf(step.owner)]);
      await call(sim, step.node, ["CLUSTER", "SETSLOT", s, "IMPORTING", nodeOf(step.owner)]);
      return;
    case "move":
      return moveSlot(sim, step.from, step.to, slot, { cold: step.cold, fix: true });
    case "stable":
      await call(sim, step.node, ["CLUSTER", "SETSLOT", s, "STABLE"]);
      return;
    case "announce":
      for (const n of sim.names()) if (n !== step.owner && isMaster(sim, n)) await call(sim, n, ["CLUSTER", "SETSLOT", s, "NODE", nodeOf(step.owner)]);
      return;
  }
}

/**
 * `cluster.ts fix` for open slots, on a healed cluster: every slot some master has MIGRATING or
 * IMPORTING, or whose keys sit on a master that does not own it, gets redis-cli's treatment.
 * Returns what it did; throws when a slot cannot be fixed.
 */
export async function fixOpenSlots(sim: Sim): Promise<string[]> {
  const done: string[] = [];
  for (let round = 0; round < FIX_ROUNDS; round++) {
    const open = new Set<number>();
    for (const n of sim.names()) {
      if (!isMaster(sim, n)) continue;
      const rt = sim.runtime(n);
      const st = rt.cluster.state;
      for (const s of [...st.migratingSlotsTo.keys(), ...st.importingSlotsFrom.keys()]) open.add(s);
      for (const r of rt.db.rows("SELECT DISTINCT slot FROM keys")) if (st.slots[r.slot as number] !== st.myself) open.add(r.slot as number);
    }
    if (open.size === 0) return done;
    for (const slot of [...open].sort((a, b) => a - b)) {
      const plan = planOpenSlotFix(slot, holders(sim, slot));
      if (!plan.fixable) throw new Error(`fix, slot ${slot}: ${plan.message}`);
      done.push(`fix slot ${slot}: ${plan.case}`);
      const r = await sim.settle((async () => {
        for (const step of plan.steps) await runStep(sim, slot, step);
      })());
      // As an operator would: run fix again (next round) after a step failed.
      if (!r.ok) done.push(`fix slot ${slot} failed: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
    }
    // Let the new owners' epochs spread before looking again.
    await sim.runFor(2 * sim.cronMs);
  }
  throw new Error(`fix: slots still open after ${FIX_ROUNDS} rounds: ${done.slice(-5).join("; ")}`);
}
