/**
 * The simulator over the production code, in the spirit of TigerBeetle's VOPR: N real
 * `NodeRuntime`s (keyspace, dispatcher, cluster and replication shells: the code the Durable
 * Object runs) on a fake clock and a fake network, each over its own in-memory SQLite.
 *
 * - Every port is the simulator's: the clock (time only moves between events; timers are events),
 *   the deadline (one wake-up per node; a set replaces it; an alarm never overlaps itself, like a
 *   Durable Object's), the transport (an RPC is two events, request and answer, each of which the
 *   network may drop, delay or partition away; a lost one rejects the caller's promise as a failed
 *   RPC would; arguments and results are copied as RPC serialization copies them).
 * - A crash drops the runtime and everything in flight for it (its pending timers and RPC
 *   continuations never run: no zombie writes); the SQLite database stays, as a Durable Object's
 *   storage does, and a restart builds a new runtime over it.
 * - After each event the simulator lets every microtask run, so the runtime's async code
 *   interleaves exactly where it awaits, and nowhere else. Everything random comes from one seed.
 */
import { luaModule } from "../helpers/lua-module";
import { NodeRuntime } from "../../src/node/runtime";
import type { Clock, RuntimePorts } from "../../src/node/ports";
import { NodeFlag, type BusMessage, type ClusterState } from "../../src/cluster";
import type { ReplMessage } from "../../src/replication";
import type { BStr } from "../../src/resp/bytes";
import type { Reply } from "../../src/resp/reply";
import type { ConnState } from "../../src/commands/types";
import type { Env } from "../../src/env";
import { EventQueue, type Timed } from "./event-queue";
import { Rng } from "./rng";
import { MemorySql } from "./sql-port";
import { Trace } from "./trace";
import { CLIENT, Network, PERFECT_NETWORK, type NetworkFaults } from "./network";

export { PERFECT_NETWORK, type NetworkFaults } from "./network";

/** Simulated wall clock start: far from 0, because 0 means "never" in ping/pong times. */
export const START_MS = 1_700_000_000_000;

/** More messages than this in one simulated second is a message storm (a bug), not a busy cluster. */
const MAX_MESSAGES_PER_SECOND = 20_000;
/** How tests and operators connect: admin commands (CLUSTER, CONFIG, DEBUG) allowed. */
export const ADMIN: ConnState = { resp: 2, admin: true };

export interface SimOptions {
  seed: number;
  nodeTimeoutMs?: number;
  cronMs?: number;
  network?: NetworkFaults;
}

interface SimNode {
  name: string;
  sql: MemorySql;
  rt: NodeRuntime | null;
  rng: Rng;
  /** Bumped by a crash: callbacks of an older incarnation are dropped. */
  incarnation: number;
  wakeAt: number | null;
  wakeToken: number;
  alarmRunning: boolean;
  /** Highest epochs this node ever put in a message: a restart must not come back below them. */
  sentCurrentEpoch: number;
  sentOwnConfigEpoch: number;
  /** Calls this node is serving: a crash fails them (the caller sees the RPC throw). */
  inbound: Set<() => void>;
  /** Epochs known to be persisted (persist-before-send is checked against storage only above these). */
  persisted: { current: number; config: number };
}

/** A scheduled event: `what` names it for the trace ("alarm n0", "bus n0>n1 ping", ...). */
type SimEvent = Timed & { what: string; fn: () => void };

/**
 * A typed record of what happened (checkers and tests read these; nothing is parsed from text).
 * A promotion is observed, not reported: after an event, a node that was a replica of `from`
 * is a master serving slots.
 */
export type LogEntry =
  | { kind: "crash" | "restart"; node: string; time: number }
  | { kind: "promotion"; node: string; time: number; from: string }
  | { kind: "background-error"; node: string; time: number; what: string };

export class Sim {
  readonly seed: number;
  /** Every node's cluster-node-timeout and cluster-cron-ms at start (CONFIG SET may change a node's). */
  readonly nodeTimeoutMs: number;
  readonly cronMs: number;
  now = START_MS;
  /** `busMessages`: cluster bus messages sent, PONGs that came back as an RPC's result included. */
  readonly stats = { events: 0, rpcs: 0, busMessages: 0, alarms: 0 };
  readonly log: LogEntry[] = [];
  private readonly vars: Partial<Env>;
  private readonly nodes = new Map<string, SimNode>();
  private readonly queue = new EventQueue<SimEvent>();
  private readonly rng: Rng;
  private readonly net: Network;
  private sentWindow = { second: 0, count: 0 };
  private failure: Error | null = null;
  private readonly trace = new Trace(START_MS);
  private running = false;
  /** Each node's master at the last observation (null: a master), for promotions. */
  private readonly masterOf = new Map<string, string | null>();

  constructor(opts: SimOptions) {
    this.seed = opts.seed;
    this.nodeTimeoutMs = opts.nodeTimeoutMs ?? 15000;
    this.cronMs = opts.cronMs ?? 1000;
    this.rng = new Rng(opts.seed);
    this.net = new Network(this.rng.fork(), opts.network ?? PERFECT_NETWORK);
    this.vars = {
      CLUSTER_NODE_TIMEOUT_MS: String(this.nodeTimeoutMs),
      CLUSTER_CRON_MS: String(this.cronMs),
      CLUSTER_WRITABLE_DELAY_MS: "0",
      DEBUG_COMMANDS: "true",
    };
  }

  // ---- topology ------------------------------------------------------------------------------

  addNode(name: string): void {
    const node: SimNode = {
      name, sql: new MemorySql(), rt: null, rng: this.rng.fork(), incarnation: 0, wakeAt: null, wakeToken: 0, alarmRunning: false,
      sentCurrentEpoch: 0, sentOwnConfigEpoch: 0, inbound: new Set(), persisted: { current: 0, config: 0 },
    };
    this.nodes.set(name, node);
    this.start(node);
  }

  names(): string[] {
    return [...this.nodes.keys()];
  }

  isUp(name: string): boolean {
    return this.node(name).rt !== null;
  }

  /** The node's database (it outlives the node's runtime). */
  sql(name: string): MemorySql {
    return this.node(name).sql;
  }

  runtime(name: string): NodeRuntime {
    const rt = this.node(name).rt;
    if (!rt) throw new Error(`node ${name} is down`);
    return rt;
  }

  state(name: string): ClusterState {
    return this.runtime(name).cluster.state;
  }

  /** Every running node's cluster state. */
  states(): ClusterState[] {
    const out: ClusterState[] = [];
    for (const n of this.nodes.values()) if (n.rt) out.push(n.rt.cluster.state);
    return out;
  }

  /** Runtimes of the running nodes. */
  runtimes(): NodeRuntime[] {
    return [...this.nodes.values()].flatMap((n) => (n.rt ? [n.rt] : []));
  }

  /** The Durable Object is evicted: memory and everything in flight are gone, storage stays. */
  crash(name: string): void {
    const node = this.node(name);
    if (!node.rt) return;
    node.rt = null;
    node.incarnation++;
    node.wakeToken++;
    node.alarmRunning = false;
    for (const fail of [...node.inbound]) fail();
    node.inbound.clear();
    this.log.push({ kind: "crash", node: name, time: this.now });
  }

  restart(name: string): void {
    const node = this.node(name);
    if (node.rt) return;
    this.start(node);
    // A Durable Object's alarm outlives its eviction: one that fell due meanwhile fires now.
    if (node.wakeAt !== null) {
      const token = ++node.wakeToken;
      this.at(Math.max(node.wakeAt, this.now), `alarm ${name}`, () => this.wake(node, token));
    }
    const me = node.rt!.cluster.state.myself;
    // Persist-before-send: whatever epoch left the node must survive the crash.
    if (node.rt!.cluster.state.currentEpoch < node.sentCurrentEpoch || (me.slaveof === null && me.configEpoch < node.sentOwnConfigEpoch)) {
      this.fail(`${name} restarted with epochs ${node.rt!.cluster.state.currentEpoch}/${me.configEpoch} below what it sent ` +
        `(${node.sentCurrentEpoch}/${node.sentOwnConfigEpoch})`);
    }
    this.log.push({ kind: "restart", node: name, time: this.now });
  }

  /** Nodes in different groups cannot talk; unlisted nodes form one more group. null heals. */
  setPartition(groups: string[][] | null): void {
    this.net.setPartition(groups);
  }

  /** The faults messages between nodes suffer from now on (drops, duplicates, delays). */
  get network(): NetworkFaults {
    return this.net.faults;
  }

  set network(faults: NetworkFaults) {
    this.net.faults = faults;
  }

  // ---- clients -------------------------------------------------------------------------------

  /** Commands from a client to a node, over the (client-side unpartitioned) network. Rejects if the call is lost. */
  execute(name: string, cmds: BStr[][], conn: ConnState = { resp: 2 }): Promise<Reply[]> {
    return this.call(CLIENT, name, `client ${cmds.map((c) => c[0]).join(",")}`, (rt) => rt.execute(cmds, conn));
  }

  /** Any call into a node's runtime, from a client, over the network. */
  invoke<T>(name: string, fn: (rt: NodeRuntime) => Promise<T>): Promise<T> {
    return this.call(CLIENT, name, "invoke", fn);
  }

  /** An admin command on a node (CLUSTER ..., CONFIG ..., DEBUG ...), run until it answers. */
  async command(name: string, ...argv: string[]): Promise<Reply> {
    return (await this.commands([[name, ...argv]]))[0]!;
  }

  /** Admin commands sent together, one per [node, ...argv], run until all have answered. */
  async commands(calls: [node: string, ...argv: string[]][]): Promise<Reply[]> {
    const out = await this.settle(Promise.all(calls.map(([name, ...argv]) => this.execute(name, [argv], ADMIN))));
    if (!out.ok) throw new Error(`seed ${this.seed}: ${calls.map((c) => c.join(" ")).join("; ")}: ${String(out.error)}`);
    return out.value.map((r) => r[0]!);
  }

  /** Runs the simulation until `p` settles (bounded by `maxMs` of simulated time). */
  async settle<T>(p: Promise<T>, maxMs = 600_000): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    let result: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
    p.then((value) => (result = { ok: true, value }), (error: unknown) => (result = { ok: false, error }));
    await this.runUntil(() => result !== null, maxMs, 1);
    if (!result) throw new Error(`seed ${this.seed}: a call did not settle within ${maxMs} ms`);
    return result;
  }

  // ---- running -------------------------------------------------------------------------------

  async runFor(ms: number): Promise<void> {
    // One run at a time: two loops taking turns at the queue would move the clock back and forth.
    if (this.running) throw new Error("the simulation is already running: await each run before the next (use commands() for several)");
    this.running = true;
    try {
      await this.runEvents(this.now + ms);
    } finally {
      this.running = false;
    }
  }

  private async runEvents(end: number): Promise<void> {
    for (let e = this.queue.peek(); e && e.time <= end; e = this.queue.peek()) {
      this.queue.pop();
      this.now = e.time;
      this.stats.events++;
      this.trace.record(e.time, e.what);
      e.fn();
      await drainMicrotasks();
      this.observeRoles();
      const broken = this.afterEach?.();
      if (broken) this.fail(broken);
      if (this.failure) throw this.failure;
    }
    this.now = end;
  }

  /**
   * Runs until `done()` holds at a check point (every `everyMs`); elapsed ms, or null if `maxMs` ran
   * out. `done` may be async (a probe that sends a command runs the simulation while it waits).
   */
  async runUntil(done: () => boolean | Promise<boolean>, maxMs: number, everyMs = 100): Promise<number | null> {
    const start = this.now;
    while (this.now - start < maxMs) {
      await this.runFor(everyMs);
      if (await done()) return this.now - start;
    }
    return null;
  }

  /** The run's fingerprint so far (see trace.ts): equal for two runs of one seed. */
  get traceHash(): number {
    return this.trace.hash;
  }

  // ---- internals -----------------------------------------------------------------------------

  private node(name: string): SimNode {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  private at(time: number, what: string, fn: () => void): void {
    this.queue.push({ time, what, fn });
  }

  /** Runs `fn` every `ms` of simulated time while `active()` holds (clients, checkers). */
  every(ms: number, fn: () => void, active: () => boolean = () => true): void {
    const step = (): void => {
      if (!active()) return;
      fn();
      this.at(this.now + ms, "every", step);
    };
    this.at(this.now + ms, "every", step);
  }

  /** Called after every event (and its microtasks): a checker; a string it returns fails the run. */
  afterEach: (() => string | null) | null = null;

  private fail(why: string): void {
    this.failure ??= new Error(`seed ${this.seed}: ${why}`);
  }

  /** Builds a runtime over the node's storage, with the simulator's ports. */
  private start(node: SimNode): void {
    const inc = node.incarnation;
    const live = (): boolean => node.incarnation === inc;
    const clock: Clock = {
      now: () => this.now,
      setTimer: (ms, fn) => {
        let cancelled = false;
        this.at(this.now + Math.max(0, ms), `timer ${node.name}`, () => {
          if (!cancelled && live()) fn();
        });
        return () => (cancelled = true);
      },
      random: () => node.rng.next(),
    };
    const ports: RuntimePorts = {
      sql: node.sql,
      clock,
      transport: {
        bus: async (to, msgs) => {
          this.noteSent(node, msgs);
          const pongs = await this.call(node.name, to, `bus ${msgs.map((m) => m.type).join(",")}`, (rt) => rt.bus(msgs), live);
          this.stats.busMessages += pongs.length; // PONGs ride back as the RPC's result
          return pongs;
        },
        replicate: (to, msg) => this.call(node.name, to, `repl ${msg.type}`, (rt) => rt.replicate(msg), live) as Promise<ReplMessage[]>,
        peer: (to, msg) => this.call(node.name, to, `txn ${msg.type}`, (rt) => rt.peer(msg), live),
      },
      deadline: {
        get: async () => node.wakeAt,
        set: async (at) => {
          if (!live()) return;
          node.wakeAt = at;
          const token = ++node.wakeToken;
          this.at(Math.max(at, this.now), `alarm ${node.name}`, () => this.wake(node, token));
        },
      },
      lua: luaModule,
    };
    node.rt = new NodeRuntime(ports, { name: node.name, vars: this.vars });
  }

  /** The alarm fires: at most one alarm handler runs at a time; a failed one is retried, as Durable Objects do. */
  private wake(node: SimNode, token: number): void {
    const rt = node.rt;
    if (!rt || token !== node.wakeToken) return;
    if (node.alarmRunning) {
      this.at(this.now + 1, `alarm ${node.name}`, () => this.wake(node, token));
      return;
    }
    node.wakeAt = null;
    node.alarmRunning = true;
    this.stats.alarms++;
    const inc = node.incarnation;
    rt.alarm().then(
      () => {
        if (node.incarnation !== inc) return;
        node.alarmRunning = false;
        // The runtime records what failed in the background (invariants included): in the simulator that is a bug.
        if (rt.stats.backgroundErrors > 0) this.fail(`${node.name}: ${rt.stats.lastBackgroundError}`);
      },
      (e: unknown) => {
        if (node.incarnation !== inc) return;
        node.alarmRunning = false;
        this.log.push({ kind: "background-error", node: node.name, time: this.now, what: `alarm: ${String(e)}` });
        this.at(this.now + 1000, `alarm ${node.name}`, () => this.wake(node, node.wakeToken));
      },
    );
  }

  /**
   * Persist-before-send, checked at the moment a message leaves: no epoch goes out that the node's
   * storage does not already hold (else a crash right now would take back what others have seen).
   */
  private noteSent(node: SimNode, msgs: BusMessage[]): void {
    this.stats.busMessages += msgs.length;
    for (const m of msgs) {
      const own = m.slaveof === null ? m.configEpoch : 0;
      node.sentCurrentEpoch = Math.max(node.sentCurrentEpoch, m.currentEpoch);
      node.sentOwnConfigEpoch = Math.max(node.sentOwnConfigEpoch, own);
      if (m.currentEpoch <= node.persisted.current && own <= node.persisted.config) continue;
      const row = node.sql.exec("SELECT v FROM meta WHERE k = 'cluster'").toArray()[0];
      const rec = JSON.parse(String(row?.v ?? "{}")) as { currentEpoch?: number; myself?: string; nodes?: { id: string; configEpoch: number }[] };
      const current = rec.currentEpoch ?? 0;
      const config = rec.nodes?.find((n) => n.id === rec.myself)?.configEpoch ?? 0;
      node.persisted = { current, config };
      if (m.currentEpoch > current || own > config) {
        this.fail(`${node.name} sent a ${m.type} with epochs ${m.currentEpoch}/${own} before persisting them (storage holds ${current}/${config})`);
      }
    }
  }

  /**
   * An RPC from `from` to `to`: the request and the answer are each a network message. The
   * caller's promise settles only while the caller lives (`live`), so a crashed node's pending
   * work never resumes.
   */
  private call<T>(
    from: string, to: string, what: string, invoke: (rt: NodeRuntime) => Promise<T>, live: () => boolean = () => true,
  ): Promise<T> {
    this.stats.rpcs++;
    this.countMessage();
    return new Promise<T>((resolve, reject) => {
      const lost = (why: string): void =>
        this.at(this.now + this.net.delay(), `lost ${from}>${to} ${why}`, () => live() && reject(new Error(`rpc ${from}->${to}: ${why}`)));
      const deliver = (answer: boolean): void => {
        const target = this.nodes.get(to);
        if (!target?.rt) return answer ? lost("connection refused") : undefined;
        let done = false;
        const crashed = (): void => {
          if (!done && answer) lost("target crashed");
          done = true;
        };
        target.inbound.add(crashed);
        invoke(target.rt).then(
          (value) => {
            target.inbound.delete(crashed);
            if (done || !answer) return;
            done = true;
            if (this.net.dropped(to, from)) return lost("answer lost");
            const copy = structuredClone(value);
            this.at(this.now + this.net.delay(), `answer ${to}>${from}`, () => live() && resolve(copy));
          },
          (e: unknown) => {
            target.inbound.delete(crashed);
            if (done || !answer) return;
            done = true;
            this.at(this.now + this.net.delay(), `error ${to}>${from}`, () => live() && reject(e));
          },
        );
      };
      if (this.net.dropped(from, to)) return lost("request lost");
      this.at(this.now + this.net.delay(), `${what} ${from}>${to}`, () => deliver(true));
      if (this.net.duplicated(from)) {
        this.at(this.now + this.net.delay(), `duplicate ${what} ${from}>${to}`, () => deliver(false));
      }
    });
  }

  /** Notes promotions: a replica that is now a master serving slots (Redis's failover, any kind). */
  private observeRoles(): void {
    for (const n of this.nodes.values()) {
      if (!n.rt) continue;
      const me = n.rt.cluster.state.myself;
      const master = (me.flags & NodeFlag.SLAVE) !== 0 ? (me.slaveof?.name ?? "(unknown)") : null;
      const before = this.masterOf.get(n.name);
      if (before && master === null && me.numSlots > 0) this.log.push({ kind: "promotion", node: n.name, time: this.now, from: before });
      this.masterOf.set(n.name, master);
    }
  }

  private countMessage(): void {
    const second = Math.floor(this.now / 1000);
    if (second !== this.sentWindow.second) this.sentWindow = { second, count: 0 };
    if (++this.sentWindow.count > MAX_MESSAGES_PER_SECOND) this.fail(`message storm (over ${MAX_MESSAGES_PER_SECOND} RPCs in one simulated second)`);
  }
}

/** Lets every queued microtask (and the ones they queue) run. */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
