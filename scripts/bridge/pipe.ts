/**
 * One TCP connection bridged to one gateway WebSocket, bytes both ways in binary frames. One
 * WebSocket per TCP connection keeps MULTI/WATCH and blocking commands on one gateway connection.
 * Backpressure both ways: the TCP socket is paused while more than HIGH_WATER_BYTES sent to the
 * WebSocket are unacknowledged by its socket, and the WebSocket is paused while the TCP socket's
 * write buffer is full. Closing either side closes the other.
 */
import type { Socket } from "node:net";
import WebSocket from "ws";

/**
 * Unsent bytes to the gateway before the client is paused: a few pipelines' worth, well under the
 * gateway's 16 MiB client-query-buffer-limit, so a fast client cannot make the bridge hold megabytes.
 */
export const HIGH_WATER_BYTES = 1 << 20;

/** Sees the traffic and may transform what reaches the client (cluster mode). */
export interface Tap {
  fromClient(chunk: Uint8Array): void;
  fromServer(chunk: Uint8Array): void;
}

/**
 * Bridges `tcp` to `wsUrl`, authenticated by `token` in the upgrade's Authorization header (not the
 * URL, which request logs print). `makeTap` gets the function that writes to the client; without a
 * tap, server bytes go to the client unchanged. Returns the WebSocket (for shutdown).
 */
export function pipeConnection(tcp: Socket, wsUrl: string, token: string, makeTap?: (out: (b: Uint8Array) => void) => Tap): WebSocket {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false, headers: { authorization: `Bearer ${token}` } });
  let unsent = 0;
  let tcpPaused = false;
  const toClient = (bytes: Uint8Array): void => {
    if (!tcp.write(bytes) && !ws.isPaused) ws.pause();
  };
  const tap = makeTap?.(toClient);

  tcp.pause(); // nothing is read until the WebSocket is open
  ws.on("open", () => {
    tcp.on("data", (chunk: Buffer) => {
      tap?.fromClient(chunk);
      unsent += chunk.length;
      ws.send(chunk, { binary: true }, () => {
        unsent -= chunk.length;
        if (tcpPaused && unsent <= HIGH_WATER_BYTES / 2) {
          tcpPaused = false;
          tcp.resume();
        }
      });
      if (unsent > HIGH_WATER_BYTES && !tcpPaused) {
        tcpPaused = true;
        tcp.pause();
      }
    });
    tcp.resume();
  });
  ws.on("message", (data: Buffer) => (tap ? tap.fromServer(data) : toClient(data)));
  tcp.on("drain", () => ws.isPaused && ws.resume());

  ws.on("unexpected-response", (_req, res) => {
    // A refused upgrade (a bad token: 401) reaches the client as one error reply, as Redis would.
    if (!tcp.writableEnded) tcp.end(`-ERR bridge: the gateway refused the WebSocket (HTTP ${res.statusCode})\r\n`);
    ws.terminate();
  });
  ws.on("error", (e) => {
    if (!tcp.writableEnded) tcp.end(`-ERR bridge: ${e.message.replace(/[\r\n]/g, " ")}\r\n`);
  });
  ws.on("close", () => tcp.end());
  // A client that ends its side is done, as for Redis (which frees a client at EOF).
  tcp.on("end", () => ws.close(1000));
  tcp.on("error", () => ws.terminate());
  tcp.on("close", () => {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
  });
  return ws;
}
