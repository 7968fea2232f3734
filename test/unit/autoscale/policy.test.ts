/** The autoscaling policy (src/autoscale/policy.ts). */
import { describe, expect, it } from "vitest";
import { autoscaleConfig, decide, DEFAULT_AUTOSCALE, INITIAL_POLICY_STATE, type MasterReport, type PolicyState } from "../../../src/autoscale/policy";

const cfg = { ...DEFAULT_AUTOSCALE, mode: "on" as const, sustainMs: 120_000, cooldownMs: 300_000, minMasters: 3, maxMasters: 4 };
const MIB = 1024 * 1024;

/** Ticks every minute with each master doing `rates[i]` ops/s; returns the decisions. */
function run(rates: number[][], bytes = 10 * MIB, state: PolicyState = INITIAL_POLICY_STATE) {
  let s = state;
  const totals = new Map<string, number>();
  const out = [];
  for (const [t, perMaster] of rates.entries()) {
    const reports: MasterReport[] = perMaster.map((r, i) => {
      const name = `node-${i}`;
      totals.set(name, (totals.get(name) ?? 0) + r * 60);
      return { name, commands: totals.get(name)!, bytes };
    });
    const d = decide(cfg, s, reports, t * 60_000);
    s = d.state;
    out.push(d.decision);
  }
  return out;
}

describe("autoscale policy", () => {
  it("adds a master only after the load stayed over the threshold for the sustain time", () => {
    const d = run([[0, 0, 0], [900, 10, 10], [900, 10, 10], [900, 10, 10], [900, 10, 10]]);
    expect(d.map((x) => x.action)).toEqual(["none", "none", "none", "add-master", "none"]);
    expect(d[3]!.reason).toMatch(/hot: node-0 900 ops\/s/);
    expect(d[4]!.reason).toMatch(/cooling down|hot/);
  });

  it("a dip resets the sustain clock", () => {
    const d = run([[0, 0, 0], [900, 0, 0], [900, 0, 0], [100, 100, 100], [900, 0, 0], [900, 0, 0]]);
    expect(d.every((x) => x.action === "none")).toBe(true);
  });

  it("respects the max master count, and removes the idlest master when every one is cold", () => {
    expect(run([[0, 0, 0, 0], [900, 0, 0, 0], [900, 0, 0, 0], [900, 0, 0, 0]]).at(-1)!.reason).toMatch(/already 4 masters/);
    const cold = run([[0, 0, 0, 0], [5, 2, 9, 7], [5, 2, 9, 7], [5, 2, 9, 7]]);
    expect(cold.at(-1)).toMatchObject({ action: "remove-master", master: "node-1" });
    expect(run([[0, 0, 0], [1, 1, 1], [1, 1, 1], [1, 1, 1]]).at(-1)!.reason).toMatch(/only 3 masters/);
  });

  it("stored bytes make a master hot too", () => {
    const d = run([[0, 0, 0], [1, 1, 1], [1, 1, 1], [1, 1, 1]], 5 * 1024 ** 3);
    expect(d.at(-1)!.action).toBe("add-master");
  });

  it("reads its configuration from the vars, off by default", () => {
    expect(autoscaleConfig({}).mode).toBe("off");
    expect(autoscaleConfig({ AUTOSCALE_MODE: "dry-run", AUTOSCALE_MAX_MASTERS: "6", AUTOSCALE_UP_OPS_PER_SEC: "bad" })).toMatchObject({
      mode: "dry-run", maxMasters: 6, upOpsPerSec: DEFAULT_AUTOSCALE.upOpsPerSec,
    });
  });
});
