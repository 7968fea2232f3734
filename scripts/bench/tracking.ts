/**
 * CLIENT TRACKING benchmark: what the node's tracking hooks cost a write. On one NodeRuntime (the
 * simulator's better-sqlite3 storage, a hub port that drops what it is given), pipelines of 100
 * SETs of random keys through `execute`, best of ROUNDS, in µs per SET:
 *   - nobody tracks (the default: one size test per modified key, one field test per command);
 *   - TRACKED keys remembered by a tracking connection, the SETs hitting none of them;
 *   - the same, every SET invalidating a tracked key (one publication each);
 *   - a BCAST connection whose prefix matches no written key.
 * TRACKED at 10k and 1M: the cost should not grow with the table. Also the bare hook calls.
 *
 * It loads the node's code, which tsx cannot (the command docs' JSON module names an export
 * `eval`), so vitest runs it, through a test that only runs when asked:
 *   BENCH_TRACKING=1 npx vitest run --project unit test/unit/tracking/bench.test.ts
 *   BENCH_TRACKING=1 N=20000 TRACKED=10000,1000000 ROUNDS=3 npx vitest run --project unit test/unit/tracking/bench.test.ts
 *
 * Saves the figures and the report in docs/bench/tracking.json.
 */
import { NodeRuntime } from "../../src/node/runtime";
import type { ConnState } from "../../src/commands/types";
import { TrackingTable } from "../../src/tracking/table";
import { MemorySql } from "../../test/sim/sql-port";
import { markdownTable, round, runLine, saveRun, startRun } from "./lib";

const N = Number(process.env.N ?? 20_000);
const TRACKED = (process.env.TRACKED ?? "10000,1000000").split(",").map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PIPE = 100;

let now = 1_700_000_000_000;
async function node(): Promise<NodeRuntime> {
  const rt = new NodeRuntime({
    sql: new MemorySql(),
    clock: { now: () => now, setTimer: () => () => {}, random: Math.random },
    transport: { bus: async () => [], replicate: async () => [], peer: async () => { throw new Error("no peers"); } },
    deadline: { get: async () => null, set: async () => {} },
    pubsub: { hubs: 4, publish: async (_h, p) => p.map(() => 1), query: async () => [] },
  }, { name: "bench", vars: {} });
  await rt.execute([["CLUSTER", "ADDSLOTSRANGE", "0", "16383"]], ADMIN);
  now += 10_000;
  await rt.alarm();
  return rt;
}

const ADMIN: ConnState = { resp: 2, admin: true };
const PLAIN: ConnState = { resp: 2 };
const READER: ConnState = { resp: 3, tracking: { id: "reader", reads: true } };

/** Remembers `n` keys t:<i> for the tracking reader, by pipelined GETs. */
async function track(rt: NodeRuntime, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1000) {
    await rt.execute(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ["GET", `t:${i + j}`]), READER);
  }
}

/** µs per SET over N SETs of keys from `key`. */
async function sets(rt: NodeRuntime, key: (i: number) => string): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < N; i += PIPE) await rt.execute(Array.from({ length: PIPE }, (_, j) => ["SET", key(i + j), "v"]), PLAIN);
  return ((performance.now() - t0) * 1000) / N;
}

interface Row { case: string; tracked: number; usPerSet: number }

export async function trackingBench(): Promise<string> {
  const run = startRun(import.meta.url, { N, TRACKED, ROUNDS, PIPE });
  const best = new Map<string, Row>();
  const keep = (r: Row): void => {
    const k = `${r.case}/${r.tracked}`;
    if (!best.has(k) || best.get(k)!.usPerSet > r.usPerSet) best.set(k, r);
  };
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    let rt = await node();
    keep({ case: "nobody tracks", tracked: 0, usPerSet: await sets(rt, (i) => `u:${i}`) });
    for (const n of TRACKED) {
      rt = await node();
      await track(rt, n);
      keep({ case: "tracked keys, SETs miss them", tracked: n, usPerSet: await sets(rt, (i) => `u:${i}`) });
      keep({ case: "every SET invalidates a tracked key", tracked: n, usPerSet: await sets(rt, (i) => `t:${i % n}`) });
    }
    rt = await node();
    await rt.execute([["PING"]], { resp: 3, tracking: { id: "bcast", reads: false, bcast: ["nomatch:"] } });
    keep({ case: "a BCAST prefix, no key matches", tracked: 0, usPerSet: await sets(rt, (i) => `u:${i}`) });
  }
  // The hooks alone, on an empty table: what every write pays when nobody tracks.
  const empty = new TrackingTable({ empty: true, notify: () => {}, publish: () => ({ t: "int", v: 0 }) }, null);
  const argv = ["SET", "k", "v"];
  const M = 10_000_000;
  const t0 = performance.now();
  for (let i = 0; i < M; i++) {
    empty.begin(PLAIN, argv);
    empty.touched("k");
    empty.end(PLAIN, argv, { t: "simple", v: "OK" });
  }
  const nsHooks = ((performance.now() - t0) * 1e6) / M;
  const rows = [...best.values()];
  const report = [
    runLine(run),
    "",
    markdownTable(["case", "tracked keys", "µs per SET (pipelines of 100, best round)"], rows.map((r) => [r.case, String(r.tracked), round(r.usPerSet, 2).toFixed(2)])),
    "",
    `begin + touched + end on an empty table (nobody tracks): ${nsHooks.toFixed(1)} ns per write`,
  ].join("\n");
  console.log(report);
  saveRun(run, { rows, nsHooksEmptyTable: round(nsHooks, 2) }, report);
  return report;
}
