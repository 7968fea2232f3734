/**
 * Runs one command on the node: look it up, check arity, check that this node may serve its keys'
 * slot, then run the handler; a write command runs inside its own SQLite transaction (a thrown
 * ReplyError rolls back every write it made). Any other exception (a failing SQLite statement)
 * also rolls back and becomes that command's `ERR internal error: ...` reply. Pure apart from the storage it is given: the Durable Object
 * shell (node.ts) supplies the clock, randomness and the slot gate.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError, error, replySize, type Reply } from "../resp/reply";
import { NODE_REPLY_MAX_BYTES } from "../resp/limits";
import { arityOk, keyIndexes, lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { BlockRequest, CommandContext, CommandDef, ConnState } from "../commands/types";
import type { Keyspace } from "../keyspace/db";

/** Decides whether this node serves `slot` for `def` (MOVED / ASK / CLUSTERDOWN otherwise). */
export type SlotGate = (slot: number | null, def: CommandDef, keys: BStr[], conn: ConnState) => Reply | null;

export interface DispatchEnv {
  db: Keyspace;
  sql: { transactionSync<T>(fn: () => T): T };
  now: number;
  rand: () => number;
  conn: ConnState;
  gate: SlotGate;
  server?: unknown;
}

/** What running one command produced: its reply (or a block request) and its replication effects. */
export interface Outcome {
  reply: Reply | BlockRequest;
  /** Commands to send to replicas, in order (empty for reads and for writes that changed nothing). */
  effects: BStr[][];
}

export function unknownCommandError(argv: BStr[]): Reply {
  let args = "";
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${argv[i]!.slice(0, 128 - args.length)}' `;
  return error(`ERR unknown command '${argv[0]!.slice(0, 128)}', with args beginning with: ${args}`.replace(/[\r\n]/g, " "));
}

/** Resolves the command and its single slot, or returns the error reply that refuses it. */
export function prepare(argv: BStr[], conn: ConnState, gate: SlotGate): { def: CommandDef } | { error: Reply } {
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

/** Runs a prepared command in its own transaction. */
export function run(def: CommandDef, argv: BStr[], env: DispatchEnv): Outcome {
  let explicit: BStr[][] | null = null;
  const ctx: CommandContext = {
    db: env.db,
    now: env.now,
    rand: env.rand,
    conn: env.conn,
    server: env.server,
    propagate: (...cmds) => {
      explicit ??= [];
      explicit.push(...cmds);
    },
  };
  env.db.now = env.now;
  const dirtyBefore = env.db.dirty;
  const expired: BStr[] = [];
  env.db.onExpired = (key) => expired.push(key);
  try {
    // Writes need the transaction to roll back on error; a read has nothing to undo (its only
    // possible write, a lazy expiry, is right to keep), so it skips the savepoint.
    const call = (): Reply | BlockRequest => capReply(def.handler(ctx, argv));
    const reply = def.flags.includes("write") ? env.sql.transactionSync(call) : call();
    const wrote = env.db.dirty !== dirtyBefore;
    const effects: BStr[][] = expired.map((k) => ["DEL", k]);
    if (explicit) effects.push(...(explicit as BStr[][]));
    else if (wrote && def.flags.includes("write")) effects.push(argv);
    return { reply, effects };
  } catch (e) {
    // A write's transaction rolled back, lazy expiries included: nothing to propagate, and values
    // cached during the command may be newer than what SQLite now holds. A read has no
    // transaction: the keys it expired stay deleted, so replicas still need their DELs.
    const write = def.flags.includes("write");
    if (write) env.db.clearCache();
    const effects: BStr[][] = write ? [] : expired.map((k) => ["DEL", k]);
    if (e instanceof ReplyError) return { reply: e.reply, effects };
    // Anything else (a SQLite statement failing, a bug) fails this one command, not the RPC: a
    // throw would cost the other commands of the batch their replies and make the gateway
    // suspect a healthy node (see Router.call).
    return { reply: internalError(def, e), effects };
  } finally {
    env.db.onExpired = null;
  }
}

export const REPLY_TOO_LARGE =
  `ERR reply exceeds the ${NODE_REPLY_MAX_BYTES} bytes one command may return; read it in parts (GETRANGE, LRANGE, SCAN, HSCAN, ...)`;

/** NODE_REPLY_MAX_BYTES: a larger reply fails its command (thrown inside its transaction, so a write rolls back). */
function capReply(r: Reply | BlockRequest): Reply | BlockRequest {
  if (r.t !== "block" && replySize(r) > NODE_REPLY_MAX_BYTES) throw new ReplyError(REPLY_TOO_LARGE);
  return r;
}

/** The reply of a command whose handler threw something other than a ReplyError (logged). */
export function internalError(def: CommandDef, e: unknown): Reply {
  const why = e instanceof Error ? e.message : String(e);
  console.error(`command '${def.name}' failed:`, e);
  return error(`ERR internal error: ${why}`.replace(/[\r\n]/g, " ").slice(0, 512));
}

/** prepare + run: the whole path of one client command. */
export function dispatch(argv: BStr[], env: DispatchEnv): Outcome {
  const p = prepare(argv, env.conn, env.gate);
  if ("error" in p) return { reply: p.error, effects: [] };
  return run(p.def, argv, env);
}
