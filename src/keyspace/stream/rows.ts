/**
 * A stream's rows in SQLite, and the stream as a whole value (DUMP/RESTORE, COPY, snapshots).
 *
 *   streams(kid, last_id, first_id, max_deleted, entries_added)      one row per stream
 *   stream_entries(kid, id, node, fields)      PK (kid, id): append and read by ID cost the same at any length
 *   stream_nodes(kid, node, master, last, live, added)   Redis's listpack nodes, modelled (below)
 *   stream_groups(kid, name, last_id, entries_read)      PK (kid, name): name order, as Redis's rax
 *   stream_consumers(kid, grp, name, seen_time)          PK (kid, grp, name)
 *   stream_pel(kid, grp, id, consumer, delivery_time, delivery_count)  PK (kid, grp, id), index by consumer
 *
 * IDs are 16-byte big-endian BLOBs (id.ts). The entry count is the key row's `count` (XLEN).
 *
 * Nodes: Redis keeps entries in listpacks of at most stream-node-max-entries (100) entries,
 * deleted ones included, and "~" trimming removes whole nodes only; XINFO STREAM shows the node
 * count. So each entry remembers its node: XADD appends to the last node until it has received
 * NODE_MAX_ENTRIES entries; a node whose entries are all deleted is removed. (Redis also starts a
 * node at stream-node-max-bytes, 4096 bytes of listpack; that is not modelled.)
 *
 * Imports nothing of db.ts (db.ts imports this): it works on any `Rows`.
 */
import { varint } from "../varint";
import { fromBytes, toBytes, type BStr } from "../../resp/bytes";
import { formatId, idFromKey, idFromText, idKey, type StreamId } from "./id";

/** stream-node-max-entries' default: the entries one node receives before a new one starts. */
export const NODE_MAX_ENTRIES = 100;

export const STREAM_SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (kid INTEGER PRIMARY KEY, last_id BLOB NOT NULL, first_id BLOB NOT NULL, max_deleted BLOB NOT NULL, entries_added TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stream_entries (kid INTEGER NOT NULL, id BLOB NOT NULL, node INTEGER NOT NULL, fields BLOB NOT NULL, PRIMARY KEY (kid, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_nodes (kid INTEGER NOT NULL, node INTEGER NOT NULL, master BLOB NOT NULL, last BLOB NOT NULL, live INTEGER NOT NULL, added INTEGER NOT NULL, PRIMARY KEY (kid, node)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_groups (kid INTEGER NOT NULL, name BLOB NOT NULL, last_id BLOB NOT NULL, entries_read TEXT NOT NULL, PRIMARY KEY (kid, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_consumers (kid INTEGER NOT NULL, grp BLOB NOT NULL, name BLOB NOT NULL, seen_time INTEGER NOT NULL, PRIMARY KEY (kid, grp, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_pel (kid INTEGER NOT NULL, grp BLOB NOT NULL, id BLOB NOT NULL, consumer BLOB NOT NULL, delivery_time INTEGER NOT NULL, delivery_count TEXT NOT NULL, PRIMARY KEY (kid, grp, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stream_pel_by_consumer ON stream_pel(kid, grp, consumer, id);
`;

/** The stream tables besides the entries (db.ts's element table for streams). */
export const STREAM_SIDE_TABLES = ["streams", "stream_nodes", "stream_groups", "stream_consumers", "stream_pel"] as const;

/** Columns of each side table after `kid`, to copy a stream inside SQLite (COPY). */
const SIDE_COLUMNS: Record<(typeof STREAM_SIDE_TABLES)[number], string> = {
  streams: "last_id, first_id, max_deleted, entries_added",
  stream_nodes: "node, master, last, live, added",
  stream_groups: "name, last_id, entries_read",
  stream_consumers: "grp, name, seen_time",
  stream_pel: "grp, id, consumer, delivery_time, delivery_count",
};

/** The part of db.ts's Keyspace this module uses. */
export interface Rows {
  rows(query: string, ...params: unknown[]): Record<string, unknown>[];
  one(query: string, ...params: unknown[]): Record<string, unknown> | undefined;
  run(query: string, ...params: unknown[]): void;
}

export const blobOf = (v: unknown): BStr => fromBytes(v as ArrayBuffer);
export const bytesOf = (s: BStr): Uint8Array => toBytes(s);
export const idParam = (id: StreamId): Uint8Array => toBytes(idKey(id));
export const idOf = (v: unknown): StreamId => idFromKey(blobOf(v));

// ---- field lists ------------------------------------------------------------------------------


/** field, value, field, value ... as one BLOB: each item its varint length then its bytes. */
export const encodeFields = (items: readonly BStr[]): BStr => items.map((x) => varint(x.length) + x).join("");

export function decodeFields(s: BStr): BStr[] {
  const out: BStr[] = [];
  for (let pos = 0; pos < s.length; ) {
    let n = 0;
    for (let mul = 1; ; mul *= 0x80) {
      const b = s.charCodeAt(pos++);
      n += (b & 0x7f) * mul;
      if (b < 0x80) break;
    }
    out.push(s.slice(pos, (pos += n)));
  }
  return out;
}

// ---- entries and nodes ------------------------------------------------------------------------

/** Appends an entry after every other (its ID is the stream's greatest), into the last node or a new one. */
export function appendEntryRow(db: Rows, kid: number, id: StreamId, items: readonly BStr[]): void {
  const key = idParam(id);
  const tail = db.one("SELECT node, added FROM stream_nodes WHERE kid = ? ORDER BY node DESC LIMIT 1", kid);
  let node: number;
  if (!tail || (tail.added as number) >= NODE_MAX_ENTRIES) {
    node = tail ? (tail.node as number) + 1 : 0;
    db.run("INSERT INTO stream_nodes (kid, node, master, last, live, added) VALUES (?, ?, ?, ?, 1, 1)", kid, node, key, key);
  } else {
    node = tail.node as number;
    db.run("UPDATE stream_nodes SET last = ?, live = live + 1, added = added + 1 WHERE kid = ? AND node = ?", key, kid, node);
  }
  db.run("INSERT INTO stream_entries (kid, id, node, fields) VALUES (?, ?, ?, ?)", kid, key, node, bytesOf(encodeFields(items)));
}

// ---- whole values -----------------------------------------------------------------------------

export interface StreamMetaImage {
  lastId: string;
  firstId: string;
  maxDeletedId: string;
  entriesAdded: string;
}

export interface StreamGroupImage {
  name: BStr;
  lastId: string;
  entriesRead: string;
  consumers: [name: BStr, seenTime: number][];
  pel: [id: string, consumer: BStr, deliveryTime: number, deliveryCount: string][];
}

/**
 * A stream's whole value, or one part of it: entries in ID order (ID text, field/value list);
 * the first part also carries the metadata and the groups (later parts: meta null, no groups).
 */
export interface StreamValue {
  type: "stream";
  entries: [id: string, items: BStr[]][];
  meta: StreamMetaImage | null;
  groups: StreamGroupImage[];
}

export function readStreamValue(db: Rows, kid: number): StreamValue {
  const m = db.one("SELECT last_id, first_id, max_deleted, entries_added FROM streams WHERE kid = ?", kid)!;
  const meta: StreamMetaImage = {
    lastId: formatId(idOf(m.last_id)), firstId: formatId(idOf(m.first_id)),
    maxDeletedId: formatId(idOf(m.max_deleted)), entriesAdded: m.entries_added as string,
  };
  const entries = db.rows("SELECT id, fields FROM stream_entries WHERE kid = ? ORDER BY id", kid)
    .map((r): [string, BStr[]] => [formatId(idOf(r.id)), decodeFields(blobOf(r.fields))]);
  const groups = db.rows("SELECT name, last_id, entries_read FROM stream_groups WHERE kid = ? ORDER BY name", kid).map((g): StreamGroupImage => ({
    name: blobOf(g.name),
    lastId: formatId(idOf(g.last_id)),
    entriesRead: g.entries_read as string,
    consumers: db.rows("SELECT name, seen_time FROM stream_consumers WHERE kid = ? AND grp = ? ORDER BY name", kid, g.name)
      .map((c): [BStr, number] => [blobOf(c.name), c.seen_time as number]),
    pel: db.rows("SELECT id, consumer, delivery_time, delivery_count FROM stream_pel WHERE kid = ? AND grp = ? ORDER BY id", kid, g.name)
      .map((p): [string, BStr, number, string] => [formatId(idOf(p.id)), blobOf(p.consumer), p.delivery_time as number, p.delivery_count as string]),
  }));
  return { type: "stream", entries, meta, groups };
}

const textId = (s: string): Uint8Array => idParam(idFromText(s)!);

/**
 * Adds `v` to the stream row `kid`: its entries after the ones it holds, then (first part) its
 * metadata and groups. A stream without metadata yet gets it from its entries. Returns the
 * number of entries added.
 */
export function insertStreamValue(db: Rows, kid: number, v: StreamValue): number {
  for (const [id, items] of v.entries) appendEntryRow(db, kid, idFromText(id)!, items);
  if (v.meta) {
    db.run("INSERT OR REPLACE INTO streams (kid, last_id, first_id, max_deleted, entries_added) VALUES (?, ?, ?, ?, ?)",
      kid, textId(v.meta.lastId), textId(v.meta.firstId), textId(v.meta.maxDeletedId), v.meta.entriesAdded);
  } else if (!db.one("SELECT kid FROM streams WHERE kid = ?", kid)) {
    const first = v.entries[0]?.[0] ?? "0-0";
    const last = v.entries[v.entries.length - 1]?.[0] ?? "0-0";
    db.run("INSERT INTO streams (kid, last_id, first_id, max_deleted, entries_added) VALUES (?, ?, ?, ?, ?)",
      kid, textId(last), textId(first), textId("0-0"), String(v.entries.length));
  }
  for (const g of v.groups) {
    const name = bytesOf(g.name);
    db.run("INSERT OR REPLACE INTO stream_groups (kid, name, last_id, entries_read) VALUES (?, ?, ?, ?)", kid, name, textId(g.lastId), g.entriesRead);
    for (const [c, seen] of g.consumers) {
      db.run("INSERT OR REPLACE INTO stream_consumers (kid, grp, name, seen_time) VALUES (?, ?, ?, ?)", kid, name, bytesOf(c), seen);
    }
    for (const [id, c, time, count] of g.pel) {
      db.run("INSERT OR REPLACE INTO stream_pel (kid, grp, id, consumer, delivery_time, delivery_count) VALUES (?, ?, ?, ?, ?, ?)",
        kid, name, textId(id), bytesOf(c), time, count);
    }
  }
  return v.entries.length;
}

/** A decoded StreamValue is well formed: valid, increasing IDs, even field lists, PEL owners among the consumers. */
export function validStreamValue(v: StreamValue): boolean {
  let prev: StreamId | null = null;
  for (const [id, items] of v.entries) {
    const parsed = idFromText(id);
    if (!parsed || items.length % 2 !== 0 || items.length === 0) return false;
    if (prev && (parsed.ms < prev.ms || (parsed.ms === prev.ms && parsed.seq <= prev.seq))) return false;
    prev = parsed;
  }
  const ids = (m: StreamMetaImage): boolean => [m.lastId, m.firstId, m.maxDeletedId].every((x) => idFromText(x) !== null);
  if (v.meta && (!ids(v.meta) || !/^\d+$/.test(v.meta.entriesAdded))) return false;
  return v.groups.every((g) => idFromText(g.lastId) !== null && /^(-1|\d+)$/.test(g.entriesRead) &&
    g.pel.every(([id, c, , n]) => idFromText(id) !== null && /^\d+$/.test(n) && g.consumers.some(([name]) => name === c)));
}

export function deleteStreamRows(db: Rows, kid: number): void {
  for (const t of STREAM_SIDE_TABLES) db.run(`DELETE FROM ${t} WHERE kid = ?`, kid);
}

export function deleteAllStreamRows(db: Rows): void {
  for (const t of STREAM_SIDE_TABLES) db.run(`DELETE FROM ${t}`);
}

/** Copies the side tables of stream `from` to the new key row `to` (the entries are copied by db.ts). */
export function copyStreamRows(db: Rows, from: number, to: number): void {
  for (const t of STREAM_SIDE_TABLES) {
    const cols = SIDE_COLUMNS[t];
    db.run(`INSERT INTO ${t} (kid, ${cols}) SELECT ?, ${cols} FROM ${t} WHERE kid = ?`, to, from);
  }
}
