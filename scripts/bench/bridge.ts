/**
 * The local bridge's cost (issue 16): `redis-benchmark -t set,get` with 1 and 50 commands per
 * pipeline, side by side in one run, against
 *   - a local redis-server (`--save '' --appendonly no`): the ceiling on this machine;
 *   - the bridge (scripts/bridge.ts, single endpoint, in this process) to a wrangler dev cluster;
 *   - the same cluster's WebSocket directly: a Node client (scripts/bench/ws-client.ts) sending the
 *     same SET/GET load with the same connections and pipeline depth, without compression as the
 *     bridge (what the bridge adds is the difference between these two rows).
 *
 *   npx tsx scripts/bench/bridge.ts [--requests 20000] [--redis-requests 200000] [--clients 50] [--pipelines 1,50] [--rounds 2]
 *       [--port 23796] [--bridge-port 23798] [--redis-port 23799]
 *   REDIS_URL=http://127.0.0.1:8787 npx tsx scripts/bench/bridge.ts   # an `npm start` cluster
 *
 * redis-server gets more requests (--redis-requests) than the gateway: at 20000 it finishes in a few
 * milliseconds and its ops/s would be noise. The rate is what is compared.
 * Prints the table docs/benchmarks.md quotes; saves it with every figure in docs/bench/bridge.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { startBridge } from "../bridge";
import { sleep } from "../lib/admin";
import { benchCluster, cleanUpAtExit, markdownTable, measure, round, runLine, saveRun, started, startRun, stats } from "./lib";
import { frameOf, wsClient, type WsClient } from "./ws-client";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "20000" },
    "redis-requests": { type: "string", default: "200000" },
    clients: { type: "string", default: "50" },
    pipelines: { type: "string", default: "1,50" },
    rounds: { type: "string", default: "2" },
    port: { type: "string", default: "23796" },
    "bridge-port": { type: "string", default: "23798" },
    "redis-port": { type: "string", default: "23799" },
  },
});
const REQUESTS = Number(values.requests);
const REDIS_REQUESTS = Number(values["redis-requests"]);
const CLIENTS = Number(values.clients);
const PIPELINES = values.pipelines.split(",").map(Number);
/** Every system runs every load once per round, rounds one after the other; a cell shows its best round (load only ever slows a round down). */
const ROUNDS = Number(values.rounds);
/** redis-benchmark's defaults: one key (no -r) and a 3-byte value (-d 3). */
const KEY = "key:__rand_int__";
const VALUE = "xxx";
const TESTS = ["SET", "GET"] as const;
type Test = (typeof TESTS)[number];

interface Figure { opsPerS: number; p50Ms: number }
type Row = { test: Test; pipeline: number; redis: Figure; bridge: Figure; ws: Figure };

/** Runs redis-benchmark (CSV output) against 127.0.0.1:`port`; SET and GET figures. */
async function redisBenchmark(port: number, pipeline: number, requests: number): Promise<Record<Test, Figure>> {
  const args = ["-p", String(port), "-t", "set,get", "-n", String(requests), "-c", String(CLIENTS), "-P", String(pipeline), "--csv"];
  const child = spawn("redis-benchmark", args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  const rows = new Map(out.split("\n").filter((l) => /^"(SET|GET)"/.test(l)).map((l) => {
    const cols = l.split(",").map((c) => c.replace(/"/g, ""));
    return [cols[0]!, { opsPerS: Math.round(Number(cols[1])), p50Ms: Number(cols[4]) }] as const;
  }));
  if (code !== 0 || !rows.has("SET") || !rows.has("GET")) throw new Error(`redis-benchmark ${args.join(" ")} exited ${code}: ${out}${err}`);
  return { SET: rows.get("SET")!, GET: rows.get("GET")! };
}

/** The same load over the gateway's WebSocket: CLIENTS connections, `pipeline` commands per frame. */
async function direct(conns: WsClient[], test: Test, pipeline: number): Promise<Figure> {
  const frame = frameOf(Array.from({ length: pipeline }, () => (test === "SET" ? ["SET", KEY, VALUE] : ["GET", KEY])));
  const free = [...conns];
  const sample = await measure(`ws ${test} -P ${pipeline}`, Math.ceil(REQUESTS / pipeline), conns.length, async () => {
    const c = free.pop()!; // as many workers as connections: one is always free
    await c.roundTrip(frame, pipeline);
    free.push(c);
    return pipeline;
  });
  const s = stats(sample);
  return { opsPerS: s.opsPerS, p50Ms: s.p50Ms };
}

async function localRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  process.on("exit", () => child.kill());
  for (let i = 0; i < 100; i++) {
    const ping = spawn("redis-cli", ["-p", String(port), "PING"], { stdio: "ignore" });
    if ((await new Promise((r) => ping.on("close", r))) === 0) return child;
    await sleep(100);
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function main(): Promise<void> {
  const record = startRun(import.meta.url, {
    requests: REQUESTS, rounds: ROUNDS, redisRequests: REDIS_REQUESTS, clients: CLIENTS, pipelines: PIPELINES, key: KEY, valueBytes: VALUE.length, REDIS_URL: process.env.REDIS_URL ?? null,
  });
  cleanUpAtExit((m) => console.error(m));
  const redis = await localRedis(Number(values["redis-port"]));
  const c = await benchCluster(Number(values.port));
  if (c.server) started.servers.add(c.server);
  const bridge = await startBridge({ url: c.url, token: c.token, port: Number(values["bridge-port"]) });
  const conns = await Promise.all(Array.from({ length: CLIENTS }, () => wsClient(`${c.url.replace(/^http/, "ws")}/ws`, { token: c.token, perMessageDeflate: false })));
  const rounds: Row[][] = [];
  try {
    await direct(conns, "SET", 1); // warm-up: every connection, the node, the key
    for (let r = 0; r < ROUNDS; r++) {
      const rows: Row[] = [];
      for (const pipeline of PIPELINES) {
        const local = await redisBenchmark(Number(values["redis-port"]), pipeline, REDIS_REQUESTS);
        const bridged = await redisBenchmark(bridge.ports[0]!, pipeline, REQUESTS);
        for (const test of TESTS) {
          rows.push({ test, pipeline, redis: local[test], bridge: bridged[test], ws: await direct(conns, test, pipeline) });
          console.error(`round ${r + 1}: ${JSON.stringify(rows.at(-1))}`);
        }
      }
      rounds.push(rows);
    }
  } finally {
    for (const w of conns) w.close();
    await bridge.close();
    await c.server?.stop();
    redis.kill();
  }
  const best = (a: Figure, b: Figure): Figure => (b.opsPerS > a.opsPerS ? b : a);
  const rows = rounds[0]!.map((first, i) => rounds.map((rs) => rs[i]!).reduce((a, b) => ({
    ...first, redis: best(a.redis, b.redis), bridge: best(a.bridge, b.bridge), ws: best(a.ws, b.ws),
  })));
  const ratio = (a: number, b: number) => `${round(a / b, 3)}`;
  const table = markdownTable(
    ["test", "pipeline", "redis-server ops/s", "bridge → gateway ops/s", "WebSocket direct ops/s", "bridge / redis", "WebSocket / redis", "bridge / WebSocket"],
    rows.map((r) => [r.test, `-P ${r.pipeline}`, String(r.redis.opsPerS), String(r.bridge.opsPerS), String(r.ws.opsPerS),
      ratio(r.bridge.opsPerS, r.redis.opsPerS), ratio(r.ws.opsPerS, r.redis.opsPerS), ratio(r.bridge.opsPerS, r.ws.opsPerS)]),
  );
  const report = [runLine(record), `redis-benchmark -t set,get -n ${REQUESTS} -c ${CLIENTS} -P <pipeline> (key ${KEY}, ${VALUE.length}-byte value; ` +
    `-n ${REDIS_REQUESTS} against redis-server); WebSocket direct: the same load from ${CLIENTS} WebSockets in this process; ` +
    `best of ${ROUNDS} rounds`, "", table].join("\n");
  console.log(`\n${report}`);
  saveRun(record, { best: rows, rounds }, report);
}

await main();
