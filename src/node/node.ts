/**
 * RedisNode: one Redis Cluster node as a SQLite-backed Durable Object. A thin adapter: it binds
 * the NodeRuntime's ports to `ctx.storage` (SQL, the alarm) and to other nodes' stubs, and
 * forwards each RPC and the alarm to the runtime (src/node/runtime.ts), where the node lives.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import type { Keyspace } from "../keyspace/db";
import type { ReplMessage } from "../replication";
import type { BusMessage } from "../cluster";
import type { WatchToken } from "./watch";
import type { CoordinateRequest } from "../node-rpc";
import type { PeerReply, PeerRequest } from "../txn/messages";
import { nodeByName } from "./client";
import { NodeRuntime } from "./runtime";
import { DoMeter } from "./do-meter";
import { hubCount, hubStub } from "../pubsub/protocol";
import { consoleSink } from "../events/cluster-event";
import { badLocationHint, isLocationHint, type Placement } from "../placement/location-hint";
import type { Clock, RuntimePorts } from "./ports";
// Compiled by wrangler at build time (a CompiledWasm module): workerd compiles no wasm at run time.
import luaWasm from "../scripting/wasm/redis-lua.wasm";

/** Real time, real timers, Math.random (node ids and SPOP need no cryptographic strength). */
const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  random: () => Math.random(),
};

/** What nodes call on each other for replication and cross-node transactions. */
interface Peer {
  replicate(msg: ReplMessage): Promise<ReplMessage[]>;
  peer(msg: PeerRequest): Promise<PeerReply>;
}

export class RedisNode extends DurableObject<Env> {
  readonly runtime: NodeRuntime;
  /** Billed invocations and SQLite rows (INFO stats do_*). */
  private readonly meter = new DoMeter();
  /** No node had ever run on this object's storage when this instance started (its first access ever). */
  private readonly freshStorage: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const storage = ctx.storage;
    this.freshStorage = storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length === 0;
    const ports: RuntimePorts = {
      sql: {
        exec: (query, ...params) => this.meter.track(storage.sql.exec(query, ...params)),
        transactionSync: (fn) => storage.transactionSync(fn),
        databaseSize: () => storage.sql.databaseSize,
      },
      clock: SYSTEM_CLOCK,
      transport: {
        bus: (to, msgs) => nodeByName(env, to).bus(msgs),
        replicate: (to, msg) => (nodeByName(env, to) as unknown as Peer).replicate(msg),
        peer: (to, msg) => (nodeByName(env, to) as unknown as Peer).peer(msg),
      },
      deadline: { get: () => storage.getAlarm(), set: (at) => storage.setAlarm(at) },
      // After the reply has left: abort() resets the object and fails whatever is in flight.
      restart: () => void setTimeout(() => ctx.abort("DEBUG RESTART"), 10),
      pubsub: env.PUBSUB && {
        hubs: hubCount(env),
        publish: (hub, pubs) => hubStub(env, hub).publish(pubs),
        query: (hub, q) => hubStub(env, hub).query(q),
      },
      lua: () => luaWasm,
      // Cluster events as JSON log lines (Workers Logs, `wrangler tail`): docs/observability.md.
      events: env.CLUSTER_EVENT_LOG === "false" ? undefined : consoleSink,
      meter: this.meter,
    };
    this.runtime = new NodeRuntime(ports, { name: ctx.id.name ?? null, vars: env });
  }

  /** The runtime, counting one billed RPC call (INFO stats do_rpc_calls). */
  private called(): NodeRuntime {
    this.meter.rpcCalls++;
    return this.runtime;
  }

  execute(cmds: BStr[][], conn: ConnState): Promise<Reply[]> {
    return this.called().execute(cmds, conn);
  }

  transaction(cmds: BStr[][], conn: ConnState, watch?: WatchToken): Promise<Reply> {
    return this.called().transaction(cmds, conn, watch);
  }

  watch(keys: BStr[]): Promise<WatchToken> {
    return this.called().watch(keys);
  }

  coordinate(req: CoordinateRequest, conn: ConnState): Promise<Reply> {
    return this.called().coordinate(req, conn);
  }

  peer(msg: unknown): Promise<PeerReply> {
    return this.called().peer(msg);
  }

  bus(msgs: unknown): Promise<BusMessage[]> {
    return this.called().bus(msgs);
  }

  replicate(msg: unknown): Promise<ReplMessage[]> {
    return this.called().replicate(msg);
  }

  /**
   * The gateway reached this object with a location hint (src/gateway/placement.ts): record it. It
   * chose the object's location only if this call is the object's first access ever.
   */
  locate(hint: unknown): Placement {
    const rt = this.called();
    if (typeof hint !== "string" || !isLocationHint(hint)) throw new Error(badLocationHint(String(hint)));
    const first = this.freshStorage && this.meter.rpcCalls === 1 && this.meter.alarms === 0;
    return rt.placement.record(hint, first, Date.now());
  }

  override alarm(): Promise<void> {
    this.meter.alarms++;
    return this.runtime.alarm();
  }

  // For tests (runInDurableObject).
  get nodeId(): string {
    return this.runtime.nodeId;
  }

  get db(): Keyspace {
    return this.runtime.db;
  }

  get blockedClients(): number {
    return this.runtime.blockedClients;
  }
}
