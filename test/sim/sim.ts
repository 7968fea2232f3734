/**
 * A deterministic simulator for the cluster core: N nodes on a fake clock, a fake network that
 * drops, delays, duplicates and partitions messages, and crashes that lose everything but the
 * last persisted state. Each node behaves like the Durable Object shell will: an alarm at
 * min(now + cron, nextDeadlineMs), persist-before-send, RPC failures reported as linkFailed.
 * Everything random derives from one seed; same-time events run in scheduling order.
 *
 * Replication is modelled just enough for failover: each node has an offset; a master that may
 * accept writes (master with slots, cluster state ok, writes not paused) acknowledges writes by
 * bumping it; every REPL_MS a replica that can reach its master copies the master's offset and
 * reports progress to its core, as the replication shell does.
 */
import {
  clusterCommand, createState, deserialize, linkFailed, receive, replicationProgress, serialize, tick, writesPausedUntil,
  NodeFlag, type BusMessage, type ClusterConfig, type ClusterKeyspace, type ClusterState, type Env, type Outcome,
  nextWake,
} from "../../src/cluster";
import type { Reply } from "../../src/resp/reply";
import { EventQueue, type Timed } from "./event-queue";
import { Rng } from "./rng";

/** Simulated wall clock start: far from 0, because 0 means "never" in ping/pong times. */
export const START_MS = 1_700_000_000_000;

export interface NetworkFaults {
  dropRate: number;
  dupRate: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Chance that a message takes up to `slowMaxMs` extra (reordering). */
  slowRate: number;
  slowMaxMs: number;
}

export const PERFECT_NETWORK: NetworkFaults = { dropRate: 0, dupRate: 0, minDelayMs: 1, maxDelayMs: 15, slowRate: 0, slowMaxMs: 0 };

export const DEFAULT_CONFIG: ClusterConfig = { nodeTimeoutMs: 15000, cronMs: 1000 };

const TRACE = typeof process !== "undefined" && process.env.SIM_TRACE === "1";

/** More messages than this in one simulated second is a message storm (a bug), not a busy cluster. */
const MAX_MESSAGES_PER_SECOND = 20_000;

/** How often the replication model moves replicas' offsets. */
const REPL_MS = 100;

/** A replica became a master: what it had, and what its old master had acknowledged by then. */
export interface Promotion {
  node: string;
  oldMaster: string;
  time: number;
  offset: number;
  oldMasterAcked: number;
}

export interface SimOptions {
  seed: number;
  config?: Partial<ClusterConfig>;
  network?: NetworkFaults;
}

interface SimNode {
  name: string;
  state: ClusterState | null;
  saved: string;
  rng: Rng;
  alarmToken: number;
  alarmAt: number;
  /** Highest epochs this node ever put in a message: a restart must not go below them. */
  sentCurrentEpoch: number;
  sentOwnConfigEpoch: number;
  /** Replication model: stream offset, last contact with the master, highest offset acknowledged to a client. */
  offset: number;
  masterLastIo: number;
  acked: number;
}

type SimEvent = Timed &
  (
    | { kind: "tick"; node: string; token: number }
    | { kind: "deliver"; to: string; from: string; msg: BusMessage }
    | { kind: "linkfail"; node: string; target: string }
    | { kind: "repl" }
    | { kind: "write"; everyMs: number }
  );

const EMPTY_KEYSPACE: ClusterKeyspace = { countKeysInSlot: () => 0, keysInSlot: () => [], dbSize: () => 0 };

export class Sim {
  readonly seed: number;
  readonly config: ClusterConfig;
  network: NetworkFaults;
  now = START_MS;
  readonly stats = { ticks: 0, delivered: 0, dropped: 0, duplicated: 0, persisted: 0 };
  /** How often each kind of core event happened (ids, names and numbers blanked out). */
  readonly eventCounts = new Map<string, number>();
  readonly promotions: Promotion[] = [];
  private sentWindow = { second: 0, count: 0 };
  private readonly nodes = new Map<string, SimNode>();
  private readonly queue = new EventQueue<SimEvent>();
  private readonly rng: Rng;
  private readonly netRng: Rng;
  private partition: Map<string, number> | null = null;
  private trace = 0x811c9dc5;

  constructor(opts: SimOptions) {
    this.seed = opts.seed;
    this.config = { ...DEFAULT_CONFIG, ...opts.config };
    this.network = opts.network ?? PERFECT_NETWORK;
    this.rng = new Rng(opts.seed);
    this.netRng = this.rng.fork();
    this.queue.push({ time: this.now + REPL_MS, kind: "repl" });
  }

  // ---- topology ------------------------------------------------------------------------------

  addNode(name: string): ClusterState {
    const rng = this.rng.fork();
    const state = createState({ name }, { now: this.now, rand: rng.fn });
    const node: SimNode = { name, state, saved: serialize(state), rng, alarmToken: 0, alarmAt: Infinity,
      sentCurrentEpoch: 0, sentOwnConfigEpoch: 0, offset: 0, masterLastIo: 0, acked: 0 };
    this.nodes.set(name, node);
    this.schedule(node, this.now + rng.int(this.config.cronMs) + 1);
    return state;
  }

  names(): string[] {
    return [...this.nodes.keys()];
  }

  isUp(name: string): boolean {
    return this.node(name).state !== null;
  }

  state(name: string): ClusterState {
    const s = this.node(name).state;
    if (!s) throw new Error(`node ${name} is down`);
    return s;
  }

  /** Every running node's state. */
  states(): ClusterState[] {
    return [...this.nodes.values()].flatMap((n) => (n.state ? [n.state] : []));
  }

  /** Runs a CLUSTER command on a node, as the shell would (persist, then deliver). */
  command(name: string, ...argv: string[]): Reply {
    const node = this.node(name);
    const { reply, outcome } = clusterCommand(this.state(name), ["cluster", ...argv], this.env(node), EMPTY_KEYSPACE);
    this.apply(node, outcome);
    return reply;
  }

  /** Applies a custom step to a node's state through the same persist/send path. */
  act(name: string, fn: (st: ClusterState, env: Env) => Outcome): void {
    const node = this.node(name);
    this.apply(node, fn(this.state(name), this.env(node)));
  }

  /** A client write on `name`: the acknowledged offset, or null if the node refuses it. */
  write(name: string): number | null {
    const node = this.node(name);
    const st = node.state;
    if (!st || (st.myself.flags & NodeFlag.MASTER) === 0 || st.myself.numSlots === 0 || st.state !== "ok") return null;
    if (writesPausedUntil(st, this.now) !== 0) return null;
    node.acked = ++node.offset;
    // The shell reports every write's offset to the core at once (its headers carry it).
    const out = replicationProgress(st, node.offset, node.masterLastIo, this.env(node));
    if (out) this.apply(node, out);
    return node.acked;
  }

  /** Every `everyMs`, each running node is sent a write (masters that can take it acknowledge it). */
  startWrites(everyMs: number): void {
    this.queue.push({ time: this.now + everyMs, kind: "write", everyMs });
  }

  offset(name: string): number {
    return this.node(name).offset;
  }

  acked(name: string): number {
    return this.node(name).acked;
  }

  crash(name: string): void {
    const node = this.node(name);
    node.state = null;
    node.alarmToken++;
  }

  restart(name: string): void {
    const node = this.node(name);
    if (node.state) return;
    const st = deserialize(node.saved, this.now);
    // Persist-before-send: whatever epoch left the node must survive the crash.
    if (st.currentEpoch < node.sentCurrentEpoch || st.myself.configEpoch < node.sentOwnConfigEpoch) {
      throw new Error(`seed ${this.seed}: ${name} restarted with epochs ${st.currentEpoch}/${st.myself.configEpoch} ` +
        `below what it sent (${node.sentCurrentEpoch}/${node.sentOwnConfigEpoch})`);
    }
    node.state = st;
    this.schedule(node, this.now + 1);
  }

  /** Nodes in different groups cannot talk; unlisted nodes form one more group. null heals. */
  setPartition(groups: string[][] | null): void {
    if (!groups) {
      this.partition = null;
      return;
    }
    this.partition = new Map();
    groups.forEach((g, i) => g.forEach((name) => this.partition!.set(name, i)));
  }

  // ---- running -------------------------------------------------------------------------------

  runFor(ms: number): void {
    const end = this.now + ms;
    for (let e = this.queue.peek(); e && e.time <= end; e = this.queue.peek()) {
      this.queue.pop();
      this.now = e.time;
      this.step(e);
    }
    this.now = end;
  }

  /** Runs until `done()` holds at a check point (every `everyMs`); elapsed ms, or null if `maxMs` ran out. */
  runUntil(done: () => boolean, maxMs: number, everyMs = this.config.cronMs): number | null {
    const start = this.now;
    while (this.now - start < maxMs) {
      this.runFor(everyMs);
      if (done()) return this.now - start;
    }
    return null;
  }

  /** A fingerprint of everything that happened, for determinism checks. */
  get traceHash(): number {
    return this.trace >>> 0;
  }

  // ---- internals -----------------------------------------------------------------------------

  private node(name: string): SimNode {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  private env(node: SimNode): Env {
    return { now: this.now, rand: node.rng.fn, config: this.config };
  }

  /** A Durable Object has one alarm: setting it replaces the previous one. */
  private schedule(node: SimNode, time: number): void {
    node.alarmToken++;
    node.alarmAt = time;
    this.queue.push({ time, kind: "tick", node: node.name, token: node.alarmToken });
  }

  private record(text: string): void {
    let h = this.trace;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    this.trace = h;
  }

  private step(e: SimEvent): void {
    switch (e.kind) {
      case "tick": {
        const node = this.node(e.node);
        if (!node.state || e.token !== node.alarmToken) return;
        this.record(`${e.time} tick ${e.node}`);
        this.stats.ticks++;
        node.alarmAt = Infinity;
        this.apply(node, tick(node.state, this.env(node)));
        return;
      }
      case "deliver":
        return this.deliver(e.from, e.to, e.msg);
      case "linkfail": {
        const node = this.node(e.node);
        if (node.state) this.apply(node, linkFailed(node.state, e.target, this.env(node)));
        return;
      }
      case "repl":
        this.replicate();
        this.queue.push({ time: this.now + REPL_MS, kind: "repl" });
        return;
      case "write":
        for (const n of this.nodes.values()) this.write(n.name);
        this.queue.push({ time: this.now + e.everyMs, kind: "write", everyMs: e.everyMs });
        return;
    }
  }

  /** The replication model's step: replicas that reach their master catch up; everyone reports progress. */
  private replicate(): void {
    for (const node of this.nodes.values()) {
      const st = node.state;
      if (!st) continue;
      const master = st.myself.slaveof ? this.nodes.get(st.myself.slaveof.name) : undefined;
      if (master?.state && (st.myself.flags & NodeFlag.SLAVE) !== 0 && !this.partitioned(node.name, master.name)) {
        node.offset = master.offset;
        node.masterLastIo = this.now;
      }
      const out = replicationProgress(st, node.offset, node.masterLastIo, this.env(node));
      if (out) this.apply(node, out);
    }
  }

  private deliver(from: string, to: string, msg: BusMessage): void {
    const target = this.node(to);
    if (this.partitioned(from, to)) {
      this.stats.dropped++;
      return;
    }
    if (!target.state) {
      // Connection refused: the sender learns it after a round trip.
      this.queue.push({ time: this.now + this.delay(), kind: "linkfail", node: from, target: to });
      return;
    }
    this.record(`${this.now} ${msg.type} ${from}>${to}`);
    this.stats.delivered++;
    this.apply(target, receive(target.state, structuredClone(msg), this.env(target)));
  }

  /** The shell's contract: persist first, then send, then arm the alarm for the next deadline. */
  private apply(node: SimNode, out: Outcome): void {
    this.notePromotion(node, out);
    // SIM_TRACE=1 prints every core event (debugging a seed).
    if (TRACE) for (const e of out.events) process.stderr.write(`${this.now - START_MS} ${node.name}: ${e}\n`);
    for (const e of out.events) {
      const kind = e.replace(/[0-9a-f]{40}/g, "<id>").replace(/\bn\d+\b/g, "<node>").replace(/\d+/g, "<n>");
      this.eventCounts.set(kind, (this.eventCounts.get(kind) ?? 0) + 1);
    }
    if (out.changed && node.state) {
      node.saved = serialize(node.state);
      this.stats.persisted++;
    }
    for (const { to, msg } of out.send) {
      node.sentCurrentEpoch = Math.max(node.sentCurrentEpoch, msg.currentEpoch);
      if (msg.slaveof === null) node.sentOwnConfigEpoch = Math.max(node.sentOwnConfigEpoch, msg.configEpoch);
      this.transmit(node.name, to, msg);
    }
    if (!node.state) return;
    const next = nextWake(out.nextDeadlineMs, this.now, this.config.cronMs, node.alarmAt);
    if (next !== null) this.schedule(node, next);
  }

  private notePromotion(node: SimNode, out: Outcome): void {
    const st = node.state;
    if (!st) return;
    for (const e of out.events) {
      const m = /^failover: took over the slots of ([0-9a-f]{40})/.exec(e);
      const old = m ? st.nodes.get(m[1]!) : undefined;
      if (!old) continue;
      const oldNode = this.nodes.get(old.name);
      this.promotions.push({ node: node.name, oldMaster: old.name, time: this.now, offset: node.offset, oldMasterAcked: oldNode?.acked ?? 0 });
    }
  }

  private transmit(from: string, to: string, msg: BusMessage): void {
    if (!this.nodes.has(to)) return; // an address nobody lives at
    // A busy cluster of a few nodes sends hundreds of messages a second; this many is a storm (a bug).
    const second = Math.floor(this.now / 1000);
    if (second !== this.sentWindow.second) this.sentWindow = { second, count: 0 };
    if (++this.sentWindow.count > MAX_MESSAGES_PER_SECOND) throw new Error(`seed ${this.seed}: message storm (over ${MAX_MESSAGES_PER_SECOND} messages in one simulated second)`);
    if (this.netRng.chance(this.network.dropRate)) {
      this.stats.dropped++;
      return;
    }
    this.queue.push({ time: this.now + this.delay(), kind: "deliver", from, to, msg });
    if (this.netRng.chance(this.network.dupRate)) {
      this.stats.duplicated++;
      this.queue.push({ time: this.now + this.delay(), kind: "deliver", from, to, msg });
    }
  }

  private delay(): number {
    const f = this.network;
    let d = this.netRng.range(f.minDelayMs, f.maxDelayMs);
    if (f.slowRate > 0 && this.netRng.chance(f.slowRate)) d += this.netRng.range(0, f.slowMaxMs);
    return d;
  }

  private partitioned(a: string, b: string): boolean {
    if (!this.partition) return false;
    return (this.partition.get(a) ?? -1) !== (this.partition.get(b) ?? -1);
  }
}
