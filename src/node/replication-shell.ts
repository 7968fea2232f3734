/**
 * The I/O shell around the sans-I/O replication core (src/replication), for one node Durable Object.
 *
 * Like the cluster shell it carries out every Outcome in one order: (1) inside one SQLite
 * transaction, apply the effects on the dataset (commands from my master, snapshot pages) and
 * persist the state if it changed — the backlog rows were written by the core through
 * `SqlBacklog` in the same transaction; (2) deliver the messages. Delivery differs from the bus:
 * the stream must not overtake itself, so each target has a queue with one RPC in flight, and
 * what the target answers (a page for a snapshot request, an ACK for a GETACK, the reply to a
 * PSYNC) rides back as the RPC's return value and is received like any message.
 *
 * Storage (besides the core's `replication` meta row):
 *   backlog(start_offset, bytes)             the stream's last repl-backlog-size bytes
 *   repl_snapshot(replica, offset, page, data)   master: a full sync's snapshot, kept until released
 *   repl_loading(page, data)                 replica: pages received so far, swapped in at the last
 *
 * Snapshot format (the shell's own): a page is a JSON array of [key, type, payload, expiresAt]
 * entries, byte strings kept as BStr (JSON keeps code units ≤ 255 as they are), zset scores as
 * text (JSON has no infinities). Pages stay under ~512 KiB unless one key is larger.
 */
import {
  DEFAULT_MAX_BATCH_BYTES, countAcksByOffset, deliveryFailed, deserialize, createState, feed, receive, requestAcks, serialize, setMaster, snapshotPage,
  tick, type Env, type Outcome, type ReplConfig, type ReplicationState, type ReplMessage, type Send,
} from "../replication";
import type { BStr } from "../resp/bytes";
import { blob, param, type Keyspace, type KeyType } from "../keyspace/db";
import type { NodeConfig } from "./config";
import type { Clock, SqlPort } from "./ports";
import { REPLICATION_SCHEMA, SqlBacklog, entryOf, valueOf, type SnapshotEntry } from "./replication-store";
import { extendValue, splitValue } from "../keyspace/value-parts";

/** How the shell reaches another node: returns the messages the target answered with. */
export type ReplDeliver = (to: string, msg: ReplMessage) => Promise<ReplMessage[]>;

/** What the shell needs from the node. */
export interface ReplHost {
  /** Runs commands from my master: no slot gate, no READONLY check, no reply, no re-feed. */
  applyCommands(commands: BStr[][]): void;
  /** master_repl_offset moved (the cluster core advertises it). */
  offsetChanged(offset: number): void;
  /** Logs an event (tests and `wrangler tail`). */
  event?(text: string): void;
  /** A background step failed (recorded, never thrown into nowhere). */
  failed(what: string, e: unknown): void;
  /** Master: a replica's PSYNC was answered with a full or a partial resync (events/). */
  resynced?(kind: "full" | "partial", fields: { replica: string; offset: number; reason?: string; bytes?: number }): void;
  /**
   * Function libraries travel with a full sync (Redis keeps them in the RDB): their codes on the
   * master, and on the replica the set that replaces its own once the snapshot is loaded.
   */
  functions?: { codes(): BStr[]; replace(codes: BStr[]): void };
}

/** A snapshot entry that is not a key: a function library's code (its `null` key sets it apart). */
type LibraryEntry = [null, BStr];

/** A snapshot page is closed once it passes this size. */
const SNAPSHOT_PAGE_BYTES = 512 * 1024;
/**
 * Payload bytes per snapshot entry: a larger key is split in parts of this size, so a page stays
 * under SNAPSHOT_PAGE_BYTES + this (+ JSON escaping, at most 6 bytes a byte), far below a row's 2 MB.
 */
const SNAPSHOT_ENTRY_BYTES = 128 * 1024;

/** Bytes carried by replication messages, both ways (not in Redis: what a resync costs). */
export interface ReplTraffic {
  /** Stream bytes received in `continue` messages: the backlog a partial resync sent. */
  partialSyncBytesIn: number;
  /** Stream bytes received in `stream` messages. */
  streamBytesIn: number;
  /** Snapshot page bytes received. */
  snapshotBytesIn: number;
  /** Snapshot page bytes / stream bytes sent. */
  snapshotBytesOut: number;
  streamBytesOut: number;
  /** Messages sent and RPCs that failed. */
  messagesOut: number;
  deliveryFailures: number;
  /**
   * Replication lag (ms) of the last stream deliveries: from the write entering the stream to the
   * replica having applied it (its replicate RPC returned). Newest last, at most LAG_SAMPLES.
   */
  lagMs: number[];
}

const LAG_SAMPLES = 1024;

/** p-th percentile of `xs` (0 when empty). */
export function percentileOf(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export class ReplicationShell {
  readonly state: ReplicationState;
  readonly backlog: SqlBacklog;
  /** Earliest time the core wants a tick (from the outcomes since the last tick), or null. */
  private deadlineMs: number | null = null;
  readonly traffic: ReplTraffic = {
    partialSyncBytesIn: 0, streamBytesIn: 0, snapshotBytesIn: 0, snapshotBytesOut: 0, streamBytesOut: 0, messagesOut: 0, deliveryFailures: 0, lagMs: [],
  };
  /** Recent events of the core (newest last), for debugging. */
  readonly events: string[] = [];
  private readonly queues = new Map<string, { msg: ReplMessage; at: number }[]>();
  private readonly pumps = new Map<string, Promise<void>>();
  /** Called after every outcome (WAIT re-counts its ACKs). */
  private readonly listeners = new Set<() => void>();
  /** A full sync is being received into repl_loading. */
  private loading = false;

  constructor(
    private readonly sql: SqlPort,
    private readonly db: Keyspace,
    private readonly config: NodeConfig,
    private readonly clock: Clock,
    private readonly deliver: ReplDeliver,
    name: string,
    private readonly host: ReplHost,
  ) {
    sql.exec(REPLICATION_SCHEMA);
    this.backlog = new SqlBacklog(sql);
    const row = sql.exec("SELECT v FROM meta WHERE k = 'replication'").toArray()[0];
    const rand = (): number => clock.random();
    this.state = row ? deserialize(row.v as string, name, clock.now(), rand) : createState(name, clock.now(), rand);
    if (!row) this.persist();
    // A sync cut short by a restart: its pages are useless (the next full sync starts over). The
    // replica list is not persisted either, so snapshots kept for replicas are orphans now.
    sql.exec("DELETE FROM repl_loading");
    sql.exec("DELETE FROM repl_snapshot");
  }

  replConfig(): ReplConfig {
    const c = this.config;
    return {
      backlogSizeBytes: c.get("repl-backlog-size"),
      backlogTtlSec: c.get("repl-backlog-ttl"),
      pingReplicaPeriodSec: c.get("repl-ping-replica-period"),
      timeoutSec: c.get("repl-timeout"),
      minReplicasToWrite: c.get("min-replicas-to-write"),
      minReplicasMaxLagSec: c.get("min-replicas-max-lag"),
      replicaPriority: c.get("replica-priority"),
      cronMs: c.get("cluster-cron-ms"),
    };
  }

  env(now = this.clock.now()): Env {
    return { now, rand: () => this.clock.random(), config: this.replConfig(), backlog: this.backlog };
  }

  /** The earliest protocol deadline the core asked for since the last tick (null: none). */
  nextDeadline(): number | null {
    return this.deadlineMs;
  }

  /** DEBUG REPL-LAG-RESET: forget the lag samples. */
  resetLagSamples(): void {
    this.traffic.lagMs.length = 0;
  }

  get isReplica(): boolean {
    return this.state.link !== null;
  }

  // ---- entry points --------------------------------------------------------------------------

  /**
   * A message from another node. Messages for the sender ride back as the return value when
   * nothing else is queued for it (so they cannot overtake earlier ones); the rest are queued.
   */
  receive(msg: unknown): ReplMessage[] {
    this.countIn(msg);
    const out = receive(this.state, msg, this.env());
    const sends = this.settle(out);
    const from = (msg as { from?: unknown } | null)?.from;
    const replies: ReplMessage[] = [];
    if (typeof from === "string" && !this.pumps.has(from) && !(this.queues.get(from)?.length)) {
      for (const s of sends) if (s.to === from) replies.push(s.msg);
      this.countOut(replies);
      this.enqueue(sends.filter((s) => s.to !== from));
    } else {
      this.enqueue(sends);
    }
    return replies;
  }

  /** A command's (or a transaction's) replication effects. Synchronous: call it before the next await. */
  /** Waits for queued messages to be delivered, at most `maxMs`. */
  async drainFor(maxMs: number): Promise<void> {
    let cancel = (): void => {};
    const timeout = new Promise<void>((resolve) => (cancel = this.clock.setTimer(maxMs, resolve)));
    await Promise.race([this.drain(), timeout]);
    cancel();
  }

  /** Sees every command entering the stream (an atomic slot migration forwards its slots' writes). */
  onFeed: ((commands: BStr[][]) => void) | null = null;

  feed(commands: BStr[][]): void {
    if (commands.length === 0) return;
    this.onFeed?.(commands);
    this.handle(feed(this.state, commands, this.env()));
  }

  /** The cron's replication half (replicationCron). */
  tick(): void {
    this.deadlineMs = null;
    this.handle(tick(this.state, this.env()));
  }

  /** Follow `master` (cluster set-master effect, CLUSTER REPLICATE), or become a master (null). */
  setMaster(master: { name: string; port: number } | null): void {
    this.handle(setMaster(this.state, master, this.env()));
  }

  /**
   * WAIT numreplicas timeout: online replicas that acknowledged the current offset, waiting up to
   * `timeoutMs` (0: no limit) for `wanted` of them. GETACK goes out first.
   */
  async waitForAcks(wanted: number, timeoutMs: number): Promise<number> {
    const target = this.state.master_repl_offset;
    let n = countAcksByOffset(this.state, target);
    if (n >= wanted || timeoutMs < 0) return n;
    this.handle(requestAcks(this.state, this.env()));
    const deadline = timeoutMs === 0 ? Infinity : this.clock.now() + timeoutMs;
    for (;;) {
      n = countAcksByOffset(this.state, target);
      const left = deadline - this.clock.now();
      if (n >= wanted || left <= 0) return n;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          cancel();
          this.listeners.delete(done);
          resolve();
        };
        // Re-ask every second: a GETACK (or its answer) may be lost.
        const cancel = this.clock.setTimer(Math.min(left, 1000), () => {
          done();
          if (this.clock.now() < deadline) this.handle(requestAcks(this.state, this.env()));
        });
        this.listeners.add(done);
      });
    }
  }

  /** Resolves when every queued message has been delivered (and their answers processed). */
  async drain(): Promise<void> {
    while (this.pumps.size > 0) await Promise.all([...this.pumps.values()]);
  }

  // ---- outcome handling ----------------------------------------------------------------------

  private handle(out: Outcome): void {
    this.enqueue(this.settle(out));
  }

  /** Effects + persistence in one transaction; returns the messages to deliver. */
  private settle(out: Outcome): Send[] {
    const sends = [...out.send];
    if (out.effects.length > 0 || out.changed || this.loading) this.sql.transactionSync(() => {
      for (const e of out.effects) {
        switch (e.kind) {
          case "apply":
            this.host.applyCommands(e.commands);
            break;
          case "flush-all":
            this.sql.exec("DELETE FROM repl_loading");
            this.loading = true;
            break;
          case "load-snapshot":
            this.sql.exec("INSERT OR REPLACE INTO repl_loading (page, data) VALUES (?, ?)", e.page, param(e.data));
            this.traffic.snapshotBytesIn += e.data.length;
            break;
          case "take-snapshot":
            this.takeSnapshot(e.replica, e.offset);
            this.host.resynced?.("full", { replica: e.replica, offset: e.offset, reason: e.reason });
            break;
          case "send-snapshot-page": {
            const page = this.readPage(e.replica, e.offset, e.page);
            if (page) {
              const more = this.settle(snapshotPage(this.state, e.replica, e.offset, page, this.env()));
              sends.push(...more);
            } else {
              this.note(`snapshot page ${e.page} at ${e.offset} for ${e.replica} is gone`);
            }
            break;
          }
          case "release-snapshot":
            this.sql.exec("DELETE FROM repl_snapshot WHERE replica = ?", e.replica);
            break;
        }
      }
      if (this.loading) this.finishLoading();
      if (out.changed) this.persist();
    });
    for (const e of out.events) this.note(e);
    for (const s of out.send) {
      if (s.msg.type === "continue") this.host.resynced?.("partial", { replica: s.to, offset: s.msg.offset, bytes: this.state.master_repl_offset - s.msg.offset + 1 });
    }
    this.host.offsetChanged(this.state.master_repl_offset);
    if (out.nextDeadlineMs !== undefined) {
      this.deadlineMs = this.deadlineMs === null ? out.nextDeadlineMs : Math.min(this.deadlineMs, out.nextDeadlineMs);
    }
    for (const l of [...this.listeners]) l();
    return sends;
  }

  /** The last page is in (the link is up again): swap the loaded dataset in, all at once. */
  private finishLoading(): void {
    const l = this.state.link;
    if (l && l.state === "sync") return;
    this.loading = false;
    const sql = this.sql;
    if (l && l.state === "connected") {
      this.db.flush();
      const libraries: BStr[] = [];
      for (const row of sql.exec("SELECT data FROM repl_loading ORDER BY page").toArray()) {
        for (const e of JSON.parse(blob(row.data)) as (SnapshotEntry | LibraryEntry)[]) {
          if (e[0] === null) libraries.push(e[1]);
          else if (e[4] === 1) extendValue(this.db, e[0], valueOf(e as SnapshotEntry));
          else this.db.writeValue(e[0], valueOf(e as SnapshotEntry), e[3] as number | null);
        }
      }
      this.host.functions?.replace(libraries);
    }
    sql.exec("DELETE FROM repl_loading");
  }

  /** Materialises the dataset now (it is the data at the snapshot's offset) as pages in repl_snapshot. */
  private takeSnapshot(replica: string, offset: number): void {
    const sql = this.sql;
    sql.exec("DELETE FROM repl_snapshot WHERE replica = ?", replica);
    let page = 0;
    let parts: string[] = [];
    let size = 0;
    const flush = (): void => {
      sql.exec("INSERT INTO repl_snapshot (replica, offset, page, data) VALUES (?, ?, ?, ?)", replica, offset, page++, param(`[${parts.join(",")}]`));
      parts = [];
      size = 0;
    };
    for (const code of this.host.functions?.codes() ?? []) {
      const text = JSON.stringify([null, code] satisfies LibraryEntry);
      parts.push(text);
      size += text.length;
    }
    for (let after = 0; ; ) {
      const rows = sql.exec("SELECT id, key, type, expires_at, count FROM keys WHERE id > ? ORDER BY id LIMIT 1000", after).toArray();
      for (const r of rows) {
        const meta = { id: r.id as number, type: r.type as KeyType, expiresAt: r.expires_at as number | null, count: r.count as number };
        // A large key goes in parts, so no page (a SQLite row, an RPC) outgrows SNAPSHOT_PAGE_BYTES by much.
        for (const [i, part] of splitValue(this.db.readValue(meta), SNAPSHOT_ENTRY_BYTES).entries()) {
          const text = JSON.stringify(entryOf(blob(r.key), part, meta.expiresAt, i > 0));
          parts.push(text);
          size += text.length + 1;
          if (size >= SNAPSHOT_PAGE_BYTES) flush();
        }
      }
      if (rows.length < 1000) break;
      after = rows[rows.length - 1]!.id as number;
    }
    if (parts.length > 0 || page === 0) flush();
  }

  private readPage(replica: string, offset: number, page: number): { page: number; last: boolean; data: BStr; totalBytes: number } | null {
    const sql = this.sql;
    const row = sql.exec("SELECT data FROM repl_snapshot WHERE replica = ? AND offset = ? AND page = ?", replica, offset, page).toArray()[0];
    if (!row) return null;
    const agg = sql.exec("SELECT COUNT(*) AS n, SUM(length(data)) AS bytes FROM repl_snapshot WHERE replica = ? AND offset = ?", replica, offset).one();
    return { page, last: page === (agg.n as number) - 1, data: blob(row.data), totalBytes: agg.bytes as number };
  }

  // ---- delivery ------------------------------------------------------------------------------

  private enqueue(sends: Send[]): void {
    const at = this.clock.now();
    for (const { to, msg } of sends) {
      let q = this.queues.get(to);
      if (!q) this.queues.set(to, (q = []));
      q.push({ msg, at });
      // pump() yields before its first step and removes both entries itself when the queue is
      // empty, so a message queued at any moment either joins a running pump or starts one.
      if (!this.pumps.has(to)) this.pumps.set(to, this.pump(to).catch((e: unknown) => this.pumpFailed(to, e)));
    }
  }

  /** Delivers `to`'s queue in order, one RPC at a time; answers are received as they come back. */
  private async pump(to: string): Promise<void> {
    await null;
    const q = this.queues.get(to)!;
    while (q.length > 0) {
      const head = q.shift()!;
      let msg = head.msg;
      // Stream batches queued behind each other go out as one message (up to a batch's size).
      while (msg.type === "stream" && q[0]?.msg.type === "stream") {
        const next = q[0].msg;
        if (next.replid !== msg.replid || next.startOffset !== msg.startOffset + msg.bytes.length) break;
        if (msg.bytes.length + next.bytes.length > DEFAULT_MAX_BATCH_BYTES) break;
        msg = { ...msg, bytes: msg.bytes + next.bytes };
        q.shift();
      }
      this.countOut([msg]);
      let replies: ReplMessage[];
      try {
        replies = await this.deliver(to, msg);
      } catch (e) {
        this.traffic.deliveryFailures++;
        this.note(`delivery of ${msg.type} to ${to} failed: ${String(e)}`);
        this.handle(deliveryFailed(this.state, to, msg, this.env()));
        continue;
      }
      if (msg.type === "stream") {
        this.traffic.lagMs.push(this.clock.now() - head.at);
        if (this.traffic.lagMs.length > LAG_SAMPLES) this.traffic.lagMs.splice(0, this.traffic.lagMs.length - LAG_SAMPLES);
      }
      for (const r of replies ?? []) {
        this.countIn(r);
        try {
          this.handle(receive(this.state, r, this.env()));
        } catch (e) {
          // Applying it failed (its transaction rolled back): as if it was lost; the protocol repairs it.
          this.note(`handling ${r.type} from ${to} failed: ${String(e)}`);
        }
      }
    }
    this.queues.delete(to);
    this.pumps.delete(to);
  }

  /** A pump that threw: its queue is dropped (lost messages, which the protocol repairs) so a new one can start. */
  private pumpFailed(to: string, e: unknown): void {
    this.queues.delete(to);
    this.pumps.delete(to);
    this.host.failed(`replication to ${to}`, e);
  }

  private countIn(msg: unknown): void {
    const m = msg as Partial<ReplMessage> | null;
    if (!m || typeof m !== "object") return;
    if (m.type === "continue" && typeof m.bytes === "string") this.traffic.partialSyncBytesIn += m.bytes.length;
    else if (m.type === "stream" && typeof m.bytes === "string") this.traffic.streamBytesIn += m.bytes.length;
  }

  private countOut(msgs: ReplMessage[]): void {
    for (const m of msgs) {
      this.traffic.messagesOut++;
      if (m.type === "snapshot") this.traffic.snapshotBytesOut += m.data.length;
      else if (m.type === "stream" || m.type === "continue") this.traffic.streamBytesOut += m.bytes.length;
    }
  }

  private note(text: string): void {
    this.events.push(text);
    if (this.events.length > 200) this.events.splice(0, this.events.length - 200);
    this.host.event?.(text);
  }

  private persist(): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('replication', ?)", serialize(this.state));
  }
}
