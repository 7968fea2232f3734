/**
 * What one database costs a command on one slot (issue: one database): the same single-slot
 * commands through the gateway of this commit and of a baseline commit from before cross-node
 * transactions, side by side in one run (two local 3-master clusters under wrangler dev, rounds
 * interleaved, best round kept). A command on one slot now passes one more check (is one of its
 * keys locked by a cross-node transaction?): the ratio should be 1 within the noise.
 *
 *   npx tsx scripts/bench/one-slot-cost.ts                 # baseline 7e24d51
 *   BASE_REF=<commit> N=1000 ROUNDS=3 npx tsx scripts/bench/one-slot-cost.ts
 *
 * Saves the figures in docs/bench/one-slot-cost.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "../cluster";
import { startDevServer, type DevServer } from "../lib/dev-server";
import { markdownTable, measure, ROOT, runLine, saveRun, startRun, stats, type Sample } from "./lib";

const BASE_REF = process.env.BASE_REF ?? "7e24d51";
const N = Number(process.env.N ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const TOKEN = process.env.REDIS_TOKEN ?? "dev-token";
const ADMIN = process.env.ADMIN_TOKEN ?? "dev-admin-token";

/** A checkout of BASE_REF next to this one (sharing node_modules). */
function baseline(): string {
  const dir = join(tmpdir(), `redis-do-base-${BASE_REF}`);
  if (!existsSync(dir)) {
    execFileSync("git", ["worktree", "add", "--detach", dir, BASE_REF], { cwd: ROOT, stdio: "ignore" });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  }
  return dir;
}

async function cluster(port: number, cwd?: string): Promise<DevServer> {
  const server = await startDevServer({ port, cwd, persistTo: mkdtempSync(join(tmpdir(), "redis-do-cost-")) });
  await create({ url: server.url, token: ADMIN }, 3, 0);
  return server;
}

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { BASE_REF, N, ROUNDS, CONCURRENCY });
  const servers = { base: await cluster(18994, baseline()), head: await cluster(18995) };
  const call = (url: string, argv: string[]): Promise<unknown> =>
    fetch(`${url}/`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(argv) }).then((r) => r.json());
  const ops: [string, (i: number) => string[]][] = [["SET", (i) => ["SET", `c:${i % 500}`, "v"]], ["GET", (i) => ["GET", `c:${i % 500}`]], ["INCR", () => ["INCR", "c:counter"]]];
  const best = new Map<string, Sample>();
  const rounds: { round: number; name: string; opsPerS: number }[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [op, argv] of ops) {
        for (const [which, server] of Object.entries(servers)) {
          const name = `${op} ${which}`;
          const s = await measure(name, N, CONCURRENCY, (i) => call(server.url, argv(i)).then(() => 1));
          rounds.push({ round, name, opsPerS: stats(s).opsPerS });
          const prev = best.get(name);
          if (!prev || s.ops / s.seconds > prev.ops / prev.seconds) best.set(name, s);
        }
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
  const rows = ops.map(([op]) => {
    const [b, h] = [stats(best.get(`${op} base`)!), stats(best.get(`${op} head`)!)];
    return [op, String(b.opsPerS), String(h.opsPerS), (h.opsPerS / b.opsPerS).toFixed(2), `${b.p50Ms.toFixed(1)} / ${h.p50Ms.toFixed(1)}`, `${b.p99Ms.toFixed(1)} / ${h.p99Ms.toFixed(1)}`];
  });
  const text = [
    `# Single-slot commands, baseline ${BASE_REF} vs this commit (REST, 3 masters, ${CONCURRENCY} in flight, ${N} ops, best of ${ROUNDS} interleaved rounds)`,
    runLine(record), "",
    markdownTable(["command", `ops/s ${BASE_REF}`, "ops/s now", "ratio", "p50 ms base / now", "p99 ms base / now"], rows),
  ].join("\n");
  console.log(text);
  saveRun(record, { best: [...best].map(([name, s]) => ({ name, ...stats(s) })), rounds }, text);
}

await main();
