/**
 * scripts/bridge/pipe.ts against a stand-in gateway (a local `ws` server) whose reading can be
 * stopped: a client writing faster than the gateway reads is paused once HIGH_WATER_BYTES are
 * unsent, resumed when they drain, and nothing is lost. (The other direction, a client not reading
 * its replies, runs against the real gateway in test/e2e/bridge-tools.test.ts.)
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { HIGH_WATER_BYTES, pipeConnection } from "../../../scripts/bridge/pipe";

let gateway: WebSocketServer;
let bridge: Server;
/** The bridge's side of each client connection, and the stand-in gateway's side of its WebSocket. */
const bridged: Socket[] = [];
const bridgeWs: WebSocket[] = [];
const upstream: { req: IncomingMessage; received: number }[] = [];

beforeAll(async () => {
  gateway = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise((r) => gateway.once("listening", r));
  gateway.on("connection", (ws: WebSocket, req) => {
    const peer = { req, received: 0 };
    expect(req.headers.authorization).toBe("Bearer secret"); // the token is in the header...
    expect(req.url).toBe("/ws"); // ...not the URL
    upstream.push(peer);
    ws.on("message", (d: Buffer) => (peer.received += d.length));
    req.socket.pause(); // a gateway that does not read, until the test says so
  });
  const wsUrl = `ws://127.0.0.1:${(gateway.address() as AddressInfo).port}/ws`;
  bridge = createServer((tcp) => {
    bridged.push(tcp);
    bridgeWs.push(pipeConnection(tcp, wsUrl, "secret"));
  });
  await new Promise<void>((r) => bridge.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  for (const t of bridged) t.destroy();
  await new Promise((r) => bridge.close(r));
  await new Promise((r) => gateway.close(r));
});

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; !check(); i++) {
    if (i > 1000) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
};

it("pauses a client that writes faster than the gateway reads, and resumes it without losing bytes", async () => {
  const client = connect((bridge.address() as AddressInfo).port, "127.0.0.1");
  await new Promise((r) => client.once("connect", r));
  await until(() => upstream.length === 1);
  const total = 32 * 1024 * 1024;
  const chunk = Buffer.alloc(256 * 1024, 42);
  for (let sent = 0; sent < total; sent += chunk.length) client.write(chunk);
  // The bridge reads until HIGH_WATER_BYTES are unacknowledged by the WebSocket, then stops.
  await until(() => bridged[0]!.isPaused());
  expect(upstream[0]!.received).toBeLessThan(total);
  expect(bridged[0]!.bytesRead).toBeLessThan(total);
  // What the bridge holds (read from the client, not yet taken by the kernel) stays near the
  // high-water mark plus one socket read, not the 32 MiB the client wants to send.
  await new Promise((r) => setTimeout(r, 200));
  expect(bridged[0]!.isPaused()).toBe(true);
  expect(bridgeWs[0]!.bufferedAmount).toBeLessThan(2 * HIGH_WATER_BYTES);
  upstream[0]!.req.socket.resume();
  await until(() => upstream[0]!.received === total);
  await until(() => !bridged[0]!.isPaused());
  client.destroy();
});
