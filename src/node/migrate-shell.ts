/**
 * MIGRATE on both ends (cluster.c's migrateCommand and RESTORE-ASKING), over the peer RPC.
 *
 * Source: checks the command (MIGRATE is served wherever its slot is open: migrating or
 * importing, getNodeByQuery's exception), locks the keys (KeyLocks, with its own txid and this
 * node as coordinator: a lease that runs out is released by the TxnShell's cron, which knows no
 * such transaction), then moves each key in pages of MIGRATE_PAGE_BYTES read straight from
 * SQLite (keyspace/value-pages.ts), each page a DUMP payload of part of the value. A key is
 * deleted here (replicated as DEL) only once the target acknowledged its last page, unless COPY.
 * Other clients' commands on a locked key wait (TxnShell.waitUnlocked), so none sees it half moved;
 * after the move they find it gone and are sent on (ASK, or MOVED once the slot is reassigned).
 *
 * Target: checks the key may be restored here (the slot gate as for an ASKING client), BUSYKEY
 * unless REPLACE, stages pages in SQLite (migrate_pages, in pieces under the 2 MB row limit), and
 * installs the key with the last page in one transaction. Replicas get a RESTORE of the first part
 * then one append command per later part (value-pages.ts), then PEXPIREAT: no replicated command
 * is larger than a page.
 */
import type { BStr } from "../resp/bytes";
import { ERR, error, OK, ReplyError, simple, type Reply } from "../resp/reply";
import { lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { ConnState } from "../commands/types";
import { param, blob, type Keyspace } from "../keyspace/db";
import type { SqlPort } from "../keyspace/sql";
import { decodeValue, encodeValue, verifyPayload } from "../keyspace/serialize";
import { extendValue } from "../keyspace/value-parts";
import { partCommands, readPage, type PageCursor } from "../keyspace/value-pages";
import type { KeyLocks } from "../txn/locks";
import type { KeyImage, MigrateRequest, PeerReply } from "../txn/messages";
import { prepare, type SlotGate } from "./dispatch";
import { parseMigrate, type MigrateArgs } from "./migrate-command";
import { LOCK_WAIT_MS, LOCKED_ERROR, TXN_LEASE_MS } from "./txn-shell";
import { randomHex, type Clock } from "./ports";

/** A page's payload: well under the 32 MiB RPC limit, and little memory on both ends. */
export const MIGRATE_PAGE_BYTES = 4 * 1024 * 1024;
/** Staged pages are stored in pieces this big (SQLite rows stay under 2 MB). */
const STAGE_PIECE_BYTES = 1024 * 1024;

const BUSYKEY = "BUSYKEY Target key name already exists.";
const IOERR_CONNECT = "IOERR error or timeout connecting to the client";
const IOERR_READ = "IOERR error or timeout reading to target instance";
const SELECT_REFUSED = "ERR SELECT is not allowed in cluster mode";

const STAGING = `CREATE TABLE IF NOT EXISTS migrate_pages (
  txid TEXT NOT NULL, key BLOB NOT NULL, seq INTEGER NOT NULL, piece INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (txid, key, seq, piece)) WITHOUT ROWID`;

export interface MigrateHost {
  readonly name: string;
  readonly sql: SqlPort;
  readonly clock: Clock;
  readonly db: Keyspace;
  readonly locks: KeyLocks;
  peer(to: string, msg: MigrateRequest): Promise<PeerReply>;
  /** Is `name` a node of the cluster (CLUSTER NODES' host)? */
  knows(name: string): boolean;
  /** The node's slot gate (MOVED/ASK/TRYAGAIN/CLUSTERDOWN, READONLY). */
  gate: SlotGate;
  /** Is `slot` migrating from or importing to this node? */
  slotOpen(slot: number): boolean;
  /** Is `slot` imported by the atomic slot migration `job` (slot-migration.ts)? */
  importing(job: string, slot: number): boolean;
  /** Sends commands to replicas (inside the caller's transaction). */
  feed(cmds: BStr[][]): void;
}

class TargetIoError extends Error {}

const restoreDef = lookupCommand("restore")!;
const ASKING_CONN: ConnState = { resp: 2, asking: true };

export class MigrateShell {
  private readonly incarnation: string;
  private seq = 0;

  constructor(private readonly host: MigrateHost) {
    host.sql.exec(STAGING);
    this.incarnation = randomHex(host.clock, 6);
  }

  // ---- source --------------------------------------------------------------------------------

  /** The MIGRATE command: OK, NOKEY, or the error. */
  async command(argv: BStr[], conn: ConnState): Promise<Reply> {
    const h = this.host;
    const p = prepare(argv, conn, (slot, def, keys, c) => (slot !== null && h.slotOpen(slot) ? null : h.gate(slot, def, keys, c)));
    if ("error" in p) return p.error;
    let args: MigrateArgs;
    try {
      args = parseMigrate(argv);
    } catch (e) {
      if (e instanceof ReplyError) return e.reply;
      throw e;
    }
    const keys = [...new Set(args.keys)];
    const txid = `${h.name}:migrate:${this.incarnation}:${++this.seq}`;
    const leaseUntil = (): number => h.clock.now() + Math.max(TXN_LEASE_MS, args.timeoutMs + 1000);
    if (!h.locks.acquire(txid, h.name, keys, leaseUntil())) {
      if (!(await h.locks.waitFree(keys, LOCK_WAIT_MS, txid)) || !h.locks.acquire(txid, h.name, keys, leaseUntil())) return error(LOCKED_ERROR);
    }
    try {
      h.db.now = h.clock.now();
      const present = keys.filter((k) => h.db.exists(k));
      if (present.length === 0) return simple("NOKEY");
      if (args.host !== h.name && !h.knows(args.host)) return error(IOERR_CONNECT);
      if (args.db !== 0) return targetError(error(SELECT_REFUSED));
      let first: Reply | null = null;
      const extend = (): void => h.locks.extend(txid, leaseUntil());
      // Small keys travel together (one message per MIGRATE_PAGE_BYTES), a large one in pages of its own.
      let batch: KeyImage[] = [];
      let bytes = 0;
      const flush = async (): Promise<boolean> => {
        if (batch.length === 0) return true;
        const r = await this.moveKeys(batch, args, txid, extend);
        batch = [];
        bytes = 0;
        if (r === "io") return false;
        for (const e of r) first ??= targetError(e);
        return true;
      };
      for (const key of present) {
        h.db.now = h.clock.now();
        const meta = h.db.meta(key);
        if (!meta) continue; // expired meanwhile: nothing to move (Redis skips it too)
        const { part, next } = readPage(h.db, meta, null, MIGRATE_PAGE_BYTES);
        if (next === null) {
          const payload = encodeValue(part);
          if (bytes > 0 && bytes + payload.length > MIGRATE_PAGE_BYTES && !(await flush())) return error(IOERR_READ);
          batch.push({ key, payload, expiresAt: meta.expiresAt });
          bytes += payload.length + key.length;
          continue;
        }
        if (!(await flush())) return error(IOERR_READ);
        const r = await this.moveKey(key, args, txid, extend);
        if (r === "io") return error(IOERR_READ);
        if (r !== "moved") first ??= targetError(r);
      }
      if (!(await flush())) return error(IOERR_READ);
      return first ?? OK;
    } finally {
      h.locks.release(txid);
    }
  }

  /**
   * Moves small keys whole in one message; deletes here (one replicated DEL) those the target
   * restored, unless COPY. Returns the target's errors (the keys it refused stay here) or "io".
   */
  private async moveKeys(keys: KeyImage[], args: MigrateArgs, txid: string, extend: () => void): Promise<Reply[] | "io"> {
    extend();
    let reply: PeerReply;
    try {
      reply = await this.send(args, { type: "migrate-keys", txid, keys, replace: args.replace });
    } catch (e) {
      if (e instanceof TargetIoError) return "io";
      throw e;
    }
    if (reply.type === "refused") return [reply.reply];
    if (reply.type !== "restored" || reply.errors.length !== keys.length) return "io";
    const errors = reply.errors.filter((e): e is Reply => e !== null);
    if (!args.copy) {
      const { db, clock, sql } = this.host;
      const restored = keys.filter((_, i) => reply.errors[i] === null).map((k) => k.key);
      db.now = clock.now();
      sql.transactionSync(() => {
        const gone = restored.filter((k) => db.delete(k));
        if (gone.length > 0) this.host.feed([["DEL", ...gone]]);
      });
    }
    return errors;
  }

  /** Moves one key page by page: "moved" (acknowledged; deleted here unless COPY), "io", or the target's error. */
  private async moveKey(key: BStr, args: MigrateArgs, txid: string, extend: () => void): Promise<"moved" | "io" | Reply> {
    const { db, clock } = this.host;
    db.now = clock.now();
    const meta = db.meta(key);
    if (!meta) return "moved"; // expired meanwhile: nothing to move (Redis skips it too)
    let after: PageCursor = null;
    for (let seq = 0; ; seq++) {
      extend();
      db.now = clock.now();
      // Locked, the key can still expire or be flushed between pages: then there is nothing to move.
      if (!db.one("SELECT id FROM keys WHERE id = ?", meta.id)) {
        if (seq > 0) void this.send(args, { type: "migrate-abort", txid, key }).catch(() => undefined);
        return "moved";
      }
      const { part, next } = readPage(db, meta, after, MIGRATE_PAGE_BYTES);
      const msg: MigrateRequest = {
        type: "migrate-page", txid, key, seq, payload: encodeValue(part), last: next === null, expiresAt: meta.expiresAt, replace: args.replace,
      };
      let reply: PeerReply;
      try {
        reply = await this.send(args, msg);
      } catch (e) {
        if (e instanceof TargetIoError) return "io";
        throw e;
      }
      if (reply.type === "refused") return reply.reply;
      if (next === null) break;
      after = next;
    }
    if (!args.copy) {
      db.now = clock.now();
      this.host.sql.transactionSync(() => {
        if (db.delete(key)) this.host.feed([["DEL", key]]);
      });
    }
    return "moved";
  }

  /** One message to the target, answered within the timeout (TargetIoError otherwise). */
  private send(args: MigrateArgs, msg: MigrateRequest): Promise<PeerReply> {
    const h = this.host;
    return new Promise<PeerReply>((resolve, reject) => {
      const cancel = h.clock.setTimer(args.timeoutMs, () => reject(new TargetIoError("timeout")));
      const answer = args.host === h.name ? this.handle(msg) : h.peer(args.host, msg);
      answer.then((r) => {
        cancel();
        resolve(r);
      }, (e: unknown) => {
        cancel();
        reject(new TargetIoError(e instanceof Error ? e.message : String(e)));
      });
    });
  }

  // ---- target --------------------------------------------------------------------------------

  /** A page (or an abort) from a migrating source. */
  async handle(msg: MigrateRequest): Promise<PeerReply> {
    const { db, clock } = this.host;
    if (msg.type === "migrate-abort") {
      this.drop(msg.key, msg.txid);
      return { type: "done" };
    }
    if (msg.type === "migrate-keys") return this.restoreKeys(msg);
    db.now = clock.now();
    const refused = (reply: Reply): PeerReply => {
      this.drop(msg.key);
      return { type: "refused", reply };
    };
    // As RESTORE-ASKING would be: served where the slot is mine or importing.
    const slot = keyHashSlot(msg.key);
    // An atomic slot migration's page goes to its import job's slots; a MIGRATE's through the gate, as RESTORE-ASKING.
    const why = msg.job !== undefined
      ? (this.host.importing(msg.job, slot) ? null : error(`ERR no slot import ${msg.job} for slot ${slot}`))
      : this.host.gate(slot, restoreDef, [msg.key], ASKING_CONN);
    if (why) return refused(why);
    if (msg.seq === 0) {
      this.drop(msg.key);
      if (!msg.replace && db.exists(msg.key)) return refused(error(BUSYKEY));
    }
    if (!verifyPayload(msg.payload)) return refused(error("ERR DUMP payload version or checksum are wrong"));
    if (msg.seq !== this.stagedPages(msg.txid, msg.key)) return refused(error("ERR MIGRATE page out of order"));
    if (!msg.last) {
      this.stage(msg.txid, msg.key, msg.seq, msg.payload);
      return { type: "done" };
    }
    try {
      this.install(msg);
    } catch (e) {
      if (e instanceof ReplyError) return refused(e.reply);
      throw e;
    }
    return { type: "done" };
  }

  /**
   * A MIGRATE's small keys: each checked as RESTORE-ASKING would be (slot gate, BUSYKEY unless
   * REPLACE, payload), the accepted ones written in one transaction (replicated as RESTORE ...
   * ABSTTL).
   */
  private restoreKeys(msg: Extract<MigrateRequest, { type: "migrate-keys" }>): PeerReply {
    const { db, clock, sql } = this.host;
    db.now = clock.now();
    return sql.transactionSync(() => {
      const errors = msg.keys.map((im): Reply | null => {
        this.drop(im.key);
        const why = this.host.gate(keyHashSlot(im.key), restoreDef, [im.key], ASKING_CONN)
          ?? (!msg.replace && db.exists(im.key) ? error(BUSYKEY) : null);
        if (why) return why;
        const value = verifyPayload(im.payload!) ? decodeValue(im.payload!) : null;
        if (!value) return error("ERR DUMP payload version or checksum are wrong");
        db.delete(im.key);
        db.writeValue(im.key, value, im.expiresAt);
        this.host.feed([["RESTORE", im.key, String(im.expiresAt ?? 0), im.payload!, "REPLACE", "ABSTTL"]]);
        return null;
      });
      return { type: "restored", errors };
    });
  }

  /** Writes the key from its staged pages and the last one, in one transaction (replicated part by part). */
  private install(msg: Extract<MigrateRequest, { type: "migrate-page" }>): void {
    const { db, sql } = this.host;
    const key = msg.key;
    sql.transactionSync(() => {
      const existed = db.exists(key);
      if (existed && !msg.replace) throw new ReplyError(BUSYKEY);
      if (existed) db.delete(key);
      const add = (seq: number, payload: BStr): void => {
        const value = decodeValue(payload);
        if (!value) throw new ReplyError("ERR Bad data format");
        if (seq === 0) {
          db.writeValue(key, value, null);
          this.host.feed([["RESTORE", key, "0", payload, "REPLACE"]]);
        } else {
          extendValue(db, key, value);
          this.host.feed(partCommands(key, value));
        }
      };
      for (let seq = 0; seq < msg.seq; seq++) add(seq, this.staged(msg.txid, key, seq));
      add(msg.seq, msg.payload);
      const meta = db.meta(key);
      if (meta && msg.expiresAt !== null) {
        db.setExpire(key, meta, msg.expiresAt);
        this.host.feed([["PEXPIREAT", key, String(msg.expiresAt)]]);
      }
      this.drop(key, msg.txid);
    });
  }

  private stage(txid: string, key: BStr, seq: number, payload: BStr): void {
    this.host.sql.transactionSync(() => {
      for (let i = 0, piece = 0; i < payload.length; i += STAGE_PIECE_BYTES, piece++) {
        this.host.sql.exec("INSERT OR REPLACE INTO migrate_pages (txid, key, seq, piece, data) VALUES (?, ?, ?, ?, ?)",
          txid, param(key), seq, piece, param(payload.slice(i, i + STAGE_PIECE_BYTES)));
      }
    });
  }

  private stagedPages(txid: string, key: BStr): number {
    const row = this.host.sql.exec("SELECT MAX(seq) AS s FROM migrate_pages WHERE txid = ? AND key = ?", txid, param(key)).toArray()[0];
    return row?.s === null || row?.s === undefined ? 0 : (row.s as number) + 1;
  }

  private staged(txid: string, key: BStr, seq: number): BStr {
    return this.host.sql.exec("SELECT data FROM migrate_pages WHERE txid = ? AND key = ? AND seq = ? ORDER BY piece", txid, param(key), seq)
      .toArray().map((r) => blob(r.data)).join("");
  }

  /** Forgets the pages staged for `key` (of one migration, or of any: a new one starts over). */
  private drop(key: BStr, txid?: string): void {
    if (txid === undefined) this.host.sql.exec("DELETE FROM migrate_pages WHERE key = ?", param(key));
    else this.host.sql.exec("DELETE FROM migrate_pages WHERE txid = ? AND key = ?", txid, param(key));
  }
}

/** How Redis reports what the target answered: `ERR Target instance replied with error: <its error>`. */
function targetError(r: Reply): Reply {
  return error(`ERR Target instance replied with error: ${r.t === "error" ? r.v : ERR.syntax}`);
}
