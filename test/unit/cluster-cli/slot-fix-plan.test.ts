/**
 * `fix` planning (scripts/lib/slot-fix-plan.ts): a slot left open by an interrupted reshard is
 * finished or rolled back as redis-cli 7.0 does, and unassigned slots get owners.
 */
import { describe, expect, it } from "vitest";
import { planCoverage, planOpenSlotFix, type SlotHolder } from "../../../scripts/lib/slot-fix-plan";

const node = (name: string, o: Partial<SlotHolder> = {}): SlotHolder => ({ name, id: `${name}-id`, owns: false, keys: 0, ...o });

describe("open slot fix", () => {
  it("finishes a move interrupted before any key moved (case 1)", () => {
    const plan = planOpenSlotFix(7, [
      node("a", { owns: true, migratingTo: "b-id", keys: 3 }), node("b", { importingFrom: "a-id" }), node("c"),
    ]);
    expect(plan).toMatchObject({ fixable: true, case: "finish-move", steps: [{ kind: "move", from: "a", to: "b", cold: false }] });
  });

  it("finishes a move interrupted with keys on both sides from the node claiming the slot (case 1; redis-cli would pick the node with more keys)", () => {
    const plan = planOpenSlotFix(7, [
      node("a", { owns: true, migratingTo: "b-id", keys: 3 }), node("b", { importingFrom: "a-id", keys: 2 }),
    ]);
    expect(plan.fixable && plan.case).toBe("finish-move");
    if (!plan.fixable) return;
    // b holds keys without claiming the slot: it is told the owner and stays importing (redis-cli's give-way).
    expect(plan.steps).toEqual([{ kind: "give-way", node: "b", owner: "a" }, { kind: "move", from: "a", to: "b", cold: false }]);
  });

  it("keeps the claimant as owner when a leftover copy ties it on keys (simulator seed 303668545)", () => {
    const plan = planOpenSlotFix(8369, [
      node("b", { importingFrom: "a-id", keys: 1 }), node("a", { owns: true, migratingTo: "b-id", keys: 1 }),
    ]);
    expect(plan).toMatchObject({ fixable: true, case: "finish-move", steps: [{ kind: "give-way", node: "b", owner: "a" }, { kind: "move", from: "a", to: "b", cold: false }] });
  });

  it("rolls back a slot only the source opened (case 4)", () => {
    const plan = planOpenSlotFix(7, [node("a", { owns: true, migratingTo: "b-id", keys: 3 }), node("b")]);
    expect(plan).toMatchObject({ fixable: true, case: "roll-back", steps: [{ kind: "stable", node: "a" }] });
  });

  it("closes a target left importing with no keys, announcing the owner (case 2)", () => {
    const plan = planOpenSlotFix(7, [node("a", { owns: true, keys: 3 }), node("b", { importingFrom: "a-id" })]);
    expect(plan.fixable).toBe(true);
    if (!plan.fixable) return;
    expect(plan.case).toBe("keys-to-owner");
    expect(plan.steps).toEqual([
      { kind: "move", from: "b", to: "a", cold: true }, { kind: "stable", node: "b" }, { kind: "announce", owner: "a" },
    ]);
  });

  it("after the target took the slot but the source still claims it, the node with the most keys wins", () => {
    const plan = planOpenSlotFix(7, [
      node("a", { owns: true, migratingTo: "b-id", keys: 1 }), node("b", { owns: true, keys: 5 }),
    ]);
    expect(plan.fixable).toBe(true);
    if (!plan.fixable) return;
    expect(plan.steps[0]).toEqual({ kind: "set-owner", node: "b", clear: true });
    expect(plan.steps).toContainEqual({ kind: "give-way", node: "a", owner: "b" });
    expect(plan.steps).toContainEqual({ kind: "move", from: "a", to: "b", cold: true });
  });

  it("finishes towards the migrating node's target among several empty importers (case 3)", () => {
    const plan = planOpenSlotFix(7, [
      node("a", { owns: true, migratingTo: "c-id", keys: 4 }), node("b", { importingFrom: "a-id" }), node("c", { importingFrom: "a-id" }),
    ]);
    expect(plan).toMatchObject({
      fixable: true, case: "close-extra-importers",
      steps: [{ kind: "move", from: "a", to: "c", cold: false }, { kind: "stable", node: "b" }],
    });
  });

  it("refuses what redis-cli refuses, with its message", () => {
    const plan = planOpenSlotFix(7, [
      node("a", { owns: true, migratingTo: "b-id", keys: 4 }), node("b", { migratingTo: "a-id", keys: 0 }),
    ]);
    expect(plan.fixable).toBe(false);
    if (plan.fixable) return;
    expect(plan.message).toMatch(/^\[ERR\] Sorry, redis-cli can't fix this slot yet/);
  });
});

describe("coverage fix", () => {
  it("gives a slot to the master holding its keys, the one with most when several do", () => {
    const fixes = planCoverage([1, 2], new Map([[1, [{ name: "b", keys: 2 }]], [2, [{ name: "a", keys: 1 }, { name: "c", keys: 9 }]]]), new Map([["a", 10], ["b", 10], ["c", 10]]));
    expect(fixes).toEqual([{ slot: 1, owner: "b", moveFrom: [] }, { slot: 2, owner: "c", moveFrom: ["a"] }]);
  });

  it("spreads slots without keys over the masters with the fewest slots", () => {
    const fixes = planCoverage([5, 6, 7], new Map(), new Map([["a", 3], ["b", 1], ["c", 2]]));
    expect(fixes.map((f) => f.owner)).toEqual(["b", "b", "c"]);
  });
});
