/**
 * The connector's byte stream (src/clients/websocket-stream.ts, websocket-port.ts) against a local
 * `ws` server that records what reaches it: authentication in the header, frames per write,
 * backpressure, and close propagation both ways.
 */
import type { AddressInfo } from "node:net";
import type { IncomingMessage } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { WebSocketStream, GatewayClosedError } from "../../../src/clients/websocket-stream";
import { openWebSocket, type WebSocketImplementation } from "../../../src/clients/websocket-port";

let server: WebSocketServer;
let url: string;
/** Server sides of the connections, newest last, with the upgrade request and the frames received. */
const peers: { ws: WebSocket; req: IncomingMessage; frames: Buffer[]; closed: Promise<number> }[] = [];

beforeAll(async () => {
  server = new WebSocketServer({
    port: 0, host: "127.0.0.1", perMessageDeflate: false,
    verifyClient: (info, done) => (info.req.headers.authorization === "Bearer bad" ? done(false, 401) : done(true)),
  });
  await new Promise((r) => server.once("listening", r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on("connection", (ws, req) => {
    const frames: Buffer[] = [];
    ws.on("message", (d: Buffer) => frames.push(d));
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    peers.push({ ws, req, frames, closed });
  });
});
afterEach(() => {
  for (const p of peers.splice(0)) p.ws.terminate();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; !check(); i++) {
    if (i > 500) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function open(token = "secret", impl: WebSocketImplementation = "ws"): Promise<WebSocketStream> {
  const stream = new WebSocketStream("127.0.0.1", 0);
  stream.attach(await openWebSocket(impl, `${url}/ws`, token, stream.events));
  return stream;
}
const connected = (s: WebSocketStream) => new Promise<void>((ok, fail) => (s.once("connect", ok), s.once("error", fail)));

describe("WebSocketStream over ws", () => {
  it("sends the token in the Authorization header, not the URL, and emits connect once open", async () => {
    const s = await open();
    expect(s.connecting).toBe(true);
    await connected(s);
    expect(s.connecting).toBe(false);
    expect(peers[0]!.req.headers.authorization).toBe("Bearer secret");
    expect(peers[0]!.req.url).toBe("/ws");
    s.destroy();
  });

  it("reports a refused upgrade with its HTTP status", async () => {
    const s = await open("bad");
    const err = await new Promise<Error>((r) => s.once("error", r));
    expect(err.message).toMatch(/refused the WebSocket: HTTP 401 \(bad or missing token\)/);
    expect(s.destroyed).toBe(true);
  });

  it("holds writes made before the upgrade and sends writes queued behind a send as one frame", async () => {
    const s = await open();
    s.write("*1\r\n$4\r\nPING\r\n"); // before open
    await connected(s);
    await until(() => peers[0]?.frames.length === 1);
    for (let i = 0; i < 100; i++) s.write(`*2\r\n$4\r\nECHO\r\n$1\r\n${i % 10}\r\n`);
    await until(() => Buffer.concat(peers[0]!.frames).length === 14 + 100 * 21);
    // The first write leaves at once; the 99 written while it was in flight follow as one frame.
    expect(peers[0]!.frames).toHaveLength(3);
    s.destroy();
  });

  it("stops reading the WebSocket while its reader lags, and delivers everything once it reads", async () => {
    const s = await open();
    await connected(s);
    const chunk = Buffer.alloc(64 * 1024, 120);
    for (let i = 0; i < 64; i++) peers[0]!.ws.send(chunk); // 4 MiB, far over the 16 KiB highWaterMark
    await until(() => s.readPaused); // nobody reads: the stream paused the socket
    let got = 0;
    s.on("data", (d: Buffer) => (got += d.length));
    await until(() => got === 64 * chunk.length);
    expect(s.readPaused).toBe(false);
    s.destroy();
  });

  it("ends (no error) when the gateway closes normally", async () => {
    const s = await open();
    await connected(s);
    s.resume();
    const errors: Error[] = [];
    s.on("error", (e) => errors.push(e));
    const closed = new Promise((r) => s.once("close", r));
    peers[0]!.ws.close(1000, "bye");
    await closed;
    expect(errors).toEqual([]);
  });

  it("fails with the close code and reason when the gateway closes abnormally", async () => {
    const s = await open();
    await connected(s);
    s.resume();
    const err = new Promise<Error>((r) => s.once("error", r));
    peers[0]!.ws.close(1008, "max query buffer length reached");
    const e = await err;
    expect(e).toBeInstanceOf(GatewayClosedError);
    expect((e as GatewayClosedError).closeCode).toBe(1008);
    expect(e.message).toMatch(/1008 max query buffer length reached/);
  });

  it("closes the WebSocket politely on end() and drops it on destroy()", async () => {
    const a = await open();
    await connected(a);
    a.resume();
    const aClosed = new Promise((r) => a.once("close", r));
    a.end();
    expect(await peers[0]!.closed).toBe(1000);
    await aClosed;
    const b = await open();
    await connected(b);
    b.destroy();
    expect(await peers[1]!.closed).toBe(1006);
  });

  it("times out like a socket: `timeout` after the idle delay, none once turned off", async () => {
    const s = await open();
    const fired = new Promise<string>((r) => s.setTimeout(30, () => r("timeout")));
    expect(await fired).toBe("timeout");
    s.setTimeout(0);
    s.destroy();
  });
});

describe("WebSocketStream over the WHATWG WebSocket", () => {
  // Node 20 has no global WebSocket; undici's (wrangler's dependency) is the one Node 22 ships.
  it("authenticates in the header, carries bytes both ways and ends on a normal close", async (ctx) => {
    const undici = await import("undici").catch(() => null);
    if (!undici?.WebSocket) return ctx.skip("undici is not installed: no WHATWG WebSocket to test with");
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    g.WebSocket = undici.WebSocket;
    try {
      const s = await open("secret", "global");
      await connected(s);
      expect(peers[0]!.req.headers.authorization).toBe("Bearer secret");
      expect(peers[0]!.req.url).toBe("/ws");
      s.write("*1\r\n$4\r\nPING\r\n");
      await until(() => peers[0]!.frames.length === 1);
      const got: Buffer[] = [];
      s.on("data", (d: Buffer) => got.push(d));
      peers[0]!.ws.send(Buffer.from("+PONG\r\n"));
      await until(() => got.length === 1);
      expect(Buffer.concat(got).toString()).toBe("+PONG\r\n");
      const closed = new Promise((r) => s.once("close", r));
      peers[0]!.ws.close(1000);
      await closed;
    } finally {
      g.WebSocket = saved;
    }
  });
});
