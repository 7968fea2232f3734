/**
 * Pub/Sub through the gateway of a local 3-master cluster (wrangler dev), over RESP WebSockets:
 *   - publish → receive latency with 1, 100 and 1,000 subscribers of one channel (one PUBLISH at a
 *     time; every subscriber's receipt is a sample);
 *   - messages/s delivered for one channel and for 100 channels (one subscriber per channel,
 *     PUBLISHes pipelined by several publisher connections);
 *   - pubsub hub invocations per second while 1,000 subscribers sit idle (target: none).
 *
 *   npx tsx scripts/bench/pubsub.ts
 *   SUBS=1,100,1000 LAT_N=100 MSGS=5000 IDLE_S=10 npx tsx scripts/bench/pubsub.ts
 *
 * Saves the figures and the report in docs/bench/pubsub.json.
 */
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import type { Reply } from "../../src/resp/reply";
import { benchCluster, markdownTable, percentile, round, runLine, saveRun, startRun } from "./lib";

const SUBS = (process.env.SUBS ?? "1,100,1000").split(",").map(Number);
const LAT_N = Number(process.env.LAT_N ?? 100);
const MSGS = Number(process.env.MSGS ?? 5000);
const PUBLISHERS = Number(process.env.PUBLISHERS ?? 4);
const BATCH = Number(process.env.BATCH ?? 50);
const IDLE_S = Number(process.env.IDLE_S ?? 10);

/** A RESP connection: sends commands, hands every reply or push to `onReply`. */
class Conn {
  private readonly parser = new RespReplyParser();
  onReply: (r: Reply) => void = () => {};
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.parser.push(new Uint8Array(data));
      for (let r = this.parser.next(); r !== null; r = this.parser.next()) if ("t" in r) this.onReply(r);
    });
  }
  static async open(wsUrl: string): Promise<Conn> {
    const ws = new WebSocket(wsUrl);
    await new Promise((ok, fail) => (ws.once("open", ok), ws.once("error", fail)));
    return new Conn(ws);
  }
  send(cmds: string[][]): void {
    this.ws.send(Buffer.concat(cmds.map((c) => Buffer.from(encodeCommand(c)))));
  }
  /** Sends `cmds` and resolves after as many replies. */
  call(cmds: string[][]): Promise<Reply[]> {
    return new Promise((resolve) => {
      const got: Reply[] = [];
      this.onReply = (r) => {
        got.push(r);
        if (got.length === cmds.length) resolve(got);
      };
      this.send(cmds);
    });
  }
}

/** The payload of a message push (["message", channel, payload]), or null. */
const payload = (r: Reply): string | null =>
  (r.t === "array" || r.t === "push") && r.v[0]?.t === "bulk" && r.v[0].v === "message" && r.v[2]?.t === "bulk" ? r.v[2].v : null;

async function openMany(wsUrl: string, n: number, channelOf: (i: number) => string): Promise<Conn[]> {
  const out: Conn[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => Conn.open(wsUrl)));
    await Promise.all(batch.map((c, j) => c.call([["SUBSCRIBE", channelOf(i + j)]])));
    out.push(...batch);
  }
  return out;
}

async function latency(wsUrl: string, subs: Conn[], channel: string, n: number): Promise<number[]> {
  const pub = await Conn.open(wsUrl);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    let left = subs.length;
    const all = new Promise<void>((done) => {
      for (const s of subs) {
        s.onReply = (r) => {
          const p = payload(r);
          if (p === null) return;
          samples.push(performance.now() - Number(p));
          if (--left === 0) done();
        };
      }
    });
    await pub.call([["PUBLISH", channel, String(performance.now())]]);
    await all;
  }
  pub.ws.close();
  return samples;
}

async function throughput(wsUrl: string, channels: number): Promise<{ channels: number; messages: number; seconds: number; perS: number }> {
  const subs = await openMany(wsUrl, channels, (i) => `bench:tp:${i}`);
  const pubs = await Promise.all(Array.from({ length: PUBLISHERS }, () => Conn.open(wsUrl)));
  let received = 0;
  const all = new Promise<void>((done) => {
    for (const s of subs) s.onReply = (r) => payload(r) !== null && ++received === MSGS && done();
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(pubs.map(async (p) => {
    while (next < MSGS) {
      const batch: string[][] = [];
      for (; batch.length < BATCH && next < MSGS; next++) batch.push(["PUBLISH", `bench:tp:${next % channels}`, "x"]);
      await p.call(batch);
    }
  }));
  await all;
  const seconds = (performance.now() - t0) / 1000;
  for (const c of [...subs, ...pubs]) c.ws.close();
  return { channels, messages: MSGS, seconds: round(seconds, 3), perS: Math.round(MSGS / seconds) };
}

interface HubStats { instance: string; invocations: number; sockets: number }

async function hubStats(url: string, adminToken: string): Promise<HubStats[]> {
  const res = await fetch(`${url}/pubsub/hubs`, { headers: { authorization: `Bearer ${adminToken}` } });
  return (await res.json()) as HubStats[];
}

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { SUBS, LAT_N, MSGS, PUBLISHERS, BATCH, IDLE_S });
  const cluster = await benchCluster();
  const wsUrl = `${cluster.url.replace("http", "ws")}/ws?_token=${cluster.token}`;
  const lat: { subscribers: number; samples: number; p50Ms: number; p99Ms: number; maxMs: number }[] = [];
  let idle: { subscribers: number; seconds: number; hubInvocations: number; perS: number; hubsEvicted: number; deliveredAfterIdle: number } | null = null;
  const tp: Awaited<ReturnType<typeof throughput>>[] = [];
  try {
    for (const n of SUBS) {
      const subs = await openMany(wsUrl, n, () => `bench:lat:${n}`);
      await latency(wsUrl, subs, `bench:lat:${n}`, 5); // warm-up
      const s = (await latency(wsUrl, subs, `bench:lat:${n}`, Math.max(5, Math.round(LAT_N / Math.sqrt(n))))).sort((a, b) => a - b);
      lat.push({ subscribers: n, samples: s.length, p50Ms: round(percentile(s, 50), 2), p99Ms: round(percentile(s, 99), 2), maxMs: round(s.at(-1)!, 2) });
      console.error(`latency, ${n} subscribers: p50 ${lat.at(-1)!.p50Ms} ms, p99 ${lat.at(-1)!.p99Ms} ms`);
      if (n === Math.max(...SUBS)) {
        const before = await hubStats(cluster.url, cluster.adminToken);
        await new Promise((r) => setTimeout(r, IDLE_S * 1000));
        const after = await hubStats(cluster.url, cluster.adminToken);
        // A hub with a new instance was evicted while idle (hibernation) and woken by this very
        // stats call: what it counts is what it handled since, which the call itself is not.
        const evicted = after.filter((a, i) => a.instance !== before[i]!.instance).length;
        const calls = after.reduce((sum, a, i) => sum + a.invocations - (a.instance === before[i]!.instance ? before[i]!.invocations : 0), 0);
        // The subscribers' sockets outlived the hubs' eviction: one more message reaches all of them.
        const afterIdle = (await latency(wsUrl, subs, `bench:lat:${n}`, 1)).length;
        idle = { subscribers: n, seconds: IDLE_S, hubInvocations: calls, perS: round(calls / IDLE_S, 2), hubsEvicted: evicted, deliveredAfterIdle: afterIdle };
        console.error(`idle: ${calls} hub invocations in ${IDLE_S} s with ${n} subscribers; ${evicted} hubs evicted; ${afterIdle} received after`);
      }
      for (const c of subs) c.ws.close();
    }
    for (const channels of [1, 100]) {
      tp.push(await throughput(wsUrl, channels));
      console.error(`throughput, ${channels} channel(s): ${tp.at(-1)!.perS} messages/s`);
    }
  } finally {
    await cluster.server?.stop();
  }
  const text = [
    `# Pub/Sub through the gateway (3 masters, RESP over WebSocket, hubs: wrangler.toml PUBSUB_HUBS)`,
    runLine(record), "",
    "Publish → receive latency, one channel, one PUBLISH at a time (every subscriber's receipt is a sample):", "",
    markdownTable(["subscribers", "samples", "p50 ms", "p99 ms", "max ms"], lat.map((l) => [String(l.subscribers), String(l.samples), l.p50Ms.toFixed(2), l.p99Ms.toFixed(2), l.maxMs.toFixed(2)])), "",
    `Throughput (${PUBLISHERS} publisher connections, PUBLISH pipelined ${BATCH} a frame, one subscriber per channel):`, "",
    markdownTable(["channels", "messages", "seconds", "messages/s"], tp.map((t) => [String(t.channels), String(t.messages), t.seconds.toFixed(2), String(t.perS)])), "",
    idle ? `Idle: ${idle.subscribers} subscribers for ${idle.seconds} s: ${idle.hubInvocations} hub invocations (${idle.perS}/s); ` +
      `${idle.hubsEvicted} of the hubs were evicted from memory meanwhile (hibernation), and the next message reached ${idle.deliveredAfterIdle} of the ${idle.subscribers} subscribers.` : "",
  ].join("\n");
  console.log(text);
  saveRun(record, { latency: lat, throughput: tp, idle }, text);
}

await main();
