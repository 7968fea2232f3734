/**
 * (Un)subscribe commands inside MULTI, byte for byte against a real redis-server 7.0.15: EXEC
 * subscribes the connection (one reply per channel inside EXEC's array, whose header counts one
 * per command), SSUBSCRIBE is refused there, PING takes the subscribed form, a WATCH that fails
 * aborts the subscriptions too, and the connection is in subscribed mode after EXEC. Raw bytes are
 * read over a quiet window rather than reply by reply: Redis's EXEC array here has more elements
 * than its header says, which no reply parser frames.
 */
import net from "node:net";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encodeCommand } from "../../src/resp/encoder";
import { E2E } from "./global-setup";
import { redisServerAvailable, startRedis, type RedisServer } from "./resp-conn";

if (!redisServerAvailable) console.warn("pubsub-multi.test.ts: redis-server is not on PATH, skipped");

/** A raw RESP stream: write commands, read everything received since the last read. */
interface Wire {
  send(...cmds: string[][]): void;
  /** The bytes received until nothing more came for `quietMs`. */
  read(quietMs?: number): Promise<string>;
  close(): void;
}

function collector(write: (b: Uint8Array) => void, close: () => void): Wire & { got(d: Buffer): void } {
  let buf = "";
  let last = Date.now();
  return {
    got(d) {
      buf += d.toString("latin1");
      last = Date.now();
    },
    send: (...cmds) => cmds.forEach((c) => write(encodeCommand(c))),
    async read(quietMs = 300) {
      const start = Date.now();
      do await new Promise((r) => setTimeout(r, 50));
      while (Date.now() - Math.max(last, start) < quietMs);
      const out = buf;
      buf = "";
      return out;
    },
    close,
  };
}

async function wsWire(url: string): Promise<Wire> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws?_token=${E2E.token}`);
  ws.binaryType = "nodebuffer";
  await new Promise((ok, fail) => (ws.once("open", ok), ws.once("error", fail)));
  const c = collector((b) => ws.send(b), () => ws.close());
  ws.on("message", (d: Buffer) => c.got(d));
  return c;
}

async function tcpWire(port: number): Promise<Wire> {
  const sock = net.connect(port, "127.0.0.1");
  await new Promise((ok, fail) => (sock.once("connect", ok), sock.once("error", fail)));
  const c = collector((b) => sock.write(b), () => sock.end());
  sock.on("data", (d) => c.got(d));
  return c;
}

describe.skipIf(!redisServerAvailable)("SUBSCRIBE inside MULTI, against redis-server", () => {
  const url = inject("e2eUrl");
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => {
    redis?.conn.close();
    redis?.child.kill();
  });

  /** Runs `steps` (each a batch of commands, then a read) on both sides; `setup` runs first and is not compared. */
  async function both(steps: string[][][], setup: string[][] = []): Promise<{ ours: string[]; theirs: string[] }> {
    const out = { ours: [] as string[], theirs: [] as string[] };
    for (const [side, wire] of [["ours", await wsWire(url)], ["theirs", await tcpWire(redis.port)]] as const) {
      if (setup.length) {
        wire.send(...setup);
        await wire.read();
      }
      for (const batch of steps) {
        wire.send(...batch);
        out[side].push(await wire.read());
      }
      wire.close();
    }
    return out;
  }

  it("RESP2: subscriptions take effect, SSUBSCRIBE is refused, PING and later commands see subscribed mode", async () => {
    const r = await both([[
      ["MULTI"], ["SUBSCRIBE", "pm:a", "pm:b"], ["PING"], ["SSUBSCRIBE", "{pm}s"], ["PSUBSCRIBE", "pm:p*"], ["EXEC"],
      // Named: UNSUBSCRIBE with no argument lists channels in Redis's dict order, seeded at random per process.
      ["PING", "x"], ["GET", "{pm}k"], ["UNSUBSCRIBE", "pm:a", "pm:b"], ["PUNSUBSCRIBE"], ["GET", "{pm}k"],
    ]]);
    expect(r.ours).toEqual(r.theirs);
    expect(r.theirs[0]).toContain("*4\r\n*3\r\n$9\r\nsubscribe\r\n");
  });

  it("RESP2: data commands and unsubscribing in the same block", async () => {
    const r = await both([[
      ["MULTI"], ["SET", "{pm}k", "v"], ["SUBSCRIBE", "pm:c"], ["GET", "{pm}k"], ["UNSUBSCRIBE", "pm:c", "pm:none"], ["DEL", "{pm}k"], ["EXEC"],
      ["GET", "{pm}k"],
    ]]);
    expect(r.ours).toEqual(r.theirs);
  });

  it("RESP3: pushes inside EXEC's array, and ordinary commands go on", async () => {
    const r = await both([[["MULTI"], ["SUBSCRIBE", "pm:r3"], ["GET", "{pm}k3"], ["PING"], ["EXEC"], ["GET", "{pm}k3"], ["UNSUBSCRIBE"]]], [["HELLO", "3"]]);
    expect(r.ours).toEqual(r.theirs);
  });

  it("a WATCH that fails aborts the subscriptions too", async () => {
    const r = await both([
      [["WATCH", "{pm}w"]],
      [["SET", "{pm}w", "changed"]], // touched by this very connection: the WATCH fails all the same
      [["MULTI"], ["SUBSCRIBE", "pm:w"], ["EXEC"], ["GET", "{pm}w"], ["DEL", "{pm}w"]],
    ]);
    expect(r.ours).toEqual(r.theirs);
    expect(r.theirs[2]).toContain("*-1\r\n");
  });

  it("a subscription made in EXEC receives what another connection publishes", async () => {
    const got: string[] = [];
    for (const open of [() => wsWire(url), () => tcpWire(redis.port)]) {
      const sub = await open();
      const pub = await open();
      sub.send(["MULTI"], ["SUBSCRIBE", "pm:live"], ["EXEC"]);
      await sub.read();
      pub.send(["PUBLISH", "pm:live", "hello"]);
      expect(await pub.read()).toBe(":1\r\n");
      got.push(await sub.read());
      sub.close();
      pub.close();
    }
    expect(got[0]).toBe(got[1]);
    expect(got[1]).toBe("*3\r\n$7\r\nmessage\r\n$7\r\npm:live\r\n$5\r\nhello\r\n");
  });
});
