/**
 * A campaign of random fault schedules run by vitest, for when scripts/sim-soak.ts cannot run:
 * under `tsx`, loading the simulator fails on src/commands/docs/redis-7.0.json (tsx turns the JSON
 * into a module with an export named `eval`, a syntax error), while vitest loads it fine.
 * Skipped unless SIM_SOAK_RUNS is set. Seeds are SIM_SOAK_SEED, SIM_SOAK_SEED + 1, ...; every
 * schedule runs (a failure does not stop the campaign), each failure prints its replay, and the
 * record goes to docs/bench/sim-soak-<kind>.json (bench/lib.ts) or $BENCH_JSON.
 *
 *   SIM_SOAK_RUNS=300 SIM_SOAK_SEED=1 SIM_KIND=per-slot npx vitest run --project unit test/sim/soak.test.ts
 */
import { describe, expect, it } from "vitest";
import { saveRun, startRun } from "../../scripts/bench/lib";
import { runSchedule, type MigrateKind, type ScheduleRun } from "./schedule";

const RUNS = Number(process.env.SIM_SOAK_RUNS ?? 0);
const BASE = Number(process.env.SIM_SOAK_SEED ?? 1);
const KIND = process.env.SIM_KIND as MigrateKind | undefined;

describe.skipIf(RUNS === 0)("a soak of random fault schedules", () => {
  it(`runs ${RUNS} schedules from seed ${BASE} (${KIND ?? "drawn"} slot moves)`, async () => {
    process.env.BENCH_JSON ??= `docs/bench/sim-soak-${KIND ?? "drawn"}.json`;
    const record = startRun(new URL("../../scripts/sim-soak.ts", import.meta.url).href, { runs: RUNS, seed: BASE, kind: KIND ?? "drawn", runner: "test/sim/soak.test.ts" });
    const started = Date.now();
    const results: ScheduleRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const seed = BASE + i;
      const r = await runSchedule(seed, KIND ? { migrating: true, migrateKind: KIND } : {});
      results.push(r);
      if (r.outcome !== "ok" && r.outcome !== "operator-epoch-collision") {
        console.log(`FAIL seed ${seed} (${r.params}): ${r.outcome}: ${r.problem}\n  ${r.actions.join("\n  ")}\n` +
          `  replay: SIM_SEED=${seed}${KIND ? ` SIM_KIND=${KIND}` : ""} npx vitest run test/sim/schedules.test.ts`);
      }
    }
    const count = (o: string): number => results.filter((r) => r.outcome === o).length;
    const sum = (f: (r: ScheduleRun) => number): number => results.reduce((n, r) => n + f(r), 0);
    const summary = {
      runs: RUNS, base: BASE, kind: KIND ?? "drawn", seconds: Math.round((Date.now() - started) / 1000),
      outcomes: { ok: count("ok"), violation: count("violation"), "operator-epoch-collision": count("operator-epoch-collision"), "no-convergence": count("no-convergence") },
      failovers: sum((r) => r.failovers),
      data: {
        writes: sum((r) => r.data?.writes ?? 0), acked: sum((r) => r.data?.acked ?? 0), waited: sum((r) => r.data?.durable ?? 0),
        lostAcked: sum((r) => r.data?.lostAcked ?? 0), lostWaited: sum((r) => r.data?.lostDurable ?? 0),
      },
    };
    const report = `sim soak: ${RUNS} schedules (seeds ${BASE}-${BASE + RUNS - 1}, ${summary.kind} slot moves) in ${summary.seconds} s: ` +
      `${JSON.stringify(summary.outcomes)}; failovers ${summary.failovers}; ${JSON.stringify(summary.data)}`;
    console.log(report);
    saveRun(record, { summary, failures: results.filter((r) => r.outcome !== "ok") }, report);
    expect(summary.outcomes.violation + summary.outcomes["no-convergence"]).toBe(0);
  }, 24 * 3600_000);
});
