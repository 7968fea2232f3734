/**
 * End to end against `wrangler dev` (a 3-master cluster bootstrapped by scripts/cluster.ts): the
 * official @upstash/redis client over REST, and a raw WebSocket client speaking RESP.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Redis } from "@upstash/redis";
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import type { Reply } from "../../src/resp/reply";
import { E2E } from "./global-setup";

const url = inject("e2eUrl");

describe("@upstash/redis through the gateway", () => {
  const redis = new Redis({ url, token: E2E.token, enableAutoPipelining: false });

  it("sets, gets, and counts across the cluster's slots", async () => {
    for (const k of ["a", "b", "c", "foo", "bar"]) expect(await redis.set(k, `v-${k}`)).toBe("OK");
    expect(await redis.mget("a", "b", "c", "foo", "bar")).toEqual(["v-a", "v-b", "v-c", "v-foo", "v-bar"]);
    expect(await redis.incr("counter")).toBe(1);
    expect(await redis.incrby("counter", 41)).toBe(42);
    expect(await redis.del("a", "b", "c")).toBe(3);
    expect(await redis.exists("a", "foo")).toBe(1);
  });

  it("handles JSON values, expiry and collections", async () => {
    await redis.set("json", { x: 1, y: [1, 2] }, { ex: 100 });
    expect(await redis.get("json")).toEqual({ x: 1, y: [1, 2] });
    expect(await redis.ttl("json")).toBeGreaterThan(90);
    await redis.hset("user:1", { name: "ada", age: 36 });
    expect(await redis.hgetall("user:1")).toEqual({ name: "ada", age: 36 });
    await redis.zadd("board", { score: 2, member: "b" }, { score: 1, member: "a" });
    expect(await redis.zrange("board", 0, -1, { withScores: true })).toEqual(["a", 1, "b", 2]);
    await redis.rpush("list", "x", "y", "z");
    expect(await redis.lrange("list", 0, -1)).toEqual(["x", "y", "z"]);
  });

  it("pipelines and transactions", async () => {
    const p = redis.pipeline();
    p.set("{t}a", "1");
    p.incr("{t}a");
    p.get("{t}a");
    expect(await p.exec()).toEqual(["OK", 2, 2]);
    const tx = redis.multi();
    tx.incr("{t}a");
    tx.get("{t}a");
    expect(await tx.exec()).toEqual([3, 3]);
  });

  it("surfaces Redis errors", async () => {
    await redis.set("str", "x");
    await expect(redis.lpush("str", "y")).rejects.toThrow(/WRONGTYPE/);
  });
});

/** A raw RESP client over the gateway's WebSocket. */
class RespSocket {
  private parser = new RespReplyParser();
  private replies: Reply[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.parser.push(new Uint8Array(data));
      for (let r = this.parser.next(); r !== null; r = this.parser.next()) {
        if ("t" in r) this.replies.push(r);
      }
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  static async open(path: string): Promise<RespSocket> {
    const ws = new WebSocket(`${url.replace("http", "ws")}${path}`);
    await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
    return new RespSocket(ws);
  }
  /** Sends raw bytes (possibly a partial frame). */
  send(bytes: Uint8Array | string): void {
    this.ws.send(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  }
  async next(n: number): Promise<Reply[]> {
    while (this.replies.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.replies.splice(0, n);
  }
  close(): void {
    this.ws.close();
  }
}

describe("raw WebSocket RESP client", () => {
  let c: RespSocket;
  beforeAll(async () => {
    c = await RespSocket.open(`/ws?_token=${E2E.token}`);
  });
  afterAll(() => c.close());

  it("handles a command split across frames and several commands in one frame", async () => {
    const frame = encodeCommand(["SET", "ws:k", "hello"]);
    c.send(frame.slice(0, 5));
    c.send(frame.slice(5, 13));
    c.send(frame.slice(13));
    expect(await c.next(1)).toEqual([{ t: "simple", v: "OK" }]);
    c.send("GET ws:k\r\nPING\r\nECHO hi\r\n"); // inline commands, as redis-cli/telnet send them
    expect(await c.next(3)).toEqual([{ t: "bulk", v: "hello" }, { t: "simple", v: "PONG" }, { t: "bulk", v: "hi" }]);
  });

  it("speaks RESP3 after HELLO 3 and runs MULTI/EXEC", async () => {
    c.send(encodeCommand(["HELLO", "3"]));
    const [hello] = await c.next(1);
    expect(hello!.t).toBe("map");
    c.send([["MULTI"], ["INCR", "{w}n"], ["INCR", "{w}n"], ["EXEC"]].map((a) => Buffer.from(encodeCommand(a))).reduce((a, b) => Buffer.concat([a, b])));
    expect(await c.next(4)).toEqual([
      { t: "simple", v: "OK" }, { t: "simple", v: "QUEUED" }, { t: "simple", v: "QUEUED" },
      { t: "array", v: [{ t: "int", v: 1 }, { t: "int", v: 2 }] },
    ]);
  });

  it("requires auth when no token is given", async () => {
    const anon = await RespSocket.open("/ws");
    anon.send(encodeCommand(["GET", "x"]));
    expect(await anon.next(1)).toEqual([{ t: "error", v: "NOAUTH Authentication required." }]);
    anon.send(encodeCommand(["AUTH", E2E.token]));
    anon.send(encodeCommand(["GET", "ws:k"]));
    expect(await anon.next(2)).toEqual([{ t: "simple", v: "OK" }, { t: "bulk", v: "hello" }]);
    anon.close();
  });
});
