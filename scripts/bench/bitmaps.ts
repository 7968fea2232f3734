/**
 * Bitmaps benchmark (issue #15): does the cost of a bit operation stay flat as the string grows
 * from 10 kB (one inline SQLite row) to 2 MB and 16 MB (4 and 31 chunk rows of 512 KiB)? One
 * string per size (SET, then APPENDs of 4 MB), then through the gateway REST API:
 *   - single commands, 8 requests in flight: ops/s, p50/p99 latency;
 *   - the same command 100 times per `/pipeline` POST, one POST in flight: µs per command, which
 *     leaves out most of the per-request HTTP cost and shows the node's own cost per operation.
 * Operations at a random place: SETBIT, GETBIT, BITFIELD INCRBY u8, BITCOUNT and BITPOS over a
 * 100-byte window; and BITCOUNT of the whole string, which reads every byte (O(N) by definition,
 * as in Redis: the row for contrast). Sizes interleaved, ROUNDS times, best round kept.
 *
 *   npx tsx scripts/bench/bitmaps.ts                      # starts its own wrangler dev cluster
 *   REDIS_URL=http://127.0.0.1:8787 npx tsx scripts/bench/bitmaps.ts
 *   SIZES=10000,2000000,16000000 N=400 ROUNDS=2 PORT=18995 npx tsx scripts/bench/bitmaps.ts
 *
 * Saves every round's figures and the report in docs/bench/bitmaps.json.
 */
import { Rng } from "../../test/sim/rng";
import { benchCluster, markdownTable, measure, round, runLine, saveRun, startRun, stats, type Sample, type Stats } from "./lib";

const SIZES = (process.env.SIZES ?? "10000,2000000,16000000").split(",").map(Number);
const N = Number(process.env.N ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const PIPE = 100;
const PIPE_POSTS = Number(process.env.PIPE_POSTS ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const WRITE_PIECE = 4_000_000;

type Cmd = (string | number)[];
interface Op { name: string; make: (key: string, size: number, r: Rng) => Cmd }

const OPS: Op[] = [
  { name: "SETBIT (random bit)", make: (k, s, r) => ["SETBIT", k, r.int(s * 8), r.int(2)] },
  { name: "GETBIT (random bit)", make: (k, s, r) => ["GETBIT", k, r.int(s * 8)] },
  { name: "BITFIELD INCRBY u8 (random byte)", make: (k, s, r) => ["BITFIELD", k, "INCRBY", "u8", `#${r.int(s)}`, 1] },
  { name: "BITCOUNT (100-byte window)", make: (k, s, r) => { const a = r.int(s - 100); return ["BITCOUNT", k, a, a + 99]; } },
  { name: "BITPOS 1 (100-byte window)", make: (k, s, r) => { const a = r.int(s - 100); return ["BITPOS", k, 1, a, a + 99]; } },
  { name: "BITCOUNT (whole string, O(N))", make: (k) => ["BITCOUNT", k] },
];

interface Result { op: string; size: number; sample: Sample; usPerOpPipelined: number }
interface RoundResult { round: number; op: string; size: number; single: Stats; usPerOpPipelined: number }

const keyOf = (size: number) => `bm:${size}`;
const fmtSize = (n: number) => (n >= 1e6 ? `${n / 1e6} MB` : n >= 1e3 ? `${n / 1e3} kB` : `${n} B`);

/** A printable string of `size` bytes with about half its bits set (`seed`: where it goes in the value). */
function content(size: number, seed: number): string {
  const r = new Rng(seed);
  return Array.from({ length: size }, () => String.fromCharCode(0x21 + r.int(94))).join("");
}

interface Conn { url: string; token: string }

/** POSTs commands to the gateway's REST API ("/": one command, "/pipeline": several); throws on any error reply. */
async function post(c: Conn, path: "/" | "/pipeline", body: Cmd | Cmd[]): Promise<void> {
  const res = await fetch(c.url + path, { method: "POST", headers: { authorization: `Bearer ${c.token}` }, body: JSON.stringify(body) });
  const out = (await res.json()) as { error?: string } | { error?: string }[];
  const bad = (Array.isArray(out) ? out : [out]).find((r) => r.error !== undefined);
  if (!res.ok || bad) throw new Error(`${path}: ${res.status} ${bad?.error ?? ""}`);
}

async function run(c: Conn): Promise<{ results: Result[]; rounds: RoundResult[] }> {
  for (const size of SIZES) {
    const t0 = performance.now();
    // In pieces: a REST request body stays under the gateway's 16 MiB query buffer limit.
    for (let at = 0; at < size; at += WRITE_PIECE) {
      await post(c, "/", [at === 0 ? "SET" : "APPEND", keyOf(size), content(Math.min(WRITE_PIECE, size - at), at)]);
    }
    console.error(`wrote ${keyOf(size)}: ${fmtSize(size)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const all: Result[] = [];
  const rounds: RoundResult[] = [];
  for (let rnd = 0; rnd < ROUNDS; rnd++) {
    for (const op of OPS) {
      for (const size of SIZES) {
        const key = keyOf(size);
        const r = new Rng(size * 31 + rnd);
        const single = () => post(c, "/", op.make(key, size, r).map(String));
        for (let i = 0; i < 20; i++) await single(); // warm-up
        const sample = await measure(op.name, N, CONCURRENCY, single);
        const t0 = performance.now();
        for (let p = 0; p < PIPE_POSTS; p++) await post(c, "/pipeline", Array.from({ length: PIPE }, () => op.make(key, size, r).map(String)));
        const usPerOpPipelined = ((performance.now() - t0) * 1000) / (PIPE_POSTS * PIPE);
        const st = stats(sample);
        rounds.push({ round: rnd + 1, op: op.name, size, single: st, usPerOpPipelined: Math.round(usPerOpPipelined) });
        console.error(`  round ${rnd + 1} ${op.name} @${fmtSize(size)}: ${st.opsPerS} ops/s, p50 ${st.p50Ms.toFixed(2)} ms, ` +
          `p99 ${st.p99Ms.toFixed(2)} ms, pipelined ${usPerOpPipelined.toFixed(0)} µs/op`);
        all.push({ op: op.name, size, sample, usPerOpPipelined });
      }
    }
  }
  // Per operation and size: the fastest round's single-command sample and its cheapest pipelined cost.
  const results = OPS.flatMap((op) => SIZES.map((size): Result => {
    const mine = all.filter((x) => x.op === op.name && x.size === size);
    const fastest = mine.reduce((a, b) => (b.sample.ops / b.sample.seconds > a.sample.ops / a.sample.seconds ? b : a));
    return { ...fastest, usPerOpPipelined: Math.min(...mine.map((x) => x.usPerOpPipelined)) };
  }));
  return { results, rounds };
}

/** One row per operation: each size side by side, then the largest/smallest ratio of the pipelined per-op costs. */
function report(results: Result[]): { table: string; ratios: Record<string, number> } {
  const sizes = [...SIZES].sort((a, b) => a - b);
  const head = ["operation", ...sizes.flatMap((s) => [`${fmtSize(s)} ops/s`, `${fmtSize(s)} p50 / p99 ms`, `${fmtSize(s)} µs/op pipelined`]), "pipelined, largest / smallest"];
  const ratios: Record<string, number> = {};
  const rows = OPS.map((op) => {
    const mine = sizes.map((s) => results.find((x) => x.op === op.name && x.size === s)!);
    const cells = mine.flatMap((x) => {
      const st = stats(x.sample);
      return [String(st.opsPerS), `${st.p50Ms.toFixed(1)} / ${st.p99Ms.toFixed(1)}`, x.usPerOpPipelined.toFixed(0)];
    });
    const ratio = mine[mine.length - 1]!.usPerOpPipelined / mine[0]!.usPerOpPipelined;
    ratios[op.name] = round(ratio, 2);
    return [op.name, ...cells, `${ratio.toFixed(2)}×`];
  });
  return { table: markdownTable(head, rows), ratios };
}

async function main(): Promise<void> {
  const cluster = await benchCluster(Number(process.env.PORT ?? 18995));
  const record = startRun(import.meta.url, { SIZES, N, CONCURRENCY, PIPE, PIPE_POSTS, ROUNDS, REDIS_URL: process.env.REDIS_URL ?? null });
  let out: Awaited<ReturnType<typeof run>>;
  try {
    out = await run({ url: cluster.url, token: cluster.token });
  } finally {
    await cluster.server?.stop();
  }
  const { table, ratios } = report(out.results);
  const text = [
    runLine(record),
    `best of ${ROUNDS} interleaved rounds; N=${N} single commands at concurrency ${CONCURRENCY}; pipelined: ${PIPE_POSTS} POSTs of ${PIPE} commands, one in flight`,
    "", table,
  ].join("\n");
  console.log(`\n${text}`);
  const best = out.results.map((x) => ({ op: x.op, size: x.size, single: stats(x.sample), usPerOpPipelined: Math.round(x.usPerOpPipelined) }));
  saveRun(record, { best, pipelinedCostRatioLargestToSmallest: ratios, rounds: out.rounds }, text);
}

await main();
