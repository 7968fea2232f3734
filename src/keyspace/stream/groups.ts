/**
 * Consumer groups of one stream: the group rows, their consumers and the pending entries list
 * (PEL). A PEL row is Redis's streamNACK, held once per group and found per consumer through
 * the (kid, grp, consumer, id) index, where Redis keeps a second radix tree.
 */
import type { BStr } from "../../resp/bytes";
import type { Keyspace } from "../db";
import type { StreamId } from "./id";
import { blobOf, bytesOf, idOf, idParam } from "./rows";
import type { Stream } from "./store";

/** SCG_INVALID_ENTRIES_READ. */
export const INVALID_ENTRIES_READ = -1n;

export interface Nack {
  id: StreamId;
  consumer: BStr;
  deliveryTime: number;
  deliveryCount: bigint;
}

const nackOf = (r: Record<string, unknown>): Nack => ({
  id: idOf(r.id), consumer: blobOf(r.consumer), deliveryTime: r.delivery_time as number, deliveryCount: BigInt(r.delivery_count as string),
});

export class Group {
  private constructor(readonly stream: Stream, readonly name: BStr, public lastId: StreamId, public entriesRead: bigint) {}

  static lookup(stream: Stream, name: BStr): Group | null {
    const r = stream.db.one("SELECT last_id, entries_read FROM stream_groups WHERE kid = ? AND name = ?", stream.kid, bytesOf(name));
    return r ? new Group(stream, name, idOf(r.last_id), BigInt(r.entries_read as string)) : null;
  }

  /** streamCreateCG: null if the group exists. */
  static create(stream: Stream, name: BStr, lastId: StreamId, entriesRead: bigint): Group | null {
    if (Group.lookup(stream, name)) return null;
    const g = new Group(stream, name, lastId, entriesRead);
    stream.db.run("INSERT INTO stream_groups (kid, name, last_id, entries_read) VALUES (?, ?, ?, ?)", stream.kid, bytesOf(name), idParam(lastId), String(entriesRead));
    return g;
  }

  /** Every group of the stream, in name order. */
  static all(stream: Stream): Group[] {
    return stream.db.rows("SELECT name, last_id, entries_read FROM stream_groups WHERE kid = ? ORDER BY name", stream.kid)
      .map((r) => new Group(stream, blobOf(r.name), idOf(r.last_id), BigInt(r.entries_read as string)));
  }

  private get db(): Keyspace {
    return this.stream.db;
  }

  private get k(): [number, Uint8Array] {
    return [this.stream.kid, bytesOf(this.name)];
  }

  save(): void {
    this.db.run("UPDATE stream_groups SET last_id = ?, entries_read = ? WHERE kid = ? AND name = ?", idParam(this.lastId), String(this.entriesRead), ...this.k);
  }

  destroy(): void {
    for (const t of ["stream_groups WHERE kid = ? AND name = ?", "stream_consumers WHERE kid = ? AND grp = ?", "stream_pel WHERE kid = ? AND grp = ?"]) {
      this.db.run(`DELETE FROM ${t}`, ...this.k);
    }
  }

  // ---- consumers ------------------------------------------------------------------------------

  hasConsumer(name: BStr): boolean {
    return this.db.one("SELECT 1 AS x FROM stream_consumers WHERE kid = ? AND grp = ? AND name = ?", ...this.k, bytesOf(name)) !== undefined;
  }

  /** streamCreateConsumer: false if it exists. */
  createConsumer(name: BStr, now: number): boolean {
    if (this.hasConsumer(name)) return false;
    this.db.run("INSERT INTO stream_consumers (kid, grp, name, seen_time) VALUES (?, ?, ?, ?)", ...this.k, bytesOf(name), now);
    return true;
  }

  /** streamLookupConsumer (refreshing seen-time), creating it if absent: whether it was created. */
  touchConsumer(name: BStr, now: number): boolean {
    if (this.createConsumer(name, now)) return true;
    this.db.run("UPDATE stream_consumers SET seen_time = ? WHERE kid = ? AND grp = ? AND name = ?", now, ...this.k, bytesOf(name));
    return false;
  }

  /** streamDelConsumer: the number of pending entries it had, or null if there was no such consumer. */
  deleteConsumer(name: BStr): number | null {
    if (!this.hasConsumer(name)) return null;
    const pending = this.pendingCount(name);
    this.db.run("DELETE FROM stream_pel WHERE kid = ? AND grp = ? AND consumer = ?", ...this.k, bytesOf(name));
    this.db.run("DELETE FROM stream_consumers WHERE kid = ? AND grp = ? AND name = ?", ...this.k, bytesOf(name));
    return pending;
  }

  /** Consumers in name order with their seen-time. */
  consumers(): { name: BStr; seenTime: number }[] {
    return this.db.rows("SELECT name, seen_time FROM stream_consumers WHERE kid = ? AND grp = ? ORDER BY name", ...this.k)
      .map((r) => ({ name: blobOf(r.name), seenTime: r.seen_time as number }));
  }

  consumerCount(): number {
    return this.db.one("SELECT COUNT(*) AS n FROM stream_consumers WHERE kid = ? AND grp = ?", ...this.k)!.n as number;
  }

  // ---- pending entries ------------------------------------------------------------------------

  /** PEL size, of the group or of one consumer. */
  pendingCount(consumer?: BStr): number {
    const q = consumer === undefined
      ? this.db.one("SELECT COUNT(*) AS n FROM stream_pel WHERE kid = ? AND grp = ?", ...this.k)
      : this.db.one("SELECT COUNT(*) AS n FROM stream_pel WHERE kid = ? AND grp = ? AND consumer = ?", ...this.k, bytesOf(consumer));
    return q!.n as number;
  }

  nack(id: StreamId): Nack | null {
    const r = this.db.one("SELECT id, consumer, delivery_time, delivery_count FROM stream_pel WHERE kid = ? AND grp = ? AND id = ?", ...this.k, idParam(id));
    return r ? nackOf(r) : null;
  }

  /** Creates or replaces the PEL entry `n.id`. */
  putNack(n: Nack): void {
    this.db.run("INSERT OR REPLACE INTO stream_pel (kid, grp, id, consumer, delivery_time, delivery_count) VALUES (?, ?, ?, ?, ?, ?)",
      ...this.k, idParam(n.id), bytesOf(n.consumer), n.deliveryTime, String(n.deliveryCount));
  }

  deleteNack(id: StreamId): boolean {
    if (!this.nack(id)) return false;
    this.db.run("DELETE FROM stream_pel WHERE kid = ? AND grp = ? AND id = ?", ...this.k, idParam(id));
    return true;
  }

  /** PEL entries with start <= ID <= end in order, of the group or of one consumer; `limit` -1: all. */
  pending(start: StreamId, end: StreamId, limit: number, consumer?: BStr): Nack[] {
    const cols = "SELECT id, consumer, delivery_time, delivery_count FROM stream_pel";
    const rows = consumer === undefined
      ? this.db.rows(`${cols} WHERE kid = ? AND grp = ? AND id >= ? AND id <= ? ORDER BY id LIMIT ?`, ...this.k, idParam(start), idParam(end), limit)
      : this.db.rows(`${cols} WHERE kid = ? AND grp = ? AND consumer = ? AND id >= ? AND id <= ? ORDER BY id LIMIT ?`,
        ...this.k, bytesOf(consumer), idParam(start), idParam(end), limit);
    return rows.map(nackOf);
  }

  /** The smallest and greatest pending IDs, and the consumers with pending entries (name order, counts). */
  pendingSummary(): { first: StreamId; last: StreamId; consumers: [BStr, number][] } | null {
    const r = this.db.one("SELECT MIN(id) AS lo, MAX(id) AS hi FROM stream_pel WHERE kid = ? AND grp = ?", ...this.k);
    if (!r || r.lo === null) return null;
    const consumers = this.db.rows("SELECT consumer, COUNT(*) AS n FROM stream_pel WHERE kid = ? AND grp = ? GROUP BY consumer ORDER BY consumer", ...this.k)
      .map((c): [BStr, number] => [blobOf(c.consumer), c.n as number]);
    return { first: idOf(r.lo), last: idOf(r.hi), consumers };
  }
}
