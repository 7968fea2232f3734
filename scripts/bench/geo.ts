/**
 * Geo benchmark: does the cost of GEOADD and of a search stay flat as a geo set grows from 10k
 * to 1M members? One set per size, members spread uniformly over a fixed region (Europe,
 * lon -10..30, lat 35..60), filled with variadic GEOADD (~1000 commands per `/pipeline` POST).
 * Searches are sized to find about HITS points whatever the set's size (the radius shrinks as
 * the density grows), so what is measured is the search itself, not a growing result.
 * Through the gateway REST API:
 *   - single commands, CONCURRENCY in flight: ops/s, p50/p99 latency;
 *   - the same command PIPE times per `/pipeline` POST, one POST in flight: µs per command.
 * Operations: GEOADD (move a random member), GEOPOS (random member), GEOSEARCH FROMMEMBER
 * BYRADIUS ASC (~HITS hits), GEOSEARCH FROMLONLAT BYBOX COUNT 10 WITHDIST.
 *
 *   npx tsx scripts/bench/geo.ts                         # starts its own wrangler dev cluster
 *   SIZES=10000,1000000 N=1000 HITS=20 npx tsx scripts/bench/geo.ts
 *
 * Saves the figures and the report in docs/bench/geo.json.
 */
import { benchCluster, markdownTable, measure, round, runLine, saveRun, startRun, stats, type Stats } from "./lib";

const SIZES = (process.env.SIZES ?? "10000,1000000").split(",").map(Number);
const N = Number(process.env.N ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const HITS = Number(process.env.HITS ?? 20);
const PIPE = 100;
const PIPE_POSTS = Number(process.env.PIPE_POSTS ?? 20);
const POINTS_PER_CMD = 20;
const CMDS_PER_POST = 1000;

/** The region the points cover, and its area in km² (about 40° × 25° at 47.5°N). */
const REGION = { lon: [-10, 30], lat: [35, 60] } as const;
const REGION_KM2 = 40 * 111.32 * Math.cos((47.5 * Math.PI) / 180) * 25 * 110.57;

type Cmd = (string | number)[];

async function post(url: string, token: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Point i's position: a fixed pseudo-random spread over the region. */
function pointOf(i: number, salt = 0): [number, number] {
  const h = (n: number) => ((Math.sin(n * 12.9898 + salt * 78.233) * 43758.5453) % 1 + 1) % 1;
  return [REGION.lon[0] + h(i) * (REGION.lon[1] - REGION.lon[0]), REGION.lat[0] + h(i + 0.5) * (REGION.lat[1] - REGION.lat[0])];
}

interface Op { name: string; make: (key: string, size: number, i: number) => Cmd }

/** Radius (km) that holds about HITS of `size` uniformly spread points. */
const radiusKm = (size: number) => Math.sqrt((HITS * REGION_KM2) / size / Math.PI);

const OPS: Op[] = [
  { name: "GEOADD (move a random member)", make: (k, s, i) => ["GEOADD", k, ...pointOf(i, 1), `m:${(i * 7919) % s}`] },
  { name: "GEOPOS (random member)", make: (k, s, i) => ["GEOPOS", k, `m:${(i * 7919) % s}`] },
  { name: `GEOSEARCH FROMMEMBER BYRADIUS ASC (~${HITS} hits)`, make: (k, s, i) =>
    ["GEOSEARCH", k, "FROMMEMBER", `m:${(i * 7919) % s}`, "BYRADIUS", round(radiusKm(s), 4), "km", "ASC"] },
  { name: `GEOSEARCH FROMLONLAT BYBOX COUNT 10 WITHDIST (~${HITS} hits)`, make: (k, s, i) =>
    ["GEOSEARCH", k, "FROMLONLAT", ...pointOf(i, 2), "BYBOX", round(radiusKm(s) * 1.77, 4), round(radiusKm(s) * 1.77, 4), "km", "COUNT", 10, "WITHDIST"] },
];

const fmtSize = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

async function main(): Promise<void> {
  const cluster = await benchCluster(Number(process.env.PORT ?? 18997));
  const { url, token } = cluster;
  const cmd = async (c: Cmd) => {
    const r = (await post(url, token, "/", c.map(String))) as { result?: unknown; error?: string };
    if (r.error !== undefined) throw new Error(`${c[0]}: ${r.error}`);
    return r.result;
  };
  const pipeline = (cs: Cmd[]) => post(url, token, "/pipeline", cs.map((c) => c.map(String)));
  const record = startRun(import.meta.url, { SIZES, N, CONCURRENCY, HITS, PIPE, PIPE_POSTS, REDIS_URL: process.env.REDIS_URL ?? null });
  const fills: { size: number; seconds: number; pointsPerS: number }[] = [];
  const results: { op: string; size: number; single: Stats; usPerOpPipelined: number }[] = [];
  try {
    for (const size of SIZES) {
      const key = `geo:${size}`;
      await cmd(["DEL", key]);
      const t0 = performance.now();
      let batch: Cmd[] = [];
      for (let i = 0; i < size; i += POINTS_PER_CMD) {
        const c: Cmd = ["GEOADD", key];
        for (let j = i; j < Math.min(size, i + POINTS_PER_CMD); j++) c.push(...pointOf(j), `m:${j}`);
        batch.push(c);
        if (batch.length >= CMDS_PER_POST) { await pipeline(batch); batch = []; }
      }
      if (batch.length) await pipeline(batch);
      const s = (performance.now() - t0) / 1000;
      fills.push({ size, seconds: round(s, 2), pointsPerS: Math.round(size / s) });
      console.error(`filled ${key}: ${size} points in ${s.toFixed(1)} s`);
    }
    for (const op of OPS) {
      for (const size of SIZES) {
        const key = `geo:${size}`;
        let i = 0;
        for (let w = 0; w < 50; w++) await cmd(op.make(key, size, i++));
        const sample = await measure(op.name, N, CONCURRENCY, async () => void (await cmd(op.make(key, size, i++))));
        const t0 = performance.now();
        for (let p = 0; p < PIPE_POSTS; p++) await pipeline(Array.from({ length: PIPE }, () => op.make(key, size, i++)));
        const us = ((performance.now() - t0) * 1000) / (PIPE_POSTS * PIPE);
        results.push({ op: op.name, size, single: stats(sample), usPerOpPipelined: Math.round(us) });
        console.error(`  ${op.name} @${fmtSize(size)}: ${stats(sample).opsPerS} ops/s, pipelined ${us.toFixed(0)} µs/op`);
      }
    }
  } finally {
    await cluster.server?.stop();
  }
  const head = ["operation", ...SIZES.flatMap((s) => [`${fmtSize(s)} ops/s`, `${fmtSize(s)} p50 / p99 ms`, `${fmtSize(s)} µs/op pipelined`])];
  const rows = OPS.map((op) => [op.name, ...SIZES.flatMap((s) => {
    const r = results.find((x) => x.op === op.name && x.size === s)!;
    return [String(r.single.opsPerS), `${r.single.p50Ms.toFixed(1)} / ${r.single.p99Ms.toFixed(1)}`, String(r.usPerOpPipelined)];
  })]);
  const text = [
    runLine(record),
    `N=${N} single commands at concurrency ${CONCURRENCY}; pipelined: ${PIPE_POSTS} POSTs of ${PIPE} commands, one in flight; ` +
      `fill: ${fills.map((f) => `${fmtSize(f.size)} in ${f.seconds} s`).join(", ")}`,
    "", markdownTable(head, rows),
  ].join("\n");
  console.log(`\n${text}`);
  saveRun(record, { fills, results }, text);
}

await main();
