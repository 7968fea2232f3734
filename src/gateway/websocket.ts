/**
 * RESP over WebSocket, terminated in the Worker (`new WebSocketPair()`): text and binary frames are
 * one continuous byte stream into a Connection; replies go back as binary frames. A Worker-held
 * socket cannot hibernate, which is fine for a data connection (subscribers belong elsewhere).
 */
import type { GatewayEnv } from "./gateway-env";
import type { AuthLevel } from "./auth";
import { Connection } from "./connection";
import { protoMaxBulkLen } from "./limits";
import { errorResponse } from "./rest";
import type { Router } from "./router";
import { peerOf } from "./clients/registry";

const utf8 = new TextEncoder();

export function acceptWebSocket(req: Request, env: GatewayEnv, router: Router, auth: AuthLevel | null): Response {
  if (req.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return errorResponse(req, "ERR expected a WebSocket upgrade (Upgrade: websocket)", 426);
  }
  const pair = new WebSocketPair();
  const client = pair[0];
  const server = pair[1];
  server.accept();
  const conn = new Connection(
    env,
    router,
    {
      send: (bytes) => {
        try {
          server.send(bytes);
        } catch {
          conn.closedByPeer();
        }
      },
      close: (code, reason) => {
        try {
          server.close(code, reason);
        } catch {
          // already closed
        }
      },
      // workerd does not report a WebSocket's send queue yet (workerd#988); use it once it does.
      buffered: () => {
        const b = (server as unknown as { bufferedAmount?: unknown }).bufferedAmount;
        return typeof b === "number" ? b : 0;
      },
    },
    auth,
    protoMaxBulkLen(env),
    peerOf(req),
  );
  server.addEventListener("message", (ev: MessageEvent) => {
    const d: unknown = ev.data;
    if (typeof d === "string") conn.feed(utf8.encode(d));
    else if (d instanceof ArrayBuffer) conn.feed(new Uint8Array(d));
    else if (ArrayBuffer.isView(d)) conn.feed(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  });
  server.addEventListener("close", () => {
    conn.closedByPeer();
    try {
      server.close(1000, "closed");
    } catch {
      // already closed
    }
  });
  server.addEventListener("error", () => conn.closedByPeer());
  return new Response(null, { status: 101, webSocket: client });
}
