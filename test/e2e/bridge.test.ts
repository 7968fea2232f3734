/**
 * The local bridge (scripts/bridge.ts) against the wrangler dev cluster of global-setup.ts (3
 * masters: node-0 0-5460, node-1 5461-10922, node-2 10923-16383), with the real `redis-cli`
 * (Debian's redis-tools; those cases are skipped when it is not on PATH) and ioredis.
 */
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startBridge, type Bridge } from "../../scripts/bridge";
import { keyHashSlot } from "../../src/commands/slot";
import { E2E } from "./global-setup";
import { keysInSlots, MASTER_RANGES } from "./cluster-keys";
import { redisCli, toolAvailable } from "./redis-tools";

const url = inject("e2eUrl");
const SINGLE_PORT = 16379;
const CLUSTER_BASE_PORT = 17000;

const withRedisCli = it.skipIf(!toolAvailable("redis-cli", "bridge.test.ts"));

async function nodeDbsize(name: string): Promise<number> {
  const res = await fetch(`${url}/node/${name}`, {
    method: "POST", headers: { authorization: `Bearer ${E2E.adminToken}` }, body: JSON.stringify(["DBSIZE"]),
  });
  return ((await res.json()) as { result: number }).result;
}

describe("bridge, single endpoint", () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge({ url, token: E2E.token, port: SINGLE_PORT });
  });
  afterAll(() => bridge.close());
  const port = String(SINGLE_PORT);

  withRedisCli("redis-cli sets and gets a key through one local port", async () => {
    expect(await redisCli(["-p", port, "SET", "bridge:k", "v"])).toBe("OK");
    expect(await redisCli(["-p", port, "GET", "bridge:k"])).toBe("v");
  });

  withRedisCli("redis-cli --pipe sends 100 commands and gets 100 replies", async () => {
    const input = Array.from({ length: 100 }, (_, i) => `SET bridge:pipe:${i} ${i}\r\n`).join("");
    const out = await redisCli(["-p", port, "--pipe"], input);
    expect(out).toMatch(/errors: 0, replies: 100/);
    expect(await redisCli(["-p", port, "GET", "bridge:pipe:99"])).toBe("99");
  });

  it("ioredis pipelines 100 commands and runs MULTI/EXEC on one connection", async () => {
    const r = new Redis({ host: "127.0.0.1", port: SINGLE_PORT, lazyConnect: true });
    await r.connect();
    const p = r.pipeline();
    for (let i = 0; i < 100; i++) p.incr(`bridge:io:${i % 7}`);
    const replies = await p.exec();
    expect(replies).toHaveLength(100);
    expect(replies!.every(([e]) => e === null)).toBe(true);
    expect(await r.multi().set("{bridge}m", "1").incr("{bridge}m").get("{bridge}m").exec()).toEqual([[null, "OK"], [null, 2], [null, "2"]]);
    r.disconnect();
  });

  it("wakes a BLPOP blocked on one connection with an RPUSH from another", async () => {
    const blocked = new Redis({ host: "127.0.0.1", port: SINGLE_PORT });
    const pusher = new Redis({ host: "127.0.0.1", port: SINGLE_PORT });
    let woken = false;
    const pop = blocked.blpop("bridge:queue", 20).then((r) => ((woken = true), r));
    await new Promise((r) => setTimeout(r, 500));
    expect(woken).toBe(false);
    expect(await pusher.rpush("bridge:queue", "job")).toBeGreaterThanOrEqual(1);
    expect(await pop).toEqual(["bridge:queue", "job"]);
    blocked.disconnect();
    pusher.disconnect();
  });

  it("DBSIZE counts the keys of every master", async () => {
    const r = new Redis({ host: "127.0.0.1", port: SINGLE_PORT });
    for (const [, from, to] of MASTER_RANGES) {
      for (const k of keysInSlots("bridge:db:", from, to, 10)) await r.set(k, "x");
    }
    const perNode = await Promise.all(MASTER_RANGES.map(([name]) => nodeDbsize(name)));
    const total = await r.dbsize();
    // The other masters hold at least 20 of these keys, so a sum is above any one node's count
    // (with slack for keys other test files delete meanwhile).
    expect(total).toBeGreaterThanOrEqual(Math.max(...perNode) + 10);
    r.disconnect();
  });
});

describe("bridge, cluster mode", () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge({ url, token: E2E.adminToken, cluster: true, basePort: CLUSTER_BASE_PORT });
  });
  afterAll(() => bridge.close());
  const port0 = String(CLUSTER_BASE_PORT);

  it("gives each node a local port, in name order", () => {
    expect([...bridge.nodes]).toEqual([["node-0", 17000], ["node-1", 17001], ["node-2", 17002]]);
  });

  withRedisCli("redis-cli -c follows MOVED to keys owned by the other nodes, at local addresses", async () => {
    for (const [name, from, to] of MASTER_RANGES.slice(1)) {
      const [key] = keysInSlots(`bridge:moved:${name}:`, from, to, 1);
      expect(await redisCli(["-c", "-p", port0, "SET", key!, name])).toBe("OK");
      expect(await redisCli(["-c", "-p", port0, "GET", key!])).toBe(name);
      const local = bridge.nodes.get(name)!;
      expect(await redisCli(["-p", port0, "GET", key!])).toBe(`MOVED ${keyHashSlot(key!)} 127.0.0.1:${local}`);
    }
    const nodes = await redisCli(["-p", port0, "CLUSTER", "NODES"]);
    expect(nodes).toMatch(/^[0-9a-f]{40} 127\.0\.0\.1:17000@27000 myself,master /m);
    expect(nodes).not.toMatch(/node-\d/);
  });

  // redis-cli --cluster reads cluster_enabled:1 from INFO's "# Cluster" section first.
  withRedisCli("redis-cli --cluster check sees all 16384 slots covered", async () => {
    const out = await redisCli(["--cluster", "check", `127.0.0.1:${port0}`]);
    expect(out).toMatch(/\[OK\] All 16384 slots covered/);
  });

  it("ioredis Cluster sets and gets keys in different slots and MGETs one slot", async () => {
    const c = new Cluster([{ host: "127.0.0.1", port: CLUSTER_BASE_PORT }]);
    const keys = MASTER_RANGES.flatMap(([name, from, to]) => keysInSlots(`bridge:ioc:${name}:`, from, to, 2));
    for (const k of keys) expect(await c.set(k, `v-${k}`)).toBe("OK");
    for (const k of keys) expect(await c.get(k)).toBe(`v-${k}`);
    await c.set("{bridge:tag}a", "1");
    await c.set("{bridge:tag}b", "2");
    expect(await c.mget("{bridge:tag}a", "{bridge:tag}b", "{bridge:tag}c")).toEqual(["1", "2", null]);
    const slots = await c.cluster("SLOTS");
    expect(slots.map(([, , master]) => `${master?.[0]}:${master?.[1]}`).sort()).toEqual(["127.0.0.1:17000", "127.0.0.1:17001", "127.0.0.1:17002"]);
    c.disconnect();
  });
});
