/**
 * Keys as images (DUMP payload + absolute expiry) for cross-node transactions: reading one,
 * writing a set of them back (replicated as RESTORE ... REPLACE ABSTTL or DEL), and running
 * commands over copies of other nodes' keys inside a transaction that is always rolled back.
 */
import { UNDECLARED_KEY } from "../scripting/discovery";
import type { BStr } from "../resp/bytes";
import { error, ERR, type Reply } from "../resp/reply";
import { arityOk, lookupCommand, unknownCommandError } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { CommandSpec, ConnState } from "../commands/types";
import { REDIRECT } from "../cluster";
import type { WatchToken } from "../node-rpc";
import type { RuntimePorts } from "./ports";
import type { Notification, ScratchResult, TxnHost } from "./txn-shell";
import type { Keyspace } from "../keyspace/db";
import type { SqlPort } from "../keyspace/sql";
import { decodeValue, encodeValue } from "../keyspace/serialize";
import type { KeyImage } from "../txn/messages";
import { deleteKeys, writeValues, type NewKey } from "../keyspace/value-batch";
import { run, type DispatchEnv } from "./dispatch";

export function imageOf(db: Keyspace, key: BStr): KeyImage {
  const meta = db.meta(key);
  if (!meta) return { key, payload: null, expiresAt: null };
  return { key, payload: encodeValue(db.readValue(meta)), expiresAt: meta.expiresAt };
}

/**
 * Writes `writes` in one transaction, a few statements for them all (value-batch.ts: an atomic
 * slot migration installs hundreds per message); returns the commands that replicate them. The
 * last image of a key wins.
 */
export function writeImages(db: Keyspace, sql: Pick<SqlPort, "transactionSync">, writes: KeyImage[]): BStr[][] {
  return sql.transactionSync(() => {
    const last = new Map<BStr, KeyImage>();
    for (const w of writes) {
      last.delete(w.key);
      last.set(w.key, w);
    }
    const images = [...last.values()];
    const existed = new Set(deleteKeys(db, images.map((w) => w.key)));
    const created: NewKey[] = [];
    const effects: BStr[][] = [];
    for (const w of images) {
      const value = w.payload === null ? null : decodeValue(w.payload);
      if (value) {
        created.push({ key: w.key, value, expiresAt: w.expiresAt });
        effects.push(["RESTORE", w.key, String(w.expiresAt ?? 0), w.payload!, "REPLACE", "ABSTTL"]);
      } else if (existed.has(w.key)) {
        effects.push(["DEL", w.key]);
      }
    }
    writeValues(db, created);
    return effects;
  });
}

class Rollback extends Error {}


/** One command without slot checks (the caller made them, or they do not apply): its reply (a block request's timeout reply) and effects. */
export function runUnchecked(env: DispatchEnv, argv: BStr[]): { reply: Reply; effects: BStr[][] } {
  const def = lookupCommand(argv[0] ?? "");
  if (!def) return { reply: unknownCommandError(argv), effects: [] };
  if (!arityOk(def, argv.length)) return { reply: error(ERR.wrongArity(def.name)), effects: [] };
  const o = run(def, argv, env);
  return { reply: o.reply.t === "block" ? o.reply.timeoutReply : o.reply, effects: o.effects };
}

/**
 * Runs `cmds` (already checked for arity by the caller, or answered with their error here) over
 * this node's keyspace with `images` written in, then rolls everything back. Nobody is told of
 * the writes (no WATCH, no blocked client): they never happened here. Returns the replies and the
 * images of `keys` at the end.
 */
export function scratchRun(
  env0: DispatchEnv, cmds: BStr[][], images: KeyImage[], keys: BStr[],
): ScratchResult {
  const db = env0.db;
  const [hook, created] = [db.onModified, db.onCreated];
  const dirty = db.dirty;
  let out: ScratchResult | null = null;
  // Keyspace events are kept aside, for the coordinator to publish if the transaction commits.
  const events: Notification[] = [];
  const notify = env0.notify?.fork({ notify: (channel, message) => void events.push([channel, message]) });
  const env: DispatchEnv = { ...env0, notify };
  db.onModified = notify ? (k) => notify.touched(k) : null;
  db.onCreated = notify ? (k) => notify.created(k) : null;
  try {
    env.sql.transactionSync(() => {
      db.now = env.now;
      writeImages(db, env.sql, images);
      const replies = cmds.map((argv) => runUnchecked(env, argv).reply);
      out = { replies, finals: keys.map((k) => imageOf(db, k)), events };
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    db.onModified = hook;
    db.onCreated = created;
    db.dirty = dirty;
    db.clearCache();
    db.takeExpired();
  }
  return out!;
}

/** A script run across nodes touched a key outside the ones it declared (and so locked). */
const undeclaredKey = (k: BStr): string =>
  `${UNDECLARED_KEY} ('${k.slice(0, 64)}'), on keys of several nodes: declare every key the script touches (KEYS)`;

/** What the runtime lends the cross-node transactions' shell. */
export interface TxnWiring {
  name: string;
  ports: RuntimePorts;
  db: Keyspace;
  /** The runtime's slot gate, for the master client. */
  gate(slot: number, def: CommandSpec, keys: BStr[]): Reply | null;
  ownerOf(slot: number): string | null;
  watchChanged(token: WatchToken): boolean;
  isMaster(): boolean;
  /** A dispatch environment without slot gate. */
  env(conn: ConnState): DispatchEnv;
  feed(effects: BStr[][]): void;
  /** Publishes keyspace events (a committed cross-node run's). */
  publish(events: Notification[]): void;
  failed(what: string, e: unknown): void;
}

export function nodeTxnHost(w: TxnWiring): TxnHost {
  const { sql, clock, transport } = w.ports;
  const write = lookupCommand("del")!;
  return {
    name: w.name, sql, clock,
    peer: (to, msg) => transport.peer(to, msg),
    ownerOf: w.ownerOf,
    refusal: (keys) => {
      for (const k of keys) {
        const r = w.gate(keyHashSlot(k), write, [k]);
        // A participant cannot be sent ASKING: a slot being moved is tried again later.
        if (r) return r.t === "error" && r.v.startsWith("ASK ") ? error(REDIRECT.tryAgain) : r;
      }
      return null;
    },
    watchChanged: w.watchChanged,
    isMaster: w.isMaster,
    imageOf: (key) => imageOf(w.db, key),
    // A script among them may touch only the keys locked for it (the declared ones) ...
    scratch: (cmds, images, keys, conn) => {
      const locked = new Set(keys);
      // (It holds those locks itself: no lockedKey check.)
      return scratchRun({ ...w.env(conn), keyScope: (k) => (locked.has(k) ? null : undeclaredKey(k)), lockedKey: undefined }, cmds, images, keys);
    },
    runHere: (cmds, conn) => {
      // ... or, all on this node, any key this node serves.
      const env: DispatchEnv = { ...w.env(conn), keyScope: (k) => {
        const r = w.gate(keyHashSlot(k), write, [k]);
        return r && r.t === "error" ? undeclaredKey(k) : null;
      } };
      return sql.transactionSync(() => {
        const effects: BStr[][] = [];
        const replies = cmds.map((argv) => {
          const o = runUnchecked(env, argv);
          effects.push(...o.effects);
          return o.reply;
        });
        w.feed(effects);
        return replies;
      });
    },
    applyWrites: (writes) => {
      w.db.now = clock.now();
      w.feed(writeImages(w.db, sql, writes));
    },
    publish: w.publish,
    failed: w.failed,
  };
}
