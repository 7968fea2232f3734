/**
 * Building a cluster inside the simulator the way `scripts/cluster.ts create` does (real
 * CLUSTER commands through each node's `execute`), and the checkers that read real runtimes:
 * slot safety cheap enough to run after every event, and replication convergence on data.
 */
import { CLUSTER_SLOTS } from "../../src/commands/slot";
import { NodeFlag, type ClusterState } from "../../src/cluster";
import type { Reply } from "../../src/resp/reply";
import { keyspaceDigest } from "../../src/node/replication-store";
import { allOk, convergenceProblem } from "./checks";
import { Rng } from "./rng";
import { ADMIN, type Sim } from "./sim";

export interface Layout {
  masters: number;
  replicasPerMaster?: number;
  /** SET-CONFIG-EPOCH 1..N on the masters (the `create` script does); false leaves every epoch 0. */
  setEpochs?: boolean;
  /** "star": every node meets n0 (the `create` script); "chain": node i meets node i-1 (gossip's slowest case). */
  meet?: "star" | "chain";
  /** CONFIG SET on every node before it meets the others (e.g. cluster-replica-no-failover yes). */
  config?: Record<string, string>;
}

export function expectOk(r: Reply, what: string): void {
  if (r.t !== "simple" || r.v !== "OK") throw new Error(`${what}: ${JSON.stringify(r)}`);
}

/** The slot range of master i of n (the even split `create` makes). */
export function slotRange(i: number, masters: number): [number, number] {
  return [Math.floor((i * CLUSTER_SLOTS) / masters), Math.floor(((i + 1) * CLUSTER_SLOTS) / masters) - 1];
}

/**
 * Adds nodes n0.. (masters first, then replica j of master i at masters + i*r + j), starts and
 * configures them, gives the masters their slots and epochs, then sends every MEET at once.
 * Returns the names; does not wait for convergence.
 */
export async function bootstrap(sim: Sim, layout: Layout): Promise<string[]> {
  const total = layout.masters * (1 + (layout.replicasPerMaster ?? 0));
  const names = Array.from({ length: total }, (_, i) => `n${i}`);
  for (const name of names) sim.addNode(name);
  await startApart(sim, names, layout.config ?? {});
  for (let i = 0; i < layout.masters; i++) {
    const [start, end] = slotRange(i, layout.masters);
    expectOk(await sim.command(names[i]!, "CLUSTER", "ADDSLOTSRANGE", String(start), String(end)), `ADDSLOTSRANGE on ${names[i]}`);
    if (layout.setEpochs ?? true) expectOk(await sim.command(names[i]!, "CLUSTER", "SET-CONFIG-EPOCH", String(i + 1)), "SET-CONFIG-EPOCH");
  }
  const meets = await sim.commands(names.slice(1).map((name, i) => [name, "CLUSTER", "MEET", layout.meet === "chain" ? names[i]! : names[0]!, "6379"]));
  meets.forEach((r, i) => expectOk(r, `MEET from ${names[i + 1]}`));
  return names;
}

/**
 * A node's first call arms its cron, and CONFIG SET re-arms it: each node gets that call (its
 * CONFIG SET, or a PING) at its own random moment within one cron interval, as nodes created
 * one by one would. Started in step, crons tick in lockstep and gossip moves about one hop per
 * round: a chain of 20 MEETs took twice the rounds.
 */
async function startApart(sim: Sim, names: string[], config: Record<string, string>): Promise<void> {
  const rng = new Rng(sim.seed ^ 0x57a27ed);
  const starts = names.map((name) => ({ name, at: sim.now + rng.int(sim.cronMs) })).sort((a, b) => a.at - b.at);
  const argv = Object.keys(config).length > 0 ? ["CONFIG", "SET", ...Object.entries(config).flat()] : ["PING"];
  const replies: Promise<Reply[]>[] = [];
  for (const { name, at } of starts) {
    await sim.runFor(at - sim.now);
    replies.push(sim.execute(name, [argv], ADMIN));
  }
  const out = await sim.settle(Promise.all(replies));
  if (!out.ok) throw new Error(`seed ${sim.seed}: starting the nodes: ${String(out.error)}`);
  out.value.forEach(([r], i) => {
    if (r!.t === "error") throw new Error(`${argv.join(" ")} on ${starts[i]!.name}: ${r!.v}`);
  });
}

/** Masters "a" and "b", half the slots each, both at configEpoch `epoch`, then MEET: a collision to resolve. */
export async function twoMastersOneEpoch(sim: Sim, epoch: number): Promise<void> {
  sim.addNode("a");
  sim.addNode("b");
  expectOk(await sim.command("a", "CLUSTER", "ADDSLOTSRANGE", "0", "8191"), "addslots a");
  expectOk(await sim.command("b", "CLUSTER", "ADDSLOTSRANGE", "8192", "16383"), "addslots b");
  expectOk(await sim.command("a", "CLUSTER", "SET-CONFIG-EPOCH", String(epoch)), "epoch a");
  expectOk(await sim.command("b", "CLUSTER", "SET-CONFIG-EPOCH", String(epoch)), "epoch b");
  expectOk(await sim.command("a", "CLUSTER", "MEET", "b", "6379"), "meet");
}

/** Waits until every node agrees on membership, roles, epochs and the slot map, and reports ok. */
export async function converge(sim: Sim, budgetMs: number): Promise<void> {
  if ((await sim.runUntil(() => convergenceProblem(sim) === null && allOk(sim), budgetMs)) === null) {
    throw new Error(`seed ${sim.seed}: no convergence: ${convergenceProblem(sim)}`);
  }
}

/** bootstrap, convergence, CLUSTER REPLICATE on the replicas, convergence. */
export async function createCluster(sim: Sim, layout: Layout, budgetMs = 120_000): Promise<string[]> {
  const names = await bootstrap(sim, layout);
  await converge(sim, budgetMs);
  const r = layout.replicasPerMaster ?? 0;
  if (r === 0) return names;
  for (let i = 0; i < layout.masters; i++) {
    for (let j = 0; j < r; j++) {
      const replica = names[layout.masters + i * r + j]!;
      expectOk(await sim.command(replica, "CLUSTER", "REPLICATE", sim.state(names[i]!).myself.id), `REPLICATE on ${replica}`);
    }
  }
  await converge(sim, budgetMs);
  return names;
}

const isMaster = (s: ClusterState): boolean => (s.myself.flags & NodeFlag.MASTER) !== 0;

/**
 * The invariant of every instant: no slot claimed by two masters with the same configEpoch.
 * Cheap enough for every event: only masters that share an epoch have their bitmaps compared.
 * Returns the colliding epoch and a description, or null.
 */
export function slotCollision(states: ClusterState[]): { epoch: number; what: string } | null {
  const byEpoch = new Map<number, ClusterState[]>();
  for (const s of states) {
    if (!isMaster(s) || s.myself.numSlots === 0) continue;
    const group = byEpoch.get(s.myself.configEpoch);
    if (group) group.push(s);
    else byEpoch.set(s.myself.configEpoch, [s]);
  }
  for (const [epoch, group] of byEpoch) {
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        const x = group[a]!.myself.slots;
        const y = group[b]!.myself.slots;
        for (let i = 0; i < x.length; i++) {
          if ((x[i]! & y[i]!) !== 0) {
            return { epoch, what: `a slot near ${i * 8} claimed by ${group[a]!.myself.name} and ${group[b]!.myself.name} with configEpoch ${epoch}` };
          }
        }
      }
    }
  }
  return null;
}

/** The node that claims `slot` as its master (the true owner after convergence), or null. */
export function ownerOf(sim: Sim, slot: number): string | null {
  for (const s of sim.states()) {
    if (isMaster(s) && (s.myself.slots[slot >> 3]! & (1 << (slot & 7))) !== 0) return s.myself.name;
  }
  return null;
}

/** Every replica has its master's offset and the same data (a digest of the whole keyspace). */
export function replicationProblem(sim: Sim): string | null {
  for (const rt of sim.runtimes()) {
    const master = rt.cluster.state.myself.slaveof;
    if (!master) continue;
    if (!sim.isUp(master.name)) return `${rt.name}: its master ${master.name} is down`;
    const m = sim.runtime(master.name);
    if (rt.repl.state.link?.state !== "connected") return `${rt.name}: link to ${master.name} is ${rt.repl.state.link?.state ?? "absent"}`;
    if (rt.repl.state.master_repl_offset !== m.repl.state.master_repl_offset) {
      return `${rt.name} at offset ${rt.repl.state.master_repl_offset}, its master ${master.name} at ${m.repl.state.master_repl_offset}`;
    }
    if (keyspaceDigest(rt.db) !== keyspaceDigest(m.db)) return `${rt.name} holds other data than its master ${master.name}`;
  }
  return null;
}

/** The integers in the list `key` as `node` holds it now (empty if absent), read from its keyspace. */
export function listOn(sim: Sim, node: string, key: string): number[] {
  const rt = sim.runtime(node);
  rt.db.now = sim.now;
  const meta = rt.db.meta(key);
  const value = meta ? rt.db.readValue(meta) : null;
  return value?.type === "list" ? value.items.map(Number) : [];
}
