/**
 * Random fault schedules over real runtimes (see schedule.ts). CI runs a fresh random set of
 * seeds every run (printed, replayable) plus every regression seed.
 * Replay one: SIM_SEED=<seed> npx vitest run test/sim/schedules.test.ts
 * More: SIM_RUNS=50; a long campaign: npx tsx scripts/sim-soak.ts --runs 10000
 */
import { describe, expect, it } from "vitest";
import { runSchedule, type MigrateKind, type ScheduleOptions, type ScheduleRun } from "./schedule";

/**
 * Seeds that once found a bug, replayed on every run.
 * The old core-only simulator's two (1295745219: BUMPEPOCH in a minority minted the epoch the
 * majority's election took; 627770705: two masters flagging each other FAIL pinged each other
 * back and forth, a message storm) do not replay here, since these schedules draw other
 * parameters from a seed; each is a directed scenario instead, in scenarios/epoch-collision and
 * scenarios/failure-detection. The first soak of this simulator found a replication bug (seeds
 * 77463920 and 1101733438 of its first version: a master read the old master's "not a replica of
 * this node" as its replica leaving, and stalled the replica's full sync for repl-timeout); the
 * simulator's bootstrap changed since, so those seeds draw other schedules now, and the bug is
 * pinned by test/unit/replication/replica.test.ts ("a disconnect names the side ...").
 */
const REGRESSION_SEEDS: [number, ScheduleOptions][] = [
  // Found before schedules drew how slots move: replayed with atomic slot migration, as then.
  [515150257, { migrateKind: "atomic" }], // a master that crashed mid full sync ignored its replica's page requests (stalled for repl-timeout)
  [1619007149, { migrateKind: "atomic" }], // checker: the collision rule's epoch, set off by an operator's TAKEOVER, is unagreed too (was reported as a violation)
  [731107420, { migrateKind: "atomic" }], // a master deleted the keys of slots lost to a newer claim without telling its replicas (a slot migration's flip)
  // fix moved an importing node's leftover copies (a MIGRATE whose answer was lost) over the owner's newer values with REPLACE
  [1771006275, { migrating: true, migrateKind: "per-slot" }],
  // fix chose the importing node holding a leftover copy as the owner (a tie on keys), and dropped the claimant's newer value
  [303668545, { migrating: true, migrateKind: "per-slot" }],
  // a source whose epoch rose (a collision with the importer's unagreed bump) won its slot back just before handing it over: the importer deleted the keys, nobody owned the slot
  [1203, { migrating: true, migrateKind: "per-slot" }],
];
const RUNS = Number(process.env.SIM_RUNS ?? 6);
const REPLAY = process.env.SIM_SEED;
/** SIM_KIND=atomic|per-slot: every schedule migrates slots, that way (as sim-soak.ts --kind). */
const KIND = process.env.SIM_KIND as MigrateKind | undefined;
const OPTS: ScheduleOptions = KIND ? { migrating: true, migrateKind: KIND } : {};

function describeRun(r: ScheduleRun): string {
  return `seed ${r.seed} (${r.params}): ${r.outcome}${r.problem ? `: ${r.problem}` : ""}\n  data ${JSON.stringify(r.data)}\n  ` +
    `actions:\n    ${r.actions.join("\n    ")}\n  replay: SIM_SEED=${r.seed}${KIND ? ` SIM_KIND=${KIND}` : ""} npx vitest run test/sim/schedules.test.ts`;
}

async function check(seed: number, opts: ScheduleOptions = OPTS): Promise<ScheduleRun> {
  const r = await runSchedule(seed, opts);
  expect(["ok", "operator-epoch-collision"], describeRun(r)).toContain(r.outcome);
  return r;
}

describe("random fault schedules over the production runtime", () => {
  if (REPLAY) {
    it(`replays seed ${REPLAY}`, async () => {
      const r = await runSchedule(Number(REPLAY), OPTS);
      console.log(describeRun(r));
      expect(["ok", "operator-epoch-collision"]).toContain(r.outcome);
    }, 600_000);
    return;
  }

  it("past failures stay fixed", async () => {
    for (const [seed, opts] of REGRESSION_SEEDS) await check(seed, opts);
  }, 600_000);

  it("keep every slot safe, lose no WAIT-ed write, and converge after healing (fresh seeds)", async () => {
    const seeds = Array.from({ length: RUNS }, () => 1 + Math.floor(Math.random() * (2 ** 31 - 2)));
    console.log(`[sim] runtime schedules, seeds: ${seeds.join(" ")}`);
    for (const seed of seeds) {
      const r = await check(seed);
      console.log(`[sim] seed ${seed}: ${r.outcome}, converged after ${r.convergedAfterMs} ms, failovers ${r.failovers}, ` +
        `writes ${r.data?.writes} acked ${r.data?.acked} waited ${r.data?.durable} lost-acked ${r.data?.lostAcked}`);
    }
  }, 600_000);
});
