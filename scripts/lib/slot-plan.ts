/**
 * Which slots move where, as pure functions over "master name -> slots it serves", so reshard and
 * rebalance can be planned, printed (--json) and tested without a cluster. They follow
 * redis-cli --cluster (7.0): clusterManagerComputeReshardTable for reshard and the two-index walk
 * of clusterManagerCommandRebalance for rebalance, with its rounding and threshold rules.
 */
import { CLUSTER_SLOTS } from "./cluster-view";

export interface MasterSlots {
  name: string;
  /** Sorted slot numbers. */
  slots: number[];
}

export interface SlotMove {
  slot: number;
  from: string;
  to: string;
}

/** Caller misuse found while planning (unknown node, bad weight): `code` says which. */
export class PlanError extends Error {
  constructor(readonly code: "no-such-node" | "bad-input" | "not-empty", message: string) {
    super(message);
  }
}

/**
 * The slots to take from `sources` to move `numSlots`: each source gives in proportion to the
 * slots it has (the largest rounds up, the others down), lowest slot numbers first.
 */
export function reshardTable(sources: MasterSlots[], numSlots: number): { slot: number; from: string }[] {
  const total = sources.reduce((n, s) => n + s.slots.length, 0);
  const sorted = [...sources].sort((a, b) => b.slots.length - a.slots.length);
  const out: { slot: number; from: string }[] = [];
  sorted.forEach((src, i) => {
    const share = total === 0 ? 0 : (numSlots / total) * src.slots.length;
    const max = i === 0 ? Math.ceil(share) : Math.floor(share);
    for (const slot of src.slots.slice(0, max)) {
      if (out.length >= numSlots) break;
      out.push({ slot, from: src.name });
    }
  });
  return out;
}

/** reshard --from a,b|all --to t --slots N: the moves, or a PlanError naming the problem. */
export function planReshard(all: MasterSlots[], from: string[] | "all", to: string, numSlots: number): SlotMove[] {
  if (!all.some((m) => m.name === to)) throw new PlanError("no-such-node", `*** The specified node (${to}) is not known or not a master, please retry.`);
  if (!Number.isInteger(numSlots) || numSlots <= 0 || numSlots > CLUSTER_SLOTS) {
    throw new PlanError("bad-input", `*** Number of slots must be between 1 and ${CLUSTER_SLOTS}`);
  }
  const names = from === "all" ? all.map((m) => m.name).filter((n) => n !== to) : from;
  const sources = names.map((n) => {
    const m = all.find((x) => x.name === n);
    if (!m) throw new PlanError("no-such-node", `*** The specified node (${n}) is not known or is not a master, please retry.`);
    if (n === to) throw new PlanError("bad-input", "*** It is not possible to use the target node as source node.");
    return m;
  });
  const available = sources.reduce((n, s) => n + s.slots.length, 0);
  if (available < numSlots) throw new PlanError("bad-input", `*** The source nodes hold ${available} slots, fewer than the ${numSlots} to move.`);
  return reshardTable(sources, numSlots).map(({ slot, from: src }) => ({ slot, from: src, to }));
}

export interface RebalanceOptions {
  /** name -> weight (default 1); weight 0 empties a master. */
  weights?: Record<string, number>;
  /** Also give slots to masters that have none (otherwise they are left out). */
  useEmptyMasters?: boolean;
  /** Percent a master may stray from its share before anything moves (redis-cli's default: 2). */
  thresholdPct?: number;
}

export interface RebalancePlan {
  /** False when every master is within the threshold: nothing to move. */
  needed: boolean;
  totalWeight: number;
  /** The masters taking part, with their target slot counts. */
  involved: { name: string; weight: number; slots: number; expected: number }[];
  /** Batches in order: `slots` go from `from` to `to`. */
  transfers: { from: string; to: string; slots: number[] }[];
}

export const DEFAULT_THRESHOLD_PCT = 2;

/** Parses `name=w` items (--weight); a bad item or an unknown master is a PlanError. */
export function parseWeights(items: string[], masterNames: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    const w = Number(item.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(w) || w < 0) throw new PlanError("bad-input", `*** invalid input ${item}`);
    const name = item.slice(0, eq);
    if (!masterNames.includes(name)) throw new PlanError("no-such-node", `*** No such master node ${name}`);
    out[name] = w;
  }
  return out;
}

export function planRebalance(all: MasterSlots[], o: RebalanceOptions = {}): RebalancePlan {
  const threshold = o.thresholdPct ?? DEFAULT_THRESHOLD_PCT;
  const members = all.filter((m) => o.useEmptyMasters || m.slots.length > 0);
  const weightOf = (m: MasterSlots) => o.weights?.[m.name] ?? 1;
  const totalWeight = members.reduce((n, m) => n + weightOf(m), 0);
  if (totalWeight <= 0) throw new PlanError("bad-input", "*** The total weight of the masters is 0: nothing could serve the slots.");
  const nodes = members.map((m) => {
    const expected = Math.trunc((CLUSTER_SLOTS / totalWeight) * weightOf(m));
    return { name: m.name, weight: weightOf(m), slots: [...m.slots], expected, balance: m.slots.length - expected };
  });
  const over = (n: (typeof nodes)[number]) =>
    threshold > 0 && (n.slots.length > 0 ? Math.abs(100 - (100 * n.expected) / n.slots.length) > threshold : n.expected > 1);
  const involved = nodes.map(({ name, weight, slots, expected }) => ({ name, weight, slots: slots.length, expected }));
  if (!nodes.some(over)) return { needed: false, totalWeight, involved, transfers: [] };

  // The expected counts are truncated, so the balances may sum above 0: let the receivers take
  // the surplus one slot at a time, so every slot given has a taker.
  let surplus = nodes.reduce((n, x) => n + x.balance, 0);
  while (surplus > 0) {
    for (const n of nodes) {
      if (n.balance <= 0 && surplus > 0) {
        n.balance--;
        surplus--;
      }
    }
  }
  // Receivers (most negative) at the front, givers at the back; walk inwards.
  nodes.sort((a, b) => a.balance - b.balance || a.name.localeCompare(b.name));
  const transfers: RebalancePlan["transfers"] = [];
  let dst = 0;
  let src = nodes.length - 1;
  while (dst < src) {
    const d = nodes[dst]!;
    const s = nodes[src]!;
    const count = Math.min(Math.abs(d.balance), Math.abs(s.balance));
    if (count > 0) transfers.push({ from: s.name, to: d.name, slots: s.slots.splice(0, count) });
    d.balance += count;
    s.balance -= count;
    if (d.balance === 0) dst++;
    if (s.balance === 0) src--;
  }
  return { needed: true, totalWeight, involved, transfers };
}

/** del-node's refusal (redis-cli's words) when the node still serves slots, else null. */
export function delNodeRefusal(node: { name: string; port: number; slots: number[] }): string | null {
  return node.slots.length > 0 ? `[ERR] Node ${node.name}:${node.port} is not empty! Reshard data away and try again.` : null;
}

/** The slot counts after `moves` are applied (for checking a plan). */
export function applyMoves(all: MasterSlots[], moves: SlotMove[]): MasterSlots[] {
  const owner = new Map<number, string>();
  for (const m of all) for (const s of m.slots) owner.set(s, m.name);
  for (const mv of moves) owner.set(mv.slot, mv.to);
  return all.map((m) => ({ name: m.name, slots: [...owner].filter(([, n]) => n === m.name).map(([s]) => s).sort((a, b) => a - b) }));
}

/** A rebalance plan flattened to single-slot moves, in execution order. */
export function rebalanceMoves(plan: RebalancePlan): SlotMove[] {
  return plan.transfers.flatMap((t) => t.slots.map((slot) => ({ slot, from: t.from, to: t.to })));
}
