/** Shared helpers for benchmark scripts: timing, percentiles, table printing, a dev server to run against. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer, type DevServer } from "../lib/dev-server";
import { create } from "../cluster";
import { sleep } from "../lib/admin";

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

export function table(samples: Sample[]): string {
  const rows = samples.map((s) => {
    const sorted = [...s.latenciesMs].sort((a, b) => a - b);
    return [s.name, Math.round(s.ops / s.seconds).toString(), percentile(sorted, 50).toFixed(2), percentile(sorted, 99).toFixed(2)];
  });
  const head = ["benchmark", "ops/s", "p50 ms", "p99 ms"];
  const lines = [head, ...rows].map((r) => `| ${r.join(" | ")} |`);
  lines.splice(1, 0, `|${head.map(() => "---").join("|")}|`);
  return lines.join("\n");
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
