/**
 * What replication keeps in the node's SQLite besides its state row: the backlog (the stream's
 * last repl-backlog-size bytes, rows keyed by offset), a master's snapshot pages for a full sync,
 * and a replica's incoming pages; plus the snapshot entry format and DEBUG DIGEST.
 */
import type { SqlExec } from "../keyspace/sql";
import { chunkSlice, type Backlog } from "../replication";
import type { BStr } from "../resp/bytes";
import { blob, param, type Keyspace, type KeyType, type KeyValue } from "../keyspace/db";
import type { StreamValue } from "../keyspace/stream/rows";

/** Rows of the backlog table are at most this long (SQLite rows may reach 2 MB). */
const BACKLOG_ROW_BYTES = 1024 * 1024;

export const REPLICATION_SCHEMA = `
CREATE TABLE IF NOT EXISTS backlog (start_offset INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS repl_snapshot (replica TEXT NOT NULL, offset INTEGER NOT NULL, page INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (replica, page));
CREATE TABLE IF NOT EXISTS repl_loading (page INTEGER PRIMARY KEY, data BLOB NOT NULL);
`;

/** The backlog's bytes in SQLite, rows keyed by the offset of their first byte. */
export class SqlBacklog implements Backlog {
  constructor(private readonly sql: SqlExec) {}

  append(startOffset: number, bytes: BStr): void {
    for (let i = 0; i < bytes.length; i += BACKLOG_ROW_BYTES) {
      this.sql.exec("INSERT OR REPLACE INTO backlog (start_offset, bytes) VALUES (?, ?)", startOffset + i, param(bytes.slice(i, i + BACKLOG_ROW_BYTES)));
    }
  }

  read(fromOffset: number, maxBytes: number): BStr {
    const to = fromOffset + maxBytes - 1;
    // A row holds at most BACKLOG_ROW_BYTES, so only rows starting after fromOffset - BACKLOG_ROW_BYTES
    // can reach it: a primary-key range, not a scan of the whole backlog (SQLite bills rows read).
    const rows = this.sql.exec(
      "SELECT start_offset, bytes FROM backlog WHERE start_offset > ? AND start_offset <= ? AND start_offset + length(bytes) > ? ORDER BY start_offset",
      fromOffset - BACKLOG_ROW_BYTES, to, fromOffset,
    ).toArray();
    let out = "";
    for (const r of rows) {
      const bytes = blob(r.bytes);
      const s = chunkSlice({ start: r.start_offset as number, length: bytes.length }, fromOffset, to);
      if (s) out += bytes.slice(s[0], s[1]);
    }
    return out;
  }

  trim(firstByteOffset: number): void {
    // Rows ending before the first byte start before it too: a primary-key range (the few rows that just fell off).
    this.sql.exec("DELETE FROM backlog WHERE start_offset < ? AND start_offset + length(bytes) - 1 < ?", firstByteOffset, firstByteOffset);
  }

  clear(): void {
    this.sql.exec("DELETE FROM backlog");
  }

  /** The first and last stream byte the rows hold (null when empty). */
  span(): { first: number; last: number } | null {
    // Both ends through the primary key (the cron asks every tick; the table may hold many rows).
    const r = this.sql.exec(
      "SELECT (SELECT MIN(start_offset) FROM backlog) AS first, " +
      "(SELECT start_offset + length(bytes) - 1 FROM backlog ORDER BY start_offset DESC LIMIT 1) AS last",
    ).one();
    return r.first === null ? null : { first: r.first as number, last: r.last as number };
  }

  /** Bytes stored (stale heads of straddling rows included). */
  storedBytes(): number {
    return (this.sql.exec("SELECT COALESCE(SUM(length(bytes)), 0) AS n FROM backlog").one().n as number);
  }
}

/**
 * One snapshot entry: a key, its type, the payload (a whole value, or one part of a large one),
 * its expiry; a fifth field 1 marks a later part, added to the key the entries before it made.
 */
export type SnapshotEntry = [BStr, KeyType, unknown, number | null] | [BStr, KeyType, unknown, number | null, 1];

/** One key (or one part of it, `later`: not its first) as a snapshot entry. */
export function entryOf(key: BStr, value: KeyValue, expiresAt: number | null, later = false): SnapshotEntry {
  const payload = ((): unknown => {
    switch (value.type) {
      case "string": return value.value;
      case "list": return value.items;
      case "set": return value.members;
      case "hash": return value.entries;
      case "zset": return value.entries.map(([m, s]) => [m, String(s)]);
      case "stream": return [value.entries, value.meta, value.groups];
    }
  })();
  return later ? [key, value.type, payload, expiresAt, 1] : [key, value.type, payload, expiresAt];
}

export function valueOf(e: SnapshotEntry): KeyValue {
  const p = e[2];
  switch (e[1]) {
    case "string": return { type: "string", value: p as BStr };
    case "list": return { type: "list", items: p as BStr[] };
    case "set": return { type: "set", members: p as BStr[] };
    case "hash": return { type: "hash", entries: p as [BStr, BStr][] };
    case "zset": return { type: "zset", entries: (p as [BStr, string][]).map(([m, s]) => [m, Number(s)]) };
    case "stream": {
      const [entries, meta, groups] = p as [StreamValue["entries"], StreamValue["meta"], StreamValue["groups"]];
      return { type: "stream", entries, meta, groups };
    }
  }
}

/**
 * DEBUG DIGEST: a digest of the dataset independent of row order (XOR of per-key hashes over
 * key, type, expiry and value, sets and hashes sorted), 16 hex chars; "0"×16 when empty.
 */
export function keyspaceDigest(db: Keyspace): string {
  let lo = 0;
  let hi = 0;
  for (let after = 0; ; ) {
    const rows = db.rows("SELECT id, key, type, expires_at, count FROM keys WHERE id > ? ORDER BY id LIMIT 1000", after);
    for (const r of rows) {
      const meta = { id: r.id as number, type: r.type as KeyType, expiresAt: r.expires_at as number | null, count: r.count as number };
      const v = db.readValue(meta);
      const norm = v.type === "set" ? [...v.members].sort() : v.type === "hash" ? [...v.entries].sort() : v;
      const text = JSON.stringify([blob(r.key), meta.type, meta.expiresAt, norm]);
      let h1 = 0x811c9dc5;
      let h2 = 0x01000193;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 13);
      }
      lo ^= h1;
      hi ^= h2;
    }
    if (rows.length < 1000) break;
    after = rows[rows.length - 1]!.id as number;
  }
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}
