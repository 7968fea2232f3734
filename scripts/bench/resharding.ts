/**
 * Resharding (issue #11): moving SLOTS hash slots (default 2730, half of the first master's) from
 * one master to another, over the same dataset (KEYS keys of ~1 KiB, a fifth each strings,
 * hashes, lists, sets and sorted sets), side by side in one run, one system after the other:
 *   - redis:   a real Redis 7 cluster (3 masters, redis-server on ports 7100-7102) resharded with
 *              `redis-cli --cluster reshard ... --cluster-pipeline PIPELINE` (per-slot MIGRATE);
 *   - migrate: 3 masters on `wrangler dev`, the operator CLI's reshard (scripts/lib/cluster-reshard.ts:
 *              per-slot SETSLOT / GETKEYSINSLOT / MIGRATE, as redis-cli does, through the gateway);
 *   - atomic:  a fresh 3 masters on `wrangler dev`, one `CLUSTER MIGRATESLOTS SLOTSRANGE lo hi NODE id`
 *              sent to the source, polled with CLUSTER GETSLOTMIGRATIONS until `success`.
 * Meanwhile a client reads and writes keys of the moving slots at RATE ops/s (half reads, half
 * writes that keep each value's size), IDLE_S seconds before the move (idle) and throughout it:
 * for Redis a cluster-aware RESP client following MOVED and ASK itself (TRYAGAIN, CLUSTERDOWN, a
 * timeout or a dropped connection count as errors); for ours the gateway's REST API (any error
 * reply or failed request counts). After each move the keys are counted on both sides.
 *
 *   npx tsx scripts/bench/resharding.ts
 *   KEYS=100000 SLOTS=2730 RATE=25 IDLE_S=15 PIPELINE=10 SYSTEMS=redis,migrate,atomic npx tsx scripts/bench/resharding.ts
 *   (PORT=18999 for wrangler dev, REDIS_PORTS=7100,7101,7102 for redis-server)
 *
 * Each system's server processes' CPU time during the move is read from /proc (redis-server; the
 * workerd of `wrangler dev`, where every node and the gateway run): wall times on this machine
 * move with the host's load, CPU seconds much less.
 *
 * Progress goes to stderr, the Markdown report to stdout; both, with the raw figures, to
 * docs/bench/resharding.json (or $BENCH_JSON).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyHashSlot } from "../../src/commands/slot";
import { nodeCommand, nodePipeline, sleep, type AdminOptions, type Json } from "../lib/admin";
import { startDevServer, type DevServer } from "../lib/dev-server";
import { create } from "../cluster";
import { reshard } from "../lib/cluster-reshard";
import { Reporter } from "../lib/reporter";
import { DEFAULT_MOVE } from "../lib/slot-mover";
import { cleanUpAtExit, killEverything, markdownTable, percentile, round, runLine, saveRun, started, startRun } from "./lib";
import { ClusterClient, nodeCall, parseClusterSlots, replyText, RespConnection } from "./resp-cluster-client";
import { cpuSpent, cpuTime, processGroup, type CpuTime } from "./process-cpu";
import { RedisCluster } from "./redis-cluster";

const KEYS = Number(process.env.KEYS ?? 100_000);
const SLOTS = Number(process.env.SLOTS ?? 2730);
/** Client operations per second, started on a fixed schedule (not closed-loop), during idle and move. */
const RATE = Number(process.env.RATE ?? 25);
const IDLE_S = Number(process.env.IDLE_S ?? 15);
/** Keys per MIGRATE (redis-cli's --cluster-pipeline; the same for ours). */
const PIPELINE = Number(process.env.PIPELINE ?? 10);
const SYSTEMS = (process.env.SYSTEMS ?? "redis,migrate,atomic").split(",").map((s) => s.trim());
/** One client operation's bound; past it the operation counts as a timeout error. */
const OP_TIMEOUT_MS = Number(process.env.OP_TIMEOUT_MS ?? 5000);
/** Client operations in flight at most; a tick finding this many skips its operation (counted). */
const MAX_IN_FLIGHT = 64;
/** Commands per load request (a /pipeline POST for ours, a RESP pipeline per node for Redis). */
const LOAD_CHUNK = 1000;
/** Three ports for redis-server (each also uses port + 10000 for its cluster bus). */
const REDIS_PORTS = (process.env.REDIS_PORTS ?? "7100,7101,7102").split(",").map(Number);
const DO_PORT = Number(process.env.PORT ?? 18999);
const TOKEN = process.env.REDIS_TOKEN ?? "dev-token";
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? "dev-admin-token";
/** Source and target: the first and second master of the even split (slots 0-5460 and 5461-10922). */
const SRC = 0;
const DST = 1;
const LO = 0;
const HI = LO + SLOTS - 1;

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);

cleanUpAtExit(log);
const { servers, tempDirs } = started;

// ---- the dataset ---------------------------------------------------------------------------------

const TYPES = ["string", "hash", "list", "set", "zset"] as const;
/** Elements per collection and bytes per element: 8 × 128 B ≈ 1 KiB, like a string's 1024 B. */
const ELEMS = 8;
const ELEM_BYTES = 128;
const VALUE_BYTES = 1024;

const keyName = (i: number) => `rs:${TYPES[i % TYPES.length]}:${i}`;
const elem = (i: number, j: number) => `${i}:${j}:`.padEnd(ELEM_BYTES, "x");
const range = (n: number) => Array.from({ length: n }, (_, j) => j);

/** The command that creates key i. */
function loadCommand(i: number): string[] {
  const k = keyName(i);
  switch (TYPES[i % TYPES.length]!) {
    case "string": return ["SET", k, `${i}:`.padEnd(VALUE_BYTES, "v")];
    case "hash": return ["HSET", k, ...range(ELEMS).flatMap((j) => [`f${j}`, elem(i, j)])];
    case "list": return ["RPUSH", k, ...range(ELEMS).map((j) => elem(i, j))];
    case "set": return ["SADD", k, ...range(ELEMS).map((j) => elem(i, j))];
    case "zset": return ["ZADD", k, ...range(ELEMS).flatMap((j) => [String(j), elem(i, j)])];
  }
}

/** The client's n-th operation on key i: even n reads, odd n writes (sizes unchanged). */
function clientCommand(i: number, n: number): string[] {
  const k = keyName(i);
  const write = n % 2 === 1;
  switch (TYPES[i % TYPES.length]!) {
    case "string": return write ? ["SET", k, `${i}:${n}:`.padEnd(VALUE_BYTES, "w")] : ["GET", k];
    case "hash": return write ? ["HSET", k, "f0", `${n}:`.padEnd(ELEM_BYTES, "w")] : ["HGET", k, "f0"];
    case "list": return write ? ["LSET", k, "0", `${n}:`.padEnd(ELEM_BYTES, "w")] : ["LINDEX", k, "0"];
    case "set": return write ? ["SADD", k, elem(i, 0)] : ["SISMEMBER", k, elem(i, 0)];
    case "zset": return write ? ["ZADD", k, String(n), elem(i, 0)] : ["ZSCORE", k, elem(i, 0)];
  }
}

/** Indexes of the keys in the moved slots: what every system moves, and what the client works on. */
const movingKeys = (): number[] => range(KEYS).filter((i) => {
  const s = keyHashSlot(keyName(i));
  return s >= LO && s <= HI;
});

// ---- the client beside the move ------------------------------------------------------------------

interface OpSample { startMs: number; ms: number; error: string | null }

/**
 * Starts one operation every 1000/RATE ms (open loop: a slow reply does not slow the schedule),
 * up to MAX_IN_FLIGHT at once; each operation is bounded by OP_TIMEOUT_MS.
 */
class ClientLoad {
  readonly samples: OpSample[] = [];
  skipped = 0;
  private inFlight = new Set<Promise<void>>();
  private running = true;
  private readonly loop: Promise<void>;

  constructor(keys: number[], op: (argv: string[], key: string, signal: AbortSignal) => Promise<void>) {
    this.loop = (async () => {
      const t0 = performance.now();
      for (let n = 0; this.running; n++) {
        const wait = t0 + (n * 1000) / RATE - performance.now();
        if (wait > 0) await sleep(wait);
        if (this.inFlight.size >= MAX_IN_FLIGHT) {
          this.skipped++;
          continue;
        }
        const i = keys[(n * 7919) % keys.length]!;
        const start = performance.now();
        const p = op(clientCommand(i, n), keyName(i), AbortSignal.timeout(OP_TIMEOUT_MS)).then(
          () => null,
          (e: unknown) => {
            const text = e instanceof Error ? e.message : String(e);
            return /timeout|aborted/i.test(text) ? "timeout" : text;
          },
        ).then((error) => {
          this.samples.push({ startMs: start, ms: performance.now() - start, error });
          this.inFlight.delete(p);
        });
        this.inFlight.add(p);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all(this.inFlight);
  }
}

interface Window { ops: number; errors: number; errorKinds: Record<string, number>; firstError: string | null; p50Ms: number; p99Ms: number; maxMs: number }

function window(samples: OpSample[], from: number, to: number): Window {
  const w = samples.filter((s) => s.startMs >= from && s.startMs < to);
  const ok = w.filter((s) => s.error === null).map((s) => s.ms).sort((a, b) => a - b);
  const all = w.map((s) => s.ms).sort((a, b) => a - b);
  const errorKinds: Record<string, number> = {};
  for (const s of w) if (s.error !== null) errorKinds[s.error.split(/[ :]/)[0]!] = (errorKinds[s.error.split(/[ :]/)[0]!] ?? 0) + 1;
  return {
    ops: w.length, errors: w.length - ok.length, errorKinds, firstError: w.find((s) => s.error !== null)?.error ?? null,
    // Latency over every operation, failed ones included (a timeout is a latency the client saw).
    p50Ms: round(percentile(all, 50), 2), p99Ms: round(percentile(all, 99), 2), maxMs: round(all.at(-1) ?? NaN, 2),
  };
}

interface SystemResult {
  system: string;
  keysExpected: number;
  keysMoved: number;
  slots: number;
  loadS: number;
  wallS: number;
  keysPerS: number;
  msPerSlot: number;
  idle: Window;
  move: Window;
  skipped: number;
  /** CPU time of the system's server processes during the move (null without /proc). */
  serverCpu: CpuTime | null;
  detail: Record<string, unknown>;
  /** Per second from the idle window's start (the move starts at idleS): operations started, errors, p50 and max ms. */
  timeline: { s: number; ops: number; errors: number; p50Ms: number; maxMs: number }[];
}

function timeline(samples: OpSample[], from: number): SystemResult["timeline"] {
  const buckets: OpSample[][] = [];
  for (const x of samples) (buckets[Math.floor((x.startMs - from) / 1000)] ??= []).push(x);
  return [...buckets.entries()].flatMap(([s, b]) => {
    if (!b) return [];
    const ms = b.map((x) => x.ms).sort((a, c) => a - c);
    return [{ s, ops: b.length, errors: b.filter((x) => x.error !== null).length, p50Ms: round(percentile(ms, 50), 1), maxMs: round(ms.at(-1)!, 1) }];
  });
}

/** Idle window, then the move with the client running, then the figures. */
async function measureMove(
  system: string, keys: number[], loadS: number, op: (argv: string[], key: string, signal: AbortSignal) => Promise<void>,
  move: () => Promise<Record<string, unknown>>, check: () => Promise<{ atTarget: number; leftAtSource: number }>,
  serverPids: () => number[],
): Promise<SystemResult> {
  const client = new ClientLoad(keys, op);
  const idleFrom = performance.now();
  await sleep(IDLE_S * 1000);
  const pids = serverPids();
  const cpu0 = cpuTime(pids);
  const t0 = performance.now();
  log(`${system}: moving ${SLOTS} slots (${keys.length} keys) with the client at ${RATE} ops/s`);
  let detail: Record<string, unknown>;
  let t1 = t0;
  let cpu1: CpuTime | null = null;
  try {
    detail = await move();
  } finally {
    t1 = performance.now();
    cpu1 = cpuTime(pids);
    await client.stop();
  }
  const counted = await check();
  const moved = { keysMoved: counted.atTarget, detail: { ...counted, ...detail } };
  const wallS = (t1 - t0) / 1000;
  const r: SystemResult = {
    system, keysExpected: keys.length, keysMoved: moved.keysMoved, slots: SLOTS, loadS: round(loadS, 1), wallS: round(wallS, 2),
    keysPerS: Math.round(moved.keysMoved / wallS), msPerSlot: round((t1 - t0) / SLOTS, 2),
    idle: window(client.samples, idleFrom, t0), move: window(client.samples, t0, t1), skipped: client.skipped,
    serverCpu: cpuSpent(cpu0, cpu1), detail: moved.detail,
    timeline: timeline(client.samples, idleFrom),
  };
  log(`${system}: ${JSON.stringify({ ...r, timeline: undefined })}`);
  log(`${system}: per second (ops/errors/p50/max ms): ${r.timeline.map((b) => `${b.s}:${b.ops}/${b.errors}/${b.p50Ms}/${b.maxMs}`).join(" ")}`);
  return r;
}

// ---- real Redis ----------------------------------------------------------------------------------

/** Sends `cmds` to node `port` pipelined in chunks; throws on the first error reply. */
async function respPipeline(conn: RespConnection, cmds: string[][]): Promise<Reply[]> {
  const out: Reply[] = [];
  for (let i = 0; i < cmds.length; i += LOAD_CHUNK) {
    const replies = await Promise.all(cmds.slice(i, i + LOAD_CHUNK).map((c) => conn.command(c, 60_000)));
    const bad = replies.find((r) => r.t === "error");
    if (bad) throw new Error(`pipeline: ${bad.t === "error" ? bad.v : ""}`);
    out.push(...replies);
  }
  return out;
}
type Reply = Awaited<ReturnType<RespConnection["command"]>>;

async function redisRun(keys: number[]): Promise<SystemResult> {
  log(`redis: starting 3 redis-server on ports ${REDIS_PORTS.join(", ")}`);
  const cluster = await RedisCluster.start(REDIS_PORTS, 15_000, 0);
  const conns = new Map<number, RespConnection>();
  try {
    const { ranges } = parseClusterSlots(await nodeCall(REDIS_PORTS[0]!, ["CLUSTER", "SLOTS"]));
    const ownerOf = (slot: number) => ranges.find(([lo, hi]) => slot >= lo && slot <= hi)![2];
    const srcPort = ownerOf(LO);
    const dstPort = ownerOf(5461);
    for (const p of REDIS_PORTS) conns.set(p, await RespConnection.open(p, 2000));
    const t = performance.now();
    const byPort = new Map<number, string[][]>(REDIS_PORTS.map((p) => [p, []]));
    for (let i = 0; i < KEYS; i++) byPort.get(ownerOf(keyHashSlot(keyName(i))))!.push(loadCommand(i));
    await Promise.all([...byPort].map(([p, cmds]) => respPipeline(conns.get(p)!, cmds)));
    const loadS = (performance.now() - t) / 1000;
    log(`redis: loaded ${KEYS} keys in ${loadS.toFixed(1)} s`);
    const srcId = replyText(await nodeCall(srcPort, ["CLUSTER", "MYID"]));
    const dstId = replyText(await nodeCall(dstPort, ["CLUSTER", "MYID"]));
    const client = new ClusterClient(REDIS_PORTS, { timeoutMs: OP_TIMEOUT_MS, refreshTimeoutMs: 1000 });
    try {
      return await measureMove("Redis 7, redis-cli --cluster reshard (MIGRATE)", keys, loadS,
        async (argv, key, signal) => void (await client.command(argv, key, signal)),
        async () => {
          const out = await runRedisCli(["--cluster", "reshard", `127.0.0.1:${srcPort}`, "--cluster-from", srcId, "--cluster-to", dstId,
            "--cluster-slots", String(SLOTS), "--cluster-yes", "--cluster-pipeline", String(PIPELINE)]);
          return { movingSlotLines: out.moving, cli: out.tail };
        },
        async () => {
          const counted = await countKeys(
            (cmds) => respPipeline(conns.get(dstPort)!, cmds).then((rs) => rs.map((r) => Number(replyText(r)))),
            (cmds) => respPipeline(conns.get(srcPort)!, cmds).then((rs) => rs.map((r) => Number(replyText(r)))),
          );
          const { ranges: after } = parseClusterSlots(await nodeCall(dstPort, ["CLUSTER", "SLOTS"]));
          const owned = after.filter(([, , p]) => p === dstPort).reduce((n, [lo, hi]) => n + Math.max(0, Math.min(hi, HI) - Math.max(lo, LO) + 1), 0);
          if (owned !== SLOTS) throw new Error(`redis: the target owns ${owned} of slots ${LO}-${HI} after the reshard`);
          return counted;
        },
        () => cluster.pids);
    } finally {
      client.close();
    }
  } finally {
    for (const c of conns.values()) c.close();
    cluster.kill();
  }
}

function runRedisCli(args: string[]): Promise<{ moving: number; tail: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn("redis-cli", args, { stdio: ["ignore", "pipe", "pipe"] });
    let moving = 0;
    let tail = "";
    const take = (d: Buffer) => {
      const text = d.toString();
      moving += text.match(/Moving slot/g)?.length ?? 0;
      tail = (tail + text).slice(-2000);
    };
    p.stdout.on("data", take);
    p.stderr.on("data", take);
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve({ moving, tail: tail.slice(-300) }) : reject(new Error(`redis-cli exited ${code}: ${tail}`))));
  });
}

/** After a move: keys of the moved slots at the target (must be all of them) and left at the source (must be none). */
async function countKeys(target: (cmds: string[][]) => Promise<number[]>, source: (cmds: string[][]) => Promise<number[]>): Promise<{ atTarget: number; leftAtSource: number }> {
  const cmds = range(SLOTS).map((j) => ["CLUSTER", "COUNTKEYSINSLOT", String(LO + j)]);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return { atTarget: sum(await target(cmds)), leftAtSource: sum(await source(cmds)) };
}

// ---- Durable Objects on wrangler dev -------------------------------------------------------------

async function post(url: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body), signal,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  return parsed;
}

async function restCommand(url: string, argv: string[], signal: AbortSignal): Promise<void> {
  const body = (await post(url, "/", argv, signal)) as { result?: Json; error?: string };
  if (body.error !== undefined) throw new Error(body.error);
}

/** A fresh 3-master cluster on wrangler dev, loaded with the dataset through /pipeline. */
async function doCluster(): Promise<{ server: DevServer; persistTo: string; opts: AdminOptions; names: string[]; ids: string[]; loadS: number }> {
  const persistTo = mkdtempSync(join(tmpdir(), "redis-do-reshard-"));
  tempDirs.add(persistTo);
  log(`do: starting wrangler dev on port ${DO_PORT}`);
  const server = await startDevServer({ port: DO_PORT, persistTo });
  servers.add(server);
  const opts: AdminOptions = { url: server.url, token: ADMIN_TOKEN };
  // create() reports on stdout, which carries only the Markdown report here.
  const stdout = console.log;
  console.log = console.error;
  const names = await create(opts, 3, 0).finally(() => (console.log = stdout));
  const ids = await Promise.all(names.map(async (n) => String(await nodeCommand(opts, n, "CLUSTER", "MYID"))));
  const t = performance.now();
  let next = 0;
  // Two requests in flight: one per core.
  await Promise.all(range(2).map(async () => {
    while (next < KEYS) {
      const from = next;
      next = Math.min(KEYS, next + LOAD_CHUNK);
      const replies = (await post(server.url, "/pipeline", range(next - from).map((j) => loadCommand(from + j)))) as { error?: string }[];
      if (!Array.isArray(replies)) throw new Error(`load: ${JSON.stringify(replies).slice(0, 200)}`);
      const bad = replies.find((r) => r.error !== undefined);
      if (bad) throw new Error(`load: ${bad.error}`);
    }
  }));
  const loadS = (performance.now() - t) / 1000;
  const dbsize = Number(((await post(server.url, "/", ["DBSIZE"])) as { result: Json }).result);
  if (dbsize !== KEYS) throw new Error(`do: DBSIZE ${dbsize} after loading ${KEYS} keys`);
  log(`do: loaded ${KEYS} keys in ${loadS.toFixed(1)} s`);
  return { server, persistTo, opts, names, ids, loadS };
}

async function stopCluster(server: DevServer, persistTo: string): Promise<void> {
  await server.stop();
  servers.delete(server);
  rmSync(persistTo, { recursive: true, force: true });
  tempDirs.delete(persistTo);
}

/** Counts the moved slots' keys on both sides, checks the target serves them and nothing was lost. */
async function doCheck(opts: AdminOptions, names: string[], ids: string[]): Promise<{ atTarget: number; leftAtSource: number }> {
  const counts = (node: string) => async (cmds: string[][]) => (await nodePipeline(opts, node, cmds)).map((r) => {
    if (r.error !== undefined) throw new Error(`${node}: ${r.error}`);
    return Number(r.result);
  });
  const counted = await countKeys(counts(names[DST]!), counts(names[SRC]!));
  const slots = (await nodeCommand(opts, names[DST]!, "CLUSTER", "SLOTS")) as Json[][];
  const owned = slots.filter((e) => Array.isArray(e[2]) && e[2][2] === ids[DST])
    .reduce((n, e) => n + Math.max(0, Math.min(Number(e[1]), HI) - Math.max(Number(e[0]), LO) + 1), 0);
  if (owned !== SLOTS) log(`warning: the target says it owns ${owned} of slots ${LO}-${HI} (CLUSTER SLOTS: ${JSON.stringify(slots).slice(0, 300)})`);
  const dbsize = Number(((await post(opts.url, "/", ["DBSIZE"])) as { result: Json }).result);
  if (dbsize !== KEYS) throw new Error(`do: DBSIZE ${dbsize} after the move, ${KEYS} loaded`);
  return counted;
}

type DoCluster = Awaited<ReturnType<typeof doCluster>>;

/** A fresh loaded cluster on wrangler dev, the client on the gateway's REST API, `move` measured. */
async function doRun(system: string, keys: number[], move: (c: DoCluster) => Promise<Record<string, unknown>>): Promise<SystemResult> {
  const c = await doCluster();
  try {
    return await measureMove(system, keys, c.loadS, (argv, _key, signal) => restCommand(c.server.url, argv, signal), () => move(c), () => doCheck(c.opts, c.names, c.ids),
      () => processGroup(c.server.process.pid!));
  } finally {
    await stopCluster(c.server, c.persistTo);
  }
}

const migrateRun = (keys: number[]) => doRun("Durable Objects, operator CLI reshard (MIGRATE)", keys, async ({ opts, names }) => {
  const ctx = { opts, out: new Reporter(false, process.stderr as unknown as typeof process.stdout, process.stderr), seed: names[SRC]!, move: { ...DEFAULT_MOVE, pipeline: PIPELINE } };
  const r = await reshard(ctx, [names[SRC]!], names[DST]!, SLOTS);
  const lo = Math.min(...r.moves.map((m) => m.slot));
  const hi = Math.max(...r.moves.map((m) => m.slot));
  if (lo !== LO || hi !== HI) throw new Error(`reshard moved slots ${lo}-${hi}, not ${LO}-${HI}`);
  return { cliKeys: r.keys, batchSlots: DEFAULT_MOVE.batchSlots };
});

/** GETSLOTMIGRATIONS' job maps (flat [k, v, ...] arrays in JSON) as records. */
function jobs(reply: Json): Record<string, Json>[] {
  return (Array.isArray(reply) ? reply : []).map((j) => {
    if (!Array.isArray(j)) return j as Record<string, Json>;
    const o: Record<string, Json> = {};
    for (let i = 0; i + 1 < j.length; i += 2) o[String(j[i])] = j[i + 1]!;
    return o;
  });
}

const atomicRun = (keys: number[]) => doRun("Durable Objects, CLUSTER MIGRATESLOTS (atomic)", keys, async ({ opts, names, ids }) => {
  const sent = performance.now();
  await nodeCommand(opts, names[SRC]!, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", LO, HI, "NODE", ids[DST]!);
  // Under wrangler dev the reply (like every other request) waits for the copy: see docs/benchmarks.md, Resharding.
  const replyMs = round(performance.now() - sent, 1);
  let job: Record<string, Json> | undefined;
  let polls = 0;
  for (;;) {
    await sleep(100);
    polls++;
    job = jobs(await nodeCommand(opts, names[SRC]!, "CLUSTER", "GETSLOTMIGRATIONS")).findLast((j) => j.operation === "EXPORT");
    if (job?.state === "success") break;
    if (job && ["failed", "cancelled"].includes(String(job.state))) throw new Error(`MIGRATESLOTS ${job.state}: ${String(job.message)}`);
  }
  return { replyMs, polls, job };
});

// ---- the report ----------------------------------------------------------------------------------

function report(results: SystemResult[]): string {
  const redis = results.find((r) => r.system.startsWith("Redis"));
  const x = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : "-");
  const errs = (w: Window) => (w.errors === 0 ? "0" : `${w.errors} (${Object.entries(w.errorKinds).map(([k, n]) => `${k} ${n}`).join(", ")})`);
  const rows = results.map((r) => [
    r.system, String(r.keysMoved), r.wallS.toFixed(2), String(r.keysPerS), r.msPerSlot.toFixed(2),
    r === redis ? "1×" : x(r.keysPerS, redis?.keysPerS),
    String(r.move.ops), errs(r.move),
    `${r.idle.p50Ms.toFixed(2)} / ${r.idle.p99Ms.toFixed(2)}`, `${r.move.p50Ms.toFixed(2)} / ${r.move.p99Ms.toFixed(2)}`,
    x(r.move.p99Ms, r.idle.p99Ms),
    r.serverCpu ? `${(r.serverCpu.userS + r.serverCpu.systemS).toFixed(2)} (${r.serverCpu.userS.toFixed(2)} + ${r.serverCpu.systemS.toFixed(2)})` : "-",
  ]);
  return markdownTable(
    ["system", "keys moved", "wall s", "keys/s", "ms/slot", "keys/s vs Redis", "client ops during move", "client errors", "client p50 / p99 ms idle", "p50 / p99 ms during move", "p99 move / idle", "server CPU s during move (user + sys)"],
    rows,
  );
}

async function main(): Promise<void> {
  if (!(KEYS > 0) || !(SLOTS > 0 && SLOTS <= 5461) || !(RATE > 0) || !(IDLE_S > 0) || !(PIPELINE > 0) ||
    SYSTEMS.some((s) => !["redis", "migrate", "atomic"].includes(s))) {
    console.error("usage: [KEYS=100000] [SLOTS=2730 (1-5461)] [RATE=25] [IDLE_S=15] [PIPELINE=10] [SYSTEMS=redis,migrate,atomic] npx tsx scripts/bench/resharding.ts");
    process.exit(2);
  }
  const keys = movingKeys();
  const record = startRun(import.meta.url, {
    keys: KEYS, slots: SLOTS, slotRange: [LO, HI], keysInMovedSlots: keys.length, rate: RATE, idleS: IDLE_S, pipeline: PIPELINE, systems: SYSTEMS,
    opTimeoutMs: OP_TIMEOUT_MS, maxInFlight: MAX_IN_FLIGHT, valueBytes: VALUE_BYTES, elems: ELEMS, elemBytes: ELEM_BYTES, types: TYPES,
  });
  log(`${KEYS} keys, ${keys.length} of them in slots ${LO}-${HI}`);
  const results: SystemResult[] = [];
  // One system after the other: they share 2 cores.
  if (SYSTEMS.includes("redis")) results.push(await redisRun(keys));
  if (SYSTEMS.includes("migrate")) results.push(await migrateRun(keys));
  if (SYSTEMS.includes("atomic")) results.push(await atomicRun(keys));
  for (const r of results) {
    if (r.keysMoved !== keys.length || (r.detail.leftAtSource as number) !== 0) log(`WARNING: ${r.system} moved ${r.keysMoved} of ${keys.length} keys, left ${String(r.detail.leftAtSource)} at the source`);
  }
  const text = [
    runLine(record),
    `${KEYS} keys (~1 KiB each: strings, hashes, lists, sets, sorted sets in equal parts); ${SLOTS} slots (${LO}-${HI}, ${keys.length} keys) moved from the ` +
      `first master to the second of 3; MIGRATE with ${PIPELINE} keys per call. Client: ${RATE} ops/s on keys of the moving slots (half reads, half writes), ` +
      `${IDLE_S} s idle just before the move, then throughout it; ${OP_TIMEOUT_MS} ms per operation. Latency in ms over all operations started in the window.`,
    "",
    report(results),
    "",
    ...results.map((r) => `- ${r.system}: ${r.skipped} client operations skipped (${MAX_IN_FLIGHT} already in flight); ` +
      `first error during the move: ${r.move.firstError ?? "none"}; max latency during the move ${r.move.maxMs.toFixed(0)} ms.`),
  ].join("\n");
  console.log(text);
  saveRun(record, results, text);
}

main().catch((e: unknown) => {
  console.error(e);
  killEverything();
  process.exit(1);
});
