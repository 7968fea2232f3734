/**
 * Failover time: from the instant the master owning a key's slot is stopped to the first write to
 * that key that succeeds afterwards, seen by a client. Measured with the same probe
 * (probeFirstSuccess: a write every 20 ms, one in flight, 1 s per attempt) on
 *   - redis: a real Redis 7 cluster on this machine (Debian redis-server; 3 masters + 3 replicas,
 *     ports 7100-7105), the victim frozen with SIGSTOP; the probe is a cluster-aware RESP client;
 *   - do: 3 masters + 3 replicas on `wrangler dev`, the victim frozen for 3 × NT with DEBUG HALT
 *     (calls to it fail at once) and/or DEBUG SLEEP (calls to it hang, as with SIGSTOP); the
 *     probe POSTs SET to the gateway's REST API.
 * After each run the victim is resumed and the next run starts once the cluster is healthy again
 * with the old master serving as a replica; it then stops the key's new owner.
 *
 *   npx tsx scripts/bench/failover.ts [--system redis|do|both] [--do-stop halt,sleep] [--nt 5000,15000] [--runs 5]
 *                                    [--attempt-timeout 1000]
 *
 * Progress goes to stderr; the Markdown report (docs/benchmarks-failover.md) to stdout; every run's
 * figures and the report to docs/bench/failover.json.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyHashSlot } from "../../src/commands/slot";
import { nodeCommand, sleep, type AdminOptions, type Json } from "../lib/admin";
import { startDevServer } from "../lib/dev-server";
import { create } from "../cluster";
import { cleanUpAtExit, FAILOVER_TABLE_HEAD, failoverRow, killEverything, pollUntil, probeFirstSuccess, round, runLine, saveRun, started, startRun, type FailoverRun, type ProbeResult } from "./lib";
import { ClusterClient } from "./resp-cluster-client";
import { clusterHealthy, parseClusterNodes, RedisCluster, waitFor } from "./redis-cluster";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : def;
}

const SYSTEM = flag("system", "both");
/** How the Durable Object victim is stopped: HALT (calls fail at once) and/or SLEEP (calls hang, like SIGSTOP). */
const DO_STOPS = flag("do-stop", "halt,sleep").split(",").map((s) => s.trim().toUpperCase());
const NTS = flag("nt", "5000,15000").split(",").map(Number);
const RUNS = Number(flag("runs", "5"));
/** One probe attempt's bound; a write to a hung (SIGSTOPped) node costs this much before the client looks again. */
const ATTEMPT_MS = Number(flag("attempt-timeout", "1000"));
const KEY = "failover:probe";
const SLOT = keyHashSlot(KEY);
const REDIS_PORTS = [7100, 7101, 7102, 7103, 7104, 7105];
const DO_PORT = Number(process.env.PORT ?? 18996);
const TOKEN = process.env.REDIS_TOKEN ?? "dev-token";
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? "dev-admin-token";
/** How long DEBUG HALT freezes the victim, in units of NT: long enough for any failover. */
const HALT_NT = 3;

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);
const fmt = (ms: number | null) => (ms === null ? "none" : `${(ms / 1000).toFixed(2)} s`);

cleanUpAtExit(log);
const { servers, tempDirs } = started;

/** How long the observer keeps polling after the probe's success (the promotion may show late). */
const OBSERVE_AFTER_MS = 5000;

/**
 * Runs the probe and, beside it, the observer: `promotedNow()` polled every `observeMs` says
 * whether the victim's replica serves the slot yet.
 */
async function probeAndObserve(
  t0: number, deadlineMs: number, observeMs: number, write: (i: number, signal: AbortSignal) => Promise<void>, promotedNow: () => Promise<boolean>,
): Promise<{ res: ProbeResult; promotedMs: number | null }> {
  let probeDoneAt = Infinity;
  const observer = pollUntil(promotedNow, { t0, intervalMs: observeMs, deadlineMs, stop: () => performance.now() > probeDoneAt + OBSERVE_AFTER_MS });
  const res = await probeFirstSuccess(write, { t0, deadlineMs, attemptTimeoutMs: ATTEMPT_MS });
  probeDoneAt = performance.now();
  return { res, promotedMs: await observer };
}

/**
 * A replica that held an election less than 4×NT ago may not hold another (Redis's
 * auth_retry_time = 2 × max(2×NT, 2 s); src/cluster/failover.ts keeps the rule). Back-to-back runs
 * would then measure that wait (seen: 28–29 s instead of 19–22 s at NT 15 s), so
 * a run starts only once its candidate's last election is that old: each run is a first failover.
 */
async function spaceElections(lastElection: Map<string, number>, candidate: string, nt: number): Promise<void> {
  const wait = (lastElection.get(candidate) ?? -Infinity) + 2 * Math.max(2 * nt, 2000) - Date.now();
  if (wait <= 0) return;
  log(`waiting ${(wait / 1000).toFixed(1)} s: ${candidate} won an election less than 4×NT ago`);
  await sleep(wait);
}

/** A run's probe outcome and who was who, for the JSON record. */
function detail(res: ProbeResult, who: Record<string, string | number>): Record<string, unknown> {
  return { ...who, attempts: res.attempts, failures: res.failures, firstError: res.firstError ?? null };
}

// ---- real Redis ----------------------------------------------------------------------------------

async function redisRuns(nt: number): Promise<FailoverRun[]> {
  log(`redis NT ${nt}: starting 6 redis-server on ports ${REDIS_PORTS[0]}-${REDIS_PORTS.at(-1)}`);
  const cluster = await RedisCluster.start(REDIS_PORTS, nt);
  const client = new ClusterClient(REDIS_PORTS);
  const runs: FailoverRun[] = [];
  const lastElection = new Map<string, number>();
  try {
    for (let run = 0; run < RUNS; run++) {
      const victim = await cluster.owner(SLOT);
      const replica = (await cluster.replicasOf(victim, victim))[0];
      if (replica === undefined) throw new Error(`master ${victim} has no replica`);
      await spaceElections(lastElection, String(replica), nt);
      // The client's map must be current before t0: a write that succeeds now.
      await waitFor("a write before the run", 30_000, async () => (await client.set(KEY, "warm"), client.ownerOf(KEY) === victim));
      cluster.pause(victim);
      const t0 = performance.now();
      const t0Wall = Date.now();
      const { res, promotedMs } = await probeAndObserve(t0, 6 * nt + 30_000, 20,
        (i, signal) => client.set(KEY, String(i), signal),
        async () => (await cluster.owner(SLOT, replica)) === replica);
      cluster.resume(victim);
      const owner = await cluster.owner(SLOT, REDIS_PORTS.find((p) => p !== victim));
      runs.push({ ms: res.ms, promotedMs, promoted: owner !== victim, detail: detail(res, { victim, replica, owner }) });
      if (owner !== victim) lastElection.set(String(owner), t0Wall + (promotedMs ?? res.ms ?? 0));
      log(`redis NT ${nt} run ${run + 1}/${RUNS}: victim ${victim}, first write ok after ${fmt(res.ms)}, replica ${replica} promoted at ${fmt(promotedMs)}, now served by ${owner}; ${res.attempts} attempts, failures ${JSON.stringify(res.failures)}, first: ${res.firstError ?? "-"}`);
      await cluster.waitHealthy(120_000, owner !== victim ? victim : undefined);
    }
  } finally {
    client.close();
    cluster.kill();
  }
  return runs;
}

// ---- Durable Objects on wrangler dev -------------------------------------------------------------

async function restSet(url: string, key: string, value: string, signal?: AbortSignal): Promise<void> {
  const res = await fetch(`${url}/`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(["SET", key, value]),
    signal,
  });
  const body = (await res.json()) as { result?: Json; error?: string };
  if (body.error !== undefined) throw new Error(body.error);
  if (body.result !== "OK") throw new Error(`unexpected reply ${JSON.stringify(body)}`);
}

/** The node owning SLOT according to the first of `ask` that answers CLUSTER SLOTS. */
async function doOwner(opts: AdminOptions, ask: string[]): Promise<string> {
  for (const node of ask) {
    try {
      const slots = await nodeCommand(opts, node, "CLUSTER", "SLOTS");
      for (const e of Array.isArray(slots) ? slots : []) {
        if (Array.isArray(e) && Number(e[0]) <= SLOT && SLOT <= Number(e[1]) && Array.isArray(e[2])) return String(e[2][0]);
      }
    } catch {
      // halted or not ready: ask the next one
    }
  }
  throw new Error(`no node could say who owns slot ${SLOT}`);
}

async function doRuns(nt: number, stop: string): Promise<FailoverRun[]> {
  const persistTo = mkdtempSync(join(tmpdir(), "redis-do-failover-"));
  tempDirs.add(persistTo);
  log(`do NT ${nt}: starting wrangler dev on port ${DO_PORT}`);
  const server = await startDevServer({ port: DO_PORT, persistTo, vars: { CLUSTER_NODE_TIMEOUT_MS: String(nt) } });
  servers.add(server);
  const opts: AdminOptions = { url: server.url, token: ADMIN_TOKEN };
  const ask = async (node: string, ...argv: string[]) => String(await nodeCommand(opts, node, ...argv));
  const runs: FailoverRun[] = [];
  const lastElection = new Map<string, number>();
  try {
    // create() reports on stdout, which carries only the Markdown report here.
    const stdout = console.log;
    console.log = console.error;
    const names = await create(opts, 3, 1).finally(() => (console.log = stdout));
    const healthy = (replica?: string) =>
      waitFor("a healthy cluster on wrangler dev", 180_000, () => clusterHealthy(names, ask, (n) => n.host, replica), 500);
    await healthy();
    for (let run = 0; run < RUNS; run++) {
      const victim = await doOwner(opts, names);
      const other = names.find((n) => n !== victim)!;
      const view = parseClusterNodes(await ask(other, "CLUSTER", "NODES"));
      const victimId = view.find((n) => n.host === victim)?.id;
      const replica = view.find((n) => n.masterId === victimId)?.host;
      if (replica === undefined) throw new Error(`master ${victim} has no replica`);
      await spaceElections(lastElection, replica, nt);
      await waitFor("a write before the run", 30_000, async () => (await restSet(server.url, KEY, "warm"), true));
      const sent = performance.now();
      await nodeCommand(opts, victim, "DEBUG", stop, (HALT_NT * nt) / 1000);
      // The node halted somewhere between sending and the reply; the reply is the instant it is surely halted.
      const t0 = performance.now();
      const t0Wall = Date.now();
      const haltEnds = Date.now() + HALT_NT * nt;
      const { res, promotedMs } = await probeAndObserve(t0, HALT_NT * nt + 30_000, 50,
        (i, signal) => restSet(server.url, KEY, String(i), signal),
        async () => (await doOwner(opts, [replica])) === replica);
      const owner = await doOwner(opts, names.filter((n) => n !== victim)).catch(() => "?");
      const promoted = owner !== victim && owner !== "?";
      runs.push({ ms: res.ms, promotedMs, promoted, detail: detail(res, { victim, replica, owner, stopAckMs: round(t0 - sent, 1) }) });
      if (promoted) lastElection.set(owner, t0Wall + (promotedMs ?? res.ms ?? 0));
      log(`do ${stop} NT ${nt} run ${run + 1}/${RUNS}: victim ${victim} (${stop} acked in ${(t0 - sent).toFixed(0)} ms), first write ok after ${fmt(res.ms)}, ` +
        `replica ${replica} promoted at ${fmt(promotedMs)}, ` +
        `slot now served by ${owner}${promoted ? "" : " (NO PROMOTION)"}; ${res.attempts} attempts, failures ${JSON.stringify(res.failures)}, first: ${res.firstError ?? "-"}`);
      const left = haltEnds - Date.now();
      if (left > 0) {
        log(`waiting ${(left / 1000).toFixed(0)} s for the halt to end`);
        await sleep(left + 500);
      }
      await healthy(promoted ? victim : undefined);
    }
  } finally {
    await server.stop();
    servers.delete(server);
    rmSync(persistTo, { recursive: true, force: true });
    tempDirs.delete(persistTo);
  }
  return runs;
}

async function main(): Promise<void> {
  if (!["redis", "do", "both"].includes(SYSTEM) || DO_STOPS.some((s) => s !== "HALT" && s !== "SLEEP") || NTS.some((n) => !(n > 0)) || !(RUNS > 0) || !(ATTEMPT_MS > 0)) {
    console.error("usage: npx tsx scripts/bench/failover.ts [--system redis|do|both] [--do-stop halt,sleep] [--nt 5000,15000] [--runs 5] [--attempt-timeout 1000]");
    process.exit(2);
  }
  const record = startRun(import.meta.url, { system: SYSTEM, doStop: DO_STOPS, nt: NTS, runs: RUNS, attemptTimeoutMs: ATTEMPT_MS, key: KEY, slot: SLOT, probeIntervalMs: 20, haltNt: HALT_NT });
  const rows: string[] = [];
  const results: { system: string; ntMs: number; runs: FailoverRun[] }[] = [];
  const add = (system: string, nt: number, runs: FailoverRun[]) => {
    results.push({ system, ntMs: nt, runs: runs.map((r) => ({ ...r, ms: r.ms && round(r.ms, 1), promotedMs: r.promotedMs && round(r.promotedMs, 1) })) });
    rows.push(failoverRow(system, nt, runs));
    log(rows.at(-1)!);
  };
  for (const nt of NTS) {
    // Sequential on purpose: the two systems share 2 cores.
    if (SYSTEM !== "do") add("Redis 7 (SIGSTOP)", nt, await redisRuns(nt));
    if (SYSTEM !== "redis") {
      for (const stop of DO_STOPS) add(`Durable Objects, wrangler dev (DEBUG ${stop})`, nt, await doRuns(nt, stop));
    }
  }
  const report = [
    runLine(record),
    `Probe: SET ${KEY} (slot ${SLOT}) every 20 ms, one in flight, ${ATTEMPT_MS} ms per attempt. In brackets: when the victim's replica first ` +
      "served the slot (observer). † = the slot was still served by the victim afterwards (no promotion).",
    "",
    FAILOVER_TABLE_HEAD,
    ...rows,
  ].join("\n");
  console.log(report);
  saveRun(record, results, report);
}

main().catch((e: unknown) => {
  console.error(e);
  killEverything();
  process.exit(1);
});
