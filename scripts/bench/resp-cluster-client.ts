/**
 * A small cluster-aware RESP2 client over TCP, for the failover and resharding benchmarks against
 * real Redis. It behaves the way ioredis / redis-py cluster clients do: a slot → node map from
 * CLUSTER SLOTS, commands sent to the node it believes owns the slot, MOVED followed (and the map
 * refreshed), ASK followed (ASKING, then the command, on the node named; the map kept), and on a
 * connection error, a timeout, CLUSTERDOWN or TRYAGAIN the map is refreshed by asking another node
 * for CLUSTER SLOTS (commands wait for a refresh in flight, as ioredis queues them).
 */
import { connect, type Socket } from "node:net";
import { encodeCommand } from "../../src/resp/encoder";
import { RespReplyParser, ProtocolError } from "../../src/resp/parser";
import { keyHashSlot } from "../../src/commands/slot";
import type { Reply } from "../../src/resp/reply";

const HOST = "127.0.0.1";

type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };

/** One connection; replies are matched to commands in order. Closed for good on any failure. */
export class RespConnection {
  private readonly parser = new RespReplyParser();
  private readonly pending: Pending[] = [];
  private closedWith: Error | null = null;

  private constructor(private readonly sock: Socket) {
    sock.on("data", (d: Buffer) => {
      this.parser.push(d);
      for (let r = this.parser.next(); r !== null; r = this.parser.next()) {
        if (r instanceof ProtocolError) return this.fail(new Error(`protocol error: ${r.text}`));
        this.pending.shift()?.resolve(r);
      }
    });
    sock.on("error", (e) => this.fail(e));
    sock.on("close", () => this.fail(new Error("connection closed")));
  }

  static open(port: number, timeoutMs: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const sock = connect({ host: HOST, port, noDelay: true });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect timeout ${port}`));
      }, timeoutMs);
      sock.once("connect", () => {
        clearTimeout(timer);
        resolve(new RespConnection(sock));
      });
      sock.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /**
   * Sends one command; rejects on close, after `timeoutMs`, or when `signal` aborts. A timed-out
   * connection is closed: a late reply would otherwise answer the next command.
   */
  command(argv: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<Reply> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<Reply>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => this.fail(new Error("aborted"));
      const timer = setTimeout(() => this.fail(new Error("timeout")), timeoutMs);
      signal?.addEventListener("abort", onAbort);
      this.pending.push({ resolve: (r) => (done(), resolve(r)), reject: (e) => (done(), reject(e)) });
      this.sock.write(encodeCommand(argv));
    });
  }

  close(): void {
    this.fail(new Error("closed"));
  }

  private fail(e: Error): void {
    if (!this.closedWith) this.closedWith = e;
    this.sock.destroy();
    for (const p of this.pending.splice(0)) p.reject(e);
  }
}

/** Text of a simple/bulk reply; throws on an error reply. */
export function replyText(r: Reply): string {
  if (r.t === "error") throw new Error(r.v);
  if (r.t === "simple" || r.t === "bulk" || r.t === "verbatim") return r.v;
  if (r.t === "int") return String(r.v);
  throw new Error(`unexpected reply type ${r.t}`);
}

/** One command on one node with a throwaway connection (admin checks; never the probe). */
export async function nodeCall(port: number, argv: readonly string[], timeoutMs = 2000): Promise<Reply> {
  const c = await RespConnection.open(port, timeoutMs);
  try {
    return await c.command(argv, timeoutMs);
  } finally {
    c.close();
  }
}

/** CLUSTER SLOTS → [start, end, master port][] (and every node port it names). */
export function parseClusterSlots(r: Reply): { ranges: [number, number, number][]; ports: number[] } {
  if (r.t !== "array") throw new Error(r.t === "error" ? r.v : "CLUSTER SLOTS: not an array");
  const ranges: [number, number, number][] = [];
  const ports = new Set<number>();
  for (const e of r.v) {
    if (e.t !== "array" || e.v.length < 3) throw new Error("CLUSTER SLOTS: bad entry");
    const [lo, hi, ...nodes] = e.v;
    nodes.forEach((n, i) => {
      if (n.t !== "array" || n.v[1]?.t !== "int") throw new Error("CLUSTER SLOTS: bad node");
      const port = Number(n.v[1].v);
      ports.add(port);
      if (i === 0) ranges.push([Number(lo!.t === "int" ? lo.v : -1), Number(hi!.t === "int" ? hi.v : -1), port]);
    });
  }
  return { ranges, ports: [...ports] };
}

export interface ClusterClientOptions {
  /** Per-command timeout when the caller gives no abort signal. */
  timeoutMs?: number;
  /** Timeout of one CLUSTER SLOTS question during a refresh. */
  refreshTimeoutMs?: number;
}

export class ClusterClient {
  private readonly owners = new Array<number>(16384).fill(0);
  private readonly conns = new Map<number, RespConnection>();
  private known: number[];
  private refreshing: Promise<void> | null = null;
  private next = 0;
  refreshes = 0;

  constructor(seeds: number[], private readonly opts: ClusterClientOptions = {}) {
    this.known = [...seeds];
  }

  /** The node the client currently routes `key` to. */
  ownerOf(key: string): number {
    return this.owners[keyHashSlot(key)]!;
  }

  /** Learns the slot map, asking the known nodes in turn (skipping `avoid`, the node that just failed). */
  refresh(avoid?: number): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const order = this.known.filter((p) => p !== avoid);
        for (let k = 0; k < order.length; k++) {
          const port = order[(this.next + k) % order.length]!;
          try {
            const conn = await this.conn(port, this.opts.refreshTimeoutMs ?? 300);
            const { ranges, ports } = parseClusterSlots(await conn.command(["CLUSTER", "SLOTS"], this.opts.refreshTimeoutMs ?? 300));
            for (const [lo, hi, owner] of ranges) this.owners.fill(owner, lo, hi + 1);
            this.known = [...new Set([...this.known, ...ports])];
            this.next = (this.next + k + 1) % Math.max(1, order.length);
            this.refreshes++;
            return;
          } catch {
            // that node cannot answer either: ask the next one
          }
        }
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** SET key value on the slot's owner; resolves on +OK, rejects with the failure otherwise. */
  async set(key: string, value: string, signal?: AbortSignal): Promise<void> {
    await this.command(["SET", key, value], key, signal);
  }

  /**
   * Runs `argv` (whose slot is `key`'s) on the slot's owner, following MOVED (the map is
   * refreshed) and ASK (ASKING then the command on the named node, the map kept), as cluster
   * clients do. Resolves with any reply but an error; rejects with what the client would see
   * otherwise: an error reply (TRYAGAIN, CLUSTERDOWN, ...), a timeout or a connection failure.
   */
  async command(argv: readonly string[], key: string, signal?: AbortSignal): Promise<Reply> {
    if (this.refreshing) await this.refreshing;
    const slot = keyHashSlot(key);
    if (this.owners[slot] === 0) await this.refresh();
    let port = this.owners[slot]!;
    let asking = false;
    const timeout = this.opts.timeoutMs ?? 1000;
    for (let hop = 0; hop < 5; hop++) {
      let r: Reply;
      try {
        const conn = await this.conn(port, timeout, signal);
        if (asking) {
          // Pipelined on the same connection: ASKING is answered first, then the command.
          const ask = conn.command(["ASKING"], timeout, signal);
          ask.catch(() => {});
          r = await conn.command(argv, timeout, signal);
          await ask;
        } else r = await conn.command(argv, timeout, signal);
      } catch (e) {
        // Unreachable or hung (timeout / abort): drop the connection, learn the map from another node.
        this.conns.get(port)?.close();
        this.conns.delete(port);
        void this.refresh(port);
        throw e;
      }
      if (r.t !== "error") return r;
      const [code, , addr] = r.v.split(" ");
      if ((code === "MOVED" || code === "ASK") && addr) {
        port = Number(addr.slice(addr.lastIndexOf(":") + 1));
        asking = code === "ASK";
        if (code === "MOVED") {
          this.owners[slot] = port;
          void this.refresh();
        }
        continue;
      }
      if (code === "CLUSTERDOWN" || code === "TRYAGAIN") void this.refresh(port);
      throw new Error(r.v);
    }
    throw new Error("too many redirections");
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }

  private async conn(port: number, timeoutMs: number, signal?: AbortSignal): Promise<RespConnection> {
    const c = this.conns.get(port);
    if (c && !c.closed) return c;
    if (signal?.aborted) throw new Error("aborted");
    const fresh = await RespConnection.open(port, timeoutMs);
    this.conns.set(port, fresh);
    return fresh;
  }
}
