/**
 * One stream key over its rows (rows.ts): metadata, entries, trimming. Handlers open it with
 * `openStream` (WRONGTYPE for another type), change it, then `save()`: that writes the metadata
 * and the length and signals the modification (WATCH, blocked XREAD/XREADGROUP, replication).
 */
import type { BStr } from "../../resp/bytes";
import { ReplyError } from "../../resp/reply";
import type { KeyMeta, Keyspace } from "../db";
import { compareId, isZeroId, ZERO_ID, type StreamId } from "./id";
import { appendEntryRow, blobOf, decodeFields, idOf, idParam } from "./rows";

export interface StreamEntry {
  id: StreamId;
  items: BStr[];
}

/** What XADD and XTRIM trim by (streamAddTrimArgs). `limit` 0: no limit. */
export interface TrimArgs {
  strategy: "maxlen" | "minid";
  approx: boolean;
  maxlen: number;
  minid: StreamId;
  limit: number;
}

export class Stream {
  lastId: StreamId;
  /** s->first_id: the first entry's ID as last recorded (0-0 when empty). */
  firstId: StreamId;
  maxDeletedId: StreamId;
  entriesAdded: bigint;

  private constructor(readonly db: Keyspace, readonly key: BStr, readonly meta: KeyMeta) {
    const r = db.one("SELECT last_id, first_id, max_deleted, entries_added FROM streams WHERE kid = ?", meta.id)!;
    this.lastId = idOf(r.last_id);
    this.firstId = idOf(r.first_id);
    this.maxDeletedId = idOf(r.max_deleted);
    this.entriesAdded = BigInt(r.entries_added as string);
  }

  /** The stream at `key`, or null; WRONGTYPE if the key holds another type. */
  static open(db: Keyspace, key: BStr): Stream | null {
    const meta = db.metaOf(key, "stream");
    return meta ? new Stream(db, key, meta) : null;
  }

  /** Creates an empty stream at `key` (which must not exist). */
  static create(db: Keyspace, key: BStr): Stream {
    const meta = db.create(key, "stream");
    const zero = idParam(ZERO_ID);
    db.run("INSERT INTO streams (kid, last_id, first_id, max_deleted, entries_added) VALUES (?, ?, ?, ?, '0')", meta.id, zero, zero, zero);
    return new Stream(db, key, meta);
  }

  get kid(): number {
    return this.meta.id;
  }

  get length(): number {
    return this.meta.count;
  }

  /** Writes the metadata and length and signals the key as modified. */
  save(): void {
    this.db.run("UPDATE streams SET last_id = ?, first_id = ?, max_deleted = ?, entries_added = ? WHERE kid = ?",
      idParam(this.lastId), idParam(this.firstId), idParam(this.maxDeletedId), String(this.entriesAdded), this.kid);
    this.db.run("UPDATE keys SET count = ? WHERE id = ?", this.meta.count, this.kid);
    this.db.modified(this.key);
  }

  // ---- entries --------------------------------------------------------------------------------

  /** Appends an entry whose ID is above lastId. */
  append(id: StreamId, items: readonly BStr[]): void {
    appendEntryRow(this.db, this.kid, id, items);
    if (this.meta.count === 0) this.firstId = id;
    this.meta.count++;
    this.lastId = id;
    this.entriesAdded++;
  }

  /** Entries with start <= ID <= end, in order (reverse: from end down), at most `count` (0: all). */
  range(start: StreamId, end: StreamId, count: number, rev = false): StreamEntry[] {
    if (compareId(start, end) > 0) return [];
    const rows = this.db.rows(
      `SELECT id, fields FROM stream_entries WHERE kid = ? AND id >= ? AND id <= ? ORDER BY id ${rev ? "DESC" : "ASC"} LIMIT ?`,
      this.kid, idParam(start), idParam(end), count > 0 ? count : -1,
    );
    return rows.map((r) => ({ id: idOf(r.id), items: decodeFields(blobOf(r.fields)) }));
  }

  /** The entry with this ID, or null. */
  get(id: StreamId): StreamEntry | null {
    const r = this.db.one("SELECT fields FROM stream_entries WHERE kid = ? AND id = ?", this.kid, idParam(id));
    return r ? { id, items: decodeFields(blobOf(r.fields)) } : null;
  }

  has(id: StreamId): boolean {
    return this.db.one("SELECT 1 AS x FROM stream_entries WHERE kid = ? AND id = ?", this.kid, idParam(id)) !== undefined;
  }

  /** streamLastValidID / streamGetEdgeID: the greatest (or smallest) live entry's ID, null when empty. */
  edgeId(last: boolean): StreamId | null {
    const r = this.db.one(`SELECT id FROM stream_entries WHERE kid = ? ORDER BY id ${last ? "DESC" : "ASC"} LIMIT 1`, this.kid);
    return r ? idOf(r.id) : null;
  }

  /** Deletes one entry (streamDeleteItem); its node goes when it has no live entry left. */
  delete(id: StreamId): boolean {
    const key = idParam(id);
    const r = this.db.one("SELECT node FROM stream_entries WHERE kid = ? AND id = ?", this.kid, key);
    if (!r) return false;
    this.db.run("DELETE FROM stream_entries WHERE kid = ? AND id = ?", this.kid, key);
    this.db.run("UPDATE stream_nodes SET live = live - 1 WHERE kid = ? AND node = ?", this.kid, r.node);
    this.db.run("DELETE FROM stream_nodes WHERE kid = ? AND node = ? AND live = 0", this.kid, r.node);
    this.meta.count--;
    return true;
  }

  /** Refreshes firstId after entries were removed from the head. */
  refreshFirstId(): void {
    this.firstId = this.meta.count === 0 ? ZERO_ID : (this.edgeId(false) ?? ZERO_ID);
  }

  /**
   * streamTrim: whole nodes from the head while they fit (all of them gone keeps the stream
   * within MAXLEN / below MINID), then, unless approximate, entries of the next node. Stops
   * before exceeding `limit` (0: none). Returns the number of entries deleted.
   */
  trim(args: TrimArgs): number {
    let deleted = 0;
    for (;;) {
      if (args.strategy === "maxlen" && this.meta.count <= args.maxlen) break;
      const node = this.db.one("SELECT node, last, live FROM stream_nodes WHERE kid = ? ORDER BY node LIMIT 1", this.kid);
      if (!node) break;
      const live = node.live as number;
      if (args.limit && deleted + live > args.limit) break;
      const whole = args.strategy === "maxlen" ? this.meta.count - live >= args.maxlen : compareId(idOf(node.last), args.minid) < 0;
      if (whole) {
        this.db.run("DELETE FROM stream_entries WHERE kid = ? AND node = ?", this.kid, node.node);
        this.db.run("DELETE FROM stream_nodes WHERE kid = ? AND node = ?", this.kid, node.node);
        this.meta.count -= live;
        deleted += live;
        continue;
      }
      if (args.approx) break;
      // Within this node: its first entries, up to the bound.
      const n = args.strategy === "maxlen"
        ? this.meta.count - args.maxlen
        : this.db.one("SELECT COUNT(*) AS n FROM stream_entries WHERE kid = ? AND node = ? AND id < ?", this.kid, node.node, idParam(args.minid))!.n as number;
      if (n > 0) {
        this.db.run(
          "DELETE FROM stream_entries WHERE kid = ? AND id IN (SELECT id FROM stream_entries WHERE kid = ? AND node = ? ORDER BY id LIMIT ?)",
          this.kid, this.kid, node.node, n,
        );
        this.db.run("UPDATE stream_nodes SET live = live - ? WHERE kid = ? AND node = ?", n, this.kid, node.node);
        this.meta.count -= n;
        deleted += n;
      }
      break;
    }
    if (this.meta.count === 0) this.firstId = ZERO_ID;
    else if (deleted) this.refreshFirstId();
    return deleted;
  }

  /** The node rows' master IDs in order (XINFO STREAM's radix tree figures). */
  nodeMasters(): BStr[] {
    return this.db.rows("SELECT master FROM stream_nodes WHERE kid = ? ORDER BY node", this.kid).map((r) => blobOf(r.master));
  }

  /**
   * streamRangeHasTombstones: whether [start, end] (end null: to the last ID) may hold a deleted
   * entry, judged as Redis does from max-deleted-entry-id alone.
   */
  rangeHasTombstones(start: StreamId | null, end: StreamId | null): boolean {
    if (this.length === 0 || isZeroId(this.maxDeletedId)) return false;
    if (compareId(this.firstId, this.maxDeletedId) > 0) return false;
    const s = start ?? ZERO_ID;
    return compareId(s, this.maxDeletedId) <= 0 && (end === null || compareId(this.maxDeletedId, end) <= 0);
  }

  /** streamEstimateDistanceFromFirstEverEntry: the logical read counter of `id`, or null if unknown. */
  estimateDistance(id: StreamId): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (this.length === 0 && compareId(id, this.lastId) < 1) return this.entriesAdded;
    const cmpLast = compareId(id, this.lastId);
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return null;
    const cmpFirst = compareId(id, this.firstId);
    if (isZeroId(this.maxDeletedId) || compareId(this.maxDeletedId, this.firstId) < 0) {
      if (cmpFirst < 0) return this.entriesAdded - BigInt(this.length);
      if (cmpFirst === 0) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return null;
  }
}

/** The stream at `key` or a new one; WRONGTYPE for another type. */
export function openOrCreate(db: Keyspace, key: BStr): Stream {
  return Stream.open(db, key) ?? Stream.create(db, key);
}

export const NOGROUP_KEY = (key: BStr, group: BStr): ReplyError =>
  new ReplyError(`NOGROUP No such key '${key}' or consumer group '${group}'`);
