/** Building clusters the way `redis-cli --cluster create` does, inside a Sim. */
import { CLUSTER_SLOTS } from "../../src/commands/slot";
import type { Reply } from "../../src/resp/reply";
import { convergenceProblem } from "./checks";
import type { Sim } from "./sim";

export interface Layout {
  masters: number;
  replicasPerMaster?: number;
  /** SET-CONFIG-EPOCH 1..N on the masters (redis-cli does); false leaves every epoch 0. */
  setEpochs?: boolean;
  /** "chain": node i meets node i-1; "star": every node meets node 0. */
  meet?: "chain" | "star";
}

export function expectOk(r: Reply, what: string): void {
  if (r.t !== "simple" || r.v !== "OK") throw new Error(`${what}: ${JSON.stringify(r)}`);
}

/** Adds nodes n0..n(k-1), assigns slots evenly to the masters, issues the MEETs. */
export function bootstrap(sim: Sim, layout: Layout): string[] {
  const total = layout.masters * (1 + (layout.replicasPerMaster ?? 0));
  const names = Array.from({ length: total }, (_, i) => `n${i}`);
  for (const name of names) sim.addNode(name);
  for (let i = 0; i < layout.masters; i++) {
    const start = Math.floor((i * CLUSTER_SLOTS) / layout.masters);
    const end = Math.floor(((i + 1) * CLUSTER_SLOTS) / layout.masters) - 1;
    expectOk(sim.command(names[i]!, "ADDSLOTSRANGE", String(start), String(end)), `ADDSLOTSRANGE on ${names[i]}`);
    if (layout.setEpochs ?? true) expectOk(sim.command(names[i]!, "SET-CONFIG-EPOCH", String(i + 1)), "SET-CONFIG-EPOCH");
  }
  for (let i = 1; i < total; i++) {
    const target = layout.meet === "star" ? names[0]! : names[i - 1]!;
    expectOk(sim.command(names[i]!, "MEET", target, "6379"), `MEET from ${names[i]}`);
  }
  return names;
}

/** After membership converged: replica j of master i is node masters + i*r + j. */
export function assignReplicas(sim: Sim, names: string[], layout: Layout): void {
  const r = layout.replicasPerMaster ?? 0;
  for (let i = 0; i < layout.masters; i++) {
    const masterId = sim.state(names[i]!).myself.id;
    for (let j = 0; j < r; j++) {
      const replica = names[layout.masters + i * r + j]!;
      expectOk(sim.command(replica, "REPLICATE", masterId), `REPLICATE on ${replica}`);
    }
  }
}

/** bootstrap + wait + replicas + wait; throws with the checker's reason if it never converges. */
export function createCluster(sim: Sim, layout: Layout, budgetMs = 120_000): string[] {
  const names = bootstrap(sim, layout);
  const replicas = layout.replicasPerMaster ?? 0;
  if (replicas > 0) {
    if (sim.runUntil(() => convergenceProblem(sim) === null, budgetMs) === null) {
      throw new Error(`seed ${sim.seed}: no membership convergence: ${convergenceProblem(sim)}`);
    }
    assignReplicas(sim, names, layout);
  }
  if (sim.runUntil(() => convergenceProblem(sim) === null, budgetMs) === null) {
    throw new Error(`seed ${sim.seed}: no convergence: ${convergenceProblem(sim)}`);
  }
  return names;
}
