/**
 * One RESP WebSocket to the gateway, seen through the few operations a byte stream needs: send with
 * a completion callback, pause/resume reading, close, and four events. Two implementations:
 * - the `ws` package (Node < 22, or asked for): `send`'s callback fires once the frame is written to
 *   the TCP socket, and `pause()` stops reading the TCP socket, so backpressure holds both ways;
 * - the WHATWG `WebSocket` (global in Node >= 22, Deno, Bun): it cannot stop reading (frames keep
 *   arriving and wait in the stream's buffer), and `send` completes once `bufferedAmount` is back
 *   under SEND_HIGH_WATER_BYTES (polled: the API has no drain event).
 * The token travels in the upgrade request's Authorization header, never in the URL (URLs end up in
 * logs). The WHATWG constructor takes headers only in Node's and Bun's implementations.
 */

/** Unsent bytes a WHATWG WebSocket may hold before a send is reported incomplete (about 4 large pipelines). */
export const SEND_HIGH_WATER_BYTES = 1 << 20;
/** How often a WHATWG WebSocket's `bufferedAmount` is checked while a send waits (it has no drain event). */
export const SEND_POLL_MS = 5;

export interface PortEvents {
  open(): void;
  message(bytes: Uint8Array): void;
  /** The connection ended: `code` 1000/1001/1005 is a normal close. */
  close(code: number, reason: string): void;
  error(err: Error): void;
}

export interface WebSocketPort {
  send(bytes: Uint8Array, done: (err?: Error | null) => void): void;
  pause(): void;
  resume(): void;
  /** Starts the closing handshake (the `close` event follows). */
  close(code: number, reason: string): void;
  /** Drops the connection now. */
  terminate(): void;
}

export type WebSocketImplementation = "global" | "ws";

/** Which implementation `auto` means here: the global WebSocket when there is one, else `ws`. */
export function defaultImplementation(): WebSocketImplementation {
  return typeof (globalThis as { WebSocket?: unknown }).WebSocket === "function" ? "global" : "ws";
}

export async function openWebSocket(
  impl: WebSocketImplementation, url: string, token: string | undefined, events: PortEvents,
): Promise<WebSocketPort> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return impl === "ws" ? openWs(url, headers, events) : openGlobal(url, headers, events);
}

async function openWs(url: string, headers: Record<string, string>, events: PortEvents): Promise<WebSocketPort> {
  // Loaded only when used: on Node >= 22 the connector needs no dependency besides ioredis.
  const { default: WebSocket } = await import("ws");
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  let refusedWith: number | null = null;
  ws.on("open", () => events.open());
  ws.on("message", (data: Buffer) => events.message(data));
  ws.on("unexpected-response", (_req, res) => {
    // A refused upgrade (a bad token: 401, a data token on /node: 403): say so instead of ws's
    // generic "closed before the connection was established".
    refusedWith = res.statusCode ?? 0;
    ws.terminate();
  });
  ws.on("error", (e) => events.error(refusedWith === null ? e : refusedError(refusedWith)));
  ws.on("close", (code, reason) => events.close(code, reason.toString()));
  return {
    send: (bytes, done) => ws.send(bytes, { binary: true }, done),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
  };
}

/**
 * The WHATWG WebSocket as Node, Deno and Bun have it (declared here: the project's types are
 * Workers', whose WebSocket differs), with the headers extension Node's undici and Bun accept.
 */
interface WhatwgWebSocket {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "error", fn: (ev: Event) => void): void;
  addEventListener(type: "message", fn: (ev: { data: unknown }) => void): void;
  addEventListener(type: "close", fn: (ev: { code: number; reason: string }) => void): void;
}
type GlobalWebSocketCtor = new (url: string, init?: { headers?: Record<string, string> }) => WhatwgWebSocket;
const WS_OPEN = 1;

function openGlobal(url: string, headers: Record<string, string>, events: PortEvents): WebSocketPort {
  const Ctor = (globalThis as unknown as { WebSocket?: GlobalWebSocketCtor }).WebSocket;
  if (!Ctor) throw new Error("no global WebSocket here (Node < 22): use implementation \"ws\" and install the ws package");
  const ws = new Ctor(url, { headers });
  ws.binaryType = "arraybuffer";
  const utf8 = new TextEncoder();
  let opened = false;
  ws.addEventListener("open", () => {
    opened = true;
    events.open();
  });
  ws.addEventListener("message", (ev) => {
    const d = ev.data;
    events.message(typeof d === "string" ? utf8.encode(d) : new Uint8Array(d as ArrayBuffer));
  });
  ws.addEventListener("error", (ev) => {
    const detail = (ev as { message?: unknown }).message;
    const why = typeof detail === "string" && detail ? detail : opened ? "connection error" : "the upgrade failed (bad token or URL?)";
    events.error(new Error(`gateway WebSocket: ${why}`));
  });
  ws.addEventListener("close", (ev) => events.close(ev.code, ev.reason));
  const waitForRoom = (done: (err?: Error | null) => void): void => {
    if (ws.readyState !== WS_OPEN) return done(new Error("gateway WebSocket closed"));
    if (ws.bufferedAmount <= SEND_HIGH_WATER_BYTES) return done();
    setTimeout(() => waitForRoom(done), SEND_POLL_MS);
  };
  return {
    send: (bytes, done) => {
      try {
        ws.send(bytes);
      } catch (e) {
        return done(e instanceof Error ? e : new Error(String(e)));
      }
      waitForRoom(done);
    },
    pause: () => {},
    resume: () => {},
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.close(),
  };
}

function refusedError(status: number): Error {
  const why = status === 401 ? " (bad or missing token)" : status === 403 ? " (/node routes need the admin token)" : "";
  return Object.assign(new Error(`the gateway refused the WebSocket: HTTP ${status}${why}`), { code: "EREFUSED", status });
}
