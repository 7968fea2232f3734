/**
 * The monthly Cloudflare bill of a cluster shape, from measured Durable Object work (not guessed):
 * starts `wrangler dev` with the shape (scripts/cluster.ts create), lets it idle, reads each node's
 * billed work (INFO stats do_alarms, do_rpc_calls, do_sql_rows_*: src/node/do-meter.ts), then runs
 * a few hundred SETs and GETs through the gateway to measure one command's work, and prices a month
 * of idle + a given workload with Cloudflare's Workers Paid list prices (scripts/lib/cost-model.ts).
 *
 *   npx tsx scripts/cost.ts [--masters 3] [--replicas 1] [--seconds 30] [--node-timeout-ms 15000[,5000,...]]
 *                           [--cron-ms 1000[,100,...]] [--ops-per-sec 100] [--write-ratio 0.5] [--ops 200] [--port 8797]
 *
 * The knobs: CLUSTER_NODE_TIMEOUT_MS (an idle node pings each peer every half of it: the gossip
 * interval) and CLUSTER_CRON_MS (the cron period while the cluster is not settled; an idle node's
 * alarm fires only when the protocol needs it, src/node/wake.ts). Every combination of the values
 * given runs, one after the other, shown side by side. Saves docs/bench/cost.json (BENCH_JSON overrides).
 * Assumptions, stated in the report: each node is active the whole month (it pings its peers every
 * half node timeout and answers theirs, so it is never evicted: duration = wall clock x 128 MB); one Worker request per
 * command (REST; a WebSocket connection is one request for all its commands, cheaper); the Cron
 * Trigger runs the gateway once a minute. wrangler dev runs every object on this machine: counts of
 * calls and rows are what a deployment makes, times are not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "./lib/admin";
import { parseArgs } from "./lib/cli-args";
import { alwaysActiveGbSeconds, monthlyBill, PRICES, SECONDS_PER_MONTH, type Bill, type MonthlyUsage } from "./lib/cost-model";
import { startDevServer } from "./lib/dev-server";
import { meterDelta, readMeters, type NodeMeter } from "./lib/node-meter";
import { create } from "./cluster";
import { markdownTable, round, runLine, saveRun, startRun } from "./bench/lib";

const a = parseArgs(["cost", ...process.argv.slice(2)]);
const num = (k: string, def: number): number => {
  const v = a.values[k] === undefined ? def : Number(a.values[k]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${k} needs a number`);
  return v;
};
const ARGS = {
  masters: num("masters", 3), replicas: num("replicas", 1), seconds: num("seconds", 30),
  cronMs: (a.values["cron-ms"] ?? "1000").split(",").map(Number),
  nodeTimeoutMs: (a.values["node-timeout-ms"] ?? "15000").split(",").map(Number), opsPerSec: num("ops-per-sec", 100),
  writeRatio: num("write-ratio", 0.5), ops: num("ops", 200), port: num("port", 8797),
};
/** After create, before the idle window: replicas finish their first sync, gossip settles. */
const SETTLE_S = 10;
/** After a burst of commands: the replication stream reaches the replicas. */
const DRAIN_S = 2;
/** The gateway's Cron Trigger (wrangler.toml `* * * * *`): one Worker invocation a minute. */
const CRON_TRIGGERS_PER_MONTH = SECONDS_PER_MONTH / 60;
const TOKEN = "dev-admin-token";

const log = (msg: string) => console.error(`[cost] ${msg}`);
const label = (k: Knobs) => `NT ${k.nodeTimeoutMs / 1000} s, cron ${k.cronMs} ms`;

/** Totals over the nodes of a meter delta. */
function total(d: NodeMeter[]): Omit<NodeMeter, "name"> {
  const t = { alarms: 0, rpcCalls: 0, busCalls: 0, replCalls: 0, rowsRead: 0, rowsWritten: 0, storedBytes: 0, busSent: 0, busReceived: 0 };
  for (const n of d) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += n[k];
  return t;
}

/** One command's work: `n` commands through the gateway (one REST request each), less the idle work meanwhile. */
async function perCommand(url: string, names: string[], idlePerS: Omit<NodeMeter, "name">, kind: "SET" | "GET", n: number) {
  const before = await readMeters({ url, token: TOKEN }, names);
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const body = kind === "SET" ? ["SET", `cost:${i}`, `value-${i}`] : ["GET", `cost:${i}`];
    const res = await fetch(`${url}/`, { method: "POST", headers: { authorization: "Bearer dev-token" }, body: JSON.stringify(body) });
    const r = (await res.json()) as { error?: string };
    if (r.error) throw new Error(`${kind}: ${r.error}`);
  }
  await sleep(DRAIN_S * 1000);
  const delta = meterDelta(before, await readMeters({ url, token: TOKEN }, names));
  const d = total(delta);
  const s = (Date.now() - t0) / 1000;
  const per = (used: number, idle: number) => round(Math.max(0, used - idle * s) / n, 3);
  // Where the rows are written: the masters (the command, its backlog) or the replicas (applying the stream).
  const replicaShare = (idlePerS.rowsWritten * (names.length - ARGS.masters)) / names.length;
  const onReplicas = total(delta.slice(ARGS.masters)).rowsWritten;
  return {
    doRequests: per(d.alarms + d.rpcCalls, idlePerS.alarms + idlePerS.rpcCalls),
    replCalls: per(d.replCalls, idlePerS.replCalls),
    rowsRead: per(d.rowsRead, idlePerS.rowsRead),
    rowsWritten: per(d.rowsWritten, idlePerS.rowsWritten),
    rowsWrittenOnReplicas: per(onReplicas, replicaShare),
  };
}

interface Knobs { cronMs: number; nodeTimeoutMs: number }

async function measure(knobs: Knobs) {
  const persistTo = mkdtempSync(join(tmpdir(), "redis-do-cost-"));
  log(`${label(knobs)}: starting wrangler dev on ${ARGS.port}`);
  const vars = { CLUSTER_CRON_MS: String(knobs.cronMs), CLUSTER_NODE_TIMEOUT_MS: String(knobs.nodeTimeoutMs) };
  const server = await startDevServer({ port: ARGS.port, persistTo, vars, readyTimeoutMs: 90_000 });
  try {
    const opts = { url: server.url, token: TOKEN };
    const names = await create(opts, ARGS.masters, ARGS.replicas);
    await sleep(SETTLE_S * 1000);
    log(`idle for ${ARGS.seconds} s`);
    const start = await readMeters(opts, names);
    const t0 = Date.now();
    await sleep(ARGS.seconds * 1000);
    const idle = meterDelta(start, await readMeters(opts, names));
    const s = (Date.now() - t0) / 1000;
    const perS = Object.fromEntries(Object.entries(total(idle)).map(([k, v]) => [k, k === "storedBytes" ? v : v / s])) as Omit<NodeMeter, "name">;
    log("per-command work");
    const write = await perCommand(server.url, names, perS, "SET", ARGS.ops);
    const read = await perCommand(server.url, names, perS, "GET", ARGS.ops);
    return { ...knobs, nodes: names.length, windowS: round(s, 2), idlePerNode: idle, idlePerS: perS, write, read };
  } finally {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

function idleUsage(m: Measured): MonthlyUsage {
  return {
    workerRequests: CRON_TRIGGERS_PER_MONTH,
    doRequests: (m.idlePerS.alarms + m.idlePerS.rpcCalls) * SECONDS_PER_MONTH,
    doWebSocketMessages: 0, // nodes take no WebSockets (the gateway holds the clients'; idle pubsub hubs hibernate)
    doGbSeconds: alwaysActiveGbSeconds(m.nodes),
    rowsRead: m.idlePerS.rowsRead * SECONDS_PER_MONTH,
    rowsWritten: m.idlePerS.rowsWritten * SECONDS_PER_MONTH,
    storedGb: m.idlePerS.storedBytes / 1e9,
  };
}

function withWorkload(m: Measured, idle: MonthlyUsage): MonthlyUsage {
  const ops = ARGS.opsPerSec * SECONDS_PER_MONTH;
  const w = ARGS.writeRatio;
  const mix = (f: (c: Measured["write"]) => number) => ops * (w * f(m.write) + (1 - w) * f(m.read));
  return {
    ...idle,
    workerRequests: idle.workerRequests + ops,
    doRequests: idle.doRequests + mix((c) => c.doRequests),
    rowsRead: idle.rowsRead + mix((c) => c.rowsRead),
    rowsWritten: idle.rowsWritten + mix((c) => c.rowsWritten),
  };
}

const usd = (x: number) => `$${x.toFixed(2)}`;
const millions = (x: number) => `${(x / 1e6).toFixed(2)}M`;
const billCells = (b: Bill) => [usd(b.doRequests), usd(b.doDuration), usd(b.rowsWritten + b.rowsRead + b.storage), usd(b.workerRequests), `**${usd(b.total)}**`];

/**
 * REFERENCE.md §6 says an alarm every 100 ms on 6 nodes costs ~$150/month and every 1 s ~$10: the
 * same model's figure for alarms alone (no bus or replication calls) on 6 always-active objects.
 */
function crossCheck(): string {
  const alarmsOnly = (periodMs: number) => monthlyBill({
    workerRequests: 0, doRequests: (6 * SECONDS_PER_MONTH * 1000) / periodMs, doWebSocketMessages: 0,
    doGbSeconds: alwaysActiveGbSeconds(6), rowsRead: 0, rowsWritten: 0, storedGb: 0,
  });
  const line = (ms: number, ref: string) => {
    const b = alarmsOnly(ms);
    return `an alarm every ${ms} ms on 6 objects: requests ${usd(b.doRequests)} + duration ${usd(b.doDuration)} = ${usd(b.doRequests + b.doDuration)} a month (REFERENCE §6: ${ref})`;
  };
  return `Cross-check, same prices, alarms alone: ${line(100, "~$150")}; ${line(1000, "~$10")}.`;
}

const record = startRun(import.meta.url, { ...ARGS, SETTLE_S, DRAIN_S, PRICES });
const runs: Measured[] = [];
for (const nodeTimeoutMs of ARGS.nodeTimeoutMs) for (const cronMs of ARGS.cronMs) runs.push(await measure({ cronMs, nodeTimeoutMs }));

const shape = `${ARGS.masters} masters + ${ARGS.masters * ARGS.replicas} replicas`;
const idleRows: string[][] = [];
const billRows: string[][] = [];
const results = runs.map((m) => {
  const perNode = (v: number) => (v / m.nodes).toFixed(2);
  const idle = idleUsage(m);
  const busy = withWorkload(m, idle);
  const [idleBill, busyBill] = [monthlyBill(idle), monthlyBill(busy)];
  idleRows.push([label(m), perNode(m.idlePerS.alarms), perNode(m.idlePerS.busCalls), perNode(m.idlePerS.replCalls),
    perNode(m.idlePerS.alarms + m.idlePerS.rpcCalls), millions(idle.doRequests), millions(idle.doGbSeconds), millions(idle.rowsWritten)]);
  billRows.push([label(m), "idle", ...billCells(idleBill)]);
  billRows.push([label(m), `${ARGS.opsPerSec} ops/s, ${Math.round(ARGS.writeRatio * 100)}% writes`, ...billCells(busyBill)]);
  return { ...m, usage: { idle, workload: busy }, bill: { idle: idleBill, workload: busyBill } };
});
const cmdRows = runs.flatMap((m) => [
  [label(m), "SET", String(m.write.doRequests), String(m.write.replCalls), `${m.write.rowsWritten} (replicas ${m.write.rowsWrittenOnReplicas})`, String(m.write.rowsRead)],
  [label(m), "GET", String(m.read.doRequests), String(m.read.replCalls), `${m.read.rowsWritten}`, String(m.read.rowsRead)],
]);
const report = [
  runLine(record),
  `${shape} on wrangler dev; idle window ${ARGS.seconds} s after ${SETTLE_S} s settling; ${ARGS.ops} SETs then ${ARGS.ops} GETs through the gateway (REST, one request each)`,
  "",
  "Idle, per node per second (alarms; RPC calls received: bus, replication) and per month for the cluster:",
  "",
  markdownTable(["CLUSTER_NODE_TIMEOUT_MS, CLUSTER_CRON_MS", "alarms /node/s", "bus calls /node/s", "repl calls /node/s", "billed invocations /node/s", "DO requests /month", "GB-s /month", "rows written /month"], idleRows),
  "",
  "One command's work (Durable Object requests = RPC calls + alarms beyond idle, on every node; replication calls included):",
  "",
  markdownTable(["knobs", "command", "DO requests", "of which replication", "rows written", "rows read"], cmdRows),
  "",
  "Monthly bill (Workers Paid list prices, scripts/lib/cost-model.ts; the $5 base included in the total):",
  "",
  markdownTable(["knobs", "load", "DO requests", "DO duration", "SQLite rows + storage", "Worker requests", "total / month"], billRows),
  "",
  crossCheck(),
  "",
  `Assumptions: every node is active all month (it pings each peer every half node timeout and answers theirs, so it is never evicted): duration = ${runs[0]?.nodes ?? 0} objects x 128 MB x 30 days. ` +
    "One Worker request per command (REST); WebSocket clients pay one request per connection instead. Worker CPU time not counted.",
].join("\n");
console.log(`\n${report}`);
saveRun(record, { shape, runs: results }, report);
