/**
 * Debian's redis-tools (redis-cli, redis-benchmark) for the bridge tests: whether they are on PATH,
 * and running one with its output collected. Tests using them are skipped, with the reason printed,
 * when they are absent.
 */
import { spawn, spawnSync } from "node:child_process";

/** True when `tool --version` runs; otherwise warns once, naming the file whose cases are skipped. */
export function toolAvailable(tool: string, file: string): boolean {
  const ok = spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0;
  if (!ok) console.warn(`${file}: ${tool} is not on PATH (apt-get install redis-tools), its cases are skipped`);
  return ok;
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tool args` (with `input` on stdin) to its end. */
export function runTool(tool: string, args: string[], input?: string | Buffer): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Runs redis-cli with `args` (and `input` on stdin); resolves with its stdout, trimmed; rejects on a non-zero exit. */
export async function redisCli(args: string[], input?: string | Buffer): Promise<string> {
  const r = await runTool("redis-cli", args, input);
  if (r.code !== 0) throw new Error(`redis-cli exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}
