/**
 * The figures the simulator tests (and one workers test) print, collected into one record: each
 * test file below runs through vitest with the stated environment, and every line it prints that
 * starts with `[sim]` or `[cluster]` is kept, with the file's pass/fail counts. The tests assert
 * budgets (in simulated time or cron rounds), never wall-clock speed; this script only gathers the
 * figures they print.
 *
 *   npx tsx scripts/bench/sim.ts                          # all of them, about 3 minutes
 *   npx tsx scripts/bench/sim.ts --only convergence,failover
 *
 * Saves docs/bench/sim.json; prints the collected lines.
 */
import { spawn } from "node:child_process";
import { ROOT, runLine, saveRun, startRun } from "./lib";

interface Job {
  id: string;
  project: "unit" | "workers";
  file: string;
  env: Record<string, string>;
}

const JOBS: Job[] = [
  // Default seed: one bootstrap per cluster size (seed 1 + N).
  { id: "convergence", project: "unit", file: "test/sim/convergence.test.ts", env: { SIM_SEED: "1" } },
  // Random fault schedules have their own long campaign: scripts/sim-soak.ts (docs/bench/sim-soak.json).
  { id: "failover", project: "unit", file: "test/sim/scenarios/failover.test.ts", env: { SIM_RUNS: "30", SIM_SEED: "1" } },
  { id: "failure-detection", project: "unit", file: "test/sim/scenarios/failure-detection.test.ts", env: { SIM_SEED: "21" } },
  // Real Durable Objects in workerd (vitest-pool-workers), NT 500 ms.
  { id: "workers-cluster", project: "workers", file: "test/workers/cluster.test.ts", env: {} },
];

function only(): Job[] {
  const i = process.argv.indexOf("--only");
  if (i < 0) return JOBS;
  const ids = (process.argv[i + 1] ?? "").split(",");
  const unknown = ids.filter((id) => !JOBS.some((j) => j.id === id));
  if (unknown.length) throw new Error(`unknown job ${unknown.join(", ")}; known: ${JOBS.map((j) => j.id).join(", ")}`);
  return JOBS.filter((j) => ids.includes(j.id));
}

const ANSI = /\x1b\[[0-9;]*m/g;

interface JobResult {
  id: string;
  command: string;
  exitCode: number | null;
  seconds: number;
  tests: string;
  lines: string[];
}

/** Runs one command; asynchronous, so the record's load-average sampling keeps running meanwhile. */
function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, text }));
  });
}

async function runJob(job: Job): Promise<JobResult> {
  const env = Object.entries(job.env).map(([k, v]) => `${k}=${v}`).join(" ");
  const command = `${env ? `${env} ` : ""}npx vitest run --project ${job.project} ${job.file}`;
  console.error(`running: ${command}`);
  const t0 = performance.now();
  const out = await exec("npx", ["vitest", "run", "--project", job.project, job.file],
    { ...process.env, ...job.env, NO_COLOR: "1", FORCE_COLOR: "0", WRANGLER_SEND_METRICS: "false" });
  const text = out.text.replace(ANSI, "");
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => /^\[(sim|cluster)\] /.test(l));
  const tests = /Tests\s+(.*)/.exec(text)?.[1]?.trim() ?? "?";
  if (out.status !== 0) console.error(text.slice(-4000));
  return { id: job.id, command, exitCode: out.status, seconds: Math.round((performance.now() - t0) / 100) / 10, tests, lines };
}

const jobs = only();
const record = startRun(import.meta.url, { jobs });
const results: JobResult[] = [];
for (const job of jobs) results.push(await runJob(job)); // one at a time: the machine has 2 cores
const report = [
  runLine(record),
  ...results.flatMap((r) => ["", `$ ${r.command}   (tests: ${r.tests}, exit ${r.exitCode}, ${r.seconds} s)`, ...r.lines]),
].join("\n");
console.log(report);
saveRun(record, results, report);
if (results.some((r) => r.exitCode !== 0)) process.exit(1);
