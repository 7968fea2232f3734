/**
 * HyperLogLog benchmark: is the cost of PFADD and PFCOUNT flat as an HLL goes from a few hundred
 * elements (sparse) to 10k and 1M+ (dense, 12 KB whatever the count)? One HLL per size, filled
 * with PFADD of ELEMS_PER_CMD elements, CMDS_PER_POST commands per `/pipeline` POST, then through
 * the gateway REST API:
 *   - PFADD of one new element; PFCOUNT with a stale cache (right after a PFADD: the estimate is
 *     recomputed and written into the string); PFCOUNT with a valid cache; PFCOUNT of two keys
 *     (a union, never cached); PFMERGE of the HLL into a scratch key;
 *   - each as single commands (CONCURRENCY in flight: ops/s, p50/p99) and PIPE per `/pipeline`
 *     POST, one POST in flight (µs per command: the node's cost with little of the HTTP's).
 *
 *   npx tsx scripts/bench/hll.ts                        # starts its own wrangler dev cluster
 *   SIZES=300,10000,1000000 N=1000 npx tsx scripts/bench/hll.ts
 *
 * Saves the figures and the report in docs/bench/hll.json.
 */
import { benchCluster, markdownTable, measure, runLine, saveRun, startRun, stats, type Stats } from "./lib";

const SIZES = (process.env.SIZES ?? "300,10000,1000000").split(",").map(Number);
const N = Number(process.env.N ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const ELEMS_PER_CMD = Number(process.env.ELEMS_PER_CMD ?? 1000);
const CMDS_PER_POST = Number(process.env.CMDS_PER_POST ?? 50);
const PIPE = 100;
const PIPE_POSTS = Number(process.env.PIPE_POSTS ?? 20);

type Json = string | number | null | Json[];

/** One REST call: a command to `/`, or a list of commands to `/pipeline`. */
async function post(url: string, token: string, path: string, body: string[] | string[][]): Promise<Json> {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const out = (await res.json()) as { result?: Json; error?: string } | { result?: Json; error?: string }[];
  const bad = (Array.isArray(out) ? out : [out]).find((r) => r.error !== undefined);
  if (!res.ok || bad) throw new Error(`${path} ${JSON.stringify(body).slice(0, 80)}: ${res.status} ${bad?.error ?? ""}`);
  return Array.isArray(out) ? out.map((r) => r.result ?? null) : out.result ?? null;
}

const keyOf = (size: number) => `{hll${size}}k`;
let fresh = 0;
/** Elements never added before, so each PFADD may raise a register (and stales the cache). */
const newElement = () => `new:${Date.now()}:${fresh++}`;

interface Op { name: string; make: (key: string) => string[][] }

/** Each op is one or two commands; the figures are per op. */
const OPS: Op[] = [
  { name: "PFADD (1 new element)", make: (k) => [["PFADD", k, newElement()]] },
  { name: "PFADD + PFCOUNT (stale cache)", make: (k) => [["PFADD", k, newElement()], ["PFCOUNT", k]] },
  { name: "PFCOUNT (cached)", make: (k) => [["PFCOUNT", k]] },
  { name: "PFCOUNT 2 keys (union)", make: (k) => [["PFCOUNT", k, `${k.slice(0, k.indexOf("}") + 1)}small`]] },
  { name: "PFMERGE into a scratch key", make: (k) => [["PFMERGE", `${k.slice(0, k.indexOf("}") + 1)}merged`, k]] },
];

interface Row { op: string; size: number; single: Stats; usPerOpPipelined: number }

async function fill(url: string, token: string, size: number): Promise<number> {
  const key = keyOf(size);
  const tag = key.slice(0, key.indexOf("}") + 1);
  await post(url, token, "/", ["DEL", key, `${tag}small`, `${tag}merged`]);
  await post(url, token, "/", ["PFADD", `${tag}small`, "a", "b", "c"]);
  const t0 = performance.now();
  let cmds: string[][] = [];
  for (let i = 0; i < size; i += ELEMS_PER_CMD) {
    cmds.push(["PFADD", key, ...Array.from({ length: Math.min(ELEMS_PER_CMD, size - i) }, (_, j) => `e:${i + j}`)]);
    if (cmds.length >= CMDS_PER_POST) await post(url, token, "/pipeline", cmds.splice(0));
  }
  if (cmds.length) await post(url, token, "/pipeline", cmds);
  cmds = [];
  const seconds = (performance.now() - t0) / 1000;
  console.error(`filled ${key}: ${size} elements in ${seconds.toFixed(1)} s; PFCOUNT ${JSON.stringify(await post(url, token, "/", ["PFCOUNT", key]))}`);
  return seconds;
}

async function main(): Promise<void> {
  const cluster = await benchCluster(Number(process.env.PORT ?? 18995));
  const record = startRun(import.meta.url, { SIZES, N, CONCURRENCY, ELEMS_PER_CMD, CMDS_PER_POST, PIPE, PIPE_POSTS });
  const { url, token } = cluster;
  const rows: Row[] = [];
  const fills: Record<number, number> = {};
  try {
    for (const size of SIZES) fills[size] = await fill(url, token, size);
    for (const op of OPS) {
      for (const size of SIZES) {
        const key = keyOf(size);
        for (let i = 0; i < 20; i++) await post(url, token, "/pipeline", op.make(key)); // warm-up
        const sample = await measure(op.name, N, CONCURRENCY, async () => void (await post(url, token, "/pipeline", op.make(key))));
        const t0 = performance.now();
        for (let p = 0; p < PIPE_POSTS; p++) await post(url, token, "/pipeline", Array.from({ length: PIPE }, () => op.make(key)).flat());
        const usPerOpPipelined = Math.round(((performance.now() - t0) * 1000) / (PIPE_POSTS * PIPE));
        const single = stats(sample);
        console.error(`  ${op.name} @${size}: ${single.opsPerS} ops/s, p50 ${single.p50Ms.toFixed(2)} ms, pipelined ${usPerOpPipelined} µs/op`);
        rows.push({ op: op.name, size, single, usPerOpPipelined });
      }
    }
  } finally {
    await cluster.server?.stop();
  }
  const head = ["operation", ...SIZES.flatMap((s) => [`${s} ops/s`, `${s} p50 / p99 ms`, `${s} µs/op pipelined`])];
  const table = markdownTable(head, OPS.map((op) => [op.name, ...SIZES.flatMap((s) => {
    const r = rows.find((x) => x.op === op.name && x.size === s)!;
    return [String(r.single.opsPerS), `${r.single.p50Ms.toFixed(1)} / ${r.single.p99Ms.toFixed(1)}`, String(r.usPerOpPipelined)];
  })]));
  const text = [
    runLine(record),
    `N=${N} single ops at concurrency ${CONCURRENCY} (an op of two commands is one /pipeline POST); pipelined: ${PIPE_POSTS} POSTs of ${PIPE} ops, one in flight`,
    `fill (PFADD of ${ELEMS_PER_CMD} elements, ${CMDS_PER_POST} per POST): ${SIZES.map((s) => `${s} in ${fills[s]!.toFixed(1)} s`).join(", ")}`,
    "", table,
  ].join("\n");
  console.log(`\n${text}`);
  saveRun(record, { fills, rows }, text);
}

await main();
