/**
 * ioredis through the gateway's WebSocket without a bridge (src/clients/ioredis-connector.ts,
 * imported the way users do, as `redis-cluster-do/ioredis`) against the wrangler dev cluster of
 * global-setup.ts (3 masters: node-0 0-5460, node-1 5461-10922, node-2 10923-16383).
 */
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { gatewayClusterOptions, gatewayConnector } from "redis-cluster-do/ioredis";
import { keyHashSlot } from "../../src/commands/slot";
import { E2E } from "./global-setup";
import { keysInSlots, MASTER_RANGES } from "./cluster-keys";

const url = inject("e2eUrl");

const clients: (Redis | Cluster)[] = [];
const redis = (opts: RedisOptions = {}, token = E2E.token): Redis => {
  const r = new Redis({ Connector: gatewayConnector({ url, token }), ...opts });
  clients.push(r);
  return r;
};
afterAll(() => {
  for (const c of clients) c.disconnect();
});

const until = async (check: () => boolean | Promise<boolean>): Promise<void> => {
  for (let i = 0; !(await check()); i++) {
    if (i > 500) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("ioredis connector, one database (/ws)", () => {
  it("connects, sets and gets keys of every master, and disconnects", async () => {
    const r = redis({ lazyConnect: true });
    await r.connect();
    expect(r.status).toBe("ready");
    for (const [name, from, to] of MASTER_RANGES) {
      const [key] = keysInSlots(`conn:one:${name}:`, from, to, 1);
      expect(await r.set(key!, name)).toBe("OK");
      expect(await r.get(key!)).toBe(name);
    }
    const ended = new Promise((ok) => r.once("end", ok));
    r.disconnect();
    await ended;
    expect(r.status).toBe("end");
  });

  it("pipelines 200 commands and runs MULTI/EXEC and WATCH on its connection", async () => {
    const r = redis();
    const p = r.pipeline();
    for (let i = 0; i < 200; i++) p.incr(`conn:pipe:${i % 9}`);
    const replies = await p.exec();
    expect(replies).toHaveLength(200);
    expect(replies!.every(([e]) => e === null)).toBe(true);
    expect(await r.multi().set("{conn}m", "1").incr("{conn}m").get("{conn}m").exec()).toEqual([[null, "OK"], [null, 2], [null, "2"]]);
    // WATCH is per connection: a write by another connection aborts this one's EXEC.
    const other = redis();
    await r.watch("{conn}w");
    await other.set("{conn}w", "theirs");
    expect(await r.multi().set("{conn}w", "mine").exec()).toBeNull();
    expect(await r.get("{conn}w")).toBe("theirs");
  });

  it("wakes a BLPOP blocked on one connection with an RPUSH from another", async () => {
    const blocked = redis();
    const pusher = redis();
    let woken = false;
    const pop = blocked.blpop("conn:queue", 20).then((v) => ((woken = true), v));
    await new Promise((r) => setTimeout(r, 300));
    expect(woken).toBe(false);
    await pusher.rpush("conn:queue", "job");
    expect(await pop).toEqual(["conn:queue", "job"]);
  });

  it("subscribes, receives messages and pmessages, and unsubscribes", async () => {
    const sub = redis();
    const pub = redis();
    const got: string[] = [];
    sub.on("message", (ch: string, msg: string) => got.push(`${ch}:${msg}`));
    sub.on("pmessage", (pat: string, ch: string, msg: string) => got.push(`${pat}|${ch}:${msg}`));
    expect(await sub.subscribe("conn:news")).toBe(1);
    expect(await sub.psubscribe("conn:p:*")).toBe(2);
    await until(async () => (await pub.publish("conn:news", "hello")) >= 1 && got.includes("conn:news:hello"));
    await pub.publish("conn:p:1", "x");
    await until(() => got.includes("conn:p:*|conn:p:1:x"));
    await sub.unsubscribe("conn:news");
    await sub.punsubscribe();
    expect(await sub.ping()).toBe("PONG");
  });

  it("reconnects by itself when the server closes the connection, on a new WebSocket", async () => {
    const r = redis();
    const admin = redis({}, E2E.adminToken);
    await r.set("conn:before", "1");
    const id = await r.client("ID");
    const reconnecting = new Promise((ok) => r.once("reconnecting", ok));
    expect(await admin.client("KILL", "ID", String(id))).toBe(1);
    await reconnecting;
    expect(await r.get("conn:before")).toBe("1");
    expect(await r.client("ID")).not.toBe(id);
  });

  it("rejects a bad token with the HTTP status and does not retry forever", async () => {
    const r = new Redis({ Connector: gatewayConnector({ url, token: "wrong" }), lazyConnect: true, retryStrategy: () => null });
    clients.push(r);
    const errors: Error[] = [];
    r.on("error", (e: Error) => errors.push(e));
    await expect(r.connect()).rejects.toThrow();
    expect(errors.map((e) => e.message).join("\n")).toMatch(/HTTP 401/);
  });
});

describe("ioredis connector, Cluster (/node/<name>/ws)", () => {
  const cluster = (): Cluster => {
    const c = new Cluster([{ host: "node-1", port: 6379 }], gatewayClusterOptions({ url, token: E2E.adminToken }));
    clients.push(c);
    return c;
  };

  it("sets and gets keys on all three masters, MGETs one slot, and lists the nodes by name", async () => {
    const c = cluster();
    const keys = MASTER_RANGES.flatMap(([name, from, to]) => keysInSlots(`conn:c:${name}:`, from, to, 3));
    for (const k of keys) expect(await c.set(k, `v-${k}`)).toBe("OK");
    for (const k of keys) expect(await c.get(k)).toBe(`v-${k}`);
    await c.mset("{conn:tag}a", "1", "{conn:tag}b", "2");
    expect(await c.mget("{conn:tag}a", "{conn:tag}b", "{conn:tag}c")).toEqual(["1", "2", null]);
    const masters = c.nodes("master").map((n) => `${n.options.host}:${n.options.port}`).sort();
    expect(masters).toEqual(["node-0:6379", "node-1:6379", "node-2:6379"]);
  });

  it("follows MOVED when its slot map is wrong", async () => {
    const c = cluster();
    const [key] = keysInSlots("conn:moved:", 10923, 16383, 1); // node-2's
    await c.set(key!, "there");
    const slot = keyHashSlot(key!);
    expect(c.slots[slot]).toEqual(["node-2:6379"]);
    c.slots[slot] = ["node-0:6379"]; // node-0 answers MOVED <slot> node-2:6379
    expect(await c.get(key!)).toBe("there");
    expect(c.slots[slot]).toEqual(["node-2:6379"]);
  });

  it("refuses the data token on the /node routes and an address that is no node name", async () => {
    const data = new Redis({ Connector: gatewayConnector({ url, token: E2E.token, cluster: true }), host: "node-0", lazyConnect: true, retryStrategy: () => null });
    const ip = new Redis({ Connector: gatewayConnector({ url, token: E2E.adminToken, cluster: true }), host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
    clients.push(data, ip);
    const errors: Error[] = [];
    data.on("error", (e: Error) => errors.push(e));
    ip.on("error", () => {});
    await expect(data.connect()).rejects.toThrow();
    expect(errors.map((e) => e.message).join("\n")).toMatch(/HTTP 403/);
    await expect(ip.connect()).rejects.toThrow(/not a node name/);
  });
});
