/**
 * The local bridge (scripts/bridge.ts) with the rest of the tools people point at Redis, against the
 * wrangler dev cluster of global-setup.ts (3 masters): redis-benchmark in both modes, redis-cli
 * --cluster info, node-redis createCluster, 200 clients at once, close propagation both ways, and
 * backpressure from a client that does not read its replies.
 */
import { connect, type Socket } from "node:net";
import { Redis } from "ioredis";
import { createCluster } from "redis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startBridge, type Bridge } from "../../scripts/bridge";
import { gatewayConnector } from "../../src/clients/ioredis-connector";
import { encodeCommand } from "../../src/resp/encoder";
import { E2E } from "./global-setup";
import { keysInSlots, MASTER_RANGES } from "./cluster-keys";
import { redisCli, runTool, toolAvailable } from "./redis-tools";

const url = inject("e2eUrl");
/**
 * E2E_PORT + 4, and + 5..7 for the 3 nodes: next to E2E_PORT (one checkout, one block of ports),
 * clear of the upstash port (+ 1 by default), E2E_CLI_PORT (+ 10 by default) and the other files'
 * offsets (scripting.test.ts - 2000 / - 1000, the differential suites + 50 / + 60).
 */
const SINGLE_PORT = E2E.port + 4;
const CLUSTER_BASE_PORT = E2E.port + 5;
const CLIENTS_AT_ONCE = 200;

const withBenchmark = it.skipIf(!toolAvailable("redis-benchmark", "bridge-tools.test.ts"));
const withRedisCli = it.skipIf(!toolAvailable("redis-cli", "bridge-tools.test.ts"));

let single: Bridge;
let cluster: Bridge;
/** An admin connection to the gateway (no bridge) for CLIENT LIST / KILL. */
let admin: Redis;
beforeAll(async () => {
  single = await startBridge({ url, token: E2E.token, port: SINGLE_PORT });
  cluster = await startBridge({ url, token: E2E.adminToken, cluster: true, basePort: CLUSTER_BASE_PORT });
  admin = new Redis({ Connector: gatewayConnector({ url, token: E2E.adminToken }) });
});
afterAll(async () => {
  admin.disconnect();
  await single.close();
  await cluster.close();
});

const until = async (check: () => boolean | Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; !(await check()); i++) {
    if (i > 1000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** How many of the gateway's connections carry `name` (CLIENT SETNAME). */
const named = async (name: string): Promise<number> =>
  ((await admin.client("LIST")) as string).split("\n").filter((l) => l.includes(` name=${name} `)).length;

/** The final `NAME: N requests per second` lines of `redis-benchmark -q` (progress lines end in \r). */
function benchmarkLines(out: string): string[] {
  return out.split(/[\r\n]+/).filter((l) => /^\s*[A-Z]+: [\d.]+ requests per second/.test(l)).map((l) => l.trim());
}

describe("redis-benchmark through the bridge", () => {
  withBenchmark("single endpoint: SET and GET, 2000 requests each, no errors", async () => {
    const r = await runTool("redis-benchmark", ["-p", String(SINGLE_PORT), "-t", "set,get", "-n", "2000", "-q"]);
    expect(r.code).toBe(0);
    const lines = benchmarkLines(r.stdout);
    expect(lines.map((l) => l.split(":")[0])).toEqual(["SET", "GET"]);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/error|ERR /i);
  });

  withBenchmark("--cluster: finds the 3 masters at local ports and runs SET and GET on them", async () => {
    const r = await runTool("redis-benchmark", ["--cluster", "-p", String(CLUSTER_BASE_PORT), "-t", "set,get", "-n", "2000", "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Cluster has 3 master nodes/);
    for (const i of [0, 1, 2]) expect(r.stdout).toMatch(new RegExp(`Master ${i}: [0-9a-f]{40} 127\\.0\\.0\\.1:${CLUSTER_BASE_PORT + i}`));
    expect(benchmarkLines(r.stdout).map((l) => l.split(":")[0])).toEqual(["SET", "GET"]);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/error|ERR /i);
  });
});

withRedisCli("redis-cli --cluster info lists the 3 masters, their slots and keys", async () => {
  const out = await redisCli(["--cluster", "info", `127.0.0.1:${CLUSTER_BASE_PORT}`]);
  const masters = out.split("\n").filter((l) => / -> \d+ keys \| \d+ slots \| 0 slaves\./.test(l));
  expect(masters.map((l) => l.split(" ")[0]).sort()).toEqual([0, 1, 2].map((i) => `127.0.0.1:${CLUSTER_BASE_PORT + i}`));
  const slots = masters.map((l) => Number(/\| (\d+) slots/.exec(l)![1]));
  expect(slots.reduce((a, b) => a + b, 0)).toBe(16384);
  expect(out).toMatch(/\[OK\] \d+ keys in 3 masters\./);
});

it("node-redis createCluster sets and gets keys on all three masters and MGETs one slot", async () => {
  const c = createCluster({ rootNodes: [{ socket: { host: "127.0.0.1", port: CLUSTER_BASE_PORT } }] });
  c.on("error", () => {}); // connection errors surface as rejected commands
  await c.connect();
  try {
    const keys = MASTER_RANGES.flatMap(([name, from, to]) => keysInSlots(`bt:noderedis:${name}:`, from, to, 3));
    for (const k of keys) expect(await c.set(k, `v-${k}`)).toBe("OK");
    for (const k of keys) expect(await c.get(k)).toBe(`v-${k}`);
    await c.mSet([["{bt:nr}a", "1"], ["{bt:nr}b", "2"]]);
    expect(await c.mGet(["{bt:nr}a", "{bt:nr}b", "{bt:nr}c"])).toEqual(["1", "2", null]);
    expect(c.masters.map((m) => `${m.host}:${m.port}`).sort()).toEqual([0, 1, 2].map((i) => `127.0.0.1:${CLUSTER_BASE_PORT + i}`));
  } finally {
    c.destroy();
  }
});

describe("connections through the single-endpoint bridge", () => {
  it(`serves ${CLIENTS_AT_ONCE} ioredis clients at once, one WebSocket each, and closes them all`, async () => {
    const before = single.stats();
    const clients = Array.from({ length: CLIENTS_AT_ONCE }, () =>
      new Redis({ host: "127.0.0.1", port: SINGLE_PORT, connectionName: "bt-many", lazyConnect: true }));
    await Promise.all(clients.map((c) => c.connect()));
    expect(single.stats().webSockets - before.webSockets).toBe(CLIENTS_AT_ONCE);
    await until(async () => (await named("bt-many")) === CLIENTS_AT_ONCE, "every client in CLIENT LIST");
    await admin.del("{bt:many}n");
    const replies = await Promise.all(clients.map((c, i) => c.multi().incr("{bt:many}n").set(`{bt:many}${i}`, String(i)).exec()));
    expect(replies.map((r) => r![0]![1] as number).sort((a, b) => a - b)).toEqual(Array.from({ length: CLIENTS_AT_ONCE }, (_, i) => i + 1));
    await Promise.all(clients.map((c) => c.quit()));
    await until(() => single.stats().webSockets === before.webSockets, "the bridge to close every WebSocket");
    await until(async () => (await named("bt-many")) === 0, "the gateway to drop every connection");
  });

  it("closes the WebSocket when the client closes its TCP connection", async () => {
    const before = single.stats().webSockets;
    const tcp = await rawClient();
    tcp.write(encodeCommand(["CLIENT", "SETNAME", "bt-close"]));
    await until(async () => (await named("bt-close")) === 1, "the connection in CLIENT LIST");
    expect(single.stats().webSockets).toBe(before + 1);
    tcp.destroy();
    await until(() => single.stats().webSockets === before, "the bridge to close the WebSocket");
    await until(async () => (await named("bt-close")) === 0, "the gateway to drop the connection");
  });

  it("closes the TCP connection when the gateway closes the WebSocket (CLIENT KILL)", async () => {
    const tcp = await rawClient();
    let got = "";
    tcp.on("data", (d: Buffer) => (got += d.toString("latin1")));
    const ended = new Promise((r) => tcp.once("end", r));
    tcp.write(encodeCommand(["CLIENT", "ID"]));
    await until(() => /^:\d+\r\n$/.test(got), "CLIENT ID's reply");
    expect(await admin.client("KILL", "ID", got.slice(1, -2))).toBe(1);
    await ended;
  });

  // The gateway sends the replies of one batch of commands as one frame, and the bridge cannot
  // split a frame: what it can do is stop reading the frames after it until the client reads.
  it("stops reading the gateway while a client does not read its replies, and delivers them all when it does", async () => {
    const valueBytes = 4 * 1024 * 1024; // one reply: more than the sockets' kernel buffers hold
    const gets = 6;
    await admin.set("{bt}big", Buffer.alloc(valueBytes, 97));
    const tcp = await rawClient();
    tcp.pause();
    tcp.write(encodeCommand(["GET", "{bt}big"]));
    await until(() => single.stats().pausedWebSockets === 1, "the bridge to pause the WebSocket");
    for (let i = 1; i < gets; i++) tcp.write(encodeCommand(["GET", "{bt}big"]));
    await new Promise((r) => setTimeout(r, 500)); // room for the other replies to arrive, were the bridge reading
    // The bridge holds the first reply for the client, not the 24 MiB the client asked for.
    expect(single.stats().pausedWebSockets).toBe(1);
    expect(single.stats().unsentToClientsBytes).toBeLessThan(2 * valueBytes);
    let received = 0;
    tcp.on("data", (d: Buffer) => (received += d.length));
    tcp.resume();
    const replyBytes = `$${valueBytes}\r\n`.length + valueBytes + 2;
    await until(() => received === gets * replyBytes, "every reply");
    expect(single.stats().pausedWebSockets).toBe(0);
    tcp.destroy();
  });
});

/** A plain TCP connection to the single-endpoint bridge. */
async function rawClient(): Promise<Socket> {
  const tcp = connect(SINGLE_PORT, "127.0.0.1");
  await new Promise((ok, fail) => (tcp.once("connect", ok), tcp.once("error", fail)));
  return tcp;
}
