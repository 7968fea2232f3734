/**
 * Runs one command on the node: look it up, check arity, check that this node may serve its keys'
 * slot, then run the handler; a write command runs inside its own SQLite transaction (a thrown
 * ReplyError rolls back every write it made). Pure apart from the storage it is given: the Durable Object
 * runtime (runtime.ts) supplies the clock, randomness and the slot gate.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError, error, type Reply } from "../resp/reply";
import { arityOk, keyIndexes, lookupCommand, unknownCommandError } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { CommandSpec, ConnState } from "../commands/types";
import type { Keyspace } from "../keyspace/db";
import type { SqlPort } from "../keyspace/sql";
import type { BlockRequest, CommandContext } from "../keyspace/handler";
import { HANDLERS } from "./handlers";

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
}

/** What running one command produced: its reply (or a block request) and its replication effects. */
export interface Outcome {
  reply: Reply | BlockRequest;
  /** Commands to send to replicas, in order (empty for reads and for writes that changed nothing). */
  effects: BStr[][];
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

/** Runs a prepared command in its own transaction. */
export function run(def: CommandSpec, argv: BStr[], env: DispatchEnv): Outcome {
  // Every spec has a handler: node/handlers.ts checks it when it loads.
  const handler = HANDLERS.get(def.name)!;
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
  // Keys that expired before this command (a lookup outside any command) still owe their DEL.
  const pending = env.db.takeExpired();
  const dels = (keys: BStr[]): BStr[][] => keys.map((k) => ["DEL", k]);
  try {
    // Writes need the transaction to roll back on error; a read has nothing to undo (its only
    // possible write, a lazy expiry, is right to keep), so it skips the savepoint.
    const reply = def.flags.includes("write") ? env.sql.transactionSync(() => handler(ctx, argv)) : handler(ctx, argv);
    const wrote = env.db.dirty !== dirtyBefore;
    const effects = dels([...pending, ...env.db.takeExpired()]);
    if (explicit) effects.push(...(explicit as BStr[][]));
    else if (wrote && def.flags.includes("write")) effects.push(argv);
    return { reply, effects };
  } catch (e) {
    // A write's transaction rolled back, lazy expiries included: nothing of it to propagate, and
    // values cached during the command may be newer than what SQLite now holds.
    const rolledBack = def.flags.includes("write");
    const mine = env.db.takeExpired();
    if (rolledBack) env.db.clearCache();
    if (e instanceof ReplyError) return { reply: e.reply, effects: dels(rolledBack ? pending : [...pending, ...mine]) };
    throw e;
  }
}

/** prepare + run: the whole path of one client command. */
export function dispatch(argv: BStr[], env: DispatchEnv): Outcome {
  const p = prepare(argv, env.conn, env.gate);
  if ("error" in p) return { reply: p.error, effects: [] };
  return run(p.def, argv, env);
}
