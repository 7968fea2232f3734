/**
 * A long campaign of random fault schedules over the production runtime (test/sim):
 *
 *   npx tsx scripts/sim-soak.ts --runs 10000 [--seed 1] [--jobs 2] [--out docs/bench/sim-soak.json] [--kind atomic|per-slot]
 *
 * `--kind` makes every schedule migrate slots, that way (default: 30 % of schedules migrate,
 * half of them each way).
 *
 * Seeds are derived from --seed, so a campaign is reproducible; each failure prints its one-line
 * replay. Prints a table of outcomes, convergence times and the data figures (acknowledged writes
 * lost by asynchronous replication, WAIT-ed writes lost), and saves the record (bench/lib.ts:
 * commit, machine, load, arguments, the summary and every schedule that was not plain ok).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runSchedule, type MigrateKind, type ScheduleOptions, type ScheduleRun } from "../test/sim/schedule";
import { saveRun, startRun } from "./bench/lib";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
}

/** The i-th seed of a campaign (splitmix-style mixing; never 0). */
export function seedOf(base: number, i: number): number {
  let x = (Math.imul(base ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) % (2 ** 31 - 1) + 1;
}

const KINDS: readonly string[] = ["atomic", "per-slot"];

function scheduleOptions(kind: string): ScheduleOptions {
  return KINDS.includes(kind) ? { migrating: true, migrateKind: kind as MigrateKind } : {};
}

/** Worker mode: runs seeds [from, to) of the campaign, one JSON line per schedule on stdout. */
async function worker(base: number, from: number, to: number, kind: string): Promise<void> {
  for (let i = from; i < to; i++) {
    const r = await runSchedule(seedOf(base, i), scheduleOptions(kind));
    process.stdout.write(`${JSON.stringify({ ...r, actions: r.outcome === "ok" ? [] : r.actions })}\n`);
  }
}

function runWorker(base: number, from: number, to: number, kind: string, onRun: (r: ScheduleRun) => void): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--worker", String(base), String(from), String(to), kind], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buf = "";
  child.stdout.on("data", (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      onRun(JSON.parse(buf.slice(0, nl)) as ScheduleRun);
      buf = buf.slice(nl + 1);
    }
  });
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`)))));
}

const pct = (xs: number[], p: number): number => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0);

async function main(): Promise<void> {
  if (process.argv[2] === "--worker") return worker(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]), process.argv[6] ?? "");
  const runs = Number(arg("runs", "1000"));
  const base = Number(arg("seed", "1"));
  const jobs = Number(arg("jobs", "2"));
  const out = arg("out", "");
  const kind = arg("kind", "");
  if (kind !== "" && !KINDS.includes(kind)) throw new Error(`--kind must be one of ${KINDS.join(", ")}`);
  // The record goes to docs/bench/sim-soak.json, or --out (bench/lib.ts reads BENCH_JSON).
  if (out) process.env.BENCH_JSON = out;
  const record = startRun(import.meta.url, { runs, seed: base, jobs, kind: kind || "drawn" });
  const started = Date.now();
  const results: ScheduleRun[] = [];
  const per = Math.ceil(runs / jobs);
  await Promise.all(Array.from({ length: jobs }, (_, j) => runWorker(base, j * per, Math.min(runs, (j + 1) * per), kind, (r) => {
    results.push(r);
    if (r.outcome !== "ok" && r.outcome !== "operator-epoch-collision") {
      console.log(`FAIL seed ${r.seed} (${r.params}): ${r.outcome}: ${r.problem}\n  replay: SIM_SEED=${r.seed}${kind ? ` SIM_KIND=${kind}` : ""} npx vitest run test/sim/schedules.test.ts`);
    }
    if (results.length % 500 === 0) console.log(`  ${results.length}/${runs} schedules, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  })));
  const count = (o: string): number => results.filter((r) => r.outcome === o).length;
  const conv = results.flatMap((r) => (r.convergedAfterMs === null ? [] : [r.convergedAfterMs])).sort((a, b) => a - b);
  const sum = (f: (r: ScheduleRun) => number): number => results.reduce((n, r) => n + f(r), 0);
  const data = {
    writes: sum((r) => r.data?.writes ?? 0), acked: sum((r) => r.data?.acked ?? 0), waited: sum((r) => r.data?.durable ?? 0),
    lostAcked: sum((r) => r.data?.lostAcked ?? 0), lostWaited: sum((r) => r.data?.lostDurable ?? 0),
    schedulesLosingAcked: results.filter((r) => (r.data?.lostAcked ?? 0) > 0).length,
    lostWaitedWithOperator: sum((r) => (r.operator ? r.data?.lostDurable ?? 0 : 0)),
  };
  const summary = {
    runs, base, jobs, seconds: Math.round((Date.now() - started) / 1000),
    outcomes: { ok: count("ok"), violation: count("violation"), "operator-epoch-collision": count("operator-epoch-collision"), "no-convergence": count("no-convergence") },
    failovers: sum((r) => r.failovers),
    convergenceMs: { p50: pct(conv, 50), p99: pct(conv, 99), max: conv[conv.length - 1] ?? 0 },
    data,
  };
  const report = [
    `sim-soak: ${runs} schedules (seed ${base}, ${jobs} jobs) in ${summary.seconds} s`, "",
    "| outcome | schedules |", "|---|---|",
    ...Object.entries(summary.outcomes).map(([k, v]) => `| ${k} | ${v} |`), "",
    `failovers: ${summary.failovers}; convergence after healing: p50 ${summary.convergenceMs.p50} ms, p99 ${summary.convergenceMs.p99} ms, max ${summary.convergenceMs.max} ms`,
    `writes ${data.writes}, acknowledged ${data.acked}, WAIT-ed ${data.waited}; acknowledged but lost ${data.lostAcked} ` +
      `(in ${data.schedulesLosingAcked} schedules); WAIT-ed lost ${data.lostWaited} (with operator actions: ${data.lostWaitedWithOperator})`,
  ].join("\n");
  console.log(`\n${report}`);
  const failures = results.filter((r) => r.outcome !== "ok");
  saveRun(record, { summary, failures }, report);
  if (summary.outcomes.violation > 0 || summary.outcomes["no-convergence"] > 0) process.exitCode = 1;
}

await main();
