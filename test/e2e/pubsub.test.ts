/**
 * Pub/Sub end to end against `wrangler dev` (3 masters): the official @upstash/redis client's
 * subscribe / psubscribe / publish over the HTTP stream, a raw WebSocket subscriber, and the
 * keyspace events of a write on each master arriving at one subscriber.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { Redis } from "@upstash/redis";
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import type { Reply } from "../../src/resp/reply";
import { keyHashSlot } from "../../src/commands/slot";
import { E2E } from "./global-setup";

const url = inject("e2eUrl");
const redis = new Redis({ url, token: E2E.token, enableAutoPipelining: false });
const admin = new Redis({ url, token: E2E.adminToken, enableAutoPipelining: false });

/** Polls `check` until it holds (or fails after `ms`). */
async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Replies as plain values: bulk/simple → string, int → number, arrays/pushes → arrays. */
const flat = (r: Reply): unknown => ("v" in r ? (Array.isArray(r.v) ? r.v.map((x) => flat(x as Reply)) : typeof r.v === "bigint" ? Number(r.v) : r.v) : null);

/** A subscriber speaking RESP over the gateway's WebSocket: everything it receives, in order. */
async function wsSubscriber(path: string): Promise<{ got: unknown[]; send(...args: string[]): void; close(): void }> {
  const ws = new WebSocket(`${url.replace("http", "ws")}${path}`);
  await new Promise((ok, fail) => (ws.once("open", ok), ws.once("error", fail)));
  const parser = new RespReplyParser();
  const got: unknown[] = [];
  ws.on("message", (data: Buffer) => {
    parser.push(new Uint8Array(data));
    for (let r = parser.next(); r !== null; r = parser.next()) if ("t" in r) got.push(flat(r));
  });
  return { got, send: (...args) => ws.send(encodeCommand(args)), close: () => ws.close() };
}

describe("@upstash/redis subscribe / psubscribe / publish", () => {
  const subs: { unsubscribe(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of subs) await s.unsubscribe();
  });

  it("receives what publish sends, as the client parses the stream", async () => {
    const sub = redis.subscribe<{ n: number }>(["e2e:news"]);
    subs.push(sub);
    const counts: number[] = [];
    const messages: unknown[] = [];
    sub.on("subscribe", (n) => counts.push(n));
    sub.on("message", (m) => messages.push(m));
    await eventually(() => counts.length === 1);
    expect(counts).toEqual([1]);
    expect(await redis.publish("e2e:news", { n: 1 })).toBe(1);
    expect(await redis.publish("e2e:news", "plain text")).toBe(1);
    await eventually(() => messages.length === 2);
    expect(messages).toEqual([{ channel: "e2e:news", message: { n: 1 } }, { channel: "e2e:news", message: "plain text" }]);
  });

  it("receives pmessages for a pattern", async () => {
    const sub = redis.psubscribe(["e2e:p:*"]);
    subs.push(sub);
    const got: unknown[] = [];
    let subscribed = false;
    sub.on("psubscribe", () => (subscribed = true));
    sub.on("pmessage", (m) => got.push(m));
    await eventually(() => subscribed);
    // The client JSON-parses pmessage payloads strictly (a plain string is an "error" event).
    expect(await redis.publish("e2e:p:1", { hi: true })).toBe(1);
    await eventually(() => got.length === 1);
    expect(got).toEqual([{ pattern: "e2e:p:*", channel: "e2e:p:1", message: { hi: true } }]);
  });
});

describe("raw WebSocket subscriber", () => {
  it("receives messages published over REST, and keyspace events of a write on each master", async () => {
    const s = await wsSubscriber(`/ws?_token=${E2E.token}`);
    s.send("SUBSCRIBE", "e2e:ws");
    await eventually(() => s.got.length === 1);
    expect(s.got.shift()).toEqual(["subscribe", "e2e:ws", 1]);
    expect(await redis.publish("e2e:ws", "over rest")).toBe(1);
    await eventually(() => s.got.length === 1);
    expect(s.got.shift()).toEqual(["message", "e2e:ws", "over rest"]);

    // One key per master, from the cluster's own slot table.
    const slots = (await admin.exec(["CLUSTER", "SLOTS"])) as [number, number, [string, number, string]][];
    const keys = slots.map(([lo, hi]) => {
      for (let i = 0; ; i++) {
        const slot = keyHashSlot(`e2e:k${i}`);
        if (slot >= lo && slot <= hi) return `e2e:k${i}`;
      }
    });
    expect(new Set(slots.map((s) => s[2][0])).size).toBe(3);
    for (const [, , [host]] of slots) {
      const r = await fetch(`${url}/node/${host}`, { method: "POST", headers: { Authorization: `Bearer ${E2E.adminToken}` }, body: JSON.stringify(["CONFIG", "SET", "notify-keyspace-events", "KEA"]) });
      expect(await r.json()).toEqual({ result: "OK" });
    }
    s.send("PSUBSCRIBE", "__key*__:*");
    await eventually(() => s.got.length === 1);
    expect(s.got.shift()).toEqual(["psubscribe", "__key*__:*", 2]);
    for (const k of keys) await redis.set(k, "v");
    await eventually(() => s.got.length === 2 * keys.length);
    for (const k of keys) {
      expect(s.got).toContainEqual(["pmessage", "__key*__:*", `__keyspace@0__:${k}`, "set"]);
      expect(s.got).toContainEqual(["pmessage", "__key*__:*", "__keyevent@0__:set", k]);
    }
    for (const [, , [host]] of slots) {
      await fetch(`${url}/node/${host}`, { method: "POST", headers: { Authorization: `Bearer ${E2E.adminToken}` }, body: JSON.stringify(["CONFIG", "SET", "notify-keyspace-events", ""]) });
    }
    s.close();
  });
});
