/**
 * `reshard` and `rebalance`: plan with slot-plan.ts, refuse on a cluster that is not clean (as
 * redis-cli does: "Please fix your cluster problems"), then move the slots batch by batch with
 * slot-mover.ts under a progress bar.
 */
import { CliError, load, type CliContext } from "./cluster-context";
import { masters, type ClusterView } from "./cluster-view";
import { moveSlots } from "./slot-mover";
import { moveSlotsAtomic } from "./slot-mover-atomic";
import { PlanError, planRebalance, planReshard, parseWeights, rebalanceMoves, type RebalancePlan, type SlotMove } from "./slot-plan";

function assertClean(v: ClusterView): void {
  const open = v.nodes.some((n) => n.migrating.size > 0 || n.importing.size > 0);
  if (!v.agree || open || v.unreachable.length > 0) {
    throw new CliError("*** Please fix your cluster problems before resharding (run `check`, then `fix`)");
  }
}

function planned<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PlanError) throw new CliError(e.message, { cause: e });
    throw e;
  }
}

/** Carries out `moves` in order, grouped into runs with the same source and target. */
export async function executeMoves(ctx: CliContext, v: ClusterView, moves: SlotMove[], label: string): Promise<number> {
  const bar = ctx.out.progress(label, moves.length);
  const ms = masters(v);
  for (let i = 0; i < moves.length; ) {
    let j = i;
    while (j < moves.length && moves[j]!.from === moves[i]!.from && moves[j]!.to === moves[i]!.to) j++;
    const src = ms.find((m) => m.name === moves[i]!.from)!;
    const dst = ms.find((m) => m.name === moves[i]!.to)!;
    const others = ms.filter((m) => m !== src && m !== dst);
    const slots = moves.slice(i, j).map((m) => m.slot);
    if (ctx.move.atomic) {
      await moveSlotsAtomic(ctx.opts, src, dst, slots, (keys) => bar.advance(0, keys));
      bar.advance(slots.length, 0);
    } else {
      await moveSlots(ctx.opts, src, dst, others, slots, ctx.move, (_, keys) => bar.tick(keys));
    }
    i = j;
  }
  const keys = bar.movedKeys;
  ctx.out.endProgress();
  return keys;
}

const slotLists = (v: ClusterView) => masters(v).map((m) => ({ name: m.name, slots: m.slots }));

export async function reshard(ctx: CliContext, from: string[] | "all", to: string, numSlots: number): Promise<{ moves: SlotMove[]; keys: number }> {
  const v = await load(ctx);
  assertClean(v);
  const moves = planned(() => planReshard(slotLists(v), from, to, numSlots));
  ctx.out.line(`Ready to move ${numSlots} slots.`);
  ctx.out.line(`  Source nodes: ${[...new Set(moves.map((m) => m.from))].join(", ")}`);
  ctx.out.line(`  Destination node: ${to}`);
  const keys = await executeMoves(ctx, v, moves, "resharding");
  ctx.out.line(`[OK] Moved ${moves.length} slots (${keys} keys) to ${to}.`);
  return { moves, keys };
}

export interface RebalanceArgs {
  weights: string[];
  useEmptyMasters: boolean;
  thresholdPct?: number;
  /** Print the plan only (redis-cli's --cluster-simulate). */
  simulate: boolean;
}

export async function rebalance(ctx: CliContext, a: RebalanceArgs): Promise<RebalancePlan & { keys: number }> {
  const v = await load(ctx);
  assertClean(v);
  const lists = slotLists(v);
  const weights = planned(() => parseWeights(a.weights, lists.map((m) => m.name)));
  const plan = planned(() => planRebalance(lists, { weights, useEmptyMasters: a.useEmptyMasters, thresholdPct: a.thresholdPct }));
  if (!plan.needed) {
    ctx.out.line(`*** No rebalancing needed! All nodes are within the ${(a.thresholdPct ?? 2).toFixed(2)}% threshold.`);
    return { ...plan, keys: 0 };
  }
  ctx.out.line(`>>> Rebalancing across ${plan.involved.length} nodes. Total weight = ${plan.totalWeight.toFixed(2)}`);
  for (const t of plan.transfers) ctx.out.line(`Moving ${t.slots.length} slots from ${t.from} to ${t.to}`);
  if (a.simulate) return { ...plan, keys: 0 };
  const moves = rebalanceMoves(plan);
  const keys = await executeMoves(ctx, v, moves, "rebalancing");
  ctx.out.line(`[OK] Moved ${moves.length} slots (${keys} keys).`);
  return { ...plan, keys };
}
