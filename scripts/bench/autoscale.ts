/**
 * Autoscaling on a scripted load ramp (issue: elastic cluster): a local 3-master cluster under
 * `wrangler dev` with AUTOSCALE_MODE=on and thresholds scaled to this machine, clients ramping from
 * a trickle to full load; the Cron Trigger is fired every CRON_EVERY_MS through wrangler's
 * /__scheduled. Prints, per phase, the client ops/s, errors and p50/p99 latency and the number of
 * masters, then the autoscaler's decision log (GET /admin/autoscale): the cluster must add a master
 * under load, move slots to it, and serve the whole ramp without a client error.
 *
 *   npx tsx scripts/bench/autoscale.ts
 *   UP_OPS=40 SUSTAIN_MS=10000 PHASE_MS=30000 npx tsx scripts/bench/autoscale.ts
 *
 * Saves the figures and the decision log in docs/bench/autoscale.json.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "../cluster";
import { startDevServer } from "../lib/dev-server";
import { sleep } from "../lib/admin";
import { markdownTable, runLine, saveRun, startRun, stats, type Sample } from "./lib";

const UP_OPS = Number(process.env.UP_OPS ?? 40);
const SUSTAIN_MS = Number(process.env.SUSTAIN_MS ?? 10_000);
const PHASE_MS = Number(process.env.PHASE_MS ?? 30_000);
const CRON_EVERY_MS = Number(process.env.CRON_EVERY_MS ?? 5_000);
const PORT = 18996;
const TOKEN = process.env.REDIS_TOKEN ?? "dev-token";
const ADMIN = process.env.ADMIN_TOKEN ?? "dev-admin-token";
/** Clients in flight per phase: a trickle, then the ramp, then the load held. */
const PHASES: [string, number, number][] = [["idle", 1, 200], ["ramp", 4, 0], ["load", 8, 0], ["after", 1, 200]];

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { UP_OPS, SUSTAIN_MS, PHASE_MS, CRON_EVERY_MS, PHASES });
  const server = await startDevServer({
    port: PORT, persistTo: mkdtempSync(join(tmpdir(), "redis-do-autoscale-")), testScheduled: true,
    vars: {
      AUTOSCALE_MODE: "on", AUTOSCALE_UP_OPS_PER_SEC: String(UP_OPS), AUTOSCALE_SUSTAIN_MS: String(SUSTAIN_MS),
      AUTOSCALE_COOLDOWN_MS: "600000", AUTOSCALE_MAX_MASTERS: "4", AUTOSCALE_DOWN_OPS_PER_SEC: "0",
    },
  });
  const url = server.url;
  const post = async (path: string, body: unknown, token = TOKEN): Promise<{ result?: unknown; error?: string }> => {
    const r = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return r.json() as Promise<{ result?: unknown; error?: string }>;
  };
  const mastersNow = async (): Promise<number> => {
    const r = await post("/node/node-0", ["CLUSTER", "NODES"], ADMIN);
    return String(r.result ?? "").split("\n").filter((l) => l.includes("master") && /\d+-\d+|\s\d+$/.test(l)).length;
  };
  const rows: string[][] = [];
  const phases: Record<string, unknown>[] = [];
  let errors = 0;
  const firstErrors: string[] = [];
  try {
    await create({ url, token: ADMIN }, 3, 0);
    let stopCron = false;
    const cron = (async () => {
      while (!stopCron) {
        await fetch(`${url}/__scheduled?cron=*+*+*+*+*`).then((r) => r.arrayBuffer()).catch(() => undefined);
        await sleep(CRON_EVERY_MS);
      }
    })();
    let n = 0;
    for (const [name, clients, pauseMs] of PHASES) {
      const sample: Sample = { name, ops: 0, seconds: 0, latenciesMs: [] };
      let phaseErrors = 0;
      const end = Date.now() + PHASE_MS;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: clients }, async () => {
        while (Date.now() < end) {
          const i = n++;
          const s = performance.now();
          const r = await post("/", i % 2 === 0 ? ["SET", `ramp:${i}`, `v${i}`] : ["GET", `ramp:${i - 1}`]).catch((e: unknown) => ({ error: String(e) }));
          sample.latenciesMs.push(performance.now() - s);
          sample.ops++;
          if (r.error !== undefined) {
            phaseErrors++;
            if (firstErrors.length < 5) firstErrors.push(r.error);
          }
          if (pauseMs) await sleep(pauseMs);
        }
      }));
      sample.seconds = (performance.now() - t0) / 1000;
      errors += phaseErrors;
      const st = stats(sample);
      const masters = await mastersNow();
      phases.push({ phase: name, clients, ...st, errors: phaseErrors, masters });
      rows.push([name, String(clients), String(st.opsPerS), String(phaseErrors), st.p50Ms.toFixed(1), st.p99Ms.toFixed(1), String(masters)]);
      console.error(`${name}: ${st.opsPerS} ops/s, ${phaseErrors} errors, ${masters} masters`);
    }
    stopCron = true;
    await cron;
    const log = (await (await fetch(`${url}/admin/autoscale?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as {
      decisions: { at: number; action: string; reason: string; result: string }[];
    };
    const acted = log.decisions.filter((d) => d.action !== "none").reverse();
    const text = [
      `# Autoscaling on a load ramp (3 masters at start, AUTOSCALE_UP_OPS_PER_SEC=${UP_OPS}, sustain ${SUSTAIN_MS} ms, phases of ${PHASE_MS} ms)`,
      runLine(record), "",
      markdownTable(["phase", "clients", "ops/s", "errors", "p50 ms", "p99 ms", "masters after"], rows), "",
      `client errors in all: ${errors}${firstErrors.length ? ` (first: ${firstErrors.join("; ")})` : ""}`, "",
      "Decisions that acted:",
      ...acted.map((d) => `- ${new Date(d.at).toISOString()} ${d.action}: ${d.reason} -> ${d.result}`),
    ].join("\n");
    console.log(text);
    saveRun(record, { phases, errors, decisions: log.decisions }, text);
  } finally {
    await server.stop();
  }
}

await main();
