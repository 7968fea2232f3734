/**
 * What the replication core takes from the outside world (Env) and gives back (Outcome). Every
 * entry point builds one Ctx, records sends, events and effects on it, and returns `outcome()`.
 * Time and randomness come only from `env`; the backlog's bytes only through `env.backlog`.
 */
import type { BStr } from "../resp/bytes";
import type { Backlog } from "./backlog";
import type { ReplMessage } from "./messages";
import type { ReplicationState } from "./state";

export interface ReplConfig {
  /** repl-backlog-size (Redis: 1 MiB): how far back a reconnecting replica can continue. */
  backlogSizeBytes: number;
  /** repl-backlog-ttl (Redis: 3600 s; 0 = never): a master without replicas frees its backlog after this. */
  backlogTtlSec: number;
  /** repl-ping-replica-period (Redis: 10 s): the master's PING inside the stream, the replica's proof of life. */
  pingReplicaPeriodSec: number;
  /** repl-timeout (Redis: 60 s): silence after which either side drops the link. */
  timeoutSec: number;
  /** min-replicas-to-write (Redis: 0 = off). */
  minReplicasToWrite: number;
  /** min-replicas-max-lag (Redis: 10 s). */
  minReplicasMaxLagSec: number;
  /** replica-priority (Redis: 100): shown as slave_priority. */
  replicaPriority: number;
  /** The node's cron period (ms): timers allow half of it as slack, alarms fire a little early or late. */
  cronMs: number;
  /**
   * Largest stream payload per message. RPC arguments may reach 32 MiB and SQLite rows 2 MB;
   * 1 MiB (the default) keeps one message cheap to retry and far from both limits.
   */
  maxBatchBytes?: number;
  /** The port this node announces to its master (REPLCONF listening-port). Default 6379. */
  port?: number;
}

export const DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;

export interface Env {
  /** Milliseconds since the epoch. */
  now: number;
  /** Uniform in [0, 1). */
  rand: () => number;
  config: ReplConfig;
  backlog: Backlog;
}

/** What the rest of the node must do because of a replication decision. */
export type ReplEffect =
  /** Replica: run these commands from my master, in order, without replies (PINGs already removed). */
  | { kind: "apply"; commands: BStr[][] }
  /** Replica: a full sync starts loading: empty the dataset. */
  | { kind: "flush-all" }
  /** Replica: load one snapshot page (the shell's own format). */
  | { kind: "load-snapshot"; page: number; data: BStr }
  /**
   * Master: take a snapshot of the dataset NOW (before any other write runs), which is its state
   * at `offset`, and keep it (split in pages) for `replica` until released.
   */
  | { kind: "take-snapshot"; replica: string; replid: string; offset: number; reason: string }
  /** Master: `replica` asks for page `page` of its snapshot: hand it to `snapshotPage`. */
  | { kind: "send-snapshot-page"; replica: string; offset: number; page: number }
  /** Master: the snapshot kept for `replica` is no longer needed (it is online, or gone). */
  | { kind: "release-snapshot"; replica: string; offset: number };

/** A message as the core builds it: `from` is filled in by Ctx.send. */
export type Outgoing = ReplMessage extends infer M ? (M extends ReplMessage ? Omit<M, "from"> : never) : never;

export interface Send {
  to: string;
  msg: ReplMessage;
}

export interface Outcome {
  /** Messages to deliver, in order per target (the stream must not overtake itself). */
  send: Send[];
  /** The persisted state changed: save it (serialize) with the effects, BEFORE delivering `send`. */
  changed: boolean;
  events: string[];
  effects: ReplEffect[];
  /** Earliest absolute time (ms) at which `tick` has work: an ACK, a PING, a timeout, the backlog TTL. */
  nextDeadlineMs?: number;
}

export class Ctx {
  readonly now: number;
  private readonly sends: Send[] = [];
  private readonly eventList: string[] = [];
  private readonly effectList: ReplEffect[] = [];
  private dirty = false;

  constructor(
    readonly st: ReplicationState,
    readonly env: Env,
  ) {
    this.now = env.now;
  }

  get config(): ReplConfig {
    return this.env.config;
  }

  get backlog(): Backlog {
    return this.env.backlog;
  }

  get maxBatchBytes(): number {
    return this.env.config.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  }

  /** Queues a message; the sender (`from`) is this node. */
  send(to: string, msg: Outgoing): void {
    this.sends.push({ to, msg: { ...msg, from: this.st.name } as ReplMessage });
  }

  save(): void {
    this.dirty = true;
  }

  event(text: string): void {
    this.eventList.push(text);
  }

  effect(e: ReplEffect): void {
    this.effectList.push(e);
  }

  outcome(nextDeadlineMs?: number): Outcome {
    const out: Outcome = { send: this.sends, changed: this.dirty, events: this.eventList, effects: this.effectList };
    if (nextDeadlineMs !== undefined) out.nextDeadlineMs = nextDeadlineMs;
    return out;
  }
}

/** Whole seconds of a ms timestamp: Redis compares server.unixtime values. */
export const sec = (ms: number): number => Math.floor(ms / 1000);
