/**
 * What `wrangler deploy` would upload, measured offline: `wrangler deploy --dry-run --outdir <tmp>`
 * bundles the Worker (esbuild) and copies its modules (the Lua wasm) without contacting Cloudflare.
 * Each output file's size, raw and gzip (level 9, as wrangler's "gzip:" figure counts), and the
 * totals against Cloudflare's Worker size limits. Used by scripts/bench/bundle-size.ts (the record
 * in docs/bench/), the deploy test (test/unit/deploy/dry-run.test.ts) and scripts/bench/scripting.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Cloudflare's Worker size limits, after compression (gzip) of the whole upload
 * (https://developers.cloudflare.com/workers/platform/limits/#worker-size, read 2026-12).
 */
export const WORKERS_PAID_GZIP_LIMIT_BYTES = 10 * 2 ** 20;
export const WORKERS_FREE_GZIP_LIMIT_BYTES = 3 * 2 ** 20;

export interface BundleFile {
  /** The file's name without wrangler's content-hash prefix (`<sha1>-redis-lua.wasm` → `redis-lua.wasm`). */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  files: BundleFile[];
  totalBytes: number;
  totalGzipBytes: number;
  /** wrangler's own line, e.g. `Total Upload: 1357.17 KiB / gzip: 367.24 KiB`. */
  wrangler: string;
}

export class BundleError extends Error {}

/**
 * Runs the dry run of the checkout at `cwd` (its wrangler.toml) and measures the output. Source
 * maps and wrangler's README are not uploaded, so they are not counted. `env` is added to the
 * child's environment (a test points the proxies at a closed port to prove no network is used).
 */
export function bundleSizes(cwd: string, env: Record<string, string> = {}): BundleSizes {
  const out = mkdtempSync(join(tmpdir(), "redis-do-bundle-"));
  try {
    let text: string;
    try {
      text = execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], {
        cwd, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...env }, stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      throw new BundleError(`wrangler deploy --dry-run exited ${err.status}:\n${err.stdout ?? ""}${err.stderr ?? ""}`, { cause: e });
    }
    const files = readdirSync(out).filter((f) => !f.endsWith(".map") && f !== "README.md").map((f): BundleFile => {
      const bytes = readFileSync(join(out, f));
      return { file: f.replace(/^[0-9a-f]{40}-/, ""), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    return {
      files,
      totalBytes: files.reduce((n, f) => n + f.bytes, 0),
      totalGzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
      wrangler: /Total Upload: .*/.exec(text)?.[0] ?? "?",
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)}%`;

/** Rows (file, raw, gzip) for a table, totals last, and the share of each limit the gzip total uses. */
export function bundleRows(s: BundleSizes): { rows: string[][]; limits: string } {
  const rows = s.files.map((f) => [f.file, kib(f.bytes), kib(f.gzipBytes)]);
  rows.push(["total", kib(s.totalBytes), kib(s.totalGzipBytes)]);
  const limits = `gzip total ${kib(s.totalGzipBytes)}: ${pct(s.totalGzipBytes, WORKERS_PAID_GZIP_LIMIT_BYTES)} of the Workers Paid limit ` +
    `(${WORKERS_PAID_GZIP_LIMIT_BYTES / 2 ** 20} MiB), ${pct(s.totalGzipBytes, WORKERS_FREE_GZIP_LIMIT_BYTES)} of the Free limit ` +
    `(${WORKERS_FREE_GZIP_LIMIT_BYTES / 2 ** 20} MiB); wrangler: ${s.wrangler}`;
  return { rows, limits };
}
