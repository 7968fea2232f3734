/**
 * NodeRuntime: one Redis Cluster node, with no Cloudflare import. It owns the keyspace, the
 * dispatcher, the cluster and replication shells and all the wiring between them, and touches the
 * world only through its ports (clock, SQL storage, transport, deadline). The Durable Object
 * (node.ts) binds the ports to `ctx.storage`, the alarm and DO stubs; the simulator binds them to
 * better-sqlite3, a fake clock and a fake network, so both run this same code.
 *
 * Entry points (each one call of the adapter):
 *   execute(cmds, conn)            a pipeline of independent commands → replies in order
 *   transaction(cmds, conn, watch) MULTI/EXEC: all commands atomically → the EXEC reply
 *   watch(keys)                    WATCH: a token that `transaction` checks
 *   coordinate(req, conn)          commands whose keys live on several nodes, atomically (txn-shell.ts)
 *   peer(msg)                      a cross-node transaction's or a MIGRATE's message from another node
 *   bus(msgs)                      cluster bus messages from one node → the PONGs for it
 *   replicate(msg)                 a replication message → the messages answering it, if any
 *   alarm()                        the cron: active expiry, clusterCron, replicationCron
 * Every entry point re-arms a missing wake-up, so a node can never fall silent for good.
 */
import type { Env } from "../env";
import type { BStr } from "../resp/bytes";
import { arr, error, NULL_ARRAY, replySize, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { BlockRequest } from "../keyspace/handler";
import { Keyspace } from "../keyspace/db";
import { activeExpireFields } from "../keyspace/hash-active-expire";
import { dispatch, prepare, run, type DispatchEnv, type SlotGate } from "./dispatch";
import { ReplicationShell } from "./replication-shell";
import { checkGoodReplicas, type ReplMessage } from "../replication";
import { BlockedClients } from "./blocking";
import { WatchedKeys, type WatchToken } from "./watch";
import { NodeConfig } from "./config";
import { ClusterShell } from "./cluster-shell";
import { isRoutingRefusal, type BusMessage, type Outcome } from "../cluster";
import { WakeUp } from "./wake";
import { Faults } from "./faults";
import { NodeServices } from "./services";
import { nodeInvariantProblem } from "./invariants";
import type { NodeStats } from "./info";
import { randomHex, type RuntimePorts } from "./ports";
import { LOCKED_ERROR, type TxnShell } from "./txn-shell";
import { runUnchecked } from "./key-images";
import { parsePeerRequest, type PeerReply } from "../txn/messages";
import { CrossNode } from "./cross-node";
import { clusterRunLength, migrateRunLength } from "./command-runs";
import { coalesceSends } from "./bus-outbox";
import type { CoordinateRequest } from "../node-rpc";
import { commandKeys } from "../commands/registry";
import { PubSubOutbox } from "../pubsub/outbox";
import { KeyspaceNotifier } from "../pubsub/notifier";
import { TrackingTable } from "../tracking/table";
import { Scripting } from "../scripting/scripting";
import { NodeObserver } from "./stats/observer";
import { EventLog } from "../events/event-log";
import { ClusterWatch } from "../events/cluster-watch";
import { PlacementRecord } from "./placement";
import type { MeterReading } from "./do-meter";

/** Keys deleted per cron tick by active expiry (activeExpireCycle's effort, bounded per tick). */
const ACTIVE_EXPIRE_BUDGET = 200;
/**
 * Reply bytes one `execute` returns before it stops (the rest of the batch is sent again): with
 * one reply of at most NODE_REPLY_MAX_BYTES (24 MiB) past it, a result stays under the 32 MiB RPC limit.
 */
export const EXECUTE_REPLY_BUDGET = 4 * 1024 * 1024;
/** The cron waits at most this long for replication messages to be delivered. */
const CRON_DRAIN_MS = 5_000;
/** How commands from my master run: as the master client (no slot gate, no READONLY check). */
const MASTER_CONN: ConnState = { resp: 2, admin: true };
const NO_GATE: SlotGate = () => null;
const READONLY = "READONLY You can't write against a read only replica.";

export interface RuntimeOptions {
  /** The node's name (its Durable Object name); null: a name is made and kept. */
  name: string | null;
  /** The Worker's [vars]: config defaults and DEBUG_COMMANDS. */
  vars: Partial<Env>;
}

export class NodeRuntime {
  readonly nodeId: string;
  readonly name: string;
  readonly config: NodeConfig;
  readonly startedAt: number;
  readonly db: Keyspace;
  readonly stats: NodeStats = {
    commands: 0, expiredKeys: 0, cronRuns: 0, busCallsReceived: 0, replCallsReceived: 0, backgroundErrors: 0, lastBackgroundError: "",
  };
  /** Where the node's object was placed (a location hint), if an operator gave one. */
  readonly placement: PlacementRecord;
  readonly cluster: ClusterShell;
  readonly repl: ReplicationShell;
  readonly faults: Faults;
  /** Lua scripts and function libraries (src/scripting/). */
  readonly scripting: Scripting;
  private readonly blocked: BlockedClients;
  private readonly watched: WatchedKeys;
  private readonly services: NodeServices;
  /** Cross-node transactions, MIGRATE, atomic slot migration: what travels over the peer transport. */
  readonly crossNode: CrossNode;
  private readonly wake: WakeUp;
  /** Pub/Sub: PUBLISH/SPUBLISH/PUBSUB and keyspace notifications, sent to the hubs after each call. */
  readonly pubsub: PubSubOutbox;
  private readonly notifier: KeyspaceNotifier;
  /** CLIENT TRACKING: which connections read which keys; invalidations go out through the outbox. */
  readonly tracking: TrackingTable;
  /** Bus messages produced by CLUSTER commands, delivered once their reply is decided. */
  private pendingBus: Outcome[] = [];
  /** commandstats, errorstats, keyspace hits/misses, SLOWLOG, LATENCY (stats/). */
  readonly observer: NodeObserver;
  /** Cluster events (failures, elections, epochs, slot moves, resyncs): CLUSTER EVENTS, the log (events/). */
  readonly events: EventLog;
  private readonly clusterWatch: ClusterWatch;

  constructor(private readonly ports: RuntimePorts, opts: RuntimeOptions) {
    const { sql, clock, transport } = ports;
    this.startedAt = clock.now();
    sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    this.nodeId = this.loadOrCreate("node_id", () => randomHex(clock, 20));
    this.placement = new PlacementRecord(sql);
    this.name = opts.name ?? this.loadOrCreate("name", () => this.nodeId);
    const persisted = JSON.parse(this.loadOrCreate("config", () => "{}")) as Record<string, number | string>;
    this.config = new NodeConfig(opts.vars, persisted);
    // Replicas never expire keys themselves: they wait for the master's DEL (Redis's rule).
    this.db = new Keyspace(sql, () => !this.repl.isReplica);
    this.faults = new Faults(clock);
    this.observer = new NodeObserver(clock, this.config, this.db);
    this.scripting = new Scripting(() => ports.lua?.() ?? null, sql);
    this.blocked = new BlockedClients(clock);
    this.watched = new WatchedKeys(randomHex(clock, 8));
    const failed = (what: string, e: unknown): void => this.recordFailure(what, e);
    this.cluster = new ClusterShell(sql, this.db, this.config, clock, (to, msgs) => transport.bus(to, msgs), {
      setMaster: (master) => this.repl.setMaster(master),
      deleted: (keys) => this.repl.feed(keys.map((k) => ["DEL", k])),
      failed,
      settled: (out, cause, batched) => this.clusterWatch?.settled(out, cause, batched),
      batchSettled: () => this.clusterWatch?.batchSettled(),
    }, { id: this.nodeId, name: this.name });
    this.events = new EventLog(sql, clock, {
      name: this.name, nodeId: this.nodeId,
      epochs: () => ({ epoch: this.cluster.state.currentEpoch, configEpoch: this.cluster.state.myself.configEpoch }),
    }, ports.events ?? null);
    this.clusterWatch = new ClusterWatch(this.cluster.state, this.events);
    this.repl = new ReplicationShell(sql, this.db, this.config, clock, (to, msg) => transport.replicate(to, msg), this.name, {
      applyCommands: (commands) => this.applyFromMaster(commands),
      offsetChanged: () => this.reportReplication(),
      failed,
      resynced: (kind, fields) => this.events.record([{ event: kind === "full" ? "full-resync" : "partial-resync", fields }]),
      functions: {
        codes: () => (this.scripting.available ? this.scripting.functions.libraries().map((l) => l.code) : []),
        replace: (codes) => {
          if (this.scripting.available) this.scripting.replaceFunctions(codes);
        },
      },
    });
    this.reportReplication();
    // The cluster configuration decides whom I follow; repair a disagreement left by an older version.
    const master = this.cluster.master();
    if ((master?.name ?? null) !== (this.repl.state.link?.name ?? null)) this.repl.setMaster(master);
    // Pub/Sub (src/pubsub/): replicas publish no keyspace events (their master does).
    this.pubsub = new PubSubOutbox(ports.pubsub ?? null);
    this.notifier = new KeyspaceNotifier(() => (this.repl.isReplica ? 0 : this.config.get("notify-keyspace-events")), (k) => this.db.exists(k), this.pubsub);
    this.tracking = new TrackingTable(this.pubsub, sql);
    this.db.onModified = (key) => {
      this.watched.touched(key);
      this.blocked.touched(key);
      this.notifier.touched(key);
      this.tracking.touched(key);
    };
    this.db.onCreated = (key) => this.notifier.created(key);
    this.wake = new WakeUp(ports.deadline, clock, () => {
      const cronMs = this.config.get("cluster-cron-ms");
      const expiry = this.db.nextExpiry();
      return {
        cronMs,
        deadlines: [this.cluster.nextDeadline(), this.repl.nextDeadline(), this.crossNode.nextDeadline(), expiry === null ? null : Math.max(expiry, clock.now() + cronMs)],
      };
    });
    this.crossNode = new CrossNode({
      name: this.name, nodeId: this.nodeId, db: this.db, cluster: this.cluster, repl: this.repl,
      gate: (...a) => this.gate(...a), env: (conn) => ({ ...this.dispatchEnv(conn), gate: NO_GATE }),
      watchChanged: (token) => this.watched.changedSince(token, clock.now()),
      applyAsMaster: (cmds) => this.applyAsMaster(cmds), failed,
      publish: (events) => {
        for (const [channel, message] of events) this.pubsub.notify(channel, message);
        this.pubsub.flush().catch((e: unknown) => failed("keyspace events", e));
      },
    }, ports);
    this.services = new NodeServices(this, {
      debugCommands: opts.vars.DEBUG_COMMANDS === "true",
      queueBus: (out) => this.pendingBus.push(out),
      saveConfig: () => this.saveConfig(),
      slotMigrationCommand: (argv) => this.crossNode.slots.command(argv),
      restart: ports.restart,
    }, clock);
  }

  /** Cross-node transactions (INFO, tests). */
  get txns(): TxnShell {
    return this.crossNode.txns;
  }

  /** Billed invocations and SQLite rows (the Durable Object adapter's meter; none in the simulator). */
  get meter(): MeterReading | null {
    return this.ports.meter ?? null;
  }

  get storedBytes(): number {
    return this.ports.sql.databaseSize?.() ?? 0;
  }

  get blockedClients(): number {
    return this.blocked.count;
  }

  // ---- entry points --------------------------------------------------------------------------

  /**
   * Runs independent commands in order; blocking commands may wait (WebSocket connections only).
   * Stops early, with fewer replies than commands, once the replies reach EXECUTE_REPLY_BUDGET;
   * the commands not run are the caller's to send again.
   */
  async execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]> {
    await this.faults.admitClient();
    await this.wake.ensure();
    await this.cluster.catchUp();
    const clusterDeadline = this.cluster.nextDeadline();
    const replies: Reply[] = [];
    let replyBytes = 0;
    for (let i = 0; i < cmds.length; i++) {
      const argv = cmds[i]!;
      if (argv.length === 3 && argv[0]!.toLowerCase() === "wait") {
        this.stats.commands++;
        replies.push(await this.services.waitCommand(argv, conn));
        continue;
      }
      const migrates = migrateRunLength(cmds, i);
      if (migrates > 0) {
        const run = cmds.slice(i, i + migrates);
        this.stats.commands += migrates;
        await this.cluster.writesResumed(run);
        replies.push(...(await this.crossNode.migrateCommands(run, conn)));
        i += migrates - 1;
        continue;
      }
      const clusters = clusterRunLength(cmds, i);
      if (clusters > 0) {
        // A run of CLUSTER commands (a reshard's SETSLOTs) in one synchronous stretch: no keys to
        // wait for, nothing to hold, and the cluster state is persisted once (ClusterShell.batch).
        const n = this.cluster.batch(() => {
          for (let j = 0; j < clusters; j++) {
            const o = this.dispatchNow(cmds[i + j]!, conn);
            this.stats.commands++;
            replies.push(o.reply.t === "block" ? o.reply.timeoutReply : o.reply); // (no CLUSTER command blocks)
            replyBytes += o.bytes;
            if (replyBytes >= EXECUTE_REPLY_BUDGET) return j + 1;
          }
          return clusters;
        });
        if (n < clusters) break;
        i += clusters - 1;
        continue;
      }
      await this.cluster.writesResumed([argv]);
      const ran = this.crossNode.txns.whenFree(commandKeys([argv]), () => this.dispatchNow(argv, conn));
      // Awaited only when it had to wait: a free key costs no turn of the event loop.
      const out = ran instanceof Promise ? await ran : ran;
      if (out === null) {
        replies.push(error(LOCKED_ERROR));
        continue;
      }
      this.stats.commands++;
      const reply = out.reply.t === "block" ? await this.block(argv, conn, out.reply) : out.reply;
      replies.push(reply);
      // The RPC's result must stay under its size limit: past the budget, the caller sends the rest again.
      replyBytes += out.reply.t === "block" ? replySize(reply) : out.bytes;
      if (replyBytes >= EXECUTE_REPLY_BUDGET) break;
    }
    await this.flushBus();
    if (!this.pubsub.empty) await this.pubsub.flush();
    // A CLUSTER command may have brought a protocol deadline closer (MEET: its handshake PING).
    if (this.repl.nextDeadline() !== null || this.cluster.nextDeadline() !== clusterDeadline) await this.wake.schedule();
    return replies;
  }

  /**
   * MULTI/EXEC: runs every command in one SQLite transaction, nothing else interleaving. A command
   * that fails does not roll back the others (Redis semantics). Returns the EXEC reply: the array
   * of replies, or a null array if a watched key changed.
   */
  async transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply> {
    await this.faults.admitClient();
    await this.wake.ensure();
    await this.cluster.catchUp();
    await this.cluster.writesResumed(cmds);
    const reply = (await this.crossNode.txns.whenFree(commandKeys(cmds), () => this.runTransaction(cmds, conn, watch))) ?? error(LOCKED_ERROR);
    if (!this.pubsub.empty) await this.pubsub.flush();
    return reply;
  }

  /** EXEC's work, synchronously (no other command interleaves). */
  private runTransaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Reply {
    if (watch && this.watched.changedSince(watch, this.ports.clock.now())) return NULL_ARRAY;
    // Queueing-time checks (unknown command, arity, slot) abort the whole transaction.
    for (const argv of cmds) {
      const p = prepare(argv, conn, this.gate);
      if ("error" in p) {
        // A slot that moved is the router's to follow; anything else aborts as Redis does.
        if (isRoutingRefusal(p.error)) return p.error;
        return error(`EXECABORT Transaction discarded because of previous errors.`);
      }
    }
    const env = this.dispatchEnv({ ...conn, canBlock: false });
    const replies = this.ports.sql.transactionSync(() => {
      const effects: BStr[][] = [];
      const replies = cmds.map((argv) => {
        this.tracking.begin(conn, argv);
        const out = dispatch(argv, env);
        this.tracking.end(conn, argv, out.reply.t === "block" ? out.reply.timeoutReply : out.reply);
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
    this.db.now = this.ports.clock.now();
    const seen: Record<BStr, number | null> = {};
    for (const k of keys) {
      const m = this.db.meta(k);
      seen[k] = m ? m.expiresAt : -1;
    }
    return this.watched.token(seen);
  }

  /** Commands whose keys live on several nodes, run atomically with this node coordinating. */
  async coordinate(req: CoordinateRequest, conn: ConnState): Promise<Reply> {
    await this.faults.admitClient();
    await this.wake.ensure();
    await this.cluster.catchUp();
    const reply = await this.crossNode.txns.coordinate(req, conn);
    if (!this.pubsub.empty) await this.pubsub.flush();
    this.stats.commands += req.cmds.length;
    await this.wake.schedule();
    return reply;
  }

  /** A message of a cross-node transaction, a MIGRATE or a slot migration from another node. */
  async peer(msg: unknown): Promise<PeerReply> {
    // DEBUG HALT: refused rather than thrown (a rejected RPC would surface as the caller's unhandled error in tests).
    if (this.faults.dropsBus(this.ports.clock.now())) return { type: "refused", reply: error("TRYAGAIN node unreachable (DEBUG fault)") };
    await this.wake.ensure();
    this.db.now = this.ports.clock.now();
    const req = parsePeerRequest(msg);
    const reply = !req ? null
      : await this.crossNode.handle(req);
    await this.wake.schedule();
    return reply ?? { type: "refused" as const, reply: error("ERR malformed peer message") };
  }

  /** Cluster bus messages from another node; the PONGs for the sender ride back as the result. */
  async bus(msgs: unknown): Promise<BusMessage[]> {
    if (this.faults.dropsBus(this.ports.clock.now())) return [];
    this.stats.busCallsReceived++;
    await this.wake.ensure();
    // A malformed call is a malformed message: the core drops and counts it.
    const pongs = this.cluster.receive(Array.isArray(msgs) ? msgs : [msgs]);
    await this.wake.schedule();
    return pongs;
  }

  /** A replication message from another node; what answers it for the sender rides back. */
  async replicate(msg: unknown): Promise<ReplMessage[]> {
    // DEBUG REPL-PAUSE / HALT / SLEEP: the message is lost on the way, as in a partition.
    if (this.faults.dropsReplication(this.ports.clock.now())) return [];
    this.stats.replCallsReceived++;
    await this.wake.ensure();
    this.db.now = this.ports.clock.now();
    const replies = this.repl.receive(msg);
    await this.wake.schedule();
    return replies;
  }

  /** The cron (the Durable Object's alarm): active expiry, clusterCron, replicationCron. */
  async alarm(): Promise<void> {
    const { clock, sql } = this.ports;
    const stoppedUntil = this.faults.stoppedUntil(clock.now());
    if (stoppedUntil !== 0) {
      // A halted node does nothing, its cron included; it resumes where it stopped.
      await this.wake.set(stoppedUntil);
      return;
    }
    this.wake.fired();
    this.stats.cronRuns++;
    this.observer.tick();
    this.db.now = clock.now();
    // Keys that expired reach replicas as DEL, hash fields as HDEL, in the same transaction as the deletions.
    this.stats.expiredKeys += sql.transactionSync(() => {
      const n = this.db.activeExpire(ACTIVE_EXPIRE_BUDGET);
      const fields = activeExpireFields(this.db, ACTIVE_EXPIRE_BUDGET);
      const gone = this.db.takeExpired();
      this.notifier.expired(gone);
      this.repl.feed([...gone.map((k) => ["DEL", k]), ...fields]);
      return n;
    });
    if (!this.pubsub.empty) await this.pubsub.flush();
    this.reportReplication();
    await this.cluster.tick();
    this.repl.tick();
    this.crossNode.tick();
    await this.repl.drainFor(CRON_DRAIN_MS);
    const broken = nodeInvariantProblem(this.cluster.state, this.repl.state, this.repl.backlog);
    if (broken) this.recordFailure("invariant", new Error(broken));
    await this.wake.schedule();
  }

  // ---- wiring --------------------------------------------------------------------------------

  /**
   * Cluster routing, then replication: serve here, or MOVED/ASK/TRYAGAIN/CLUSTERDOWN, READONLY,
   * NOREPLICAS. A field, not a method, so a test can make a node redirect like a stale owner.
   */
  private gate: SlotGate = (slot, def, keys, conn) =>
    this.cluster.gate(slot, def, keys, conn) ?? this.replicationGate(def.flags.includes("write"));

  /** A replica refuses writes (READONLY); a master without good replicas may (NOREPLICAS). */
  private replicationGate(write: boolean): Reply | null {
    if (!write) return null;
    if (this.repl.isReplica) return error(READONLY);
    return checkGoodReplicas(this.repl.state, this.ports.clock.now(), this.repl.replConfig());
  }

  /**
   * Replication progress for the cluster core: the offset it advertises (CLUSTER SLOTS/SHARDS,
   * failover rank) and when the link last heard from my master (the failover's data age).
   */
  private reportReplication(): void {
    const link = this.repl.state.link;
    const lastIo = !link ? 0 : link.state === "connected" ? link.lastIo : link.downSince;
    this.cluster.replicationProgress(this.repl.state.master_repl_offset, lastIo);
  }

  /**
   * Runs the commands of an `apply` effect as the master client (inside the shell's transaction).
   * Its clock reads 0: to the master client no key has expired (Redis's expireIfNeeded on a
   * replica), so a DEL of a key that already timed out here still deletes it, and a PEXPIREAT in
   * the past sets the time instead of deleting. Replicated commands carry absolute times.
   */
  private applyFromMaster(commands: BStr[][]): void {
    // No slot check: the master ran them (a command over several slots of one node included).
    const env = { ...this.dispatchEnv(MASTER_CONN), gate: NO_GATE, now: 0 };
    for (const argv of commands) runUnchecked(env, argv);
  }

  /** A slot import's stream (slot-migration.ts): as the master client, no slot gate, replicated on. */
  private applyAsMaster(commands: BStr[][]): void {
    const env = { ...this.dispatchEnv(MASTER_CONN), gate: NO_GATE };
    this.ports.sql.transactionSync(() => {
      for (const argv of commands) this.repl.feed(runUnchecked(env, argv).effects);
    });
  }

  private dispatchEnv(conn: ConnState): DispatchEnv {
    const now = this.ports.clock.now();
    return {
      db: this.db, sql: this.ports.sql, now, rand: () => this.ports.clock.random(), conn, gate: this.gate, server: this.services,
      pubsub: this.pubsub, notify: this.notifier.on ? this.notifier : undefined, observer: this.observer,
      lockedKey: (k) => (this.crossNode.txns.locks.blocks([k]) ? LOCKED_ERROR : null),
    };
  }

  /** One command, now (its keys are free): tracked, run, and its writes fed to replicas in the same transaction. */
  private dispatchNow(argv: BStr[], conn: ConnState): ReturnType<typeof dispatch> {
    this.tracking.begin(conn, argv);
    const o = dispatch(argv, this.dispatchEnv(conn));
    this.tracking.end(conn, argv, o.reply.t === "block" ? o.reply.timeoutReply : o.reply);
    this.repl.feed(o.effects);
    return o;
  }

  /** A blocked command: woken when one of its keys changes, run again (once its keys are free), until it replies or times out. */
  private block(argv: BStr[], conn: ConnState, req: BlockRequest): Promise<Reply> {
    if (!conn.canBlock) return Promise.resolve(req.timeoutReply);
    return this.blocked.serve(req, async () => (await this.crossNode.txns.whenFree(req.keys, () => {
      const again = req.argv ?? argv;
      const p = prepare(again, conn, this.gate);
      if ("error" in p) return p.error;
      const o = run(p.def, again, this.dispatchEnv(conn));
      this.repl.feed(o.effects);
      return o.reply;
    })) ?? null);
  }

  /** After CONFIG SET: persist, and run the cron now so new timeouts and periods apply at once. */
  private saveConfig(): void {
    this.ports.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('config', ?)", JSON.stringify(this.config.snapshot()));
    this.background("arming the cron", this.wake.set(this.ports.clock.now()));
  }

  /** Delivers bus messages queued by CLUSTER commands (MEET, ...), then re-arms for new deadlines. */
  private async flushBus(): Promise<void> {
    if (this.pendingBus.length === 0) return;
    const pending = this.pendingBus;
    this.pendingBus = [];
    await this.cluster.send(coalesceSends(pending.flatMap((out) => out.send)));
    await this.wake.schedule();
  }

  /** Work nobody awaits: its failure is recorded (INFO stats), never lost. */
  private background(what: string, work: Promise<void>): void {
    work.catch((e: unknown) => this.recordFailure(what, e));
  }

  private recordFailure(what: string, e: unknown): void {
    this.stats.backgroundErrors++;
    this.stats.lastBackgroundError = `${what}: ${e instanceof Error ? e.message : String(e)}`;
  }

  private loadOrCreate(k: string, make: () => string): string {
    const sql = this.ports.sql;
    const row = sql.exec("SELECT v FROM meta WHERE k = ?", k).toArray()[0];
    if (row) return row.v as string;
    const v = make();
    sql.exec("INSERT INTO meta (k, v) VALUES (?, ?)", k, v);
    return v;
  }
}

