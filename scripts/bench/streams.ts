/**
 * Streams benchmark: appending (XADD *) and reading by ID (XRANGE id id, a 100-entry window,
 * the tail) must cost the same on a stream of 10k and of 1M entries: entries are rows keyed by
 * (key, ID) in SQLite, so each is one B-tree descent whatever the length.
 * One stream per size, filled with explicit IDs (1-0, 2-0, ...; XADD, CMDS_PER_POST per
 * `/pipeline` POST), then through the gateway REST API: single commands, 8 in flight (ops/s,
 * p50/p99), and the same command PIPE times per `/pipeline` POST (µs per command: the node's
 * own cost, most of the HTTP cost left out). Sizes interleaved, best of ROUNDS.
 *
 *   npx tsx scripts/bench/streams.ts                        # starts its own wrangler dev cluster
 *   SIZES=10000,1000000 N=500 ROUNDS=1 npx tsx scripts/bench/streams.ts
 *
 * Saves the figures and the report in docs/bench/streams.json.
 */
import { benchCluster, markdownTable, measure, round, runLine, saveRun, startRun, stats, type Sample } from "./lib";

const env = process.env;
const SIZES = (env.SIZES ?? "10000,1000000").split(",").map(Number);
const [N, CONCURRENCY, CMDS_PER_POST, PIPE_POSTS, ROUNDS] =
  [env.N ?? 500, env.CONCURRENCY ?? 8, env.CMDS_PER_POST ?? 2000, env.PIPE_POSTS ?? 20, env.ROUNDS ?? 1].map(Number) as [number, number, number, number, number];
const PIPE = 100;

type Cmd = string[];

function rest(url: string, token: string) {
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  return {
    cmd: async (c: Cmd): Promise<unknown> => {
      const r = (await post("/", c)) as { result?: unknown; error?: string };
      if (r.error !== undefined) throw new Error(`${c.slice(0, 3).join(" ")}: ${r.error}`);
      return r.result;
    },
    pipeline: async (cmds: Cmd[]): Promise<void> => {
      const rs = (await post("/pipeline", cmds)) as { error?: string }[];
      const bad = rs.find((r) => r.error !== undefined);
      if (bad) throw new Error(`pipeline: ${bad.error}`);
    },
  };
}

interface Op { name: string; make: (key: string, size: number, r: () => number) => Cmd }

const randomId = (size: number, r: () => number): string => `${1 + Math.floor(r() * size)}-0`;

const OPS: Op[] = [
  { name: "XADD * (append)", make: (k) => ["XADD", k, "*", "f", "appended"] },
  { name: "XRANGE id id (random entry)", make: (k, s, r) => { const id = randomId(s, r); return ["XRANGE", k, id, id]; } },
  { name: "XRANGE id + COUNT 100 (random window)", make: (k, s, r) => ["XRANGE", k, randomId(s, r), "+", "COUNT", "100"] },
  { name: "XREVRANGE + - COUNT 10 (tail)", make: (k) => ["XREVRANGE", k, "+", "-", "COUNT", "10"] },
  { name: "XLEN", make: (k) => ["XLEN", k] },
];

/** A seeded LCG: every run reads the same random IDs. */
function rng(seed: number): () => number {
  let x = seed % 2147483648;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const fmtSize = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

async function main(): Promise<void> {
  const cluster = await benchCluster(Number(process.env.PORT ?? 18995));
  const c = rest(cluster.url, cluster.token);
  const record = startRun(import.meta.url, { SIZES, N, CONCURRENCY, CMDS_PER_POST, PIPE, PIPE_POSTS, ROUNDS });
  const fills: { size: number; seconds: number; entriesPerS: number }[] = [];
  const best = new Map<string, { op: string; size: number; sample: Sample; us: number }>();
  try {
    for (const size of SIZES) {
      const key = `bench:stream:${size}`;
      await c.cmd(["DEL", key]);
      const t0 = performance.now();
      for (let i = 1; i <= size; i += CMDS_PER_POST) {
        await c.pipeline(Array.from({ length: Math.min(CMDS_PER_POST, size - i + 1) }, (_, j) => ["XADD", key, `${i + j}-0`, "f", `v${i + j}`]));
      }
      const s = (performance.now() - t0) / 1000;
      if (Number(await c.cmd(["XLEN", key])) !== size) throw new Error(`${key}: wrong length`);
      console.error(`filled ${key}: ${size} entries in ${s.toFixed(1)} s`);
      fills.push({ size, seconds: round(s, 1), entriesPerS: Math.round(size / s) });
    }
    for (let rnd = 0; rnd < ROUNDS; rnd++) {
      for (const op of OPS) {
        for (const size of SIZES) {
          const key = `bench:stream:${size}`;
          const r = rng(size + rnd);
          const sample = await measure(op.name, N, CONCURRENCY, async () => void (await c.cmd(op.make(key, size, r))));
          const t0 = performance.now();
          for (let p = 0; p < PIPE_POSTS; p++) await c.pipeline(Array.from({ length: PIPE }, () => op.make(key, size, r)));
          const us = ((performance.now() - t0) * 1000) / (PIPE_POSTS * PIPE);
          console.error(`  ${op.name} @${fmtSize(size)}: ${stats(sample).opsPerS} ops/s, pipelined ${us.toFixed(0)} µs/op`);
          const id = `${op.name}@${size}`;
          const prev = best.get(id);
          if (!prev || us < prev.us) best.set(id, { op: op.name, size, sample, us });
        }
      }
    }
  } finally {
    await cluster.server?.stop();
  }
  const head = ["operation", ...SIZES.flatMap((s) => [`${fmtSize(s)} ops/s`, `${fmtSize(s)} p50 / p99 ms`, `${fmtSize(s)} µs/op pipelined`]), "largest / smallest"];
  const ratios: Record<string, number> = {};
  const rows = OPS.map((op) => {
    const mine = SIZES.map((s) => best.get(`${op.name}@${s}`)!);
    const ratio = mine[mine.length - 1]!.us / mine[0]!.us;
    ratios[op.name] = round(ratio, 2);
    return [op.name, ...mine.flatMap((m) => {
      const st = stats(m.sample);
      return [String(st.opsPerS), `${st.p50Ms.toFixed(1)} / ${st.p99Ms.toFixed(1)}`, m.us.toFixed(0)];
    }), `${ratio.toFixed(2)}×`];
  });
  const text = [
    runLine(record),
    `best of ${ROUNDS}; N=${N} single commands at concurrency ${CONCURRENCY}; pipelined: ${PIPE_POSTS} POSTs of ${PIPE} commands`,
    "", markdownTable(["fill", ...SIZES.map(fmtSize)], [["seconds", ...fills.map((f) => String(f.seconds))], ["entries/s", ...fills.map((f) => String(f.entriesPerS))]]),
    "", markdownTable(head, rows),
  ].join("\n");
  console.log(`\n${text}`);
  saveRun(record, {
    fills, best: [...best.values()].map((b) => ({ op: b.op, size: b.size, single: stats(b.sample), usPerOpPipelined: Math.round(b.us) })),
    pipelinedCostRatioLargestToSmallest: ratios,
  }, text);
}

await main();
