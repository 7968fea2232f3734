/**
 * Scripting (issue: scripting): what a Lua script costs next to the same commands sent plainly, and
 * what bounds a script. Side by side in one run (every comparison interleaves its cases op by op):
 *
 *   node    in the node, no network: a NodeRuntime on the simulator's ports (better-sqlite3 in
 *           memory; the simulator's clock is never advanced, so no cron runs), µs per execute() of
 *           EVALSHA/EVAL/FCALL of a script making three redis.call's (INCR, HSET, GET on keys of one
 *           hash tag) vs the same three commands as one pipelined execute(); EVALSHA `return 1` vs PING.
 *   e2e     end to end, one command (or one pipeline) in flight: RESP over the gateway's WebSocket
 *           (`wrangler dev`, 3 masters) next to RESP over TCP to a real redis-server 7.0 (standalone).
 *   cold    the Lua VM's creation in Node (wasm compile, instance, both interpreters opened); under
 *           wrangler dev the first EVAL after DEBUG RESTART (through the admin route) vs a warm one.
 *   bundle  the Worker bundle of this checkout vs BEFORE_REF (wrangler deploy --dry-run; BEFORE_REF
 *           checked out in a temporary git worktree, removed after), raw and gzip.
 *   rate    Lua VM instructions per ms: runaway scripts (`while true do <body> end`) stopped by the
 *           budget busy-reply-threshold × LUA_INSTRUCTIONS_PER_MS (exactly budget instructions), in
 *           Node and under wrangler dev (CONFIG SET on node-0 through the admin route), and a
 *           completed `for i=1,N do end`.
 *
 * wrangler dev (port PORT, fresh storage) runs a copy of src/ taken at the start, so edits made to
 * the checkout meanwhile neither reload it nor mix into the figures; redis-server (standalone, no
 * persistence) listens on REDIS_PORT if free, else on a port the OS picks. Both stop at exit.
 *
 *   npx tsx scripts/bench/scripting.ts                       # every part
 *   PARTS=node,rate npx tsx scripts/bench/scripting.ts       # some parts (node, e2e, cold, rate, bundle)
 *   NODE_N=4000 NODE_ROUNDS=5 E2E_N=1000 E2E_ROUNDS=3 COLD_RUNS=15 VM_RUNS=10 RATE_RUNS=3 BEFORE_REF=4b8de22 \
 *     PORT=19087 REDIS_PORT=19097 npx tsx scripts/bench/scripting.ts
 *
 * Saves the figures and the report in docs/bench/scripting.json (or $BENCH_JSON).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { encodeCommand } from "../../src/resp/encoder";
import { RespReplyParser, ProtocolError } from "../../src/resp/parser";
import type { Reply } from "../../src/resp/reply";
import type { ConnState } from "../../src/commands/types";
import { keyHashSlot } from "../../src/commands/slot";
import { LuaVm, HOOK_EVERY, EVAL_STATE } from "../../src/scripting/lua-vm";
import { LUA_INSTRUCTIONS_PER_MS } from "../../src/scripting/run";
import { SCRIPT_REDIS_VERSION } from "../../src/scripting/scripting";
import { Sim, ADMIN } from "../../test/sim/sim";
import { createCluster } from "../../test/sim/cluster";
import { create, slotRanges } from "../cluster";
import { startDevServer, type DevServer } from "../lib/dev-server";
import { sleep } from "../lib/admin";
import { bundleSizes, type BundleSizes } from "../lib/bundle-size";
import { markdownTable, percentile, ROOT, round, runLine, saveRun, startRun } from "./lib";

const PARTS = new Set((process.env.PARTS ?? "node,e2e,cold,rate,bundle").split(",").map((s) => s.trim()));
const NODE_N = Number(process.env.NODE_N ?? 4000);
const NODE_ROUNDS = Number(process.env.NODE_ROUNDS ?? 5);
const E2E_N = Number(process.env.E2E_N ?? 1000);
const E2E_ROUNDS = Number(process.env.E2E_ROUNDS ?? 3);
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 15);
const VM_RUNS = Number(process.env.VM_RUNS ?? 10);
const RATE_RUNS = Number(process.env.RATE_RUNS ?? 3);
const BEFORE_REF = process.env.BEFORE_REF ?? "4b8de22";
const PORT = Number(process.env.PORT ?? 19087);
const REDIS_PORT = Number(process.env.REDIS_PORT ?? 19097);
const TOKEN = "dev-token";
const ADMIN_TOKEN = "dev-admin-token";

/** The script of the comparison: three commands on keys of one hash tag. */
const BODY3 = "redis.call('INCR', KEYS[1]) redis.call('HSET', KEYS[2], 'f', ARGV[1]) return redis.call('GET', KEYS[3])";
const RETURN1 = "return 1";
const LIB = "#!lua name=benchlib\nredis.register_function('three', function(keys, args) redis.call('INCR', keys[1]) redis.call('HSET', keys[2], 'f', args[1]) return redis.call('GET', keys[3]) end)";
const KEYS3 = ["{sb}:counter", "{sb}:hash", "{sb}:string"];
const PIPE3 = [["INCR", KEYS3[0]!], ["HSET", KEYS3[1]!, "f", "v"], ["GET", KEYS3[2]!]];

const log = (msg: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const median = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 50);
const p99 = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 99);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const errorOf = (r: Reply | undefined): string | null => (r === undefined ? "no reply" : r.t === "error" ? r.v : null);

function expectNoError(what: string, replies: Reply[]): void {
  for (const r of replies) {
    const e = errorOf(r);
    if (e !== null) throw new Error(`${what}: ${e}`);
  }
}

// ---- things this script starts, stopped at exit ----------------------------------------------

const cleanup: (() => void)[] = [];
process.on("exit", () => cleanup.splice(0).reverse().forEach((f) => f()));
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    process.exit(sig === "SIGINT" ? 130 : 143);
  });
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

/**
 * A copy of what wrangler builds (src/, wrangler.toml, package.json, tsconfig.json, the dev vars)
 * taken when the run starts, node_modules linked: `wrangler dev` reloads, closing every WebSocket,
 * whenever a watched file changes, and on a shared checkout others edit src/ meanwhile.
 */
let snapshotDir: string | null = null;
function snapshot(): string {
  if (snapshotDir) return snapshotDir;
  const dir = mkdtempSync(join(tmpdir(), "redis-do-scripting-src-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
  for (const f of ["wrangler.toml", "package.json", "tsconfig.json", ".dev.vars.example"]) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  snapshotDir = dir;
  return dir;
}

async function devCluster(): Promise<DevServer> {
  const dir = mkdtempSync(join(tmpdir(), "redis-do-scripting-"));
  const server = await startDevServer({ port: PORT, cwd: snapshot(), persistTo: dir, readyTimeoutMs: 120_000 });
  cleanup.push(() => {
    killGroup(server.process);
    rmSync(dir, { recursive: true, force: true });
  });
  await create({ url: server.url, token: ADMIN_TOKEN }, 3, 0);
  return server;
}

/** A free TCP port: `preferred` if free, else one the OS picks. */
function freePort(preferred: number): Promise<number> {
  const tryPort = (p: number) => new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(p, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
  return tryPort(preferred).catch(() => tryPort(0));
}

/** A standalone redis-server 7.0 (no persistence) on a free port. */
async function startRedis(): Promise<{ port: number; version: string }> {
  const port = await freePort(REDIS_PORT);
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore", detached: true });
  cleanup.push(() => killGroup(child));
  for (let i = 0; i < 50; i++) {
    try {
      const c = await RespConn.tcp(port);
      const [info] = await c.send([["INFO", "server"]]);
      c.close();
      const version = /redis_version:(\S+)/.exec(info?.t === "bulk" ? info.v : "")?.[1] ?? "?";
      return { port, version };
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`redis-server did not start on ${port}`);
}

// ---- one RESP connection (WebSocket to the gateway, or TCP to redis-server) ---------------------

class RespConn {
  private readonly parser = new RespReplyParser();
  private waiting: { left: number; got: Reply[]; done: (r: Reply[]) => void; fail: (e: Error) => void } | null = null;

  private constructor(private readonly write: (b: Uint8Array) => void, readonly close: () => void) {}

  private received(data: Uint8Array): void {
    this.parser.push(data);
    for (let r = this.parser.next(); r !== null && this.waiting; r = this.parser.next()) {
      if (r instanceof ProtocolError) return this.waiting.fail(new Error(`protocol error: ${r.text}`));
      const w = this.waiting;
      w.got.push(r);
      if (--w.left === 0) {
        this.waiting = null;
        w.done(w.got);
      }
    }
  }

  /** Sends the commands in one write (one WebSocket frame) and resolves with all their replies. */
  send(cmds: string[][]): Promise<Reply[]> {
    const parts = cmds.map((c) => encodeCommand(c));
    const frame = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      frame.set(p, o);
      o += p.length;
    }
    return new Promise((done, fail) => {
      this.waiting = { left: cmds.length, got: [], done, fail };
      this.write(frame);
    });
  }

  static async ws(url: string): Promise<RespConn> {
    const ws = new WebSocket(url);
    ws.binaryType = "nodebuffer";
    await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
    const c = new RespConn((b) => ws.send(b), () => ws.close());
    ws.on("message", (d: Buffer) => c.received(new Uint8Array(d)));
    ws.on("close", () => c.waiting?.fail(new Error("websocket closed")));
    return c;
  }

  static tcp(port: number): Promise<RespConn> {
    return new Promise((resolve, reject) => {
      const sock: Socket = connect({ host: "127.0.0.1", port, noDelay: true });
      sock.once("error", reject);
      sock.once("connect", () => {
        const c = new RespConn((b) => sock.write(b), () => sock.destroy());
        sock.on("data", (d: Buffer) => c.received(new Uint8Array(d)));
        sock.on("close", () => c.waiting?.fail(new Error("connection closed")));
        resolve(c);
      });
    });
  }
}

// ---- interleaved timing --------------------------------------------------------------------

interface Case {
  name: string;
  op: () => Promise<unknown>;
}

interface CaseStats { name: string; n: number; medianUs: number; meanUs: number; p99Us: number; opsPerS: number }

function caseStats(name: string, us: number[]): CaseStats {
  return { name, n: us.length, medianUs: round(median(us), 2), meanUs: round(mean(us), 2), p99Us: round(p99(us), 2), opsPerS: Math.round(1e6 / mean(us)) };
}

/**
 * Runs every case `n` times, op by op in turn (the order rotating each time, so no case always
 * follows the same one), after `warm` untimed turns; returns each case's latencies in µs.
 */
async function interleaved(cases: Case[], n: number, warm: number): Promise<Map<string, number[]>> {
  const out = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < warm + n; i++) {
    for (let j = 0; j < cases.length; j++) {
      const c = cases[(i + j) % cases.length]!;
      const t0 = performance.now();
      await c.op();
      const dt = (performance.now() - t0) * 1000;
      if (i >= warm) out.get(c.name)!.push(dt);
    }
  }
  return out;
}

/** Per case: the median over rounds of the round medians (and of the p99s, the means, ops/s). */
function summarize(rounds: CaseStats[][]): CaseStats[] {
  return rounds[0]!.map((c) => {
    const of = (f: (s: CaseStats) => number) => round(median(rounds.map((r) => f(r.find((x) => x.name === c.name)!))), 2);
    return { name: c.name, n: c.n, medianUs: of((s) => s.medianUs), meanUs: of((s) => s.meanUs), p99Us: of((s) => s.p99Us), opsPerS: Math.round(of((s) => s.opsPerS)) };
  });
}

/** Per round: a's median / b's median; the median of those and every round's. */
function ratio(rounds: CaseStats[][], a: string, b: string, field: "medianUs" | "meanUs" = "medianUs"): { median: number; rounds: number[] } {
  const each = rounds.map((r) => round(r.find((x) => x.name === a)![field] / r.find((x) => x.name === b)![field], 2));
  return { median: round(median(each), 2), rounds: each };
}

// ---- (a) in the node ---------------------------------------------------------------------------

async function nodeSim(): Promise<{ sim: Sim; exec: (cmds: string[][], conn?: ConnState) => Promise<Reply[]> }> {
  const sim = new Sim({ seed: 1 });
  await createCluster(sim, { masters: 1 });
  const rt = sim.runtime("n0");
  const conn: ConnState = { resp: 2 };
  return { sim, exec: (cmds, c = conn) => rt.execute(cmds, c) };
}

async function partNode(): Promise<Record<string, unknown>> {
  const { sim, exec } = await nodeSim();
  const sha3 = (await exec([["SCRIPT", "LOAD", BODY3]]))[0] as { v: string };
  const sha1 = (await exec([["SCRIPT", "LOAD", RETURN1]]))[0] as { v: string };
  expectNoError("FUNCTION LOAD", await exec([["FUNCTION", "LOAD", LIB]]));
  const evalsha3 = ["EVALSHA", sha3.v, "3", ...KEYS3, "v"];
  const cmds: [string, string[][]][] = [
    ["PING (execute floor)", [["PING"]]],
    ["INCR (one command)", [["INCR", KEYS3[0]!]]],
    ["pipeline INCR + HSET + GET", PIPE3],
    ["EVALSHA, 3 redis.call", [evalsha3]],
    ["EVAL body, 3 redis.call (cache hit)", [["EVAL", BODY3, "3", ...KEYS3, "v"]]],
    ["FCALL, 3 redis.call", [["FCALL", "three", "3", ...KEYS3, "v"]]],
    ["EVALSHA return 1", [["EVALSHA", sha1.v, "0"]]],
    ["EVAL return 1 (cache hit)", [["EVAL", RETURN1, "0"]]],
    // EVALSHA_RO is not may_replicate: the node runs it without a SQLite transaction of its own.
    ["EVALSHA_RO return 1", [["EVALSHA_RO", sha1.v, "0"]]],
  ];
  for (const [name, c] of cmds) expectNoError(name, await exec(c));
  const cases: Case[] = cmds.map(([name, c]) => ({ name, op: () => exec(c) }));
  // The VM alone: the call EVALSHA return 1 makes into the wasm (arguments in, RESP out), without the node around it.
  const vm = sim.runtime("n0").scripting.vm();
  const noHost = () => null;
  cases.push({ name: "LuaVm.call return 1 (the wasm call alone)", op: () => Promise.resolve(vm.call(EVAL_STATE, `f_${sha1.v}`, sha1.v, [], [], 1e9, noHost)) });
  const rounds: CaseStats[][] = [];
  for (let r = 1; r <= NODE_ROUNDS; r++) {
    const lat = await interleaved(cases, NODE_N, r === 1 ? 1000 : 100);
    rounds.push(cases.map((c) => caseStats(c.name, lat.get(c.name)!)));
    const s = rounds.at(-1)!;
    log(`node round ${r}: ${s.map((x) => `${x.name} ${x.medianUs}`).join(", ")}`);
  }
  return {
    rounds,
    summary: summarize(rounds),
    ratios: {
      "EVALSHA 3 calls / pipeline of 3 (median µs)": ratio(rounds, "EVALSHA, 3 redis.call", "pipeline INCR + HSET + GET"),
      "EVALSHA 3 calls / pipeline of 3 (mean µs)": ratio(rounds, "EVALSHA, 3 redis.call", "pipeline INCR + HSET + GET", "meanUs"),
      "EVAL body / EVALSHA (median µs)": ratio(rounds, "EVAL body, 3 redis.call (cache hit)", "EVALSHA, 3 redis.call"),
      "FCALL / EVALSHA (median µs)": ratio(rounds, "FCALL, 3 redis.call", "EVALSHA, 3 redis.call"),
      "EVALSHA return 1 / PING (median µs)": ratio(rounds, "EVALSHA return 1", "PING (execute floor)"),
      "EVALSHA return 1 / EVALSHA_RO return 1 (median µs)": ratio(rounds, "EVALSHA return 1", "EVALSHA_RO return 1"),
      "EVAL return 1 / EVALSHA return 1 (median µs)": ratio(rounds, "EVAL return 1 (cache hit)", "EVALSHA return 1"),
    },
  };
}

// ---- (b) end to end: wrangler dev vs redis-server ---------------------------------------------------

async function partE2e(server: DevServer, redisPort: number): Promise<Record<string, unknown>> {
  const ours = await RespConn.ws(`${server.url.replace("http", "ws")}/ws?_token=${TOKEN}`);
  const redis = await RespConn.tcp(redisPort);
  const setup = async (c: RespConn): Promise<string> => {
    const [sha] = await c.send([["SCRIPT", "LOAD", BODY3]]);
    if (sha?.t !== "bulk") throw new Error(`SCRIPT LOAD: ${JSON.stringify(sha)}`);
    return sha.v;
  };
  const shaOurs = await setup(ours);
  const shaRedis = await setup(redis);
  const checked = (c: RespConn, cmds: string[][]) => async () => {
    const r = await c.send(cmds);
    const e = r.map(errorOf).find((x) => x !== null);
    if (e) throw new Error(`${cmds[0]![0]}: ${e}`);
  };
  const cases: Case[] = [
    { name: "DO: INCR", op: checked(ours, [["INCR", KEYS3[0]!]]) },
    { name: "DO: pipeline INCR + HSET + GET", op: checked(ours, PIPE3) },
    { name: "DO: EVALSHA, 3 redis.call", op: checked(ours, [["EVALSHA", shaOurs, "3", ...KEYS3, "v"]]) },
    { name: "Redis: INCR", op: checked(redis, [["INCR", KEYS3[0]!]]) },
    { name: "Redis: pipeline INCR + HSET + GET", op: checked(redis, PIPE3) },
    { name: "Redis: EVALSHA, 3 redis.call", op: checked(redis, [["EVALSHA", shaRedis, "3", ...KEYS3, "v"]]) },
  ];
  const rounds: CaseStats[][] = [];
  try {
    for (let r = 1; r <= E2E_ROUNDS; r++) {
      const lat = await interleaved(cases, E2E_N, r === 1 ? 200 : 50);
      rounds.push(cases.map((c) => caseStats(c.name, lat.get(c.name)!)));
      log(`e2e round ${r}: ${rounds.at(-1)!.map((x) => `${x.name} ${x.medianUs}`).join(", ")}`);
    }
  } finally {
    ours.close();
    redis.close();
  }
  return {
    rounds,
    summary: summarize(rounds),
    ratios: {
      "DO: EVALSHA / pipeline (median)": ratio(rounds, "DO: EVALSHA, 3 redis.call", "DO: pipeline INCR + HSET + GET"),
      "Redis: EVALSHA / pipeline (median)": ratio(rounds, "Redis: EVALSHA, 3 redis.call", "Redis: pipeline INCR + HSET + GET"),
      "DO / Redis, EVALSHA (median)": ratio(rounds, "DO: EVALSHA, 3 redis.call", "Redis: EVALSHA, 3 redis.call"),
      "DO / Redis, pipeline (median)": ratio(rounds, "DO: pipeline INCR + HSET + GET", "Redis: pipeline INCR + HSET + GET"),
    },
  };
}

// ---- (c) cold start -------------------------------------------------------------------------------

const WASM_PATH = join(ROOT, "src/scripting/wasm/redis-lua.wasm");

/** The module's bytes with a custom section of a fresh name appended: V8 cannot reuse an earlier compile. */
function uniqueWasm(bytes: Uint8Array, i: number): Uint8Array {
  const name = new TextEncoder().encode(`bench-${i}-${Math.random()}`);
  const section = new Uint8Array([0, name.length + 1, name.length, ...name]);
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes);
  out.set(section, bytes.length);
  return out;
}

/** Node: compile, instantiate + open both interpreters, first script (compile + run), a second run. */
function vmColdStart(): Record<string, unknown> {
  const bytes = new Uint8Array(readFileSync(WASM_PATH));
  // workers-types declares WebAssembly.Module abstract (workerd has no run-time compile); Node has one.
  const Compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
  const runs: { compileMs: number; instanceMs: number; firstEvalMs: number; warmEvalMs: number; memoryUsedBytes: number }[] = [];
  for (let i = 0; i < VM_RUNS; i++) {
    const b = uniqueWasm(bytes, i);
    const t0 = performance.now();
    const module = new Compile(b);
    const t1 = performance.now();
    const vm = new LuaVm(module, SCRIPT_REDIS_VERSION);
    const t2 = performance.now();
    const host = () => null;
    const err = vm.load("f_x", "return 1");
    if (err !== null) throw new Error(err);
    const r = vm.call(EVAL_STATE, "f_x", "x", [], [], 1e9, host);
    const t3 = performance.now();
    vm.call(EVAL_STATE, "f_x", "x", [], [], 1e9, host);
    const t4 = performance.now();
    if (r.resp !== ":1\r\n") throw new Error(`unexpected ${JSON.stringify(r.resp)}`);
    runs.push({ compileMs: round(t1 - t0, 3), instanceMs: round(t2 - t1, 3), firstEvalMs: round(t3 - t2, 3), warmEvalMs: round(t4 - t3, 3), memoryUsedBytes: vm.memoryUsed });
  }
  const med = (f: (x: (typeof runs)[number]) => number) => round(median(runs.map(f)), 3);
  return {
    runs,
    median: { compileMs: med((x) => x.compileMs), instanceMs: med((x) => x.instanceMs), firstEvalMs: med((x) => x.firstEvalMs), warmEvalMs: med((x) => x.warmEvalMs), memoryUsedBytes: med((x) => x.memoryUsedBytes) },
    // The first of the process: V8's own first wasm compile (the later ones find its machinery warm).
    first: runs[0],
  };
}

/** A key that lives on `node` (the even split `create` made). */
function keyOn(node: number, prefix: string): string {
  const [lo, hi] = slotRanges(3)[node]!;
  for (let i = 0; ; i++) {
    const s = keyHashSlot(`${prefix}${i}`);
    if (s >= lo && s <= hi) return `${prefix}${i}`;
  }
}

/**
 * wrangler dev: node-0 restarted (DEBUG RESTART: the object is aborted, its memory thrown away),
 * then over a WebSocket to /node/node-0/ws: the first EVAL (restart + VM + compile + run), or PING
 * first (the runtime back) and then the first EVAL (VM creation + compile + run), an EVAL of a new
 * body (compile + run), the same body again (cache hit), PING.
 */
async function e2eColdStart(server: DevServer): Promise<Record<string, unknown>> {
  const conn = await RespConn.ws(`${server.url.replace("http", "ws")}/node/node-0/ws?_token=${ADMIN_TOKEN}`);
  const timed = async (cmds: string[][]): Promise<number> => {
    const t0 = performance.now();
    const r = await conn.send(cmds);
    const ms = performance.now() - t0;
    const e = r.map(errorOf).find((x) => x !== null);
    if (e) throw new Error(`${cmds[0]!.join(" ").slice(0, 60)}: ${e}`);
    return round(ms, 3);
  };
  const restart = async (): Promise<void> => {
    await timed([["DEBUG", "RESTART"]]);
    await sleep(500); // the abort comes 10 ms after the reply
  };
  const k = keyOn(0, "cold:");
  const runs: Record<string, number>[] = [];
  try {
    await timed([["PING"]]);
    for (let i = 0; i < COLD_RUNS; i++) {
      await restart();
      const evalDirect = await timed([["EVAL", `return ${i}`, "1", k]]);
      await restart();
      const pingCold = await timed([["PING"]]);
      const evalFirst = await timed([["EVAL", `return ${i} + 1`, "1", k]]);
      const evalNewBody = await timed([["EVAL", `return ${i} + 2`, "1", k]]);
      const evalCached = await timed([["EVAL", `return ${i} + 2`, "1", k]]);
      const pingWarm = await timed([["PING"]]);
      runs.push({ evalDirect, pingCold, evalFirst, evalNewBody, evalCached, pingWarm });
      log(`cold run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
  } finally {
    conn.close();
  }
  const med = (f: string) => round(median(runs.map((r) => r[f]!)), 3);
  return { runs, median: Object.fromEntries(Object.keys(runs[0]!).map((f) => [f, med(f)])) };
}

function partBundle(): { before: BundleSizes & { ref: string }; head: BundleSizes } {
  const dir = join(tmpdir(), "wt-before");
  if (existsSync(dir)) throw new Error(`${dir} exists: remove it (git worktree remove --force ${dir})`);
  execFileSync("git", ["worktree", "add", "--detach", dir, BEFORE_REF], { cwd: ROOT, stdio: "ignore" });
  try {
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    return { before: { ref: BEFORE_REF, ...bundleSizes(dir) }, head: bundleSizes(snapshot()) };
  } finally {
    execFileSync("git", ["worktree", "remove", "--force", dir], { cwd: ROOT, stdio: "ignore" });
  }
}

// ---- (d) instruction rate --------------------------------------------------------------------------

/**
 * Runaway scripts: `while true do <body> end` until the budget stops it, at these thresholds (ms).
 * perIteration: the loop's Lua 5.1 VM instructions per iteration (`luac5.1 -l`: JMP; ADD JMP;
 * ADD MOD ADD SETTABLE JMP; ADD GETGLOBAL MOVE CALL MOVE JMP; GETGLOBAL GETTABLE LOADK GETGLOBAL
 * GETTABLE CALL JMP).
 */
const RUNAWAYS: { name: string; body: string; thresholds: number[]; perIteration: number }[] = [
  { name: "while true do end", body: "while true do end", thresholds: [100, 1000, 5000], perIteration: 1 },
  { name: "x = x + 1", body: "local x = 0 while true do x = x + 1 end", thresholds: [1000], perIteration: 2 },
  { name: "t[i % 100 + 1] = i", body: "local t, i = {}, 0 while true do i = i + 1 t[i % 100 + 1] = i end", thresholds: [1000], perIteration: 5 },
  { name: "s = tostring(i) (C call)", body: "local i, s = 0 while true do i = i + 1 s = tostring(i) end", thresholds: [1000], perIteration: 6 },
  { name: "redis.call('GET', KEYS[1])", body: "while true do redis.call('GET', KEYS[1]) end", thresholds: [10, 100], perIteration: 7 },
  { name: "redis.call('INCR', KEYS[1])", body: "while true do redis.call('INCR', KEYS[1]) end", thresholds: [10], perIteration: 7 },
];
const FOR_N = 10_000_000;
const FOR_LOOP = `for i = 1, ${FOR_N} do end return 1`;

interface RateRow {
  where: string; script: string; thresholdMs: number; instructions: number; iterations: number; wallMs: number[]; medianWallMs: number;
  instrPerMs: number; usPerIteration: number; wallPerThresholdMs: number;
}

function rateRow(where: string, script: string, thresholdMs: number, instructions: number, iterations: number, wallMs: number[]): RateRow {
  const m = median(wallMs);
  return {
    where, script, thresholdMs, instructions, iterations, wallMs: wallMs.map((x) => round(x, 1)), medianWallMs: round(m, 1), instrPerMs: Math.round(instructions / m),
    usPerIteration: round((m * 1000) / iterations, 4), wallPerThresholdMs: thresholdMs > 0 ? round(m / thresholdMs, 3) : NaN,
  };
}

/** Runs the rate scripts through `exec` (one node: CONFIG SET busy-reply-threshold, then EVAL). */
async function rates(where: string, exec: (cmd: string[]) => Promise<Reply>, key: string): Promise<RateRow[]> {
  const setThreshold = async (ms: number) => {
    const r = await exec(["CONFIG", "SET", "busy-reply-threshold", String(ms)]);
    if (errorOf(r)) throw new Error(`CONFIG SET: ${errorOf(r)}`);
  };
  const rows: RateRow[] = [];
  try {
    for (const rw of RUNAWAYS) {
      for (const t of rw.thresholds) {
        await setThreshold(t);
        const wall: number[] = [];
        for (let i = 0; i < RATE_RUNS; i++) {
          const t0 = performance.now();
          const r = await exec(["EVAL", rw.body, "1", key]);
          wall.push(performance.now() - t0);
          if (!/instruction budget/.test(errorOf(r) ?? "")) throw new Error(`${rw.name}: not stopped by the budget: ${JSON.stringify(r)}`);
        }
        // The budget in instructions: threshold × LUA_INSTRUCTIONS_PER_MS, charged HOOK_EVERY at a time.
        const instructions = Math.floor((t * LUA_INSTRUCTIONS_PER_MS) / HOOK_EVERY) * HOOK_EVERY;
        rows.push(rateRow(where, rw.name, t, instructions, Math.floor(instructions / rw.perIteration), wall));
        log(`${where}: ${rw.name} at ${t} ms: ${rows.at(-1)!.medianWallMs} ms, ${rows.at(-1)!.instrPerMs} instr/ms`);
      }
    }
    // A loop that completes: FORPREP, FOR_N FORLOOPs, a few more (no budget: threshold 0).
    await setThreshold(0);
    const wall: number[] = [];
    for (let i = 0; i < RATE_RUNS; i++) {
      const t0 = performance.now();
      const r = await exec(["EVAL", FOR_LOOP, "0"]);
      wall.push(performance.now() - t0);
      if (errorOf(r)) throw new Error(`for loop: ${errorOf(r)}`);
    }
    rows.push(rateRow(where, `for i = 1, ${FOR_N} do end (completes)`, 0, FOR_N, FOR_N, wall));
    log(`${where}: for loop: ${rows.at(-1)!.medianWallMs} ms`);
  } finally {
    await setThreshold(5000);
  }
  return rows;
}

async function partRateNode(): Promise<RateRow[]> {
  const { exec } = await nodeSim();
  return rates("node (Node.js)", async (cmd) => (await exec([cmd], ADMIN))[0]!, "{rate}:k");
}

async function partRateWorkerd(server: DevServer): Promise<RateRow[]> {
  const conn = await RespConn.ws(`${server.url.replace("http", "ws")}/node/node-0/ws?_token=${ADMIN_TOKEN}`);
  try {
    return await rates("wrangler dev (workerd)", async (cmd) => (await conn.send([cmd]))[0]!, keyOn(0, "rate:"));
  } finally {
    conn.close();
  }
}

// ---- report --------------------------------------------------------------------------------------

const us = (x: number) => x.toFixed(1);
const ms = (x: number) => x.toFixed(2);
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { PARTS: [...PARTS], NODE_N, NODE_ROUNDS, E2E_N, E2E_ROUNDS, COLD_RUNS, VM_RUNS, RATE_RUNS, BEFORE_REF, PORT, REDIS_PORT, LUA_INSTRUCTIONS_PER_MS, HOOK_EVERY });
  const results: Record<string, unknown> = {};
  const text: string[] = [`# Scripting costs`, runLine(record)];
  // The code wrangler runs is the code this process imported: both taken now. The record's
  // uncommittedChanges are those at its end (saveRun): on a checkout others edit, note the start's too.
  if (PARTS.has("e2e") || PARTS.has("cold") || PARTS.has("rate") || PARTS.has("bundle")) snapshot();
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  const dirtyAtStart = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs");
  results.codeAtStart = { commit: git("rev-parse", "--short", "HEAD"), uncommittedChanges: dirtyAtStart ? dirtyAtStart.split("\n") : [] };

  if (PARTS.has("node")) {
    log("in the node");
    const r = await partNode();
    results.node = r;
    const summary = r.summary as CaseStats[];
    text.push("", `## In the node (execute(), µs per call; ${NODE_N} calls per case per round, interleaved; median of ${NODE_ROUNDS} rounds)`, "",
      markdownTable(["case", "median µs", "mean µs", "p99 µs"], summary.map((s) => [s.name, us(s.medianUs), us(s.meanUs), us(s.p99Us)])), "",
      ...Object.entries(r.ratios as Record<string, { median: number; rounds: number[] }>).map(([k, v]) => `- ${k}: **${v.median}** (rounds ${v.rounds.join(", ")})`));
  }
  if (PARTS.has("cold")) {
    log("Lua VM creation in Node");
    const r = vmColdStart();
    results.vmNode = r;
    const m = r.median as Record<string, number>;
    const f = r.first as Record<string, number>;
    text.push("", `## Lua VM creation in Node (${VM_RUNS} runs, each on freshly compiled bytes)`, "",
      markdownTable(["step", "median ms", "first run ms"], [
        ["new WebAssembly.Module (compile)", ms(m.compileMs!), ms(f.compileMs!)],
        ["new LuaVm (instance + both interpreters opened)", ms(m.instanceMs!), ms(f.instanceMs!)],
        ["first script (load `return 1` + call)", ms(m.firstEvalMs!), ms(f.firstEvalMs!)],
        ["the same call again", ms(m.warmEvalMs!), ms(f.warmEvalMs!)],
      ]), "", `Lua heap after opening both interpreters and one script: ${kib(m.memoryUsedBytes!)}.`);
  }
  if (PARTS.has("bundle")) {
    log(`bundle sizes: ${BEFORE_REF} vs HEAD`);
    const r = partBundle();
    results.bundle = r;
    const rows: string[][] = [];
    for (const [which, b] of Object.entries(r)) {
      const label = which === "before" ? BEFORE_REF : "this checkout";
      for (const f of b.files) rows.push([label, f.file, kib(f.bytes), kib(f.gzipBytes)]);
      rows.push([label, "**total**", `**${kib(b.totalBytes)}**`, `**${kib(b.totalGzipBytes)}**`]);
      rows.push([label, "wrangler says", b.wrangler, ""]);
    }
    text.push("", "## Worker bundle (`wrangler deploy --dry-run`; gzip: zlib level 9)", "", markdownTable(["commit", "file", "bytes", "gzip"], rows));
  }
  const needWrangler = PARTS.has("e2e") || PARTS.has("cold") || PARTS.has("rate");
  const needRedis = PARTS.has("e2e");
  const server = needWrangler ? (log(`starting wrangler dev on ${PORT}`), await devCluster()) : null;
  const redis = needRedis ? await startRedis() : null;
  if (redis) results.redisServer = redis;

  if (PARTS.has("e2e") && server && redis) {
    log("end to end");
    const r = await partE2e(server, redis.port);
    results.e2e = r;
    const summary = r.summary as CaseStats[];
    text.push("", `## End to end, one call in flight (DO: RESP over the gateway's WebSocket, wrangler dev, 3 masters; Redis: redis-server ${redis.version} over TCP; ${E2E_N} calls per case per round, interleaved; median of ${E2E_ROUNDS} rounds)`, "",
      markdownTable(["case", "median ms", "p99 ms", "calls/s"], summary.map((s) => [s.name, ms(s.medianUs / 1000), ms(s.p99Us / 1000), String(s.opsPerS)])), "",
      ...Object.entries(r.ratios as Record<string, { median: number; rounds: number[] }>).map(([k, v]) => `- ${k}: **${v.median}** (rounds ${v.rounds.join(", ")})`));
  }
  if (PARTS.has("cold") && server) {
    log("first EVAL after DEBUG RESTART");
    const r = await e2eColdStart(server);
    results.coldE2e = r;
    const m = r.median as Record<string, number>;
    text.push("", `## First EVAL on a restarted node (wrangler dev, /node/node-0/ws, median of ${COLD_RUNS} restarts)`, "",
      markdownTable(["call", "median ms"], [
        ["EVAL right after DEBUG RESTART (object restart + Lua VM + compile + run)", ms(m.evalDirect!)],
        ["PING right after DEBUG RESTART (object restart)", ms(m.pingCold!)],
        ["then the first EVAL (Lua VM + compile + run)", ms(m.evalFirst!)],
        ["then an EVAL of a new body (compile + run)", ms(m.evalNewBody!)],
        ["then the same EVAL again (cache hit)", ms(m.evalCached!)],
        ["then PING", ms(m.pingWarm!)],
      ]));
  }
  if (PARTS.has("rate")) {
    log("instruction rate");
    const rows = [...(await partRateNode()), ...(server ? await partRateWorkerd(server) : [])];
    results.rate = rows;
    text.push("", `## Lua instruction rate (runaway \`while true do <body> end\` stopped by its budget: busy-reply-threshold × ${LUA_INSTRUCTIONS_PER_MS} instructions; median of ${RATE_RUNS} runs, wall time of the whole call)`, "",
      markdownTable(["where", "loop body", "threshold ms", "instructions", "wall ms", "instructions/ms", "µs per iteration", "wall / threshold"],
        rows.map((r) => [r.where, r.script, r.thresholdMs ? String(r.thresholdMs) : "0 (none)", String(r.instructions), ms(r.medianWallMs), String(r.instrPerMs), String(r.usPerIteration),
          Number.isNaN(r.wallPerThresholdMs) ? "-" : String(r.wallPerThresholdMs)])));
  }
  const report = text.join("\n");
  console.log(report);
  saveRun(record, results, report);
  if (server) await server.stop();
  process.exit(0);
}

await main();
