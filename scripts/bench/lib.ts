/** Shared helpers for benchmark scripts: timing, percentiles, table printing, a dev server to run against. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer, type DevServer } from "../lib/dev-server";
import { create } from "../cluster";

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
