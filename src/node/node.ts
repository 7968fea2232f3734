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
 *   bus(msgs)                      cluster bus messages from one node → the PONGs for it
 *   replicate(msg)                 a replication message → the messages answering it, if any
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, int, NULL_ARRAY, OK, ReplyError, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { BlockRequest } from "../keyspace/handler";
import { Keyspace } from "../keyspace/db";
import { dispatch, prepare, run, type DispatchEnv, type SlotGate } from "./dispatch";
import { ReplicationShell } from "./replication-shell";
import { keyspaceDigest } from "./replication-store";
import { parseWait } from "./server-commands";
import { checkGoodReplicas, countAcksByOffset, roleReply, type ReplMessage } from "../replication";
import { BlockedClients } from "./blocking";
import { WatchedKeys, type WatchToken } from "./watch";
import { NodeConfig } from "./config";
import type { ServerApi } from "./server-commands";
import { renderInfo } from "./info";
import { ClusterShell } from "./cluster-shell";
import { nodeByName } from "./client";
import { nextWake, type BusMessage, type Outcome } from "../cluster";
import { Faults } from "./faults";

/** Keys deleted per cron tick by active expiry (activeExpireCycle's effort, bounded per tick). */
const ACTIVE_EXPIRE_BUDGET = 200;
/** The longest delay setTimeout accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** WAIT 0 (no timeout) over a connection that cannot block (HTTP) waits at most this long. */
const WAIT_NONBLOCKING_CAP_MS = 30_000;
/** The alarm waits at most this long for replication messages to be delivered. */
const ALARM_DRAIN_MS = 5_000;
/** How commands from my master run: as the master client (no slot gate, no READONLY check). */
const MASTER_CONN: ConnState = { resp: 2, admin: true };
const NO_GATE: SlotGate = () => null;
const READONLY = "READONLY You can't write against a read only replica.";
const WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.";

/** What nodes call on each other for replication. */
interface ReplPeer {
  replicate(msg: ReplMessage): Promise<ReplMessage[]>;
}

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
  readonly stats = { commands: 0, expiredKeys: 0, cronRuns: 0, busCallsReceived: 0, replCallsReceived: 0 };
  private readonly blocked = new BlockedClients();
  private readonly watched: WatchedKeys;
  readonly cluster: ClusterShell;
  readonly repl: ReplicationShell;
  /** When the alarm is set for (null: unknown, e.g. after a restart or while it runs). */
  private alarmAt: number | null = null;
  private alarmChecked = false;
  /** DEBUG HALT / SLEEP / REPL-PAUSE. */
  private readonly faults = new Faults();
  /** Bus messages produced by CLUSTER commands, delivered once their reply is decided. */
  private pendingBus: Outcome[] = [];
  /** Cluster routing: serve here, or MOVED/ASK/TRYAGAIN/CLUSTERDOWN (a field, so tests can swap it). */
  private gate: SlotGate = (slot, def, keys, conn) => this.cluster.gate(slot, def, keys, conn) ?? this.replicationGate(def.flags.includes("write"));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    this.nodeId = this.loadOrCreate("node_id", () => randomHex(20));
    const persisted = JSON.parse(this.loadOrCreate("config", () => "{}")) as Record<string, number>;
    this.config = new NodeConfig(env, persisted);
    this.db = new Keyspace(sql);
    const name = ctx.id.name ?? this.loadOrCreate("name", () => this.nodeId);
    this.cluster = new ClusterShell(sql, this.db, this.config, (to, msgs) => nodeByName(env, to).bus(msgs), {
      id: this.nodeId, name,
    });
    this.repl = new ReplicationShell(
      ctx.storage, this.db, this.config, (to, msg) => (nodeByName(env, to) as unknown as ReplPeer).replicate(msg), name,
      {
        applyCommands: (commands) => this.applyFromMaster(commands),
        offsetChanged: (offset) => this.cluster.replicationProgress(offset, this.masterLastIo()),
      },
    );
    this.cluster.onSetMaster = (master) => this.repl.setMaster(master);
    this.cluster.replicationProgress(this.repl.state.master_repl_offset, this.masterLastIo());
    // The cluster configuration decides whom I follow; repair a disagreement left by an older version.
    const master = this.cluster.master();
    if ((master?.name ?? null) !== (this.repl.state.link?.name ?? null)) this.repl.setMaster(master);
    this.watched = new WatchedKeys(randomHex(8));
    this.db.onModified = (key) => {
      this.watched.touched(key);
      this.blocked.touched(key);
    };
  }

  // ---- RPC entry points ----------------------------------------------------------------------

  /** Runs independent commands in order; blocking commands may wait (WebSocket connections only). */
  async execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]> {
    await this.faults.admitClient();
    await this.ensureAlarm();
    await this.cluster.catchUp();
    const replies: Reply[] = [];
    for (const argv of cmds) {
      if (argv.length === 3 && argv[0]!.toLowerCase() === "wait") {
        this.stats.commands++;
        replies.push(await this.waitCommand(argv, conn));
        continue;
      }
      await this.cluster.writesResumed([argv]);
      const out = dispatch(argv, this.dispatchEnv(conn));
      this.stats.commands++;
      // Synchronously after the command: its writes, the backlog rows and the state commit together.
      this.repl.feed(out.effects);
      replies.push(out.reply.t === "block" ? await this.block(argv, conn, out.reply) : out.reply);
    }
    await this.flushBus();
    if (this.repl.nextDeadlineMs !== null) await this.scheduleAlarm();
    return replies;
  }

  /**
   * MULTI/EXEC: runs every command in one SQLite transaction, nothing else interleaving. A command
   * that fails does not roll back the others (Redis semantics). Returns the EXEC reply: the array
   * of replies, or a null array if a watched key changed.
   */
  async transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply> {
    await this.faults.admitClient();
    await this.ensureAlarm();
    await this.cluster.catchUp();
    await this.cluster.writesResumed(cmds);
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
    const replies = this.ctx.storage.transactionSync(() => {
      const effects: BStr[][] = [];
      const replies = cmds.map((argv) => {
        const out = dispatch(argv, env);
        this.stats.commands++;
        effects.push(...out.effects);
        return out.reply.t === "block" ? out.reply.timeoutReply : out.reply;
      });
      // The whole transaction enters the stream at once.
      this.repl.feed(effects);
      return replies;
    });
    return arr(replies);
  }

  /** WATCH: records what EXEC will compare against. */
  async watch(keys: BStr[]): Promise<WatchToken> {
    await this.faults.admitClient();
    this.db.now = Date.now();
    const seen: Record<BStr, number | null> = {};
    for (const k of keys) {
      const m = this.db.meta(k);
      seen[k] = m ? m.expiresAt : -1;
    }
    return this.watched.token(seen);
  }

  /** Cluster bus messages from another node; the PONGs for the sender ride back as the result. */
  async bus(msgs: unknown): Promise<BusMessage[]> {
    if (this.faults.dropsBus(Date.now())) return [];
    this.stats.busCallsReceived++;
    await this.ensureAlarm();
    // A malformed call is a malformed message: the core drops and counts it.
    const pongs = this.cluster.receive(Array.isArray(msgs) ? msgs : [msgs]);
    await this.scheduleAlarm();
    return pongs;
  }

  /** A replication message from another node; what answers it for the sender rides back. */
  async replicate(msg: unknown): Promise<ReplMessage[]> {
    // DEBUG REPL-PAUSE / HALT / SLEEP: the message is lost on the way, as in a partition.
    if (this.faults.dropsReplication(Date.now())) return [];
    this.stats.replCallsReceived++;
    await this.ensureAlarm();
    this.db.now = Date.now();
    const replies = this.repl.receive(msg);
    await this.scheduleAlarm();
    return replies;
  }

  /** The cron: clusterCron (gossip, failure detection) and active expiry. */
  override async alarm(): Promise<void> {
    const stoppedUntil = this.faults.stoppedUntil(Date.now());
    if (stoppedUntil !== 0) {
      // A halted node does nothing, its cron included; it resumes where it stopped.
      this.alarmAt = stoppedUntil;
      await this.ctx.storage.setAlarm(stoppedUntil);
      return;
    }
    this.alarmAt = null;
    this.alarmChecked = true;
    this.stats.cronRuns++;
    this.db.now = Date.now();
    // Keys that expired reach replicas as DEL, in the same transaction as the deletions.
    this.stats.expiredKeys += this.ctx.storage.transactionSync(() => {
      const expired: BStr[][] = [];
      this.db.onExpired = (key) => expired.push(["DEL", key]);
      try {
        const n = this.db.activeExpire(ACTIVE_EXPIRE_BUDGET);
        this.repl.feed(expired);
        return n;
      } finally {
        this.db.onExpired = null;
      }
    });
    this.cluster.nextDeadlineMs = null;
    this.cluster.replicationProgress(this.repl.state.master_repl_offset, this.masterLastIo());
    await this.cluster.tick();
    this.repl.nextDeadlineMs = null;
    this.repl.tick();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.repl.drain(), new Promise((r) => (timer = setTimeout(r, ALARM_DRAIN_MS)))]);
    clearTimeout(timer);
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

  role(): Reply {
    return roleReply(this.repl.state);
  }

  waitNow(_numReplicas: number): Reply {
    const st = this.repl.state;
    if (st.link) return error(WAIT_ON_REPLICA);
    return int(countAcksByOffset(st, st.master_repl_offset));
  }

  /**
   * DEBUG, only where DEBUG_COMMANDS=true (tests, benchmarks, demos):
   *   DIGEST                 a digest of the whole dataset (equal datasets, equal digests)
   *   SLEEP <seconds>        stop for that long; client calls wait (admin token only)
   *   HALT <seconds>         stop for that long; everything sent to the node is lost (admin token only)
   *   REPL-PAUSE <ms>        lose incoming replication messages for <ms> (a network partition)
   *   REPL-LAG-RESET         forget the replication lag samples (INFO stats repl_lag_ms_*)
   */
  debug(argv: BStr[], conn: ConnState): Reply {
    if (this.env.DEBUG_COMMANDS !== "true") {
      return error("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.");
    }
    const sub = argv[1]!.toLowerCase();
    if (sub === "digest" && argv.length === 2) return bulk(keyspaceDigest(this.db));
    const fault = this.faults.command(argv, conn, Date.now());
    if (fault) return fault;
    if (sub === "repl-lag-reset" && argv.length === 2) {
      this.repl.traffic.lagMs.length = 0;
      return OK;
    }
    return error(`ERR unknown subcommand '${argv[1]}'. Try DEBUG HELP.`);
  }

  /** After CONFIG SET: persist, and run the cron now so new timeouts and periods apply at once. */
  saveConfig(): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('config', ?)", JSON.stringify(this.config.snapshot()));
    this.alarmAt = Date.now();
    void this.ctx.storage.setAlarm(this.alarmAt);
  }

  get blockedClients(): number {
    return this.blocked.count;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** When the replication link last heard from my master, or went down (the failover's data age). */
  private masterLastIo(): number {
    const link = this.repl.state.link;
    if (!link) return 0;
    return link.state === "connected" ? link.lastIo : link.downSince;
  }

  /** After the cluster gate: a replica refuses writes (READONLY), a master without good replicas may (NOREPLICAS). */
  private replicationGate(write: boolean): Reply | null {
    if (!write) return null;
    if (this.repl.isReplica) return error(READONLY);
    return checkGoodReplicas(this.repl.state, Date.now(), this.repl.replConfig());
  }

  /**
   * Runs the commands of an `apply` effect as the master client (inside the shell's transaction).
   * Its clock reads 0: to the master client no key has expired (Redis's expireIfNeeded on a
   * replica), so a DEL of a key that already timed out here still deletes it, and a PEXPIREAT in
   * the past sets the time instead of deleting. Replicated commands carry absolute times.
   */
  private applyFromMaster(commands: BStr[][]): void {
    const env = { ...this.dispatchEnv(MASTER_CONN), gate: NO_GATE, now: 0 };
    for (const argv of commands) {
      const p = prepare(argv, MASTER_CONN, NO_GATE);
      if ("error" in p) continue;
      run(p.def, argv, env);
    }
  }

  /** WAIT numreplicas timeout: blocks until enough replicas acknowledged the current offset. */
  private async waitCommand(argv: BStr[], conn: ConnState): Promise<Reply> {
    let args;
    try {
      args = parseWait(argv);
    } catch (e) {
      if (e instanceof ReplyError) return e.reply;
      throw e;
    }
    if (this.repl.isReplica) return error(WAIT_ON_REPLICA);
    const timeout = args.timeoutMs === 0 && !conn.canBlock ? WAIT_NONBLOCKING_CAP_MS : args.timeoutMs;
    return int(await this.repl.waitForAcks(args.numReplicas, timeout));
  }

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
      this.repl.feed(out.effects);
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
   * Arms the alarm at the earliest deadline of the cluster core (a PONG falling due, a handshake
   * retry; every cron interval while the cluster is not settled), the replication core (ACKs,
   * pings, timeouts) and active expiry (at most once per cron interval), unless it is already
   * armed at least that early. An idle node in a healthy cluster thus wakes only when the
   * protocol needs it (alarms are billed); with nothing pending it ticks every cron interval.
   */
  private async scheduleAlarm(): Promise<void> {
    const now = Date.now();
    const cronMs = this.config.get("cluster-cron-ms");
    const expiry = this.db.nextExpiry();
    const deadlines = [this.cluster.nextDeadlineMs, this.repl.nextDeadlineMs, expiry === null ? null : Math.max(expiry, now + cronMs)]
      .filter((d): d is number => d !== null);
    const at = nextWake(deadlines.length > 0 ? Math.min(...deadlines) : undefined, now, cronMs, this.alarmAt ?? Infinity);
    if (at === null) return;
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
