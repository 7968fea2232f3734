/**
 * `info`, `check` and `fix`, as redis-cli --cluster prints them (clusterManagerShowClusterInfo,
 * clusterManagerCheckCluster): per-master keys and slots, then agreement, open slots, coverage.
 * `fix` is `check` that also closes open slots and assigns unassigned ones (slot-fix-plan.ts).
 */
import { nodeCommand, nodePipeline, parseInfo } from "./admin";
import { CliError, load, type CliContext } from "./cluster-context";
import {
  address, CLUSTER_SLOTS, isReplica, masters, rangesText, type ClusterView, type NodeView,
} from "./cluster-view";
import { planCoverage, planOpenSlotFix, type FixStep, type SlotHolder } from "./slot-fix-plan";
import { moveSlots } from "./slot-mover";

export interface MasterInfo {
  name: string;
  id: string;
  keys: number;
  slots: number;
  replicas: number;
  /** The location hint the node was created with (INFO server location_hint), "" when none. */
  location: string;
  /** Each replica's location hint, by name. */
  replicaLocations: Record<string, string>;
}

const locationOf = async (ctx: CliContext, name: string): Promise<string> =>
  parseInfo(String(await nodeCommand(ctx.opts, name, "INFO", "server"))).location_hint ?? "";

export async function clusterInfo(ctx: CliContext, view?: ClusterView): Promise<MasterInfo[]> {
  const v = view ?? (await load(ctx));
  const locations = new Map(await Promise.all(v.nodes.map(async (n) => [n.name, await locationOf(ctx, n.name)] as const)));
  const rows = await Promise.all(
    masters(v).map(async (m): Promise<MasterInfo> => {
      const replicas = v.nodes.filter((n) => n.masterId === m.id);
      return {
        name: m.name, id: m.id, keys: Number(await nodeCommand(ctx.opts, m.name, "DBSIZE")), slots: m.slots.length,
        replicas: replicas.length, location: locations.get(m.name) ?? "",
        replicaLocations: Object.fromEntries(replicas.map((r) => [r.name, locations.get(r.name) ?? ""])),
      };
    }),
  );
  const keys = rows.reduce((n, r) => n + r.keys, 0);
  for (const r of rows) ctx.out.line(`${r.name}:6379 (${r.id.slice(0, 8)}...) -> ${r.keys} keys | ${r.slots} slots | ${r.replicas} slaves.`);
  ctx.out.line(`[OK] ${keys} keys in ${rows.length} masters.`);
  ctx.out.line(`${(keys / CLUSTER_SLOTS).toFixed(2)} keys per slot on average.`);
  // Not in redis-cli: where each node was placed, when an operator gave location hints.
  if ([...locations.values()].some((l) => l !== "")) {
    for (const r of rows) {
      const reps = Object.entries(r.replicaLocations).map(([n, l]) => `${n} ${l || "-"}`).join(", ");
      ctx.out.line(`${r.name}:6379 location ${r.location || "-"}${reps ? ` | replicas: ${reps}` : ""}`);
    }
  }
  return rows;
}

function showNodes(ctx: CliContext, v: ClusterView): void {
  for (const n of v.nodes) {
    const replica = isReplica(n);
    ctx.out.line(`${replica ? "S" : "M"}: ${n.id} ${address(n)}`);
    ctx.out.line(`   slots:${n.slots.length ? `[${rangesText(n.slots, "],[")}]` : ""} (${n.slots.length} slots) ${replica ? "slave" : "master"}`);
    if (replica) ctx.out.line(`   replicates ${n.masterId}`);
    const count = v.nodes.filter((r) => r.masterId === n.id).length;
    if (!replica && count > 0) ctx.out.line(`   ${count} additional replica(s)`);
  }
}

export interface CheckReport {
  ok: boolean;
  agree: boolean;
  openSlots: number[];
  uncovered: number[];
  errors: string[];
}

export async function check(ctx: CliContext, fix = false): Promise<CheckReport> {
  let v = await load(ctx);
  const errors: string[] = [...v.unreachable.map((n) => `[ERR] Node ${n} did not answer`)];
  const report = (text: string) => {
    errors.push(text);
    ctx.out.error(text);
  };
  await clusterInfo(ctx, v);
  ctx.out.line(`>>> Performing Cluster Check (using node ${ctx.seed}:6379)`);
  showNodes(ctx, v);
  if (v.agree) ctx.out.line("[OK] All nodes agree about slots configuration.");
  else report("[ERR] Nodes don't agree about configuration!");
  ctx.out.line(">>> Check for open slots...");
  const open = new Set<number>();
  for (const n of v.nodes) {
    for (const [state, map] of [["migrating", n.migrating], ["importing", n.importing]] as const) {
      if (map.size === 0) continue;
      report(`[WARNING] Node ${address(n)} has slots in ${state} state ${[...map.keys()].join(",")}.`);
      for (const s of map.keys()) open.add(s);
    }
  }
  const openSlots = [...open].sort((a, b) => a - b);
  if (openSlots.length) report(`[WARNING] The following slots are open: ${openSlots.join(",")}.`);
  if (fix && openSlots.length) {
    for (const slot of openSlots) await fixOpenSlot(ctx, v, slot);
    v = await load(ctx);
  }
  ctx.out.line(">>> Check slots coverage...");
  const covered = new Set(masters(v).flatMap((m) => m.slots));
  let uncovered = Array.from({ length: CLUSTER_SLOTS }, (_, s) => s).filter((s) => !covered.has(s));
  if (uncovered.length === 0) ctx.out.line(`[OK] All ${CLUSTER_SLOTS} slots covered.`);
  else {
    report(`[ERR] Not all ${CLUSTER_SLOTS} slots are covered by nodes.`);
    if (fix) {
      await fixCoverage(ctx, v, uncovered);
      uncovered = [];
    }
  }
  const fixed = fix && errors.length > 0;
  return { ok: errors.length === 0 || fixed, agree: v.agree, openSlots, uncovered, errors };
}

async function holdersOf(ctx: CliContext, v: ClusterView, slot: number): Promise<SlotHolder[]> {
  return Promise.all(
    masters(v).map(async (m) => ({
      name: m.name, id: m.id, owns: m.slots.includes(slot), migratingTo: m.migrating.get(slot), importingFrom: m.importing.get(slot),
      keys: Number(await nodeCommand(ctx.opts, m.name, "CLUSTER", "COUNTKEYSINSLOT", slot)),
    })),
  );
}

async function fixOpenSlot(ctx: CliContext, v: ClusterView, slot: number): Promise<void> {
  ctx.out.line(`>>> Fixing open slot ${slot}`);
  const plan = planOpenSlotFix(slot, await holdersOf(ctx, v, slot));
  for (const line of plan.log) ctx.out.line(line);
  if (!plan.fixable) throw new CliError(plan.message);
  for (const step of plan.steps) await runFixStep(ctx, v, slot, step);
}

async function runFixStep(ctx: CliContext, v: ClusterView, slot: number, step: FixStep): Promise<void> {
  const byName = (name: string) => v.nodes.find((n) => n.name === name)!;
  const cmd = (node: string, ...args: (string | number)[]) => nodeCommand(ctx.opts, node, "CLUSTER", ...args);
  switch (step.kind) {
    case "set-owner":
      if (step.clear) await cmd(step.node, "SETSLOT", slot, "STABLE");
      await setSlotOwner(ctx, step.node, slot);
      return;
    case "give-way":
      await cmd(step.node, "DELSLOTS", slot).catch(() => null);
      await cmd(step.node, "SETSLOT", slot, "NODE", byName(step.owner).id);
      await cmd(step.node, "SETSLOT", slot, "IMPORTING", byName(step.owner).id);
      return;
    case "move": {
      const [src, dst] = [byName(step.from), byName(step.to)];
      const others = masters(v).filter((m) => m !== src && m !== dst);
      // A hot move goes from the node serving the slot: its copy is what readers saw, REPLACE.
      // A cold one brings an importing node's leftovers to the owner: a key the owner holds too
      // stays the owner's (readers reach an importing node only for keys the owner lacks), so no
      // REPLACE, and a BUSYKEY stops the fix as redis-cli's does (the simulator's per-slot
      // schedules lost WAIT-ed writes when these leftovers, from a MIGRATE whose answer was lost,
      // overwrote newer values).
      await moveSlots(ctx.opts, src, dst, others, [slot], { ...ctx.move, cold: step.cold, replace: !step.cold });
      return;
    }
    case "stable":
      ctx.out.line(`>>> Setting ${slot} as STABLE in ${step.node}`);
      await cmd(step.node, "SETSLOT", slot, "STABLE");
      return;
    case "announce":
      for (const m of masters(v)) if (m.name !== step.owner) await cmd(m.name, "SETSLOT", slot, "NODE", byName(step.owner).id);
      return;
  }
}

/** redis-cli's clusterManagerSetSlotOwner: DELSLOTS (may fail: not assigned), ADDSLOTS, BUMPEPOCH. */
async function setSlotOwner(ctx: CliContext, node: string, slot: number): Promise<void> {
  await nodeCommand(ctx.opts, node, "CLUSTER", "DELSLOTS", slot).catch(() => null);
  await nodeCommand(ctx.opts, node, "CLUSTER", "ADDSLOTS", slot);
  await nodeCommand(ctx.opts, node, "CLUSTER", "BUMPEPOCH");
}

async function fixCoverage(ctx: CliContext, v: ClusterView, uncovered: number[]): Promise<void> {
  ctx.out.line(">>> Fixing slots coverage...");
  const ms = masters(v);
  const keysBySlot = new Map<number, { name: string; keys: number }[]>();
  await Promise.all(
    ms.map(async (m) => {
      const replies = await nodePipeline(ctx.opts, m.name, uncovered.map((s) => ["CLUSTER", "COUNTKEYSINSLOT", s]));
      replies.forEach((r, i) => {
        if (Number(r.result) > 0) keysBySlot.set(uncovered[i]!, [...(keysBySlot.get(uncovered[i]!) ?? []), { name: m.name, keys: Number(r.result) }]);
      });
    }),
  );
  const plan = planCoverage(uncovered, keysBySlot, new Map(ms.map((m) => [m.name, m.slots.length])));
  const bar = ctx.out.progress("covering", plan.length);
  const byOwner = new Map<string, number[]>();
  for (const f of plan.filter((p) => p.moveFrom.length === 0)) byOwner.set(f.owner, [...(byOwner.get(f.owner) ?? []), f.slot]);
  for (const [owner, slots] of byOwner) {
    // Slots nobody holds keys of: one ADDSLOTS per owner, then one epoch bump (not one per slot).
    ctx.out.line(`>>> Covering slots ${rangesText(slots)} with ${owner}`);
    await nodeCommand(ctx.opts, owner, "CLUSTER", "ADDSLOTS", ...slots);
    await nodeCommand(ctx.opts, owner, "CLUSTER", "BUMPEPOCH");
    slots.forEach(() => bar.tick());
  }
  for (const f of plan.filter((p) => p.moveFrom.length > 0)) {
    ctx.out.line(`>>> Covering slot ${f.slot} moving keys to ${f.owner}`);
    const owner = ms.find((m) => m.name === f.owner) as NodeView;
    await nodeCommand(ctx.opts, owner.name, "CLUSTER", "SETSLOT", f.slot, "STABLE");
    await setSlotOwner(ctx, owner.name, f.slot);
    for (const name of f.moveFrom) {
      const src = ms.find((m) => m.name === name)!;
      await nodeCommand(ctx.opts, name, "CLUSTER", "SETSLOT", f.slot, "NODE", owner.id);
      await nodeCommand(ctx.opts, name, "CLUSTER", "SETSLOT", f.slot, "IMPORTING", owner.id);
      await moveSlots(ctx.opts, src, owner, [], [f.slot], { ...ctx.move, cold: true });
      await nodeCommand(ctx.opts, name, "CLUSTER", "SETSLOT", f.slot, "STABLE");
    }
    bar.tick();
  }
  ctx.out.endProgress();
}
