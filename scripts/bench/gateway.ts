/**
 * Gateway benchmark (issue: foundation): HTTP SET/GET requests/s and latency next to the floor
 * (PING routed to a node: one RPC, no storage), and WebSocket ops/s with 1 and 50 commands per frame.
 *
 *   npx tsx scripts/bench/gateway.ts            # starts its own wrangler dev cluster
 *   REDIS_URL=http://127.0.0.1:8787 npx tsx scripts/bench/gateway.ts
 */
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import { benchCluster, measure, table, type Sample } from "./lib";

const N = Number(process.env.N ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

async function http(url: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/**
 * One WebSocket; `roundTrip(frame, replies)` sends one frame and resolves once `replies` more
 * replies have arrived. Several round trips may be in flight (replies come back in order).
 */
async function wsClient(url: string): Promise<{ roundTrip(frame: Uint8Array, replies: number): Promise<void>; close(): void }> {
  const ws = new WebSocket(url);
  ws.binaryType = "nodebuffer";
  await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
  const parser = new RespReplyParser();
  const waiting: { left: number; done: () => void }[] = [];
  ws.on("message", (data: Buffer) => {
    parser.push(new Uint8Array(data));
    while (waiting.length > 0 && parser.next() !== null) if (--waiting[0]!.left === 0) waiting.shift()!.done();
  });
  return {
    roundTrip: (frame, replies) => new Promise<void>((done) => { waiting.push({ left: replies, done }); ws.send(frame); }),
    close: () => ws.close(),
  };
}

function frameOf(commands: string[][]): Uint8Array {
  const parts = commands.map((c) => encodeCommand(c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

async function main(): Promise<void> {
  const c = await benchCluster();
  const samples: Sample[] = [];
  try {
    const root = `${c.url}/`;
    for (let i = 0; i < 1000; i++) await http(root, c.token, ["SET", `key:${i}`, "x".repeat(100)]); // data + warm-up
    for (let i = 0; i < 500; i++) await http(root, c.token, ["PING"]);
    samples.push(await measure("HTTP PING (floor: routed to a node)", N, CONCURRENCY, () => http(root, c.token, ["PING"])));
    samples.push(await measure("HTTP SET 100 B", N, CONCURRENCY, (i) => http(root, c.token, ["SET", `key:${i % 1000}`, "x".repeat(100)])));
    samples.push(await measure("HTTP GET", N, CONCURRENCY, (i) => http(root, c.token, ["GET", `key:${i % 1000}`])));
    const ws = await wsClient(`${c.url.replace("http", "ws")}/ws?_token=${c.token}`);
    // Frames are built before timing so the client's own encoding does not count.
    const ping = frameOf([["PING"]]);
    const singles = Array.from({ length: 1000 }, (_, i) => frameOf([["GET", `key:${i}`]]));
    const batches = Array.from({ length: 20 }, (_, b) => frameOf(Array.from({ length: 50 }, (_, j) => ["GET", `key:${(b * 50 + j) % 1000}`])));
    for (let i = 0; i < 200; i++) await ws.roundTrip(singles[i]!, 1); // warm-up
    samples.push(await measure("WS PING, 1 per frame", N, 1, () => ws.roundTrip(ping, 1)));
    samples.push(await measure("WS GET, 1 per frame", N, 1, (i) => ws.roundTrip(singles[i % 1000]!, 1)));
    samples.push(await measure("WS GET, 50 per frame", N / 5, 1, (i) => ws.roundTrip(batches[i % 20]!, 50).then(() => 50)));
    samples.push(await measure("WS GET, 50 per frame, 4 frames in flight", N / 5, 4, (i) => ws.roundTrip(batches[i % 20]!, 50).then(() => 50)));
    ws.close();
  } finally {
    await c.server?.stop();
  }
  console.log(`\n${new Date().toISOString()}  N=${N} concurrency=${CONCURRENCY}\n`);
  console.log(table(samples));
}

await main();
