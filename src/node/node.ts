/**
 * RedisNode: one Redis Cluster node as a SQLite-backed Durable Object.
 *
 * This is the I/O shell. It owns the clock, randomness, storage and the alarm, and feeds the pure
 * parts: the command dispatcher (keyspace), and the cluster and replication cores. Its alarm is
 * the node's cron (clusterCron + replicationCron + active expiry); every RPC re-arms a missing
 * alarm, so a node can never fall silent for good.
 *
 * RPC surface (called by the gateway and by other nodes):
 *   execute(cmds, conn)            a pipeline of independent commands → replies in order
 *   transaction(cmds, conn, watch) MULTI/EXEC: all commands atomically → the EXEC reply
 *   watch(keys)                    WATCH: a token that `transaction` checks
 *   bus(msg)                       a cluster bus message → the PONG, if any
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { BStr } from "../resp/bytes";
import { arr, error, NULL_ARRAY, type Reply } from "../resp/reply";
import type { BlockRequest, ConnState } from "../commands/types";
import { Keyspace } from "../keyspace/db";
import { dispatch, prepare, run, type DispatchEnv, type SlotGate } from "./dispatch";
import { BlockedClients } from "./blocking";
import { WatchedKeys, type WatchToken } from "./watch";
import { NodeConfig } from "./config";
import type { ServerApi } from "./server-commands";
import { renderInfo } from "./info";
import { ClusterShell } from "./cluster-shell";
import { nodeByName } from "./client";
import type { BusMessage, Outcome } from "../cluster";

/** Keys deleted per cron tick by active expiry (activeExpireCycle's effort, bounded per tick). */
const ACTIVE_EXPIRE_BUDGET = 200;
/** The longest delay setTimeout accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export class RedisNode extends DurableObject<Env> implements ServerApi {
  readonly nodeId: string;
  readonly config: NodeConfig;
  readonly startedAt = Date.now();
  readonly db: Keyspace;
  /** Counters for INFO stats; the last two measure what an idle node costs (billed invocations). */
  readonly stats = { commands: 0, expiredKeys: 0, cronRuns: 0, busCallsReceived: 0 };
  private readonly blocked = new BlockedClients();
  private readonly watched: WatchedKeys;
  readonly cluster: ClusterShell;
  /** When the alarm is set for (null: unknown, e.g. after a restart or while it runs). */
  private alarmAt: number | null = null;
  private alarmChecked = false;
  /** Bus messages produced by CLUSTER commands, delivered once their reply is decided. */
  private pendingBus: Outcome[] = [];
  /** Cluster routing: serve here, or MOVED/ASK/TRYAGAIN/CLUSTERDOWN (a field, so tests can swap it). */
  private gate: SlotGate = (slot, def, keys, conn) => this.cluster.gate(slot, def, keys, conn);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    this.nodeId = this.loadOrCreate("node_id", () => randomHex(20));
    const persisted = JSON.parse(this.loadOrCreate("config", () => "{}")) as Record<string, number>;
    this.config = new NodeConfig(env, persisted);
    this.db = new Keyspace(sql);
    const name = ctx.id.name ?? this.loadOrCreate("name", () => this.nodeId);
    this.cluster = new ClusterShell(sql, this.db, this.config, (to, msg) => nodeByName(env, to).bus(msg), {
      id: this.nodeId, name,
    });
    this.watched = new WatchedKeys(randomHex(8));
    this.db.onModified = (key) => {
      this.watched.touched(key);
      this.blocked.touched(key);
    };
  }

  // ---- RPC entry points ----------------------------------------------------------------------

  /** Runs independent commands in order; blocking commands may wait (WebSocket connections only). */
  async execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]> {
    await this.ensureAlarm();
    const replies: Reply[] = [];
    for (const argv of cmds) {
      const out = dispatch(argv, this.dispatchEnv(conn));
      this.stats.commands++;
      replies.push(out.reply.t === "block" ? await this.block(argv, conn, out.reply) : out.reply);
    }
    await this.flushBus();
    return replies;
  }

  /**
   * MULTI/EXEC: runs every command in one SQLite transaction, nothing else interleaving. A command
   * that fails does not roll back the others (Redis semantics). Returns the EXEC reply: the array
   * of replies, or a null array if a watched key changed.
   */
  async transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply> {
    await this.ensureAlarm();
    const now = Date.now();
    if (watch && this.watched.changedSince(watch, now)) return NULL_ARRAY;
    // Queueing-time checks (unknown command, arity, slot) abort the whole transaction.
    for (const argv of cmds) {
      const p = prepare(argv, conn, this.gate);
      if ("error" in p) {
        // A slot that moved is the router's to follow; anything else aborts as Redis does.
        if (p.error.t === "error" && /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /.test(p.error.v)) return p.error;
        return error(`EXECABORT Transaction discarded because of previous errors.`);
      }
    }
    const env = this.dispatchEnv({ ...conn, canBlock: false });
    const replies = this.ctx.storage.transactionSync(() =>
      cmds.map((argv) => {
        const out = dispatch(argv, env);
        this.stats.commands++;
        return out.reply.t === "block" ? out.reply.timeoutReply : out.reply;
      }),
    );
    return arr(replies);
  }

  /** WATCH: records what EXEC will compare against. */
  async watch(keys: BStr[]): Promise<WatchToken> {
    this.db.now = Date.now();
    const seen: Record<BStr, number | null> = {};
    for (const k of keys) {
      const m = this.db.meta(k);
      seen[k] = m ? m.expiresAt : -1;
    }
    return this.watched.token(seen);
  }

  /** A cluster bus message from another node; the PONG for the sender rides back as the result. */
  async bus(msg: unknown): Promise<BusMessage | null> {
    this.stats.busCallsReceived++;
    await this.ensureAlarm();
    const pong = await this.cluster.receive(msg);
    await this.scheduleAlarm();
    return pong;
  }

  /** The cron: clusterCron (gossip, failure detection) and active expiry. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    this.alarmChecked = true;
    this.stats.cronRuns++;
    this.db.now = Date.now();
    this.stats.expiredKeys += this.ctx.storage.transactionSync(() => this.db.activeExpire(ACTIVE_EXPIRE_BUDGET));
    this.cluster.nextDeadlineMs = null;
    await this.cluster.tick();
    await this.scheduleAlarm();
  }

  // ---- ServerApi (INFO, CONFIG, ...) -----------------------------------------------------------

  info(sections: string[]): string {
    return renderInfo(this, sections, Date.now());
  }

  /** CLUSTER ...: state changes persist inside the command; its bus messages go after the reply is decided. */
  clusterCommand(argv: BStr[]): Reply {
    const { reply, pending } = this.cluster.command(argv);
    if (pending.send.length > 0) this.pendingBus.push(pending);
    return reply;
  }

  saveConfig(): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('config', ?)", JSON.stringify(this.config.snapshot()));
  }

  get blockedClients(): number {
    return this.blocked.count;
  }

  // ---- internals -----------------------------------------------------------------------------

  private dispatchEnv(conn: ConnState): DispatchEnv {
    const now = Date.now();
    this.db.now = now;
    return {
      db: this.db,
      sql: this.ctx.storage,
      now,
      rand: Math.random,
      conn,
      gate: this.gate,
      server: this,
    };
  }

  /** Waits for a key of a blocked command to change, re-running it, until it replies or times out. */
  private async block(argv: BStr[], conn: ConnState, req: BlockRequest): Promise<Reply> {
    if (!conn.canBlock) return req.timeoutReply;
    const deadline = req.timeoutMs > 0 ? Date.now() + req.timeoutMs : Infinity;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return req.timeoutReply;
      // Timers hold at most 2^31-1 ms: longer waits go in slices.
      const woken = await this.blocked.wait(req.keys, Number.isFinite(remaining) ? Math.min(remaining, MAX_TIMER_MS) : 0);
      if (!woken) continue;
      const p = prepare(argv, conn, this.gate);
      if ("error" in p) return p.error;
      const out = run(p.def, argv, this.dispatchEnv(conn));
      if (out.reply.t !== "block") return out.reply;
    }
  }

  /** Self-healing cron: any call re-arms the alarm if it is missing (first call of this instance). */
  private async ensureAlarm(): Promise<void> {
    if (this.alarmChecked) return;
    this.alarmChecked = true;
    this.alarmAt = await this.ctx.storage.getAlarm();
    await this.scheduleAlarm();
  }

  /**
   * Arms the alarm for the next cron period or the cluster core's earliest deadline (a PONG
   * becoming overdue, a handshake timing out), whichever comes first, unless it is already
   * armed at least that early. Deadlines fire on time instead of on the next tick.
   */
  private async scheduleAlarm(): Promise<void> {
    const now = Date.now();
    let at = now + this.config.get("cluster-cron-ms");
    if (this.cluster.nextDeadlineMs !== null) at = Math.min(at, Math.max(now + 1, this.cluster.nextDeadlineMs));
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /** Delivers bus messages queued by CLUSTER commands (MEET, ...), then re-arms for new deadlines. */
  private async flushBus(): Promise<void> {
    if (this.pendingBus.length === 0) return;
    const pending = this.pendingBus;
    this.pendingBus = [];
    for (const out of pending) await this.cluster.send(out.send);
    await this.scheduleAlarm();
  }

  private loadOrCreate(k: string, make: () => string): string {
    const sql = this.ctx.storage.sql;
    const row = sql.exec("SELECT v FROM meta WHERE k = ?", k).toArray()[0];
    if (row) return row.v as string;
    const v = make();
    sql.exec("INSERT INTO meta (k, v) VALUES (?, ?)", k, v);
    return v;
  }
}
