/**
 * Reshard and rebalance planning (scripts/lib/slot-plan.ts), checked against redis-cli 7.0's rules:
 * proportional reshard tables, weighted rebalance converging to within the threshold, empty masters
 * left out unless asked for, and del-node's refusal of a node that still serves slots.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLUSTER_SLOTS } from "../../../scripts/lib/cluster-view";
import {
  applyMoves, delNodeRefusal, parseWeights, PlanError, planRebalance, planReshard, rebalanceMoves, reshardTable,
  type MasterSlots,
} from "../../../scripts/lib/slot-plan";

const range = (s: number, e: number) => Array.from({ length: e - s + 1 }, (_, i) => s + i);
const THREE: MasterSlots[] = [
  { name: "node-0", slots: range(0, 5460) }, { name: "node-1", slots: range(5461, 10922) }, { name: "node-2", slots: range(10923, 16383) },
];
const withEmpty = (...extra: string[]) => [...THREE, ...extra.map((name) => ({ name, slots: [] }))];

/** Splits 16384 slots over `counts.length` masters with those slot counts (rest to the last). */
function layout(counts: number[]): MasterSlots[] {
  let next = 0;
  return counts.map((c, i) => {
    const n = i === counts.length - 1 ? CLUSTER_SLOTS - next : Math.min(c, CLUSTER_SLOTS - next);
    const slots = range(next, next + n - 1);
    next += n;
    return { name: `node-${i}`, slots };
  });
}

const countsOf = (ms: MasterSlots[]) => Object.fromEntries(ms.map((m) => [m.name, m.slots.length]));

describe("reshard planning", () => {
  it("takes the lowest slots of a single source", () => {
    const moves = planReshard(THREE, ["node-1"], "node-0", 3);
    expect(moves).toEqual([5461, 5462, 5463].map((slot) => ({ slot, from: "node-1", to: "node-0" })));
  });

  it("splits 'all' in proportion to each source's slots, the largest rounding up", () => {
    const table = reshardTable([{ name: "a", slots: range(0, 99) }, { name: "b", slots: range(100, 149) }], 10);
    expect(table.filter((t) => t.from === "a")).toHaveLength(7);
    expect(table.filter((t) => t.from === "b")).toHaveLength(3);
    const moves = planReshard(withEmpty("node-3"), "all", "node-3", 4096);
    expect(moves).toHaveLength(4096);
    expect(new Set(moves.map((m) => m.from))).toEqual(new Set(["node-0", "node-1", "node-2"]));
  });

  it("refuses an unknown target, the target as a source and more slots than the sources hold", () => {
    expect(() => planReshard(THREE, ["node-0"], "node-9", 1)).toThrow(PlanError);
    expect(() => planReshard(THREE, ["node-0"], "node-0", 1)).toThrow(/target node as source/);
    expect(() => planReshard(THREE, ["node-0"], "node-1", 6000)).toThrow(/fewer than/);
    expect(() => planReshard(THREE, ["node-0"], "node-1", 0)).toThrow(/between 1 and 16384/);
  });
});

describe("rebalance planning", () => {
  it("needs nothing when every master is within the threshold", () => {
    const plan = planRebalance(THREE);
    expect(plan.needed).toBe(false);
    expect(plan.transfers).toEqual([]);
  });

  it("leaves an empty master out unless --use-empty-masters", () => {
    expect(planRebalance(withEmpty("node-3")).needed).toBe(false);
    const plan = planRebalance(withEmpty("node-3"), { useEmptyMasters: true });
    expect(plan.involved.map((n) => n.name)).toContain("node-3");
    expect(countsOf(applyMoves(withEmpty("node-3"), rebalanceMoves(plan)))).toEqual({ "node-0": 4096, "node-1": 4096, "node-2": 4096, "node-3": 4096 });
    expect(plan.transfers.every((t) => t.to === "node-3")).toBe(true);
  });

  it("gives masters slots in proportion to their weights, and weight 0 empties a master", () => {
    const four = withEmpty("node-3");
    const plan = planRebalance(four, { useEmptyMasters: true, weights: { "node-3": 2 } });
    const after = countsOf(applyMoves(four, rebalanceMoves(plan)));
    expect(after["node-3"]).toBeGreaterThanOrEqual(6553);
    expect(after["node-3"]! - after["node-0"]!).toBeGreaterThan(3200);
    const drained = countsOf(applyMoves(THREE, rebalanceMoves(planRebalance(THREE, { weights: { "node-0": 0 } }))));
    expect(drained).toEqual({ "node-0": 0, "node-1": 8192, "node-2": 8192 });
  });

  it("converges to within the threshold from any layout, moving each slot at most once", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 2, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 8, maxLength: 8 }), (counts, ws) => {
        const before = layout(counts).filter((m) => m.slots.length > 0);
        const weights = Object.fromEntries(before.map((m, i) => [m.name, ws[i]!]));
        const plan = planRebalance(before, { weights });
        const moves = rebalanceMoves(plan);
        expect(new Set(moves.map((m) => m.slot)).size).toBe(moves.length);
        const after = applyMoves(before, moves);
        expect(after.reduce((n, m) => n + m.slots.length, 0)).toBe(CLUSTER_SLOTS);
        const again = planRebalance(after, { weights });
        expect(again.needed).toBe(false);
        // A rebalance that ran lands each master within rounding of its share, not just the threshold.
        if (plan.needed) for (const n of again.involved) expect(Math.abs(n.slots - n.expected)).toBeLessThanOrEqual(before.length);
      }),
      { numRuns: 200 },
    );
  });

  it("respects the threshold: a master 42% short is rebalanced at 2%, tolerated at 50%", () => {
    const skewed = layout([4500, 4500, 4500, 2884]);
    expect(planRebalance(skewed).needed).toBe(true);
    expect(planRebalance(skewed, { thresholdPct: 50 }).needed).toBe(false);
  });

  it("parses --weight name=w and refuses unknown masters and bad numbers", () => {
    expect(parseWeights(["node-0=2", "node-1=0.5"], ["node-0", "node-1"])).toEqual({ "node-0": 2, "node-1": 0.5 });
    expect(() => parseWeights(["node-7=1"], ["node-0"])).toThrow(/No such master node node-7/);
    expect(() => parseWeights(["node-0"], ["node-0"])).toThrow(/invalid input/);
    expect(() => parseWeights(["node-0=x"], ["node-0"])).toThrow(/invalid input/);
  });
});

describe("del-node", () => {
  it("refuses a node that still holds slots, with redis-cli's message", () => {
    expect(delNodeRefusal({ name: "node-3", port: 6379, slots: [1, 2] })).toBe(
      "[ERR] Node node-3:6379 is not empty! Reshard data away and try again.",
    );
  });

  it("accepts a node without slots", () => {
    expect(delNodeRefusal({ name: "node-3", port: 6379, slots: [] })).toBeNull();
  });
});
