/**
 * Raw RESP connections for the e2e differential tests: one to the project's gateway (`/ws`, RESP
 * over WebSocket) and one to a real `redis-server` (TCP) that `startRedis` spawns on a free port.
 * Replies come back as their raw bytes (a byte string, one char per byte), so tests compare what a
 * client really receives.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";

/** Whether `redis-server` is on PATH (the differential tests skip without it). */
export const redisServerAvailable = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * A RESP connection with one command in flight: `send` resolves with the reply's raw bytes (as a
 * byte string). The project's RespReplyParser finds where the reply ends. With a timeout, a reply
 * that does not come in time rejects and leaves the connection `broken` (a late reply would be
 * taken for the next command's), so the caller opens a new one.
 */
export class RespConn {
  private parser = new RespReplyParser();
  private chunks: Buffer[] = [];
  private waiting: { resolve: (wire: string) => void; reject: (e: Error) => void } | null = null;
  /** Set once the connection closed, failed or timed out: nothing more should be sent on it. */
  broken = false;

  constructor(private readonly write: (bytes: Uint8Array) => void, readonly close: () => void) {}

  /** Feed bytes as they arrive from the socket. */
  received(data: Buffer): void {
    if (this.broken) return;
    this.chunks.push(data);
    this.parser.push(new Uint8Array(data));
    const r = this.parser.next();
    if (r === null) return;
    const wire = Buffer.concat(this.chunks).toString("latin1");
    this.chunks = [];
    const w = this.waiting;
    this.waiting = null;
    if (!w) throw new Error(`unexpected reply ${JSON.stringify(wire)}`);
    if (!("t" in r)) w.reject(new Error(`protocol error: ${r.text}`));
    else w.resolve(wire);
  }

  failed(e: Error): void {
    this.broken = true;
    this.waiting?.reject(e);
    this.waiting = null;
  }

  /** Sends one command (arguments are byte strings) and resolves with its reply's raw bytes. */
  send(argv: string[], timeoutMs?: number): Promise<string> {
    if (this.waiting) throw new Error("one command at a time");
    if (this.broken) return Promise.reject(new Error("connection is broken"));
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => timer !== undefined && clearTimeout(timer);
      this.waiting = { resolve: (w) => (done(), resolve(w)), reject: (e) => (done(), reject(e)) };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.failed(new Error(`no reply within ${timeoutMs} ms`));
          this.close();
        }, timeoutMs);
      }
      this.write(encodeCommand(argv));
    });
  }
}

/** A RESP connection over the gateway's WebSocket (`ws://.../ws?_token=...`). */
export async function webSocketConn(url: string): Promise<RespConn> {
  const ws = new WebSocket(url);
  ws.binaryType = "nodebuffer";
  await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
  const conn = new RespConn((b) => ws.send(b), () => ws.close());
  ws.on("message", (data: Buffer) => conn.received(Buffer.from(data)));
  ws.on("close", () => conn.failed(new Error("WebSocket closed")));
  return conn;
}

/** A RESP connection over TCP to 127.0.0.1:`port`. */
export async function tcpConn(port: number): Promise<RespConn> {
  const sock = net.connect(port, "127.0.0.1");
  await new Promise((res, rej) => (sock.once("connect", res), sock.once("error", rej)));
  const conn = new RespConn((b) => sock.write(b), () => sock.end());
  sock.on("data", (d) => conn.received(d));
  sock.on("close", () => conn.failed(new Error("redis connection closed")));
  return conn;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A redis-server (no persistence) on a free port; `conn` is a first connection, `port` opens more. */
export interface RedisServer {
  child: ChildProcess;
  port: number;
  conn: RespConn;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return { child, port, conn: await tcpConn(port) };
    } catch (e) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill();
        throw new Error(`redis-server did not start on port ${port}: ${String(e)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
