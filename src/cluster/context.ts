/**
 * What the cluster core takes from the outside world (Env) and what it gives back (Outcome).
 * Every entry point builds one Ctx, lets the protocol code record sends, events and effects on
 * it, and returns `ctx.outcome()`. Time and randomness come only from `env`.
 */
import type { BusMessage } from "./messages";
import type { ClusterState, NodeId, NodeName } from "./state";

export interface ClusterConfig {
  /** cluster-node-timeout (NT): silence longer than this makes a node PFAIL. Redis: 15000. */
  nodeTimeoutMs: number;
  /** The node's cron period (our alarm). Redis runs clusterCron every 100 ms; the shell's default is 1 s. */
  cronMs: number;
  /** cluster-require-full-coverage (default yes): any unserved slot makes the cluster FAIL. */
  requireFullCoverage?: boolean;
  /** cluster-allow-reads-when-down (default no). */
  allowReadsWhenDown?: boolean;
  /** cluster-allow-replica-migration (default yes): a master left without slots follows the new owner. */
  allowReplicaMigration?: boolean;
  /** cluster-replica-validity-factor (default 10; 0: always try): how stale a replica may be and still fail over. */
  replicaValidityFactor?: number;
  /** repl-ping-replica-period in ms (default 10000), part of the data-age limit. */
  replPingReplicaPeriodMs?: number;
  /** cluster-migration-barrier (default 1): replicas a master keeps before one may migrate away. */
  migrationBarrier?: number;
  /** cluster-replica-no-failover (default no): this replica never fails over automatically. */
  replicaNoFailover?: boolean;
  /**
   * CLUSTER_WRITABLE_DELAY: a master that just started waits this long before turning its state
   * ok, so a stale configuration can be corrected by the cluster before it accepts writes.
   * Redis: 2000 ms (the default here too).
   */
  writableDelayMs?: number;
}

export interface Env {
  /** Milliseconds since the epoch. */
  now: number;
  /** Uniform in [0, 1). */
  rand: () => number;
  config: ClusterConfig;
  /**
   * The shell settles a batch of outcomes (a reshard's 128 SETSLOT NODEs) and broadcasts once at
   * its end: a PONG to everybody is then only marked (Outcome.pongAll), not built per outcome.
   */
  deferPongAll?: boolean;
}

/** Things the rest of the node must do because of a cluster decision. */
export type NodeEffect =
  /** Slots this master lost to a newer configuration while still a master: drop their keys. */
  | { kind: "delete-keys-in-slots"; slots: number[] }
  /** RESET of a replica: the data set goes away. */
  | { kind: "flush-all" }
  /** Replicate from this master (null: stop replicating, I am a master now). */
  | { kind: "set-master"; master: { id: NodeId; name: NodeName; port: number } | null }
  /** A PUBLISH from the bus for local subscribers. */
  | { kind: "publish"; channel: string; message: string; shard: boolean };

export interface Send {
  to: NodeName;
  msg: BusMessage;
}

export interface Outcome {
  send: Send[];
  /** The persisted state changed: save it (serialize) BEFORE delivering `send`. */
  changed: boolean;
  events: string[];
  effects: NodeEffect[];
  /** A PONG to every node is due (Env.deferPongAll): the shell sends `pongAll` after its batch. */
  pongAll?: true;
  /**
   * Earliest absolute time (ms, ≥ now) at which `tick` has protocol work: a node to ping now
   * (just learned), a PONG becoming overdue, a node becoming PFAIL, a handshake timing out, a
   * deferred cluster-state change. The shell arms its alarm at min(alarm, this, now + cron).
   */
  nextDeadlineMs?: number;
}

export class Ctx {
  readonly now: number;
  readonly nt: number;
  private readonly sends: Send[] = [];
  private readonly eventList: string[] = [];
  private readonly effectList: NodeEffect[] = [];
  private dirty = false;
  /** clusterUpdateState is due before returning (CLUSTER_TODO_UPDATE_STATE). */
  updateState = false;
  /** The replica's failover handler is due before returning (CLUSTER_TODO_HANDLE_FAILOVER). */
  handleFailover = false;
  /** A PONG to everybody, deferred to the shell (Env.deferPongAll). */
  pongAllDue = false;

  constructor(
    readonly st: ClusterState,
    readonly env: Env,
  ) {
    this.now = env.now;
    this.nt = env.config.nodeTimeoutMs;
  }

  send(to: NodeName, msg: BusMessage): void {
    this.st.stats.sent[msg.type]++;
    this.sends.push({ to, msg });
  }

  /** Marks the persisted state as changed (CLUSTER_TODO_SAVE_CONFIG). */
  save(): void {
    this.dirty = true;
  }

  event(text: string): void {
    this.eventList.push(text);
  }

  effect(e: NodeEffect): void {
    this.effectList.push(e);
  }

  outcome(nextDeadlineMs?: number): Outcome {
    const out: Outcome = { send: this.sends, changed: this.dirty, events: this.eventList, effects: this.effectList };
    if (nextDeadlineMs !== undefined) out.nextDeadlineMs = nextDeadlineMs;
    if (this.pongAllDue) out.pongAll = true;
    return out;
  }
}
