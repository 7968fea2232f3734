/**
 * Keyspace benchmark (issue: keyspace): does the cost of an operation on a big collection stay flat
 * as it grows from 10k to 1M elements? One hash, one list and one sorted set per size, filled fast
 * (variadic HSET/RPUSH/ZADD, ~1000 commands per `/pipeline` POST), then through the gateway REST API:
 *   - single commands, 8 requests in flight: ops/s, p50/p99 latency;
 *   - the same command 100 times per `/pipeline` POST, one POST in flight: µs per command, which
 *     leaves out most of the per-request HTTP cost and shows the node's own cost per operation.
 * Sizes are measured interleaved, ROUNDS times (best round kept), so drift on a shared machine
 * does not pass for a size effect.
 * Operations: HSET (update a random field) / HGET on the hash, LPUSH / LRANGE 0 99 on the list,
 * ZADD (re-score a random member) / ZRANGE 0 99 / ZRANGEBYSCORE (a 100-score window at a random
 * place) on the sorted set. Element i has field/member `m:<i>` and score i.
 *
 *   npx tsx scripts/bench/keyspace.ts                      # starts its own wrangler dev cluster
 *   REDIS_URL=http://127.0.0.1:8787 npx tsx scripts/bench/keyspace.ts
 *   SIZES=10000,1000000 TYPES=hash,list,zset N=2000 ROUNDS=2 npx tsx scripts/bench/keyspace.ts
 *
 * Saves every round's figures and the report in docs/bench/keyspace.json.
 */
import { benchCluster, markdownTable, measure, round, runLine, saveRun, startRun, stats, type Sample, type Stats } from "./lib";

const SIZES = (process.env.SIZES ?? "10000,1000000").split(",").map(Number);
/** Collection types filled at the largest size (the others stop at the smaller sizes). */
const BIG_TYPES = (process.env.TYPES ?? "hash,list,zset").split(",");
const N = Number(process.env.N ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const ELEMS_PER_CMD = Number(process.env.ELEMS_PER_CMD ?? 20);
const CMDS_PER_POST = Number(process.env.CMDS_PER_POST ?? 1000);
const PIPE = 100;
const PIPE_POSTS = Number(process.env.PIPE_POSTS ?? 40);
const ROUNDS = Number(process.env.ROUNDS ?? 2);

type Cmd = (string | number)[];
type Json = string | number | null | Json[];

/** Deterministic PRNG (mulberry32) so runs pick the same fields. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Client {
  constructor(private readonly url: string, private readonly token: string) {}

  private async post(path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method: "POST", headers: { authorization: `Bearer ${this.token}` }, body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }

  async cmd(c: Cmd): Promise<Json> {
    const r = (await this.post("/", c.map(String))) as { result?: Json; error?: string };
    if (r.error !== undefined) throw new Error(`${c.slice(0, 3).join(" ")}: ${r.error}`);
    return r.result ?? null;
  }

  async pipeline(cmds: Cmd[]): Promise<Json[]> {
    const rs = (await this.post("/pipeline", cmds.map((c) => c.map(String)))) as { result?: Json; error?: string }[];
    const bad = rs.find((r) => r.error !== undefined);
    if (bad) throw new Error(`pipeline: ${bad.error}`);
    return rs.map((r) => r.result ?? null);
  }
}

/** Fills `key` with elements [from, to) using variadic commands, CMDS_PER_POST per pipeline POST. */
async function fill(c: Client, type: string, key: string, from: number, to: number): Promise<void> {
  const cmds: Cmd[] = [];
  const flush = async () => { if (cmds.length) await c.pipeline(cmds.splice(0)); };
  for (let i = from; i < to; i += ELEMS_PER_CMD) {
    const cmd: Cmd = type === "hash" ? ["HSET", key] : type === "list" ? ["RPUSH", key] : ["ZADD", key];
    for (let j = i; j < Math.min(to, i + ELEMS_PER_CMD); j++) {
      if (type === "hash") cmd.push(`m:${j}`, `v:${j}`);
      else if (type === "list") cmd.push(`v:${j}`);
      else cmd.push(j, `m:${j}`);
    }
    cmds.push(cmd);
    if (cmds.length >= CMDS_PER_POST) await flush();
  }
  await flush();
}

interface Op { name: string; type: string; make: (key: string, size: number, r: () => number) => Cmd }

const OPS: Op[] = [
  { name: "HSET (update random field)", type: "hash", make: (k, s, r) => ["HSET", k, `m:${Math.floor(r() * s)}`, "updated"] },
  { name: "HGET (random field)", type: "hash", make: (k, s, r) => ["HGET", k, `m:${Math.floor(r() * s)}`] },
  { name: "LPUSH", type: "list", make: (k) => ["LPUSH", k, "pushed"] },
  { name: "LRANGE 0 99", type: "list", make: (k) => ["LRANGE", k, 0, 99] },
  { name: "ZADD (re-score random member)", type: "zset", make: (k, s, r) => { const i = Math.floor(r() * s); return ["ZADD", k, i + 0.5, `m:${i}`]; } },
  { name: "ZRANGE 0 99", type: "zset", make: (k) => ["ZRANGE", k, 0, 99] },
  { name: "ZRANGEBYSCORE (100-score window)", type: "zset", make: (k, s, r) => { const lo = Math.floor(r() * (s - 100)); return ["ZRANGEBYSCORE", k, lo, lo + 99]; } },
];

interface Result { op: string; size: number; sample: Sample; usPerOpPipelined: number }
interface Fill { type: string; size: number; seconds: number; elementsPerS: number }
/** One measurement of one round, as the JSON record keeps it. */
interface RoundResult { round: number; op: string; size: number; single: Stats; usPerOpPipelined: number }

const keyOf = (type: string, size: number) => `ks:${type}:${size}`;
const lenCmd: Record<string, string> = { hash: "HLEN", list: "LLEN", zset: "ZCARD" };

async function run(c: Client): Promise<{ results: Result[]; fills: Fill[]; rounds: RoundResult[] }> {
  const fills: Fill[] = [];
  const rounds: RoundResult[] = [];
  const max = Math.max(...SIZES);
  const typesAt = (size: number) => ["hash", "list", "zset"].filter((t) => size < max || BIG_TYPES.includes(t));
  for (const size of SIZES) {
    for (const type of typesAt(size)) {
      const key = keyOf(type, size);
      await c.cmd(["DEL", key]);
      const t0 = performance.now();
      await fill(c, type, key, 0, size);
      const s = (performance.now() - t0) / 1000;
      const len = Number(await c.cmd([lenCmd[type]!, key]));
      if (len !== size) throw new Error(`${key}: ${lenCmd[type]} = ${len}, expected ${size}`);
      console.error(`filled ${key}: ${size} elements in ${s.toFixed(1)} s (${Math.round(size / s)} elements/s)`);
      fills.push({ type, size, seconds: round(s, 2), elementsPerS: Math.round(size / s) });
    }
  }
  // Sizes interleaved, ROUNDS times, best round kept: the client, wrangler's proxy and workerd
  // share the machine, so interference from anything else only ever makes a round slower.
  const best = new Map<string, Result>();
  for (let rnd = 0; rnd < ROUNDS; rnd++) {
    for (const op of OPS) {
      for (const size of SIZES.filter((s) => typesAt(s).includes(op.type))) {
        const key = keyOf(op.type, size);
        const r = rng(size * 31 + rnd);
        for (let i = 0; i < 50; i++) await c.cmd(op.make(key, size, r)); // warm-up
        const sample = await measure(op.name, N, CONCURRENCY, async () => void (await c.cmd(op.make(key, size, r))));
        const t0 = performance.now();
        for (let p = 0; p < PIPE_POSTS; p++) await c.pipeline(Array.from({ length: PIPE }, () => op.make(key, size, r)));
        const usPerOpPipelined = ((performance.now() - t0) * 1000) / (PIPE_POSTS * PIPE);
        const st = stats(sample);
        rounds.push({ round: rnd + 1, op: op.name, size, single: st, usPerOpPipelined: Math.round(usPerOpPipelined) });
        console.error(`  round ${rnd + 1} ${op.name} @${fmtSize(size)}: ${st.opsPerS} ops/s, ` +
          `p50 ${st.p50Ms.toFixed(2)} ms, p99 ${st.p99Ms.toFixed(2)} ms, pipelined ${usPerOpPipelined.toFixed(0)} µs/op`);
        const id = `${op.name}@${size}`;
        const prev = best.get(id);
        const rate = (x: Sample) => x.ops / x.seconds;
        best.set(id, {
          op: op.name, size,
          sample: prev && rate(prev.sample) > rate(sample) ? prev.sample : sample,
          usPerOpPipelined: Math.min(prev?.usPerOpPipelined ?? Infinity, usPerOpPipelined),
        });
      }
    }
  }
  return { results: [...best.values()], fills, rounds };
}

const fmtSize = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** One row per operation: each size side by side, then the largest/smallest ratio of the per-op costs. */
function report(results: Result[]): { table: string; ratios: Record<string, number> } {
  const sizes = [...new Set(results.map((r) => r.size))].sort((a, b) => a - b);
  const head = ["operation"];
  for (const s of sizes) head.push(`${fmtSize(s)} ops/s`, `${fmtSize(s)} p50 / p99 ms`, `${fmtSize(s)} µs/op pipelined`);
  head.push("pipelined cost, largest / smallest");
  const rows: string[][] = [];
  const ratios: Record<string, number> = {};
  for (const op of OPS) {
    const row = [op.name];
    const mine = sizes.map((s) => results.find((r) => r.op === op.name && r.size === s));
    if (!mine[0]) continue;
    for (const r of mine) {
      if (!r) { row.push("-", "-", "-"); continue; }
      const st = stats(r.sample);
      row.push(String(st.opsPerS), `${st.p50Ms.toFixed(1)} / ${st.p99Ms.toFixed(1)}`, r.usPerOpPipelined.toFixed(0));
    }
    const present = mine.filter((r): r is Result => r !== undefined);
    const ratio = present.length > 1 ? present[present.length - 1]!.usPerOpPipelined / present[0]!.usPerOpPipelined : NaN;
    if (!Number.isNaN(ratio)) ratios[op.name] = round(ratio, 2);
    row.push(Number.isNaN(ratio) ? "-" : `${ratio.toFixed(2)}× (${fmtSize(present[present.length - 1]!.size)})`);
    rows.push(row);
  }
  return { table: markdownTable(head, rows), ratios };
}

function fillTable(fills: Fill[]): string {
  const sizes = [...new Set(fills.map((f) => f.size))].sort((a, b) => a - b);
  const max = sizes.at(-1)!;
  const rows = ["hash", "list", "zset"].map((t) => [t, ...sizes.map((s) => {
    const f = fills.find((x) => x.type === t && x.size === s);
    return f ? `${f.seconds} s` : "-";
  }), String(fills.find((x) => x.type === t && x.size === max)?.elementsPerS ?? "-")]);
  return markdownTable(["fill", ...sizes.map((s) => fmtSize(s)), `elements/s at ${fmtSize(max)}`], rows);
}

async function main(): Promise<void> {
  const cluster = await benchCluster(Number(process.env.PORT ?? 18996));
  const c = new Client(cluster.url, cluster.token);
  const record = startRun(import.meta.url, {
    SIZES, TYPES: BIG_TYPES, N, CONCURRENCY, ELEMS_PER_CMD, CMDS_PER_POST, PIPE, PIPE_POSTS, ROUNDS, REDIS_URL: process.env.REDIS_URL ?? null,
  });
  let out: Awaited<ReturnType<typeof run>>;
  try {
    out = await run(c);
  } finally {
    await cluster.server?.stop();
  }
  const { table, ratios } = report(out.results);
  const text = [
    runLine(record),
    `best of ${ROUNDS} interleaved rounds; N=${N} single commands at concurrency ${CONCURRENCY}; pipelined: ${PIPE_POSTS} POSTs of ${PIPE} commands, one in flight; ` +
      `fill: ${ELEMS_PER_CMD} elements per command, ${CMDS_PER_POST} commands per POST`,
    "", fillTable(out.fills), "", table,
  ].join("\n");
  console.log(`\n${text}`);
  const best = out.results.map((r) => ({ op: r.op, size: r.size, single: stats(r.sample), usPerOpPipelined: Math.round(r.usPerOpPipelined) }));
  saveRun(record, { fills: out.fills, best, pipelinedCostRatioLargestToSmallest: ratios, rounds: out.rounds }, text);
}

await main();
