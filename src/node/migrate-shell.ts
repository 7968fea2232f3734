/**
 * MIGRATE (cluster.c's migrateCommand and RESTORE-ASKING) over the peer RPC: the command's source
 * side is migrate-source.ts; this is the target's.
 *
 * Target: checks each key may be restored here (the slot gate as for an ASKING client), BUSYKEY
 * unless REPLACE. Small keys (`migrate-keys`, many per message) are written in one transaction,
 * replicated as RESTORE ... ABSTTL. A large key's pages (`migrate-page`) are staged in SQLite
 * (migrate_pages, in pieces under the 2 MB row limit) and the key installed with the last page,
 * in one transaction; replicas get a RESTORE of the first part then one append command per later
 * part (value-pages.ts), then PEXPIREAT: no replicated command is larger than a page.
 */
import type { BStr } from "../resp/bytes";
import { error, ReplyError, type Reply } from "../resp/reply";
import { lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { ConnState } from "../commands/types";
import { param, blob } from "../keyspace/db";
import { deleteKeys, keyMetas, writeValues, type NewKey } from "../keyspace/value-batch";
import { decodeValue, verifyPayload } from "../keyspace/serialize";
import { extendValue } from "../keyspace/value-parts";
import { partCommands } from "../keyspace/value-pages";
import type { MigrateRequest, PeerReply } from "../txn/messages";
import type { MigrateHost } from "./migrate-host";
import { MigrateSource } from "./migrate-source";

export { MIGRATE_PAGE_BYTES, type MigrateHost } from "./migrate-host";
/** Staged pages are stored in pieces this big (SQLite rows stay under 2 MB). */
const STAGE_PIECE_BYTES = 1024 * 1024;

const BUSYKEY = "BUSYKEY Target key name already exists.";

const STAGING = `CREATE TABLE IF NOT EXISTS migrate_pages (
  txid TEXT NOT NULL, key BLOB NOT NULL, seq INTEGER NOT NULL, piece INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (txid, key, seq, piece)) WITHOUT ROWID`;


const restoreDef = lookupCommand("restore")!;
const ASKING_CONN: ConnState = { resp: 2, asking: true };

export class MigrateShell {
  private readonly source: MigrateSource;

  constructor(private readonly host: MigrateHost) {
    host.sql.exec(STAGING);
    this.source = new MigrateSource(host, (msg) => this.handle(msg));
  }

  /** The MIGRATE command: OK, NOKEY, or the error. */
  async command(argv: BStr[], conn: ConnState): Promise<Reply> {
    return (await this.source.commands([argv], conn))[0]!;
  }

  /** Consecutive MIGRATEs of one request over disjoint keys (command-runs.ts): their replies, in order. */
  commands(argvs: BStr[][], conn: ConnState): Promise<Reply[]> {
    return this.source.commands(argvs, conn);
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
   * REPLACE, payload), the accepted ones written in one transaction, a few statements for them
   * all (value-batch.ts), and replicated as RESTORE ... ABSTTL.
   */
  private restoreKeys(msg: Extract<MigrateRequest, { type: "migrate-keys" }>): PeerReply {
    const { db, clock, sql } = this.host;
    db.now = clock.now();
    // Pages staged by an earlier, interrupted MIGRATE of a key are dropped (it starts over); mostly there are none.
    const staged = sql.exec("SELECT 1 FROM migrate_pages LIMIT 1").toArray().length > 0;
    return sql.transactionSync(() => {
      const existing = keyMetas(db, msg.keys.map((im) => im.key));
      const seen = new Set<BStr>();
      const accepted: (NewKey & { payload: BStr })[] = [];
      const errors = msg.keys.map((im): Reply | null => {
        if (seen.has(im.key)) return error("ERR duplicate key in a MIGRATE message");
        seen.add(im.key);
        if (staged) this.drop(im.key);
        const refused = this.host.gate(keyHashSlot(im.key), restoreDef, [im.key], ASKING_CONN);
        if (refused) return refused;
        const old = existing.get(im.key);
        // A key whose time has passed is no key (RESTORE's lookupKeyWrite expires it first).
        if (old && !msg.replace && (old.expiresAt === null || old.expiresAt > db.now)) return error(BUSYKEY);
        const value = verifyPayload(im.payload!) ? decodeValue(im.payload!) : null;
        if (!value) return error("ERR DUMP payload version or checksum are wrong");
        accepted.push({ key: im.key, value, expiresAt: im.expiresAt, payload: im.payload! });
        return null;
      });
      deleteKeys(db, accepted.filter((a) => existing.has(a.key)).map((a) => a.key));
      writeValues(db, accepted);
      this.host.feed(accepted.map((a) => ["RESTORE", a.key, String(a.expiresAt ?? 0), a.payload, "REPLACE", "ABSTTL"]));
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
