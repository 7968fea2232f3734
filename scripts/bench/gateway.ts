/**
 * Gateway benchmark (issue: foundation): HTTP SET/GET requests/s and latency next to the floor
 * (PING routed to a node: one RPC, no storage), and WebSocket ops/s with 1 and 50 commands per frame.
 *
 *   npx tsx scripts/bench/gateway.ts            # N=2000 CONCURRENCY=8 ROUNDS=3; starts its own wrangler dev cluster
 *   REDIS_URL=http://127.0.0.1:8787 npx tsx scripts/bench/gateway.ts
 *
 * Prints the table and the ratios docs/benchmarks.md quotes; saves both in docs/bench/gateway.json.
 */
import { benchCluster, measure, percentile, round, runLine, saveRun, startRun, stats, table, type Sample } from "./lib";
import { frameOf, wsClient } from "./ws-client";

const N = Number(process.env.N ?? 2000);
/** Every benchmark runs once per round, rounds one after the other. */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

async function http(url: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** The comparisons the docs quote, from one round's figures (measured back to back). */
function ratios(samples: Sample[]): Record<string, number> {
  const s = (name: string) => stats(samples.find((x) => x.name === name)!);
  const floor = s("HTTP PING (floor: routed to a node)");
  const get = s("HTTP GET");
  const ws1 = s("WS GET, 1 per frame");
  return {
    "HTTP GET p50 / HTTP PING p50": get.p50Ms / floor.p50Ms,
    "HTTP GET ops/s / HTTP PING ops/s": get.opsPerS / floor.opsPerS,
    "WS GET 50 per frame ops/s / WS GET 1 per frame ops/s": s("WS GET, 50 per frame").opsPerS / ws1.opsPerS,
    "WS GET 50 per frame, 4 in flight ops/s / WS GET 1 per frame ops/s": s("WS GET, 50 per frame, 4 frames in flight").opsPerS / ws1.opsPerS,
  };
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { N, CONCURRENCY, ROUNDS, REDIS_URL: process.env.REDIS_URL ?? null, valueBytes: 100, keys: 1000 });
  const c = await benchCluster();
  const rounds: Sample[][] = [];
  try {
    const root = `${c.url}/`;
    for (let i = 0; i < 1000; i++) await http(root, c.token, ["SET", `key:${i}`, "x".repeat(100)]); // data + warm-up
    for (let i = 0; i < 500; i++) await http(root, c.token, ["PING"]);
    const ws = await wsClient(`${c.url.replace("http", "ws")}/ws?_token=${c.token}`);
    // Frames are built before timing so the client's own encoding does not count.
    const ping = frameOf([["PING"]]);
    const singles = Array.from({ length: 1000 }, (_, i) => frameOf([["GET", `key:${i}`]]));
    const batches = Array.from({ length: 20 }, (_, b) => frameOf(Array.from({ length: 50 }, (_, j) => ["GET", `key:${(b * 50 + j) % 1000}`])));
    for (let i = 0; i < 200; i++) await ws.roundTrip(singles[i]!, 1); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push([
        await measure("HTTP PING (floor: routed to a node)", N, CONCURRENCY, () => http(root, c.token, ["PING"])),
        await measure("HTTP SET 100 B", N, CONCURRENCY, (i) => http(root, c.token, ["SET", `key:${i % 1000}`, "x".repeat(100)])),
        await measure("HTTP GET", N, CONCURRENCY, (i) => http(root, c.token, ["GET", `key:${i % 1000}`])),
        await measure("WS PING, 1 per frame", N, 1, () => ws.roundTrip(ping, 1)),
        await measure("WS GET, 1 per frame", N, 1, (i) => ws.roundTrip(singles[i % 1000]!, 1)),
        await measure("WS GET, 50 per frame", N / 5, 1, (i) => ws.roundTrip(batches[i % 20]!, 50).then(() => 50)),
        await measure("WS GET, 50 per frame, 4 frames in flight", N / 5, 4, (i) => ws.roundTrip(batches[i % 20]!, 50).then(() => 50)),
      ]);
      console.error(`round ${r + 1}/${ROUNDS}\n${table(rounds.at(-1)!)}`);
    }
    ws.close();
  } finally {
    await c.server?.stop();
  }
  // The table: each benchmark's best round (interference only ever slows a round down).
  const best = rounds[0]!.map((_, i) => rounds.map((r) => r[i]!).reduce((a, b) => (b.ops / b.seconds > a.ops / a.seconds ? b : a)));
  const perRound = rounds.map(ratios);
  const r = Object.fromEntries(Object.keys(perRound[0]!).map((k) => [k, round(median(perRound.map((x) => x[k]!)), 2)]));
  const report = [runLine(record), `N=${N} concurrency=${CONCURRENCY}, best of ${ROUNDS} rounds; ratios: median over the rounds of each round's ratio`,
    "", table(best), "", ...Object.entries(r).map(([k, v]) => `- ${k}: ${v}×`)].join("\n");
  console.log(`\n${report}`);
  saveRun(record, {
    best: best.map((x) => ({ name: x.name, ...stats(x) })),
    ratios: r,
    rounds: rounds.map((rs, i) => ({ round: i + 1, samples: rs.map((x) => ({ name: x.name, ...stats(x) })), ratios: perRound[i] })),
  }, report);
}

await main();
