/**
 * MIGRATE's source side (cluster.c's migrateCommand), for one command or a run of them (a
 * pipeline's consecutive MIGRATEs over disjoint keys, command-runs.ts).
 *
 * Each command is checked (MIGRATE is served wherever its slot is open: migrating or importing,
 * getNodeByQuery's exception), its keys locked (KeyLocks, with its own txid and this node as
 * coordinator: a lease that runs out is released by the TxnShell's cron, which knows no such
 * transaction). Then, in one synchronous pass, the run's keys are looked up and its small values
 * read, a few statements for them all (value-batch.ts), and the keys move:
 *   - small keys (a value within one page) travel whole, as DUMP payloads, in one `migrate-keys`
 *     message per target (per MIGRATE_PAGE_BYTES), shared by every MIGRATE of the run with the
 *     same target, REPLACE and timeout: a batch of 64 slots costs one peer round trip, not 64 (on
 *     Durable Objects each answer waits for the target's writes to be durable);
 *   - a large key goes alone, page by page (`migrate-page`, read straight from SQLite).
 * A key is deleted here (replicated as DEL; a message's keys in one batch of statements) only
 * once the target acknowledged it, unless COPY; a
 * key the target refused stays and its MIGRATE answers `ERR Target instance replied with error:`
 * with the first such error, as Redis does. Other clients' commands on a locked key wait
 * (TxnShell.waitUnlocked), so none sees it half moved; after the move they find it gone and are
 * sent on (ASK, or MOVED once the slot is reassigned).
 */
import type { BStr } from "../resp/bytes";
import { ERR, error, OK, ReplyError, simple, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import { encodeValue } from "../keyspace/serialize";
import { readPage, type PageCursor } from "../keyspace/value-pages";
import { deleteKeys, readWhole } from "../keyspace/value-batch";
import type { KeyImage, MigrateRequest, PeerReply } from "../txn/messages";
import { prepare } from "./dispatch";
import { parseMigrate, type MigrateArgs } from "./migrate-command";
import { LOCK_WAIT_MS, LOCKED_ERROR, TXN_LEASE_MS } from "./txn-shell";
import { randomHex } from "./ports";
import { MIGRATE_PAGE_BYTES, type MigrateHost } from "./migrate-host";

const IOERR_CONNECT = "IOERR error or timeout connecting to the client";
const IOERR_READ = "IOERR error or timeout reading to target instance";
const SELECT_REFUSED = "ERR SELECT is not allowed in cluster mode";

class TargetIoError extends Error {}


/** A MIGRATE's locks outlive its timeout: the source gives up on the target first. */
const leaseMs = (args: MigrateArgs): number => Math.max(TXN_LEASE_MS, args.timeoutMs + 1000);

/** One MIGRATE command of a run, once its keys are locked. */
interface Move {
  args: MigrateArgs;
  txid: string;
  /** Its keys (distinct); once read, those that exist, in order. */
  keys: BStr[];
  /** Its keys small enough for one page, read whole (DUMP payloads). */
  small: KeyImage[];
  /** The target's first error (Redis reports the first). */
  first: Reply | null;
  io: boolean;
  /** Its keys too large for one page, moved alone after the small ones. */
  large: BStr[];
}

export class MigrateSource {
  private readonly incarnation: string;
  private seq = 0;

  constructor(
    private readonly host: MigrateHost,
    /** The target's half, for a MIGRATE to this node itself. */
    private readonly local: (msg: MigrateRequest) => Promise<PeerReply>,
  ) {
    this.incarnation = randomHex(host.clock, 6);
  }

  /** MIGRATE commands over disjoint keys: each one's reply (OK, NOKEY, or the error), in order. */
  async commands(argvs: BStr[][], conn: ConnState): Promise<Reply[]> {
    const h = this.host;
    const replies: (Reply | null)[] = [];
    const moves: (Move | null)[] = [];
    try {
      for (const argv of argvs) {
        const r = await this.begin(argv, conn);
        replies.push("reply" in r ? r.reply : null);
        moves.push("move" in r ? r.move : null);
      }
      this.readAll(moves).forEach((reply, i) => {
        if (!reply) return;
        replies[i] = reply;
        h.locks.release(moves[i]!.txid);
        moves[i] = null;
      });
      const live = moves.filter((m): m is Move => m !== null);
      await this.moveSmallKeys(live);
      for (const m of live) {
        for (const key of m.large) {
          if (m.io) break;
          const r = await this.moveKey(key, m);
          if (r === "io") m.io = true;
          else if (r !== "moved") m.first ??= targetError(r);
        }
      }
      return replies.map((r, i) => r ?? (moves[i]!.io ? error(IOERR_READ) : moves[i]!.first ?? OK));
    } finally {
      for (const m of moves) if (m) h.locks.release(m.txid);
    }
  }

  /** Checks one MIGRATE and locks its keys: its reply when it ends here, else the move to make. */
  private async begin(argv: BStr[], conn: ConnState): Promise<{ reply: Reply } | { move: Move }> {
    const h = this.host;
    const p = prepare(argv, conn, (slot, def, keys, c) => (slot !== null && h.slotOpen(slot) ? null : h.gate(slot, def, keys, c)));
    if ("error" in p) return { reply: p.error };
    let args: MigrateArgs;
    try {
      args = parseMigrate(argv);
    } catch (e) {
      if (e instanceof ReplyError) return { reply: e.reply };
      throw e;
    }
    const keys = [...new Set(args.keys)];
    const txid = `${h.name}:migrate:${this.incarnation}:${++this.seq}`;
    const lease = (): number => h.clock.now() + leaseMs(args);
    if (!h.locks.acquire(txid, h.name, keys, lease())) {
      if (!(await h.locks.waitFree(keys, LOCK_WAIT_MS, txid)) || !h.locks.acquire(txid, h.name, keys, lease())) {
        return { reply: error(LOCKED_ERROR) };
      }
    }
    return { move: { args, txid, keys, small: [], first: null, io: false, large: [] } };
  }

  /**
   * One synchronous pass over the run's locked keys: looked up together (expired ones are gone, as
   * Redis skips them), the small values read together (value-batch.ts), the large ones noted for
   * paging. Each MIGRATE's reply when it ends here (NOKEY, or a target it cannot reach), else null.
   */
  private readAll(moves: readonly (Move | null)[]): (Reply | null)[] {
    const { db, clock } = this.host;
    db.now = clock.now();
    const found = new Map(readWhole(db, moves.flatMap((m) => m?.keys ?? []), MIGRATE_PAGE_BYTES).map((f) => [f.key, f]));
    return moves.map((m) => {
      if (!m) return null;
      m.keys = m.keys.filter((k) => found.has(k));
      for (const key of m.keys) {
        const f = found.get(key)!;
        if (f.value) m.small.push({ key, payload: encodeValue(f.value), expiresAt: f.meta.expiresAt });
        else m.large.push(key);
      }
      if (m.keys.length === 0) return simple("NOKEY");
      if (m.args.host !== this.host.name && !this.host.knows(m.args.host)) return error(IOERR_CONNECT);
      if (m.args.db !== 0) return targetError(error(SELECT_REFUSED));
      return null;
    });
  }

  private extend(m: Move): void {
    this.host.locks.extend(m.txid, this.host.clock.now() + leaseMs(m.args));
  }

  /** Sends the moves' small keys, grouped by target, REPLACE and timeout, MIGRATE_PAGE_BYTES per message. */
  private async moveSmallKeys(moves: Move[]): Promise<void> {
    const groups = new Map<string, { move: Move; image: KeyImage; bytes: number }[]>();
    for (const m of moves) {
      const g = `${m.args.host}\n${m.args.replace}\n${m.args.timeoutMs}`;
      const items = groups.get(g) ?? groups.set(g, []).get(g)!;
      for (const image of m.small) items.push({ move: m, image, bytes: image.payload!.length + image.key.length });
    }
    for (const items of groups.values()) {
      for (let i = 0; i < items.length;) {
        let bytes = 0;
        let j = i;
        while (j < items.length && (j === i || bytes + items[j]!.bytes <= MIGRATE_PAGE_BYTES)) bytes += items[j++]!.bytes;
        await this.sendKeys(items.slice(i, j));
        i = j;
      }
    }
  }

  /** One migrate-keys message; deletes here (one replicated DEL) the keys the target restored, unless their MIGRATE has COPY. */
  private async sendKeys(items: { move: Move; image: KeyImage }[]): Promise<void> {
    const h = this.host;
    const { args } = items[0]!.move;
    for (const m of new Set(items.map((x) => x.move))) this.extend(m);
    let reply: PeerReply;
    try {
      reply = await this.send(args, { type: "migrate-keys", txid: items[0]!.move.txid, keys: items.map((x) => x.image), replace: args.replace });
    } catch (e) {
      if (!(e instanceof TargetIoError)) throw e;
      for (const x of items) x.move.io = true;
      return;
    }
    const errors: (Reply | null)[] | null = reply.type === "restored" && reply.errors.length === items.length ? reply.errors
      : reply.type === "refused" ? items.map(() => reply.reply) : null;
    if (!errors) {
      for (const x of items) x.move.io = true;
      return;
    }
    const restored: BStr[] = [];
    items.forEach((x, i) => {
      const e = errors[i]!;
      if (e) x.move.first ??= targetError(e);
      else if (!x.move.args.copy) restored.push(x.image.key);
    });
    h.sql.transactionSync(() => {
      const gone = deleteKeys(h.db, restored);
      if (gone.length > 0) h.feed([["DEL", ...gone]]);
    });
  }

  /** Moves one key page by page: "moved" (acknowledged; deleted here unless COPY), "io", or the target's error. */
  private async moveKey(key: BStr, m: Move): Promise<"moved" | "io" | Reply> {
    const { db, clock } = this.host;
    const { args, txid } = m;
    db.now = clock.now();
    const meta = db.meta(key);
    if (!meta) return "moved";
    let after: PageCursor = null;
    for (let seq = 0; ; seq++) {
      this.extend(m);
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
      const answer = args.host === h.name ? this.local(msg) : h.peer(args.host, msg);
      answer.then((r) => {
        cancel();
        resolve(r);
      }, (e: unknown) => {
        cancel();
        reject(new TargetIoError(e instanceof Error ? e.message : String(e)));
      });
    });
  }
}

/** How Redis reports what the target answered: `ERR Target instance replied with error: <its error>`. */
function targetError(r: Reply): Reply {
  return error(`ERR Target instance replied with error: ${r.t === "error" ? r.v : ERR.syntax}`);
}
