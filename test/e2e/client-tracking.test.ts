/**
 * CLIENT TRACKING end to end against `wrangler dev` (3 masters): two WebSocket connections of the
 * gateway; A tracks (RESP3), B writes; A receives Redis's `invalidate` pushes. Default mode (one
 * push per read key, keys on every master), NOLOOP, OPTIN with CLIENT CACHING YES, BCAST with
 * PREFIX, REDIRECT to a RESP2 connection subscribed to __redis__:invalidate, and the raw bytes
 * of the push.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import type { Reply } from "../../src/resp/reply";
import { E2E } from "./global-setup";

const url = inject("e2eUrl");

/** Replies as plain values: maps flattened to [k, v, ...], arrays/sets/pushes as arrays, errors as their text. */
function flat(r: Reply): unknown {
  if (r.t === "map") return r.v.flatMap(([k, v]) => [flat(k), flat(v)]);
  if (!("v" in r)) return null;
  if (Array.isArray(r.v)) return (r.v as Reply[]).map(flat);
  return typeof r.v === "bigint" ? Number(r.v) : r.v;
}

interface Client {
  /** Replies (not pushes), in order. */
  replies: unknown[];
  /** Pushes (and RESP2 pubsub messages), in order. */
  pushes: unknown[];
  raw: string;
  call(...args: string[]): Promise<unknown>;
  close(): void;
}

const open: Client[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function client(): Promise<Client> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/ws?_token=${E2E.token}`);
  await new Promise((ok, fail) => (ws.once("open", ok), ws.once("error", fail)));
  const parser = new RespReplyParser();
  const c: Client = {
    replies: [], pushes: [], raw: "",
    call: async (...args) => {
      const n = c.replies.length;
      ws.send(encodeCommand(args));
      await until(() => c.replies.length > n);
      return c.replies[n];
    },
    close: () => ws.close(),
  };
  ws.on("message", (data: Buffer) => {
    c.raw += data.toString("latin1");
    parser.push(new Uint8Array(data));
    for (let r = parser.next(); r !== null; r = parser.next()) {
      if (!("t" in r)) continue;
      const v = flat(r);
      const isMessage = Array.isArray(v) && v[0] === "message" && v[1] === "__redis__:invalidate";
      if (r.t === "push" || isMessage) c.pushes.push(v);
      else c.replies.push(v);
    }
  });
  open.push(c);
  return c;
}

/** Keys spread over the masters (distinct slots). */
const keys = (tag: string, n: number): string[] => Array.from({ length: n }, (_, i) => `trk:${tag}:${i}:${Date.now()}`);

describe("CLIENT TRACKING over the gateway's WebSocket", () => {
  it("default mode: a key A read and B changed is invalidated at A, once", async () => {
    const a = await client();
    const b = await client();
    await a.call("HELLO", "3");
    expect(await a.call("CLIENT", "TRACKING", "ON")).toBe("OK");
    expect(await a.call("CLIENT", "GETREDIR")).toBe(0);
    expect(await a.call("CLIENT", "TRACKINGINFO")).toEqual(["flags", ["on"], "redirect", 0, "prefixes", []]);
    const ks = keys("d", 6);
    for (const k of ks) await b.call("SET", k, "v1");
    for (const k of ks) expect(await a.call("GET", k)).toBe("v1");
    for (const k of ks) await b.call("SET", k, "v2");
    await until(() => a.pushes.length === ks.length);
    expect(a.pushes).toEqual(expect.arrayContaining(ks.map((k) => ["invalidate", [k]])));
    expect(a.raw).toContain(`>2\r\n$10\r\ninvalidate\r\n*1\r\n$${ks[0]!.length}\r\n${ks[0]}\r\n`);
    // One-shot: a second change, not read again, sends nothing; a key A never read neither.
    for (const k of ks) await b.call("SET", k, "v3");
    await b.call("SET", `${ks[0]}:other`, "x");
    expect(await a.call("GET", ks[0]!)).toBe("v3");
    await b.call("DEL", ks[0]!);
    await until(() => a.pushes.length === ks.length + 1);
    expect(a.pushes.at(-1)).toEqual(["invalidate", [ks[0]]]);
    // OFF: nothing more.
    expect(await a.call("CLIENT", "TRACKING", "OFF")).toBe("OK");
    expect(await a.call("CLIENT", "GETREDIR")).toBe(-1);
    await a.call("GET", ks[1]!);
    await b.call("SET", ks[1]!, "x");
    await new Promise((r) => setTimeout(r, 300));
    expect(a.pushes.length).toBe(ks.length + 1);
  });

  it("NOLOOP: A's own writes do not invalidate at A, others' do", async () => {
    const a = await client();
    const b = await client();
    await a.call("HELLO", "3");
    await a.call("CLIENT", "TRACKING", "ON", "NOLOOP");
    const [k1, k2] = keys("n", 2) as [string, string];
    await a.call("GET", k1);
    await a.call("GET", k2);
    await a.call("SET", k1, "mine");
    await b.call("SET", k2, "theirs");
    await until(() => a.pushes.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.pushes).toEqual([["invalidate", [k2]]]);
  });

  it("OPTIN: only the command after CLIENT CACHING YES is tracked", async () => {
    const a = await client();
    const b = await client();
    await a.call("HELLO", "3");
    await a.call("CLIENT", "TRACKING", "ON", "OPTIN");
    const [k1, k2, k3] = keys("o", 3) as [string, string, string];
    await a.call("GET", k1);
    expect(await a.call("CLIENT", "CACHING", "YES")).toBe("OK");
    expect(await a.call("CLIENT", "TRACKINGINFO")).toEqual(["flags", ["on", "optin", "caching-yes"], "redirect", 0, "prefixes", []]);
    await a.call("GET", k2);
    await a.call("GET", k3);
    for (const k of [k1, k2, k3]) await b.call("SET", k, "x");
    await until(() => a.pushes.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.pushes).toEqual([["invalidate", [k2]]]);
  });

  it("BCAST with PREFIX: every change under the prefix, read or not", async () => {
    const a = await client();
    const b = await client();
    await a.call("HELLO", "3");
    const p = `trk:b:${Date.now()}:`;
    expect(await a.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", `${p}user:`)).toBe("OK");
    expect(await a.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", `${p}user:1`)).toBe(
      `ERR Prefix '${p}user:1' overlaps with an existing prefix '${p}user:'. Prefixes for a single client must not overlap.`,
    );
    expect(await a.call("CLIENT", "TRACKING", "ON", "PREFIX", "x")).toBe("ERR PREFIX option requires BCAST mode to be enabled");
    const users = Array.from({ length: 5 }, (_, i) => `${p}user:${i}`);
    for (const k of users) await b.call("SET", k, "x");
    await b.call("SET", `${p}item:1`, "x");
    await until(() => a.pushes.length === users.length);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.pushes).toEqual(expect.arrayContaining(users.map((k) => ["invalidate", [k]])));
    expect(a.pushes.length).toBe(users.length);
  });

  it("REDIRECT to a RESP2 connection subscribed to __redis__:invalidate", async () => {
    const r = await client();
    const id = (await r.call("CLIENT", "ID")) as number;
    await r.call("SUBSCRIBE", "__redis__:invalidate");
    const a = await client();
    expect(await a.call("CLIENT", "TRACKING", "ON", "REDIRECT", String(id))).toBe("OK");
    expect(await a.call("CLIENT", "GETREDIR")).toBe(id);
    const [k] = keys("r", 1) as [string];
    await a.call("GET", k);
    await a.call("SET", k, "x");
    await until(() => r.pushes.length === 1).catch(() => {
      throw new Error(`r: ${JSON.stringify([r.replies, r.pushes])} a: ${JSON.stringify([a.replies, a.pushes])}`);
    });
    expect(r.pushes).toEqual([["message", "__redis__:invalidate", [k]]]);
  });
});
