/**
 * Runs one command on the node: look it up, check arity, check that this node may serve its keys'
 * slot, then run the handler; a write command runs inside its own SQLite transaction (a thrown
 * ReplyError rolls back every write it made). Any other exception (a failing SQLite statement)
 * also rolls back and becomes that command's `ERR internal error: ...` reply. Pure apart from the
 * storage it is given: the runtime (runtime.ts) supplies the clock, randomness and the slot gate.
 */
import type { KeyspaceNotifier } from "../pubsub/notifier";
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError, error, replySize, type Reply } from "../resp/reply";
import { NODE_REPLY_MAX_BYTES } from "../resp/limits";
import { arityOk, keyIndexes, lookupCommand, unknownCommandError } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { CommandSpec, ConnState } from "../commands/types";
import type { Keyspace } from "../keyspace/db";
import type { SqlPort } from "../keyspace/sql";
import type { BlockRequest, CommandContext, Handler, NestedCommands } from "../keyspace/handler";
import { HANDLERS } from "./handlers";
import type { CommandObserver } from "./stats/observer";

/** Decides whether this node serves `slot` for `def` (MOVED / ASK / CLUSTERDOWN otherwise). */
export type SlotGate = (slot: number | null, def: CommandSpec, keys: BStr[], conn: ConnState) => Reply | null;

export interface DispatchEnv {
  db: Keyspace;
  sql: Pick<SqlPort, "transactionSync">;
  now: number;
  rand: () => number;
  conn: ConnState;
  gate: SlotGate;
  server?: unknown;
  /** The node's Pub/Sub outbox (CommandContext.pubsub). */
  pubsub?: unknown;
  /**
   * Which keys a command nested in this one (a script's redis.call) may touch: null when allowed,
   * else the error text. Absent: the keys `gate` allows. Cross-node runs set it to their locked keys.
   */
  keyScope?: (key: BStr) => string | null;
  /**
   * For keys a nested command reaches without its command having declared them (a script's): the
   * refusal when a cross-node transaction or a slot move holds the key, else null. Its holder's
   * commit would overwrite a write made under it. Absent in the holder's own runs.
   */
  lockedKey?: (key: BStr) => string | null;
  /** Keyspace notifications: present only while notify-keyspace-events enables some (pubsub/notifier.ts). */
  notify?: KeyspaceNotifier;
  /** INFO commandstats/errorstats, SLOWLOG, LATENCY: told about every client command (stats/observer.ts). */
  observer?: CommandObserver;
}

/** What running one command produced: its reply (or a block request) and its replication effects. */
export interface Outcome {
  reply: Reply | BlockRequest;
  /** Commands to send to replicas, in order (empty for reads and for writes that changed nothing). */
  effects: BStr[][];
  /** The reply's size (replySize; 0 for a block request), measured once for NODE_REPLY_MAX_BYTES and the runtime's reply budget. */
  bytes: number;
}

/** Resolves the command and its single slot, or returns the error reply that refuses it. */
export function prepare(argv: BStr[], conn: ConnState, gate: SlotGate): { def: CommandSpec } | { error: Reply } {
  const def = argv.length > 0 ? lookupCommand(argv[0]!) : undefined;
  if (!def) return { error: unknownCommandError(argv.length ? argv : [""]) };
  if (!arityOk(def, argv.length)) return { error: error(ERR.wrongArity(def.name)) };
  const keys = keyIndexes(def, argv).map((i) => argv[i]!);
  let slot: number | null = null;
  for (const k of keys) {
    const s = keyHashSlot(k);
    if (slot !== null && s !== slot) return { error: error(ERR.crossSlot) };
    slot = s;
  }
  const refusal = gate(slot, def, keys, conn);
  return refusal ? { error: refusal } : { def };
}

/**
 * Whether `def` runs in a transaction of its own (a throw rolls its writes back): writes, and
 * commands that may replicate (EVAL, FCALL: a script's writes commit or roll back together).
 */
const transactional = (def: CommandSpec): boolean => def.flags.includes("write") || def.flags.includes("may_replicate");

/** What a command may run inside itself (scripts): the slot gate and a nested run, sharing this env. */
function nested(env: DispatchEnv): NestedCommands {
  return {
    refusal(def, key, conn) {
      if (env.keyScope) {
        const scoped = env.keyScope(key);
        if (scoped !== null) return scoped;
      } else {
        const r = env.gate(keyHashSlot(key), def, [key], conn);
        if (r && r.t === "error") return r.v;
      }
      return env.lockedKey?.(key) ?? null;
    },
    run: (def, argv, conn) => run(def, argv, { ...env, conn }),
  };
}

/** Runs a prepared command in its own transaction (with its bound handler; tests may pass another). */
// Every spec has a handler: node/handlers.ts checks it when it loads.
export function run(def: CommandSpec, argv: BStr[], env: DispatchEnv, handler: Handler = HANDLERS.get(def.name)!): Outcome {
  let explicit: BStr[][] | null = null;
  const ctx: CommandContext = {
    db: env.db,
    now: env.now,
    rand: env.rand,
    conn: env.conn,
    server: env.server,
    pubsub: env.pubsub,
    propagate: (...cmds) => {
      explicit ??= [];
      explicit.push(...cmds);
    },
    nested: () => nested(env),
  };
  env.db.now = env.now;
  env.notify?.beforeCommand();
  const dirtyBefore = env.db.dirty;
  // Keys that expired before this command (a lookup outside any command) still owe their DEL.
  const pending = env.db.takeExpired();
  const dels = (keys: BStr[]): BStr[][] => keys.map((k) => ["DEL", k]);
  try {
    // Writes need the transaction to roll back on error; a read has nothing to undo (its only
    // possible write, a lazy expiry, is right to keep), so it skips the savepoint.
    let bytes = 0;
    const call = (): Reply | BlockRequest => {
      const r = handler(ctx, argv);
      // NODE_REPLY_MAX_BYTES: a larger reply fails its command (thrown inside its transaction, so a write rolls back).
      if (r.t !== "block" && (bytes = replySize(r)) > NODE_REPLY_MAX_BYTES) throw new ReplyError(REPLY_TOO_LARGE);
      return r;
    };
    const reply = transactional(def) ? env.sql.transactionSync(call) : call();
    const wrote = env.db.dirty !== dirtyBefore;
    const expired = [...pending, ...env.db.takeExpired()];
    const effects = dels(expired);
    env.notify?.afterCommand(argv, expired, true);
    if (explicit) effects.push(...(explicit as BStr[][]));
    else if (wrote && def.flags.includes("write")) effects.push(argv);
    return { reply, effects, bytes };
  } catch (e) {
    // A write's transaction rolled back, lazy expiries included: nothing of it to propagate, and
    // values cached during the command may be newer than what SQLite now holds. A read has no
    // transaction: the keys it expired stay deleted, so replicas still need their DELs.
    const rolledBack = transactional(def);
    const mine = env.db.takeExpired();
    if (rolledBack) env.db.clearCache();
    const effects = dels(rolledBack ? pending : [...pending, ...mine]);
    env.notify?.afterCommand(argv, rolledBack ? pending : [...pending, ...mine], false);
    if (e instanceof ReplyError) return { reply: e.reply, effects, bytes: replySize(e.reply) };
    // Anything else (a SQLite statement failing, a bug) fails this one command, not the RPC: a
    // throw would cost the other commands of the batch their replies and make the gateway
    // suspect a healthy node (see Router.call).
    const reply = internalError(def, e);
    return { reply, effects, bytes: replySize(reply) };
  }
}

export const REPLY_TOO_LARGE =
  `ERR reply exceeds the ${NODE_REPLY_MAX_BYTES} bytes one command may return; read it in parts (GETRANGE, LRANGE, SCAN, HSCAN, ...)`;

/** The reply of a command whose handler threw something other than a ReplyError (logged). */
export function internalError(def: CommandSpec, e: unknown): Reply {
  const why = e instanceof Error ? e.message : String(e);
  console.error(`command '${def.name}' failed:`, e);
  return error(`ERR internal error: ${why}`.replace(/[\r\n]/g, " ").slice(0, 512));
}

/** prepare + run: the whole path of one client command. */
export function dispatch(argv: BStr[], env: DispatchEnv): Outcome {
  const p = prepare(argv, env.conn, env.gate);
  const obs = env.observer;
  if ("error" in p) {
    obs?.rejected(argv, argv.length > 0 ? lookupCommand(argv[0]!) : undefined, p.error);
    return { reply: p.error, effects: [], bytes: replySize(p.error) };
  }
  if (!obs) return run(p.def, argv, env);
  const started = obs.start(p.def);
  const out = run(p.def, argv, env);
  obs.ran(p.def, argv, out.reply, started, out.bytes);
  return out;
}
