/**
 * Shared helpers for benchmark scripts: timing, percentiles, table printing, a dev server to run
 * against, and the record every run leaves in docs/bench/<script>.json (commit, machine, load,
 * arguments, results).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startDevServer, type DevServer } from "../lib/dev-server";
import { create } from "../cluster";
import { sleep } from "../lib/admin";
import { killAllRedisClusters } from "./redis-cluster";

// ---- the record of a run: docs/bench/<script>.json -----------------------------------------------

/** The repository's root (this file is scripts/bench/lib.ts). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

const pkgVersion = (name: string): string => {
  const p = join(ROOT, "node_modules", name, "package.json");
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version : "not installed";
};

/** What the figures depend on besides the code: the machine and the tools' versions. */
export function machineFacts(): Record<string, string | number> {
  const compat = /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))?.[1] ?? "?";
  return {
    nproc: Number(run("nproc", [])) || cpus().length,
    cpu: cpus()[0]?.model ?? "?",
    memGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    wrangler: pkgVersion("wrangler"),
    workerd: pkgVersion("workerd"),
    compatibilityDate: compat,
    redisServer: /v=(\S+)/.exec(run("redis-server", ["--version"]))?.[1] ?? "not installed",
  };
}

export interface BenchRun {
  /** The script's name (the record's file name) and its path from the repository root. */
  script: string;
  path: string;
  args: Record<string, unknown>;
  startedAt: Date;
  /** 1-minute load average, sampled every 10 s while the run lasts. */
  load: number[];
  timer: NodeJS.Timeout;
}

/**
 * Starts the record of a run of the script at `scriptUrl` (its import.meta.url) with its effective
 * arguments. Warns when tracked files outside docs/ differ from the commit: such figures cannot be
 * reproduced from the commit the record names.
 */
export function startRun(scriptUrl: string, args: Record<string, unknown>): BenchRun {
  const dirty = run("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs"]);
  if (dirty) console.error(`warning: uncommitted changes outside docs/; the record will list them:\n${dirty}`);
  const load = [loadavg()[0]!];
  const timer = setInterval(() => load.push(loadavg()[0]!), 10_000);
  timer.unref();
  const file = fileURLToPath(scriptUrl);
  return { script: basename(file, ".ts"), path: relative(ROOT, file), args, startedAt: new Date(), load, timer };
}

/**
 * Writes docs/bench/<script>.json (or $BENCH_JSON, for a run that should not replace the committed
 * record): commit, date, machine, load average, arguments, the results and the printed report.
 * Returns the path written.
 */
export function saveRun(r: BenchRun, results: unknown, report: string): string {
  clearInterval(r.timer);
  r.load.push(loadavg()[0]!);
  const dirty = run("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs"]);
  const record = {
    script: r.path,
    commit: run("git", ["rev-parse", "--short", "HEAD"]),
    uncommittedChanges: dirty ? dirty.split("\n") : [],
    startedAt: r.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineFacts(),
    loadAverage1m: { start: r.load[0], end: r.load.at(-1), max: Math.max(...r.load), mean: round(r.load.reduce((a, b) => a + b, 0) / r.load.length, 2), samples: r.load },
    argv: process.argv.slice(2),
    args: r.args,
    results,
    report,
  };
  const path = process.env.BENCH_JSON ?? join(ROOT, "docs", "bench", `${r.script}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 1)}\n`);
  console.error(`results saved to ${relative(process.cwd(), path)}`);
  return path;
}

export const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The one line every report starts with: where and when its figures were taken. */
export function runLine(r: BenchRun): string {
  const m = machineFacts();
  const l = loadavg().map((x) => x.toFixed(2)).join(" ");
  return `${new Date().toISOString()}, commit ${run("git", ["rev-parse", "--short", "HEAD"])}; nproc ${m.nproc}, ${m.cpu}, ${m.memGiB} GiB; ` +
    `Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}, redis-server ${m.redisServer}; load average ${l} (start ${r.load[0]!.toFixed(2)})`;
}

// ---- cleanup: nothing a benchmark started may outlive it ----------------------------------------

/** Dev servers and temp dirs a benchmark started (Redis clusters keep their own list). */
export const started = { servers: new Set<DevServer>(), tempDirs: new Set<string>() };

/** Kills every Redis cluster and dev server still running and removes the temp dirs. Synchronous: safe in exit handlers. */
export function killEverything(): void {
  killAllRedisClusters();
  for (const s of started.servers) {
    try {
      process.kill(-s.process.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  }
  for (const d of started.tempDirs) rmSync(d, { recursive: true, force: true });
}

/** Runs killEverything at exit and on SIGINT / SIGTERM (then exits 130 / 143). */
export function cleanUpAtExit(log: (msg: string) => void): void {
  process.on("exit", killEverything);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      log(`${sig}: stopping`);
      killEverything();
      process.exit(sig === "SIGINT" ? 130 : 143);
    });
  }
}

// ---- measuring -----------------------------------------------------------------------------------

export interface Sample {
  name: string;
  ops: number;
  seconds: number;
  latenciesMs: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Stats { count: number; ops: number; seconds: number; opsPerS: number; minMs: number; meanMs: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number }

/** A sample reduced to what the JSON record keeps. */
export function stats(s: Sample): Stats {
  const sorted = [...s.latenciesMs].sort((a, b) => a - b);
  const ms = (x: number) => round(x, 3);
  return {
    count: sorted.length, ops: s.ops, seconds: round(s.seconds, 3), opsPerS: Math.round(s.ops / s.seconds),
    minMs: ms(sorted[0] ?? NaN), meanMs: ms(sorted.reduce((a, b) => a + b, 0) / sorted.length), p50Ms: ms(percentile(sorted, 50)),
    p90Ms: ms(percentile(sorted, 90)), p99Ms: ms(percentile(sorted, 99)), maxMs: ms(sorted.at(-1) ?? NaN),
  };
}

/** Runs `op` `total` times with `concurrency` in flight; records each latency. */
export async function measure(name: string, total: number, concurrency: number, op: (i: number) => Promise<number | void>): Promise<Sample> {
  const latenciesMs: number[] = [];
  let next = 0;
  let ops = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const n = await op(i);
        latenciesMs.push(performance.now() - t0);
        ops += typeof n === "number" ? n : 1;
      }
    }),
  );
  return { name, ops, seconds: (performance.now() - start) / 1000, latenciesMs };
}

/** A Markdown table: a header row, then rows. */
export function markdownTable(head: string[], rows: string[][]): string {
  return [head, head.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

export function table(samples: Sample[]): string {
  return markdownTable(["benchmark", "ops/s", "p50 ms", "p99 ms"], samples.map((s) => {
    const st = stats(s);
    return [s.name, String(st.opsPerS), st.p50Ms.toFixed(2), st.p99Ms.toFixed(2)];
  }));
}

/** A fresh local cluster in wrangler dev (3 masters), or the one at $REDIS_URL. */
export async function benchCluster(port = 18999): Promise<{ url: string; token: string; adminToken: string; server?: DevServer }> {
  const token = process.env.REDIS_TOKEN ?? "dev-token";
  const adminToken = process.env.ADMIN_TOKEN ?? "dev-admin-token";
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, token, adminToken };
  const server = await startDevServer({ port, persistTo: mkdtempSync(join(tmpdir(), "redis-do-bench-")) });
  await create({ url: server.url, token: adminToken }, Number(process.env.MASTERS ?? 3), 0);
  return { url: server.url, token, adminToken, server };
}

// ---- failover probe (scripts/bench/failover.ts) --------------------------------------------------

export interface ProbeOptions {
  /** The instant the victim was stopped (performance.now() clock). */
  t0: number;
  /** Gap between the starts of two attempts. */
  intervalMs?: number;
  /** One attempt is abandoned (its signal aborted) after this long, so a hung call does not stall the probe. */
  attemptTimeoutMs?: number;
  /** Give up after this long from t0. */
  deadlineMs: number;
}

export interface ProbeResult {
  /** ms from t0 to the moment the first successful write resolved; null if none before the deadline. */
  ms: number | null;
  attempts: number;
  /** Failures by kind (the error text up to its first space or colon, or "timeout"). */
  failures: Record<string, number>;
  /** The first failure's full text (what the client was told). */
  firstError?: string;
}

/**
 * Client-side failover probe, one implementation for every system: calls `write(i, signal)` every
 * `intervalMs` with one attempt in flight, each bounded by `attemptTimeoutMs` (then `signal` is
 * aborted and the attempt counts as failed), and returns the time of the first success after t0.
 * `write` resolves on success and rejects on failure.
 */
export async function probeFirstSuccess(write: (i: number, signal: AbortSignal) => Promise<void>, opts: ProbeOptions): Promise<ProbeResult> {
  const interval = opts.intervalMs ?? 20;
  const attemptTimeout = opts.attemptTimeoutMs ?? 1000;
  const failures: Record<string, number> = {};
  let firstError: string | undefined;
  for (let i = 0; ; i++) {
    const start = performance.now();
    if (start - opts.t0 > opts.deadlineMs) return { ms: null, attempts: i, failures, firstError };
    const ctl = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), attemptTimeout)));
    const outcome = await Promise.race([
      write(i, ctl.signal).then(() => "ok" as const, (e: unknown) => (e instanceof Error ? e.message : String(e))),
      timedOut,
    ]);
    clearTimeout(timer);
    if (outcome === "ok") return { ms: performance.now() - opts.t0, attempts: i + 1, failures, firstError };
    if (outcome === "timeout") ctl.abort();
    firstError ??= outcome;
    const kind = outcome === "timeout" ? "timeout" : (outcome.split(/[ :]/)[0] ?? outcome);
    failures[kind] = (failures[kind] ?? 0) + 1;
    // Always yield to the event loop: an aborted write's cleanup (e.g. a slot map refresh) starts first.
    await sleep(Math.max(0, start + interval - performance.now()));
  }
}

/**
 * An observer beside the probe: polls `check` every `intervalMs` (one call in flight) from t0 and
 * returns ms from t0 to the first true, or null after `deadlineMs` or once `stop()` says so.
 */
export async function pollUntil(check: () => Promise<boolean>, opts: { t0: number; intervalMs: number; deadlineMs: number; stop?: () => boolean }): Promise<number | null> {
  for (;;) {
    const start = performance.now();
    if (start - opts.t0 > opts.deadlineMs || opts.stop?.()) return null;
    if (await check().catch(() => false)) return performance.now() - opts.t0;
    const wait = start + opts.intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

/**
 * One failover run: `ms` as in ProbeResult; `promotedMs`: when the victim's replica first said it
 * serves the slot (the observer), null if never; `promoted`: the slot moved to another node.
 */
export interface FailoverRun {
  ms: number | null;
  promotedMs: number | null;
  promoted: boolean;
  /** What the run's log line says (victim, replica, attempts, failures...), kept in the JSON record. */
  detail?: Record<string, unknown>;
}

/**
 * One line of a failover table: runs, p50, p99 (the max for few runs), min, and every run (in
 * seconds, the observer's promotion time in brackets; "†" marks a run without a promotion, whose
 * write succeeded only when the victim came back).
 */
export function failoverRow(system: string, ntMs: number, runs: FailoverRun[]): string {
  const s = (ms: number | null) => (ms === null ? "none" : (ms / 1000).toFixed(2));
  const sorted = (xs: (number | null)[]) => xs.flatMap((x) => (x === null ? [] : [x])).sort((a, b) => a - b);
  const ok = sorted(runs.map((r) => r.ms));
  const promoted = sorted(runs.map((r) => r.promotedMs));
  const each = runs.map((r) => `${s(r.ms)}${r.promoted ? "" : "†"} (${s(r.promotedMs)})`).join(", ");
  const stat = (xs: number[], p: number) => (xs.length ? s(percentile(xs, p)) : "-");
  return `| ${system} | ${ntMs / 1000} | ${runs.length} | **${stat(ok, 50)}** | ${stat(ok, 99)} | ${stat(ok, 0)} | ${stat(promoted, 50)} | ${each} |`;
}

export const FAILOVER_TABLE_HEAD =
  "| system | NT s | runs | p50 s | p99 s | min s | promotion seen p50 s | each run: first write ok s (promotion seen s) |\n|---|---|---|---|---|---|---|---|";
