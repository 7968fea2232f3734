/**
 * Starts `wrangler dev` (workerd, local Durable Objects) and waits until the gateway answers.
 * Used by `npm start`, the end-to-end tests and the benchmarks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { sleep } from "./admin";

export interface DevServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port: number;
  /** Directory for Durable Object storage; a fresh one gives a fresh cluster. */
  persistTo?: string;
  /** Extra --var NAME:VALUE overrides. */
  vars?: Record<string, string>;
  /** Run another checkout of the project (a benchmark's baseline); default: this one. */
  cwd?: string;
  /** `--test-scheduled`: GET /__scheduled runs the Worker's Cron Trigger handler. */
  testScheduled?: boolean;
  /** Echo wrangler's output (npm start) or keep it quiet (tests, benchmarks). */
  inheritOutput?: boolean;
  readyTimeoutMs?: number;
}

/** `.dev.vars` holds the local secrets; create it from the example on first run. */
export function ensureDevVars(dir = "."): void {
  if (!existsSync(`${dir}/.dev.vars`)) copyFileSync(`${dir}/.dev.vars.example`, `${dir}/.dev.vars`);
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  ensureDevVars(opts.cwd);
  const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--show-interactive-dev-session=false"];
  if (opts.persistTo) args.push("--persist-to", opts.persistTo);
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push("--var", `${k}:${v}`);
  if (opts.testScheduled) args.push("--test-scheduled");
  const child = spawn("npx", args, {
    cwd: opts.cwd,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "" },
    stdio: opts.inheritOutput ? "inherit" : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      // A request no node serves (no token: 401 from the gateway itself), so that a fresh cluster's
      // nodes are first reached by the operator's `cluster create` (its location hints, if any).
      const res = await fetch(`${url}/ready`);
      await res.arrayBuffer();
      return { url, process: child, stop };
    } catch {
      await sleep(200);
    }
  }
  await stop();
  throw new Error(`wrangler dev did not become ready on ${url}:\n${output}`);
}
