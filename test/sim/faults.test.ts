/**
 * Property: whatever the fault schedule, once faults stop the cluster agrees on one slot map
 * (and roles, and epochs) within a bounded time, and no slot is owned by two masters with the
 * same configEpoch. fast-check draws the seeds; each seed derives the whole schedule.
 * Replay one seed: SIM_SEED=<seed> npx vitest run test/sim/faults.test.ts
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runFaultScenario } from "./faults";

const REPLAY = process.env.SIM_SEED;
/**
 * Seeds that once found a bug, replayed on every run:
 * - 1295745219: BUMPEPOCH in a minority and an election in the majority minted the same epoch
 *   (now: slot safety is checked only until the first operator action, as Redis allows this);
 * - 627770705: two nodes flagging each other FAIL pinged each other back forever (a message storm).
 */
const REGRESSION_SEEDS = [1295745219, 627770705];
const RUNS = Number(process.env.SIM_RUNS ?? 25);

function check(seed: number): number {
  const replay = `SIM_SEED=${seed} npx vitest run test/sim/faults.test.ts`;
  let run: ReturnType<typeof runFaultScenario>;
  try {
    run = runFaultScenario(seed);
  } catch (e) {
    throw new Error(`${(e as Error).message}\nreplay: ${replay}`, { cause: e });
  }
  const detail = `seed ${seed} (${run.params}): ${run.problem}\nactions:\n  ${run.actions.join("\n  ")}\nreplay: ${replay}`;
  expect(run.convergedAfterMs, detail).not.toBeNull();
  return run.convergedAfterMs!;
}

describe("random fault schedules", () => {
  if (REPLAY) {
    it(`replays seed ${REPLAY}`, () => {
      const run = runFaultScenario(Number(REPLAY));
      console.log(`[sim] seed=${REPLAY} ${run.params}\n  ${run.actions.join("\n  ")}\n  converged after ${run.convergedAfterMs} ms`);
      console.log([...run.events].map(([k, v]) => `  ${v}\t${k}`).join("\n"));
      check(Number(REPLAY));
    }, 600_000);
    return;
  }

  it("past failures stay fixed", () => {
    for (const seed of REGRESSION_SEEDS) check(seed);
  }, 600_000);

  it("converge to one slot map with unique configEpochs after the faults stop", () => {
    const times: number[] = [];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        times.push(check(seed));
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20240601) },
    );
    times.sort((a, b) => a - b);
    console.log(`[sim] ${RUNS} fault schedules: convergence after heal (ms) min=${times[0]} ` +
      `median=${times[times.length >> 1]} max=${times[times.length - 1]}`);
  }, 600_000);
});
