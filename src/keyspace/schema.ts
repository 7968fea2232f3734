/**
 * The keyspace's tables and value types (db.ts describes the layout). Shared by the Keyspace and
 * the whole-value readers and writers (whole-value.ts).
 */
import { fromBytes, toBytes, type BStr } from "../resp/bytes";
import type { SqlValue } from "./sql";
import { STREAM_SCHEMA, type StreamValue } from "./stream/rows";

export type KeyType = "string" | "list" | "set" | "zset" | "hash" | "stream";
export const KEY_TYPES: readonly KeyType[] = ["string", "list", "set", "zset", "hash", "stream"];

/** A live key's metadata. `count` is the element count of a collection (unused for strings). */
export interface KeyMeta {
  id: number;
  type: KeyType;
  expiresAt: number | null;
  count: number;
}

/** SQLite rows stay far below the platform's 2 MB limit: longer strings are split in chunks. */
export const STRING_CHUNK_BYTES = 512 * 1024;

/** Table holding the elements of each collection type (strings: only when chunked). */
export const ELEMENT_TABLE: Record<KeyType, string> = {
  string: "string_chunks",
  list: "lists",
  set: "sets",
  zset: "zsets",
  hash: "hashes",
  stream: "stream_entries", // and its side tables (stream/rows.ts)
};

/** The bytes one element row stores (a score as the 8 bytes of a double), for MEMORY USAGE. */
export const ELEMENT_BYTES: Record<Exclude<KeyType, "string">, string> = {
  list: "LENGTH(value)",
  set: "LENGTH(member)",
  zset: "LENGTH(member) + 8",
  hash: "LENGTH(field) + LENGTH(value)",
  stream: "LENGTH(fields) + 16",
};

/** Columns of each element table after `kid`, so rows can be copied key to key inside SQLite. */
export const ELEMENT_COLUMNS: Record<KeyType, string> = {
  string: "idx, data",
  list: "pos, value",
  set: "member",
  zset: "member, score",
  hash: "field, value, expires_at",
  stream: "id, node, fields",
};

/** A key's whole value, type by type (COPY, DUMP/RESTORE, OBJECT ENCODING). Lists in order. */
export type KeyValue =
  | { type: "string"; value: BStr }
  | { type: "list"; items: BStr[] }
  | { type: "set"; members: BStr[] }
  | { type: "zset"; entries: [BStr, number][] }
  | { type: "hash"; entries: HashEntry[] }
  | StreamValue;

/**
 * A hash field, its value and, when it has one, its TTL (absolute ms). A value that went through
 * JSON (the replica snapshot) may carry null there: both mean "no TTL".
 */
export type HashEntry = [field: BStr, value: BStr, expiresAt?: number | null];

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS keys (
  id INTEGER PRIMARY KEY,
  key BLOB NOT NULL UNIQUE,
  type TEXT NOT NULL,
  value BLOB,
  expires_at INTEGER,
  slot INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 0
);
DROP INDEX IF EXISTS keys_by_slot;
CREATE INDEX IF NOT EXISTS keys_by_slot_id ON keys(slot, id);
CREATE INDEX IF NOT EXISTS keys_by_expiry ON keys(expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS string_chunks (kid INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (kid, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hashes (kid INTEGER NOT NULL, field BLOB NOT NULL, value BLOB NOT NULL, expires_at INTEGER, PRIMARY KEY (kid, field)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sets (kid INTEGER NOT NULL, member BLOB NOT NULL, PRIMARY KEY (kid, member)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS zsets (kid INTEGER NOT NULL, member BLOB NOT NULL, score REAL NOT NULL, PRIMARY KEY (kid, member)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS zsets_by_score ON zsets(kid, score, member);
CREATE TABLE IF NOT EXISTS lists (kid INTEGER NOT NULL, pos INTEGER NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kid, pos)) WITHOUT ROWID;
${STREAM_SCHEMA}`;

/** BLOB column → byte string. */
export const blob = (v: SqlValue): BStr => fromBytes(v as ArrayBuffer);
/** Byte string → BLOB parameter. */
export const param = (s: BStr): Uint8Array => toBytes(s);
