/**
 * The official @upstash/redis client against the gateway (its fetch routed to the Worker): the
 * default base64 encoding, auto-pipelining, transactions and errors must all work unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import { ownAllSlots } from "./helpers";

// The gateway's seed node is a one-node cluster owning every slot.
beforeAll(() => ownAllSlots("node-0"));

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const realFetch = globalThis.fetch;

describe("@upstash/redis against the gateway", () => {
  beforeAll(() => {
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => gw.fetch(new Request(input, init))) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  const redis = () => new Redis({ url: "http://gw", token: "test-token", retry: false, enableTelemetry: false });

  it("runs commands with the default base64 encoding", async () => {
    const r = redis();
    expect(await r.set("up:k", "héllo")).toBe("OK");
    expect(await r.get("up:k")).toBe("héllo");
    await r.set("up:json", { a: 1, b: [true] });
    expect(await r.get("up:json")).toEqual({ a: 1, b: [true] });
    expect(await r.incr("up:n")).toBe(1);
    expect(await r.mget("up:k", "up:none")).toEqual(["héllo", null]);
    await r.zadd("up:z", { score: 2.5, member: "m" });
    expect(await r.zscore("up:z", "m")).toBe(2.5);
    expect(await r.ping()).toBe("PONG");
  });

  it("pipelines and transactions", async () => {
    const r = redis();
    const p = r.pipeline();
    p.set("up:p1", "1");
    p.incr("up:p1");
    p.get("up:p1");
    expect(await p.exec()).toEqual(["OK", 2, 2]);
    const tx = r.multi();
    tx.set("{up}t", "a");
    tx.append("{up}t", "b");
    tx.get("{up}t");
    expect(await tx.exec()).toEqual(["OK", 2, "ab"]);
  });

  it("surfaces command errors", async () => {
    const r = redis();
    await r.set("up:s", "x");
    await expect(r.incr("up:s")).rejects.toThrow(/ERR value is not an integer or out of range/);
    await expect(new Redis({ url: "http://gw", token: "bad", retry: false, enableTelemetry: false }).get("x")).rejects.toThrow(/WRONGPASS/);
  });
});
