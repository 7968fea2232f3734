/**
 * PubSubHub: one shard of the cluster's Pub/Sub, a SQLite-backed Durable Object named `hub-<i>`.
 *
 * Subscriber connections (the gateway's, one per client connection and hub) reach it as WebSockets
 * it accepts with the hibernation API (`ctx.acceptWebSocket`), tagged with the connection's id:
 * between messages the hub is evicted from memory while every socket stays open, so an idle
 * subscriber costs no invocation and no duration. Subscriptions are rows of `subs`, so a hub woken
 * by a publication (or a control message) rebuilds its index in its constructor.
 *
 * Publishers (nodes: PUBLISH, SPUBLISH, keyspace notifications) call `publish` over RPC with the
 * messages of one command batch, in order; the hub writes each delivery to its socket before it
 * answers, so one publisher's messages on one channel arrive in the order it published them.
 */
import { DurableObject } from "cloudflare:workers";
import type { BStr } from "../resp/bytes";
import type { HubControl, HubFrame, HubQuery, HubStats, Publication, SubKind } from "./protocol";
import { Subscriptions } from "./subscriptions";

const KINDS: ReadonlySet<string> = new Set(["c", "p", "s"]);

export class PubSubHub extends DurableObject {
  private readonly subs = new Subscriptions();
  private readonly sockets = new Map<string, WebSocket>();
  /** Calls and socket events handled since this instance started (see `stats`). */
  private invocations = 0;
  private readonly instance = crypto.randomUUID();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS subs (conn TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (conn, kind, name)) WITHOUT ROWID");
    for (const ws of ctx.getWebSockets()) {
      const conn = ctx.getTags(ws)[0];
      if (conn) this.sockets.set(conn, ws);
    }
    const stale = new Set<string>();
    for (const row of sql.exec("SELECT conn, kind, name FROM subs")) {
      const conn = row.conn as string;
      if (this.sockets.has(conn)) this.subs.add(conn, row.kind as SubKind, row.name as string);
      else stale.add(conn);
    }
    // Rows of sockets that closed while nobody ran (a restart): nobody to deliver to.
    for (const conn of stale) sql.exec("DELETE FROM subs WHERE conn = ?", conn);
  }

  /** A subscriber connection's WebSocket: `/?conn=<id>` with Upgrade: websocket. */
  override async fetch(req: Request): Promise<Response> {
    this.invocations++;
    const conn = new URL(req.url).searchParams.get("conn");
    if (req.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !conn) return new Response("expected a WebSocket upgrade with ?conn=", { status: 426 });
    this.sockets.get(conn)?.close(1000, "replaced");
    this.forget(conn);
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [conn]);
    this.sockets.set(conn, pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): void {
    this.invocations++;
    const conn = this.ctx.getTags(ws)[0];
    const msg = parseControl(data);
    if (!conn || !msg) return ws.close(1008, "malformed control message");
    const sql = this.ctx.storage.sql;
    for (const name of msg.names) {
      if (msg.op === "sub") {
        if (this.subs.add(conn, msg.kind, name)) sql.exec("INSERT OR IGNORE INTO subs (conn, kind, name) VALUES (?, ?, ?)", conn, msg.kind, name);
      } else if (this.subs.remove(conn, msg.kind, name)) {
        sql.exec("DELETE FROM subs WHERE conn = ? AND kind = ? AND name = ?", conn, msg.kind, name);
      }
    }
    send(ws, ["a", msg.seq]);
  }

  override webSocketClose(ws: WebSocket): void {
    this.invocations++;
    const conn = this.ctx.getTags(ws)[0];
    if (conn && this.sockets.get(conn) === ws) this.forget(conn);
  }

  override webSocketError(ws: WebSocket): void {
    this.webSocketClose(ws);
  }

  /** Delivers each publication to its subscribers, in order; returns how many received each. */
  publish(pubs: Publication[]): number[] {
    this.invocations++;
    return pubs.map((pub) => {
      let n = 0;
      const text = new Map<HubFrame, string>();
      for (const d of this.subs.deliveries(pub)) {
        const ws = this.sockets.get(d.conn);
        if (!ws) continue;
        let t = text.get(d.frame);
        if (t === undefined) text.set(d.frame, (t = JSON.stringify(d.frame)));
        try {
          ws.send(t);
          n++;
        } catch {
          this.forget(d.conn);
        }
      }
      return n;
    });
  }

  query(q: HubQuery): (BStr | number)[] {
    this.invocations++;
    return this.subs.query(q);
  }

  /**
   * What the hub has done since its instance started (this call not counted): a benchmark reads it
   * twice around an idle period. `instance` changes when the hub was evicted and started again.
   */
  stats(): HubStats {
    return { instance: this.instance, invocations: this.invocations, sockets: this.sockets.size, connections: [...this.subs.connections].length };
  }

  private forget(conn: string): void {
    this.sockets.delete(conn);
    if (this.subs.dropConn(conn).length > 0) this.ctx.storage.sql.exec("DELETE FROM subs WHERE conn = ?", conn);
  }
}

function send(ws: WebSocket, frame: HubFrame): void {
  try {
    ws.send(JSON.stringify(frame));
  } catch {
    // closed: webSocketClose cleans up
  }
}

function parseControl(data: string | ArrayBuffer): HubControl | null {
  if (typeof data !== "string") return null;
  try {
    const m = JSON.parse(data) as Partial<HubControl>;
    const ok = (m.op === "sub" || m.op === "unsub") && KINDS.has(m.kind as string) && typeof m.seq === "number" &&
      Array.isArray(m.names) && m.names.every((n) => typeof n === "string");
    return ok ? (m as HubControl) : null;
  } catch {
    return null;
  }
}
