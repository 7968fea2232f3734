/**
 * What an idle cluster costs (issue: cluster bus). Brings up 3 masters + 3 replicas on wrangler
 * dev and, side by side, a real Redis 7 cluster (Debian redis-server) with the same
 * cluster-node-timeout, leaves both idle, and compares per-node bus messages per second from
 * CLUSTER INFO counters. For the Durable Objects it also counts billed invocations (alarms +
 * bus and replication RPCs received, from INFO stats) and projects the monthly cost of the idle cluster.
 *
 *   npx tsx scripts/bench/idle-bus.ts            # REPLICAS=0,1 WINDOW_S=60 NT=15000 by default
 *
 * One shape (3 masters + REPLICAS replicas each) after the other, the two systems side by side
 * within a shape. Saves the per-node counters and the report in docs/bench/idle-bus.json.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseInfo, sleep } from "../lib/admin";
import { alwaysActiveGbSeconds, monthlyBill, PRICES, SECONDS_PER_MONTH } from "../lib/cost-model";
import { CALLS_PER_READING, readMeters } from "../lib/node-meter";
import { startDevServer } from "../lib/dev-server";
import { create } from "../cluster";
import { markdownTable, round, runLine, saveRun, startRun } from "./lib";

const WINDOW_S = Number(process.env.WINDOW_S ?? 60);
/** Replicas per master, one shape after the other (0 measures the cluster bus alone). */
const REPLICAS_LIST = (process.env.REPLICAS ?? "0,1").split(",").map(Number);
const NT = Number(process.env.NT ?? 15000);
const SETTLE_S = 10;
type Counters = { sent: number; received: number; invocations: number };

/** Billed invocations: alarms + RPC calls received (INFO stats do_*, scripts/lib/node-meter.ts). */
async function doCounters(url: string, token: string, names: string[]): Promise<Counters[]> {
  return (await readMeters({ url, token }, names)).map((m) => ({ sent: m.busSent, received: m.busReceived, invocations: m.alarms + m.rpcCalls }));
}

function redisCli(port: number, ...args: string[]): string {
  return spawnSync("redis-cli", ["-p", String(port), ...args], { encoding: "utf8" }).stdout;
}

async function redisCounters(ports: number[]): Promise<Counters[]> {
  return ports.map((p) => {
    const ci = parseInfo(redisCli(p, "CLUSTER", "INFO"));
    return { sent: Number(ci.cluster_stats_messages_sent), received: Number(ci.cluster_stats_messages_received), invocations: 0 };
  });
}

/** Counters of every node at the start and the end of the window, and the per-node rates. */
interface Window { start: Counters[]; end: Counters[]; perNodePerS: Counters }

/** `ownCalls`: invocations per node the end reading itself made (not idle traffic). */
function window(start: Counters[], end: Counters[], ownCalls = 0): Window {
  const sum = (f: (c: Counters) => number) => round(end.reduce((n, c, i) => n + f(c) - f(start[i]!), 0) / end.length / WINDOW_S, 3);
  return { start, end, perNodePerS: { sent: sum((c) => c.sent), received: sum((c) => c.received), invocations: round(sum((c) => c.invocations) - ownCalls / WINDOW_S, 3) } };
}

async function measureDurableObjects(REPLICAS: number): Promise<Window> {
  const persistTo = mkdtempSync(join(tmpdir(), "redis-do-idle-"));
  const server = await startDevServer({ port: 18998, persistTo, vars: { CLUSTER_NODE_TIMEOUT_MS: String(NT) } });
  try {
    const opts = { url: server.url, token: "dev-admin-token" };
    const names = await create(opts, 3, REPLICAS);
    await sleep(SETTLE_S * 1000);
    const a = await doCounters(opts.url, opts.token, names);
    await sleep(WINDOW_S * 1000);
    return window(a, await doCounters(opts.url, opts.token, names), CALLS_PER_READING);
  } finally {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

async function measureRedis(REPLICAS: number): Promise<Window | null> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "redis-idle-"));
  const ports = [30001, 30002, 30003, 30004, 30005, 30006].slice(0, 3 * (1 + REPLICAS));
  const procs: ChildProcess[] = ports.map((p) => spawn("redis-server", [
    "--port", String(p), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-node-timeout", String(NT),
    "--cluster-config-file", join(dir, `nodes-${p}.conf`), "--save", "", "--appendonly", "no", "--dir", dir,
  ], { stdio: "ignore" }));
  try {
    await sleep(1000);
    spawnSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", String(REPLICAS), "--cluster-yes"], { stdio: "ignore" });
    await sleep(SETTLE_S * 1000);
    const a = await redisCounters(ports);
    await sleep(WINDOW_S * 1000);
    return window(a, await redisCounters(ports));
  } finally {
    for (const p of procs) p.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function monthlyCost(invocationsPerNodePerS: number, nodes: number): { requests: number; duration: number } {
  // An object called at least every few seconds never leaves memory: billed for the whole month.
  const bill = monthlyBill({
    workerRequests: 0, doRequests: invocationsPerNodePerS * nodes * SECONDS_PER_MONTH, doWebSocketMessages: 0,
    doGbSeconds: alwaysActiveGbSeconds(nodes), rowsRead: 0, rowsWritten: 0, storedGb: 0,
  });
  return { requests: bill.doRequests, duration: bill.doDuration };
}

const record = startRun(import.meta.url, { REPLICAS: REPLICAS_LIST, WINDOW_S, NT, SETTLE_S, masters: 3, cronMs: 1000, PRICES });
const shapes = [];
const rows: string[][] = [];
const costs: string[] = [];
for (const replicas of REPLICAS_LIST) {
  // Side by side: both clusters idle through the same window.
  const [ours, redis] = await Promise.all([measureDurableObjects(replicas), measureRedis(replicas)]);
  const nodes = 3 * (1 + replicas);
  const cost = monthlyCost(ours.perNodePerS.invocations, nodes);
  const shape = `3 masters${replicas ? ` + ${3 * replicas} replicas` : ""}`;
  const o = ours.perNodePerS;
  rows.push([`${shape}, Durable Objects (cron 1 s)`, o.sent.toFixed(2), o.received.toFixed(2), o.invocations.toFixed(2)]);
  if (redis) rows.push([`${shape}, Redis 7 (redis-server)`, redis.perNodePerS.sent.toFixed(2), redis.perNodePerS.received.toFixed(2), "-"]);
  costs.push(`projected monthly cost of the idle ${shape} (${nodes} objects): requests $${cost.requests.toFixed(2)} + duration $${cost.duration.toFixed(2)}`);
  shapes.push({ replicasPerMaster: replicas, nodes, durableObjects: ours, redis, monthlyCostUsd: { requests: round(cost.requests, 2), duration: round(cost.duration, 2) } });
}
const report = [
  runLine(record),
  `idle clusters, cluster-node-timeout ${NT} ms, window ${WINDOW_S} s after ${SETTLE_S} s settling`,
  "",
  markdownTable(["cluster", "bus msgs sent /node/s", "received /node/s", "DO invocations /node/s"], rows),
  "",
  ...costs,
].join("\n");
console.log(`\n${report}`);
saveRun(record, { shapes }, report);
