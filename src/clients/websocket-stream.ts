/**
 * A Duplex byte stream over one gateway WebSocket, shaped like the `net.Socket` ioredis expects from
 * a connector: `connecting` until the upgrade completes, then `connect`; `setTimeout` (ioredis's
 * connectTimeout), `setNoDelay`/`setKeepAlive` (accepted, meaningless here), `remoteAddress`/`remotePort`.
 * - Bytes: every write is one binary frame (writes queued behind a slow send leave as one frame,
 *   `_writev`); every frame received is pushed as it came.
 * - Backpressure: a write completes when the WebSocket has sent it (see websocket-port.ts), so the
 *   writable side's buffer and `drain` are true; when the reader falls behind (`push` returns false)
 *   the WebSocket stops reading until `_read` asks for more.
 * - Close, both ways: `end()` starts the WebSocket's closing handshake and the stream closes when
 *   it completes; `destroy()` drops the WebSocket. A normal close from the gateway (1000, 1001,
 *   1005: QUIT, CLIENT KILL) is an EOF, as a Redis server closing TCP is; any other close code (1008
 *   "max query buffer length reached", 1006 the connection dropped) destroys the stream with a
 *   GatewayClosedError carrying the code and reason, so the client sees why.
 */
import { Duplex } from "node:stream";
import type { WebSocketPort, PortEvents } from "./websocket-port";

/** Close codes that are an orderly end of the connection rather than a failure. */
const NORMAL_CLOSE = new Set([1000, 1001, 1005]);

export class GatewayClosedError extends Error {
  readonly code = "ECONNRESET";
  constructor(readonly closeCode: number, readonly reason: string) {
    super(`the gateway closed the WebSocket: ${closeCode}${reason ? ` ${reason}` : ""}`);
    this.name = "GatewayClosedError";
  }
}

export class WebSocketStream extends Duplex {
  /** True until the WebSocket is open (ioredis waits for `connect` while it is). */
  connecting = true;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** True while reading is paused because the consumer has not taken what was pushed. */
  readPaused = false;
  private port: WebSocketPort | null = null;
  private socketClosed = false;
  private idleMs = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(remoteAddress: string, remotePort: number) {
    super({ allowHalfOpen: false });
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
  }

  /** The handlers the WebSocket reports to (passed to openWebSocket before the port exists). */
  readonly events: PortEvents = {
    open: () => {
      this.connecting = false;
      this.touch();
      this.emit("connect");
      this.emit("ready");
    },
    message: (bytes) => {
      this.touch();
      if (!this.push(bytes) && !this.readPaused) {
        this.readPaused = true;
        this.port?.pause();
      }
    },
    close: (code, reason) => {
      this.socketClosed = true;
      if (NORMAL_CLOSE.has(code)) this.push(null);
      else this.destroy(new GatewayClosedError(code, reason));
    },
    error: (err) => this.destroy(err),
  };

  /** Hands the stream its WebSocket (a stream destroyed meanwhile drops it). */
  attach(port: WebSocketPort): void {
    this.port = port;
    if (this.destroyed) port.terminate();
  }

  override _read(): void {
    if (!this.readPaused) return;
    this.readPaused = false;
    this.port?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.send(chunk, done);
  }

  override _writev(chunks: { chunk: Buffer }[], done: (err?: Error | null) => void): void {
    this.send(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)), done);
  }

  private send(bytes: Uint8Array, done: (err?: Error | null) => void): void {
    if (this.connecting) {
      // Written before the upgrade completed: sent once it has (or failed with the stream).
      this.once("connect", () => this.send(bytes, done));
      return;
    }
    this.touch();
    if (!this.port || this.socketClosed) return done(new Error("the gateway WebSocket is closed"));
    this.port.send(bytes, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    // Our side is done: close the WebSocket politely; `close` ends the readable side.
    if (this.connecting || !this.port) this.destroy();
    else if (!this.socketClosed) this.port.close(1000, "client closed");
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    if (!this.socketClosed) this.port?.terminate();
    this.socketClosed = true;
    done(err);
  }

  /** As net.Socket#setTimeout: `timeout` after `ms` without traffic (0 turns it off). */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    if (onTimeout) {
      if (ms > 0) this.once("timeout", onTimeout);
      else this.removeListener("timeout", onTimeout);
    }
    this.touch();
    return this;
  }

  /** TCP options: the WebSocket library owns its socket (ws sets TCP_NODELAY itself). */
  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  setKeepAlive(_enable?: boolean, _initialDelayMs?: number): this {
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs <= 0 || this.destroyed) return void (this.idleTimer = undefined);
    this.idleTimer = setTimeout(() => this.emit("timeout"), this.idleMs);
    this.idleTimer.unref?.(); // as a socket's timeout: it keeps no process alive
  }
}
