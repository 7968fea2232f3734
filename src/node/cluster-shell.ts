/**
 * The I/O shell around the sans-I/O cluster core, for one node Durable Object.
 *
 * It owns the node's ClusterState and carries out every Outcome the core returns, always in this
 * order: (1) persist the state if it changed — before anything leaves the node, so a restart can
 * never take back an epoch or a slot claim others have seen; (2) apply effects on the keyspace;
 * (3) deliver messages, one RPC per message, all in parallel (a failed call is a lost message:
 * the core is told with `linkFailed`); (4) report the earliest protocol deadline, which the node
 * uses to arm its alarm.
 *
 * A PING's PONG rides back as the RPC's return value instead of a second RPC, halving the calls
 * an idle cluster makes.
 */
import {
  clusterCommand, slotHandoverCommand, deserialize, linkFailed, pongAll, receive, replicaofCommand, replicationProgress, route, serialize, tick, createState,
  writesPausedUntil,
  type BusMessage, type ClusterState, type Env, type Outcome, type Send,
} from "../cluster";
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { CommandSpec, ConnState } from "../commands/types";
import { lookupCommand } from "../commands/registry";
import type { Keyspace } from "../keyspace/db";
import type { NodeConfig } from "./config";
import { sleep, type Clock, type SqlPort } from "./ports";

/** How often a write held by a manual failover's pause looks again. */
const WRITE_PAUSE_POLL_MS = 20;

/** How the shell reaches another node: one RPC carrying every message for it; returns the PONGs it answered with. */
export type Deliver = (to: string, msgs: BusMessage[]) => Promise<BusMessage[]>;

/** What the shell needs from the node around it. */
export interface ClusterHost {
  /** A set-master effect: follow this master (null: become a master). */
  setMaster(master: { name: string; port: number } | null): void;
  /** Keys deleted because their slot went to another node: to replicate as DEL. */
  deleted(keys: BStr[]): void;
  /** A background step failed (recorded, never thrown into nowhere). */
  failed(what: string, e: unknown): void;
  /**
   * An outcome was settled (state persisted, effects applied): `cause` says what it answered
   * (events/). `batched`: inside `batch`, whose end `batchSettled` reports.
   */
  settled?(out: Outcome, cause: string, batched: boolean): void;
  batchSettled?(): void;
}

export class ClusterShell {
  readonly state: ClusterState;
  /** Earliest time the core wants a tick (from the outcomes since the last tick), or null. */
  private deadlineMs: number | null = null;
  /** When the cron last ran (construction counts: the state was just read). */
  private lastTickAt: number;
  /** The first cron after a stall, while it runs: clients wait for it (see catchUp). */
  private catchingUp: Promise<void> | null = null;
  /** Inside `batch`: whether an outcome changed the state (persisted at the batch's end), or asked for a PONG to everybody (sent then). */
  private batching: { changed: boolean; pongAll: boolean } | null = null;

  constructor(
    private readonly sql: SqlPort,
    private readonly db: Keyspace,
    private readonly config: NodeConfig,
    private readonly clock: Clock,
    private readonly deliver: Deliver,
    private readonly host: ClusterHost,
    identity: { id: string; name: string },
  ) {
    this.lastTickAt = clock.now();
    const row = sql.exec("SELECT v FROM meta WHERE k = 'cluster'").toArray()[0];
    if (row) {
      this.state = deserialize(row.v as string, clock.now());
    } else {
      this.state = createState({ id: identity.id, name: identity.name }, this.env());
      this.persist();
    }
  }

  /** The earliest protocol deadline the core asked for since the last tick (null: none). */
  nextDeadline(): number | null {
    return this.deadlineMs;
  }

  env(now = this.clock.now()): Env {
    return {
      now,
      rand: () => this.clock.random(),
      config: {
        nodeTimeoutMs: this.config.get("cluster-node-timeout"),
        cronMs: this.config.get("cluster-cron-ms"),
        requireFullCoverage: this.config.get("cluster-require-full-coverage") === 1,
        allowReadsWhenDown: this.config.get("cluster-allow-reads-when-down") === 1,
        writableDelayMs: this.config.get("cluster-writable-delay-ms"),
        replicaValidityFactor: this.config.get("cluster-replica-validity-factor"),
        replPingReplicaPeriodMs: this.config.get("repl-ping-replica-period") * 1000,
        migrationBarrier: this.config.get("cluster-migration-barrier"),
        replicaNoFailover: this.config.get("cluster-replica-no-failover") === 1,
        allowReplicaMigration: this.config.get("cluster-allow-replica-migration") === 1,
      },
      deferPongAll: this.batching !== null,
    };
  }

  /** The cron's cluster half (clusterCron). */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const stalled = now - this.lastTickAt > this.config.get("cluster-node-timeout");
    this.lastTickAt = now;
    this.deadlineMs = null;
    const work = this.apply(tick(this.state, this.env()), "tick");
    if (stalled) {
      const done = work.catch(() => {}).then(() => {
        if (this.catchingUp === done) this.catchingUp = null;
      });
      this.catchingUp = done;
    }
    await work;
  }

  /**
   * Before serving a client: a node whose cron has not run for NT (it was halted, or its alarm
   * came late) runs it first, so it hears what changed meanwhile (a failover that took its
   * slots) before it takes a write; if that first cron is already under way (the alarm fired as
   * the halt ended), the client waits for it to finish. Redis has this window after SIGCONT; we
   * need not.
   */
  async catchUp(): Promise<void> {
    if (this.catchingUp) await this.catchingUp;
    else if (this.clock.now() - this.lastTickAt > this.config.get("cluster-node-timeout")) await this.tick();
  }

  /**
   * Runs `fn`, which must be synchronous (nothing leaves the node meanwhile), persisting the state
   * once at its end however many outcomes it settles, as Redis saves its configuration once per
   * event-loop turn (clusterBeforeSleep): a reshard's pipeline of 128 SETSLOTs, or one RPC's bus
   * messages, write the state once, and broadcast one PONG to everybody, not 128 (the core only
   * marks it: Env.deferPongAll). Nested batches join the outer one.
   */
  batch<T>(fn: () => T): T {
    if (this.batching) return fn();
    const b = (this.batching = { changed: false, pongAll: false });
    try {
      return fn();
    } finally {
      this.batching = null;
      if (b.changed) this.persist();
      this.host.batchSettled?.();
      if (b.pongAll) this.background("pong broadcast", this.send(pongAll(this.state, this.env()).send));
    }
  }

  /** Bus messages from another node (one RPC). Returns the PONGs for the sender. */
  receive(msgs: unknown[]): BusMessage[] {
    const pongs: BusMessage[] = [];
    const others: Send[] = [];
    this.batch(() => {
      for (const msg of msgs) {
        const out = receive(this.state, msg, this.env());
        const from = (msg as { from?: unknown } | null)?.from;
        const i = out.send.findIndex((s) => s.to === from && s.msg.type === "pong");
        if (i >= 0) pongs.push(out.send.splice(i, 1)[0]!.msg);
        this.settle(out, `bus ${String((msg as { type?: unknown } | null)?.type)} from ${String(from)}`);
        others.push(...out.send);
      }
    });
    // The reply must not wait for this node's own messages to others (no RPC chains).
    this.background("bus delivery", this.send(others));
    return pongs;
  }

  /**
   * CLUSTER <subcommand> and REPLICAOF/SLAVEOF: runs synchronously inside the command's transaction (state persisted
   * there), and returns the messages to deliver once the reply is decided.
   */
  command(argv: BStr[]): { reply: Reply; pending: Outcome } {
    const run = argv[0]!.toLowerCase() === "cluster" ? clusterCommand : replicaofCommand;
    const { reply, outcome } = run(this.state, argv, this.env(), {
      countKeysInSlot: (slot) => this.db.countKeysInSlot(slot),
      keysInSlot: (slot, count) => this.db.keysInSlot(slot, count),
      dbSize: () => this.db.size(),
    });
    this.settle(outcome, argv.slice(0, 2).join(" ").toUpperCase());
    return { reply, pending: outcome };
  }

  /** Atomic slot migration's flip (cluster/slot-handover.ts); returns the bus messages to send. */
  handover(op: { claim: readonly number[] } | { handOver: readonly number[]; targetId: string }): { reply: Reply; pending: Outcome } {
    const { reply, outcome } = slotHandoverCommand(this.state, this.env(), op);
    this.settle(outcome, "slot migration handover");
    return { reply, pending: outcome };
  }

  /** The dispatcher's slot gate: serve here, or MOVED / ASK / TRYAGAIN / CLUSTERDOWN. */
  gate(slot: number | null, def: CommandSpec, keys: BStr[], conn: ConnState): Reply | null {
    const distinct = keys.length > 1 ? [...new Set(keys)] : keys;
    // Counted only when route asks: a RESTORE-ASKING of a migrating key needs no lookup here.
    const keysMissing = (): number => distinct.filter((k) => !this.db.exists(k)).length;
    return route(
      this.state, slot, { write: def.flags.includes("write"), keysMissing, keysTotal: distinct.length }, conn,
      { allowReadsWhenDown: this.config.get("cluster-allow-reads-when-down") === 1 },
    );
  }

  /** Persist + effects + delivery + deadline: everything an outcome asks for. */
  async apply(out: Outcome, cause: string): Promise<void> {
    this.settle(out, cause);
    await this.send(out.send);
  }

  /** The synchronous part of an outcome: persistence and keyspace effects. */
  private settle(out: Outcome, cause: string): void {
    if (out.changed && this.batching) this.batching.changed = true;
    else if (out.changed) this.persist();
    // Only a batch defers it (env); its end sends it.
    if (out.pongAll && this.batching) this.batching.pongAll = true;
    for (const e of out.effects) {
      if (e.kind === "delete-keys-in-slots") {
        // Replicas get the deletions too (delKeysInSlot's propagateDeletion): a slot lost to a
        // newer claim must not stay on this master's replicas.
        const gone: BStr[] = [];
        for (const slot of e.slots) for (const key of this.db.keysInSlot(slot, Number.MAX_SAFE_INTEGER)) if (this.db.delete(key)) gone.push(key);
        if (gone.length > 0) this.host.deleted(gone);
      } else if (e.kind === "flush-all") {
        this.db.flush();
      } else if (e.kind === "set-master") {
        this.host.setMaster(e.master ? { name: e.master.name, port: e.master.port } : null);
      }
      // publish (pub/sub) has no consumer on this node yet.
    }
    if (out.nextDeadlineMs !== undefined) {
      this.deadlineMs = this.deadlineMs === null ? out.nextDeadlineMs : Math.min(this.deadlineMs, out.nextDeadlineMs);
    }
    this.host.settled?.(out, cause, this.batching !== null);
  }

  /**
   * Delivers messages: one RPC per target carrying all of its messages, all targets in parallel.
   * PONGs that come back are processed like any message; a failed call is a lost message.
   */
  async send(sends: Send[]): Promise<void> {
    const byTarget = new Map<string, BusMessage[]>();
    for (const { to, msg } of sends) {
      const batch = byTarget.get(to);
      if (batch) batch.push(msg);
      else byTarget.set(to, [msg]);
    }
    await Promise.all(
      [...byTarget].map(async ([to, msgs]) => {
        let replies: BusMessage[];
        try {
          replies = await this.deliver(to, msgs);
        } catch {
          await this.apply(linkFailed(this.state, to, this.env()), `link to ${to} failed`);
          return;
        }
        for (const reply of replies) await this.apply(receive(this.state, reply, this.env()), `bus ${reply.type} from ${to}`);
      }),
    );
  }

  /**
   * Replication progress: the offset this node advertises in its headers (CLUSTER SLOTS/SHARDS,
   * failover rank) and when the link last heard from the master (the failover's data age).
   */
  replicationProgress(offset: number, masterLastIo: number): void {
    const out = replicationProgress(this.state, offset, masterLastIo, this.env());
    if (out) this.background("replication progress", this.apply(out, "replication progress"));
  }

  /**
   * A master in a manual failover holds writes (CLIENT_PAUSE_WRITE) until the failover ends or
   * the pause runs out; then the slot gate sends them on to the new master (MOVED).
   */
  async writesResumed(cmds: BStr[][]): Promise<void> {
    const paused = (): number => writesPausedUntil(this.state, this.clock.now());
    if (paused() === 0 || !cmds.some((argv) => lookupCommand(argv[0] ?? "")?.flags.includes("write"))) return;
    for (let until = paused(); until !== 0; until = paused()) {
      await sleep(this.clock, Math.min(until - this.clock.now(), WRITE_PAUSE_POLL_MS));
    }
  }

  /** My master's name and port per the cluster configuration, or null when I am a master. */
  master(): { name: string; port: number } | null {
    const m = this.state.myself.slaveof;
    return m ? { name: m.name, port: m.port } : null;
  }

  /** Work that runs after the caller returned: its failure is recorded, not lost. */
  private background(what: string, work: Promise<void>): void {
    work.catch((e: unknown) => this.host.failed(what, e));
  }

  private persist(): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('cluster', ?)", serialize(this.state));
  }
}
