/**
 * Pub/Sub over a real three-master cluster: a subscriber on one node's route receives what is
 * published on another's; shard channels live on their slot's owner (MOVED elsewhere); keyspace
 * notifications of writes and expirations on every master, and of commands across nodes, reach
 * one gateway subscriber.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { slotMapFor } from "../../src/gateway/slot-map";
import { nodeByName } from "../../src/node/client";
import { keyHashSlot } from "../../src/commands/slot";
import { cmd, stubOf } from "./helpers";
import { formCluster } from "./cluster-helpers";
import { connect, gateway } from "./ws-client";

const NODES = ["node-0", "pc-1", "pc-2"];
const PER = Math.ceil(16384 / NODES.length);
const ownerOf = (key: string): string => NODES[Math.floor(keyHashSlot(key) / PER)]!;
/** A key that lives on `node`. */
const keyOn = (node: string, prefix: string): string => {
  for (let i = 0; ; i++) if (ownerOf(`${prefix}${i}`) === node) return `${prefix}${i}`;
};
const gw = gateway();

async function post(path: string, body: unknown, token = "test-token"): Promise<unknown> {
  const r = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: `Bearer ${token}` } }));
  return r.json();
}
const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;
const pmessage = (pattern: string, channel: string, message: string): string =>
  `*4\r\n${bulk("pmessage")}${bulk(pattern)}${bulk(channel)}${bulk(message)}`;

beforeAll(async () => {
  await formCluster(NODES);
  const [slots] = await nodeByName(env, "node-0").execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
  expect(slotMapFor(env.SEED_NODES).apply(slots!)).toBe(true);
});

describe("Pub/Sub across nodes", () => {
  it("delivers to a subscriber on one node's route what another node's route publishes", async () => {
    const s = await connect("/node/pc-2/ws?_token=test-admin");
    s.cmd("SUBSCRIBE", "anywhere");
    await s.expect(`*3\r\n${bulk("subscribe")}${bulk("anywhere")}:1\r\n`);
    for (const n of NODES) expect(await post(`/node/${n}`, ["PUBLISH", "anywhere", n], "test-admin")).toEqual({ result: 1 });
    await s.expect(NODES.map((n) => `*3\r\n${bulk("message")}${bulk("anywhere")}${bulk(n)}`).join(""));
  });

  it("keeps a shard channel on its slot's owner: MOVED elsewhere, served there and through /ws", async () => {
    const ch = keyOn("pc-1", "sch");
    const slot = keyHashSlot(ch);
    const wrong = await connect("/node/node-0/ws?_token=test-admin");
    wrong.cmd("SSUBSCRIBE", ch);
    await wrong.until(new RegExp(`^-MOVED ${slot} pc-1:\\d+\\r\\n`));
    expect(await post("/node/node-0", ["SPUBLISH", ch, "x"], "test-admin")).toEqual({ error: expect.stringMatching(new RegExp(`^MOVED ${slot} pc-1:`)) as unknown });
    const right = await connect("/node/pc-1/ws?_token=test-admin");
    right.cmd("SSUBSCRIBE", ch);
    await right.expect(`*3\r\n${bulk("ssubscribe")}${bulk(ch)}:1\r\n`);
    const viaGateway = await connect();
    viaGateway.cmd("SSUBSCRIBE", ch);
    await viaGateway.expect(`*3\r\n${bulk("ssubscribe")}${bulk(ch)}:1\r\n`);
    expect(await post("/", ["SPUBLISH", ch, "hi"])).toEqual({ result: 2 });
    const smessage = `*3\r\n${bulk("smessage")}${bulk(ch)}${bulk("hi")}`;
    await right.expect(smessage);
    await viaGateway.expect(smessage);
  });

  it("brings keyspace events of every master (writes and expirations) to one gateway subscriber", async () => {
    for (const n of NODES) expect(await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", "KEA")).toBe("OK");
    expect(await cmd(nodeByName(env, "pc-1"), "CONFIG", "GET", "notify-keyspace-events")).toEqual({ map: [["notify-keyspace-events", "AKE"]] });
    expect(await cmd(nodeByName(env, "pc-1"), "CONFIG", "SET", "notify-keyspace-events", "KQ")).toEqual({
      error: "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
    });
    const c = await connect();
    c.cmd("PSUBSCRIBE", "__keyspace@0__:*");
    await c.expect(`*3\r\n${bulk("psubscribe")}${bulk("__keyspace@0__:*")}:1\r\n`);
    const P = "__keyspace@0__:*";
    for (const n of NODES) {
      const k = keyOn(n, "ev");
      expect(await post("/", ["SET", k, "v"])).toEqual({ result: "OK" });
      await c.expect(pmessage(P, `__keyspace@0__:${k}`, "set"));
      expect(await post("/", ["LPUSH", `l${k}`, "a"])).toEqual({ result: 1 });
      await c.expect(pmessage(P, `__keyspace@0__:l${k}`, "lpush"));
      expect(await post("/", ["LPOP", `l${k}`])).toEqual({ result: "a" });
      await c.expect(pmessage(P, `__keyspace@0__:l${k}`, "lpop") + pmessage(P, `__keyspace@0__:l${k}`, "del"));
    }
    const k = keyOn("pc-2", "gone");
    expect(await post("/", ["SET", k, "v", "PX", "20"])).toEqual({ result: "OK" });
    await c.expect(pmessage(P, `__keyspace@0__:${k}`, "set") + pmessage(P, `__keyspace@0__:${k}`, "expire"));
    await new Promise((r) => setTimeout(r, 50));
    await runDurableObjectAlarm(stubOf("pc-2"));
    await c.expect(pmessage(P, `__keyspace@0__:${k}`, "expired"), 3000);
    const e = await connect();
    e.cmd("SUBSCRIBE", "__keyevent@0__:rename_to");
    await e.expect(`*3\r\n${bulk("subscribe")}${bulk("__keyevent@0__:rename_to")}:1\r\n`);
    expect(await post("/", ["SET", "{r}a", "1"])).toEqual({ result: "OK" });
    expect(await post("/", ["RENAME", "{r}a", "{r}b"])).toEqual({ result: "OK" });
    await e.expect(`*3\r\n${bulk("message")}${bulk("__keyevent@0__:rename_to")}${bulk("{r}b")}`);
    for (const n of NODES) await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", "");
  });

  /** Every master notifies `flags`; a subscriber of `channel` through the gateway. */
  async function eventSubscriber(flags: string, channel: string): Promise<Awaited<ReturnType<typeof connect>>> {
    for (const n of NODES) expect(await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", flags)).toBe("OK");
    const e = await connect();
    e.cmd("SUBSCRIBE", channel);
    await e.expect(`*3\r\n${bulk("subscribe")}${bulk(channel)}:1\r\n`);
    return e;
  }

  it("names a key's addition `new` (class n, not in A): a first SET, a RENAME's destination; not an overwrite", async () => {
    const e = await eventSubscriber("En", "__keyevent@0__:new");
    expect(await post("/", ["SET", "{n}a", "1"])).toEqual({ result: "OK" });
    expect(await post("/", ["SET", "{n}a", "2"])).toEqual({ result: "OK" });
    expect(await post("/", ["RPUSH", "{n}l", "x"])).toEqual({ result: 1 });
    expect(await post("/", ["RENAME", "{n}a", "{n}b"])).toEqual({ result: "OK" });
    const msg = (k: string): string => `*3\r\n${bulk("message")}${bulk("__keyevent@0__:new")}${bulk(k)}`;
    await e.expect(msg("{n}a") + msg("{n}l") + msg("{n}b"));
    for (const n of NODES) await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", "");
  });

  it("brings the events of commands across nodes once they commit, and none of an aborted one", async () => {
    for (const n of NODES) expect(await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", "EA")).toBe("OK");
    const e = await connect();
    const P = "__keyevent@0__:*";
    e.cmd("PSUBSCRIBE", P);
    await e.expect(`*3\r\n${bulk("psubscribe")}${bulk(P)}:1\r\n`);
    const ev = (event: string, key: string): string => pmessage(P, `__keyevent@0__:${event}`, key);
    const [a, b, l, s] = [keyOn("node-0", "xa"), keyOn("pc-1", "xb"), keyOn("pc-2", "xl"), keyOn("node-0", "xs")];
    expect(await post("/", ["SET", a, "1"])).toEqual({ result: "OK" });
    await e.expect(ev("set", a));
    // RENAME between two nodes: Redis's two events (in Redis's order unless their channels' hubs race).
    expect(await post("/", ["RENAME", a, b])).toEqual({ result: "OK" });
    await e.expectInAnyOrder([ev("rename_from", a), ev("rename_to", b)]);
    // A transaction over three nodes: each command's event (their channels may live on different
    // hubs, whose sockets to the gateway do not keep one order between them: README, Limits).
    expect(await post("/multi-exec", [["LPUSH", l, "x"], ["SADD", s, "m"], ["DEL", b]])).toEqual([{ result: 1 }, { result: 1 }, { result: 1 }]);
    await e.expectInAnyOrder([ev("lpush", l), ev("sadd", s), ev("del", b)]);
    // Aborted (a WATCHed key changed): no event. The SET after it is the next thing heard.
    const w = await connect();
    w.cmd("WATCH", l);
    await w.expect("+OK\r\n");
    expect(await post("/", ["LPUSH", l, "y"])).toEqual({ result: 2 });
    await e.expect(ev("lpush", l));
    w.cmd("MULTI");
    w.cmd("SADD", s, "n");
    w.cmd("RPOP", l);
    w.cmd("EXEC");
    await w.expect("+OK\r\n+QUEUED\r\n+QUEUED\r\n*-1\r\n");
    expect(await post("/", ["SET", a, "2"])).toEqual({ result: "OK" });
    await e.expect(ev("set", a));
    for (const n of NODES) await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", "");
  });

  it("names a read command's missing key `keymiss` (class m); a write's lookups and OBJECT do not", async () => {
    const e = await eventSubscriber("Em", "__keyevent@0__:keymiss");
    expect(await post("/", ["SET", "{m}here", "1"])).toEqual({ result: "OK" });
    expect(await post("/", ["GET", "{m}here"])).toEqual({ result: "1" });
    expect(await post("/", ["OBJECT", "ENCODING", "{m}nope"])).toEqual({ result: null });
    expect(await post("/", ["INCR", "{m}counter"])).toEqual({ result: 1 });
    expect(await post("/", ["GET", "{m}nope"])).toEqual({ result: null });
    expect(await post("/", ["EXISTS", "{m}gone"])).toEqual({ result: 0 });
    const msg = (k: string): string => `*3\r\n${bulk("message")}${bulk("__keyevent@0__:keymiss")}${bulk(k)}`;
    await e.expect(msg("{m}nope") + msg("{m}gone"));
    for (const n of NODES) await cmd(nodeByName(env, n), "CONFIG", "SET", "notify-keyspace-events", "");
  });
});
