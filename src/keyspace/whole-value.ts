/**
 * Whole values (COPY, DUMP/RESTORE, MIGRATE, replication snapshots): reading a key's value at once,
 * writing one back, copying a key inside SQLite, and counting its stored bytes (MEMORY USAGE).
 */
import type { BStr } from "../resp/bytes";
import { keyHashSlot } from "../commands/slot";
import { insertRows, type SqlExec, type SqlRow } from "./sql";
import { checkElementSize, checkKeySize } from "./element-limit";
import { copyStreamRows, insertStreamValue, readStreamValue } from "./stream/rows";
import {
  blob, ELEMENT_BYTES, ELEMENT_COLUMNS, ELEMENT_TABLE, param, type HashEntry, type KeyMeta, type KeyType, type KeyValue,
} from "./schema";

/** What these functions need of the Keyspace. */
export interface ValueStore {
  onCreated: ((key: BStr) => void) | null;
  rows(query: string, ...params: unknown[]): SqlRow[];
  one(query: string, ...params: unknown[]): SqlRow | undefined;
  run(query: string, ...params: unknown[]): void;
  setString(key: BStr, value: BStr, expiresAt?: number | null | "keep"): void;
  readonly sql: SqlExec;
  create(key: BStr, type: Exclude<KeyType, "string">, count?: number, expiresAt?: number | null): KeyMeta;
  setCount(key: BStr, meta: KeyMeta, count: number): void;
  modified(key: BStr): void;
}

/** The whole value of the live key described by `meta`. */
export function readValue(db: ValueStore, meta: KeyMeta): KeyValue {
  const id = meta.id;
  switch (meta.type) {
    case "string": {
      const row = db.one("SELECT value FROM keys WHERE id = ?", id)!;
      if (row.value !== null) return { type: "string", value: blob(row.value) };
      const chunks = db.rows("SELECT data FROM string_chunks WHERE kid = ? ORDER BY idx", id);
      return { type: "string", value: chunks.map((r) => blob(r.data)).join("") };
    }
    case "list":
      return { type: "list", items: db.rows("SELECT value FROM lists WHERE kid = ? ORDER BY pos", id).map((r) => blob(r.value)) };
    case "set":
      return { type: "set", members: db.rows("SELECT member FROM sets WHERE kid = ?", id).map((r) => blob(r.member)) };
    case "zset":
      return {
        type: "zset",
        entries: db.rows("SELECT member, score FROM zsets WHERE kid = ? ORDER BY score, member", id)
          .map((r) => [blob(r.member), r.score as number]),
      };
    case "hash":
      // Expired fields not yet deleted are part of the value, TTL included, as on the master.
      return {
        type: "hash",
        entries: db.rows("SELECT field, value, expires_at FROM hashes WHERE kid = ?", id)
          .map((r): HashEntry => (r.expires_at === null ? [blob(r.field), blob(r.value)] : [blob(r.field), blob(r.value), r.expires_at as number])),
      };
    case "stream":
      return readStreamValue(db, id);
  }
}

/**
 * Creates `key`, which must not exist, holding `value` (list items at positions 0..n-1): the key
 * row with its count and TTL, then the elements, as many per statement as the platform allows.
 * An empty collection creates nothing, as Redis never keeps empty collections.
 */
export function writeValue(db: ValueStore, key: BStr, value: KeyValue, expiresAt: number | null): void {
  if (value.type === "string") {
    db.setString(key, value.value, expiresAt);
    return;
  }
  checkValueSizes(value);
  if (value.type === "stream") {
    const meta = db.create(key, "stream");
    // A stream exists even when empty (XDEL of its last entry keeps it), unlike other collections.
    const count = insertStreamValue(db, meta.id, value);
    db.run("UPDATE keys SET count = ?, expires_at = ? WHERE id = ?", count, expiresAt, meta.id);
    db.modified(key);
    return;
  }
  const rows = elementRows(value, 0);
  if (rows.length === 0) return;
  const meta = db.create(key, value.type, rows.length, expiresAt);
  insertElementRows(db, value.type, withKid(meta.id, rows));
  db.modified(key);
}

/**
 * Inserts a collection's elements under key row `kid` (list items at positions `firstPos`...),
 * none of which it holds yet (a new key, or the next part of a split value). Returns how many.
 */
export function insertElements(db: ValueStore, kid: number, value: Exclude<KeyValue, { type: "string" }>, firstPos: number): number {
  if (value.type === "stream") return insertStreamValue(db, kid, value);
  const rows = elementRows(value, firstPos);
  insertElementRows(db, value.type, withKid(kid, rows));
  return rows.length;
}

export type CollectionValue = Exclude<KeyValue, { type: "string" } | { type: "stream" }>;

/** Element rows (kid first) of one collection type, as many per statement as the platform allows. */
export function insertElementRows(db: ValueStore, type: CollectionValue["type"], rows: readonly unknown[][]): void {
  insertRows(db.sql, ELEMENT_TABLE[type], `kid, ${ELEMENT_COLUMNS[type]}`, rows);
}

/** The element rows of `value` (without their kid), duplicates dropped as the commands that build them would (last wins). */
export function elementRows(value: CollectionValue, firstPos: number): unknown[][] {
  switch (value.type) {
    case "list":
      return value.items.map((v, i) => [firstPos + i, param(v)]);
    case "set":
      return [...new Set(value.members)].map((m) => [param(m)]);
    case "zset":
      return [...new Map(value.entries)].map(([m, score]) => [param(m), score]);
    case "hash":
      return [...new Map(value.entries.map(([f, v, t]) => [f, [v, t ?? null] as const]))].map(([f, [v, t]]) => [param(f), param(v), t]);
  }
}

export function withKid(kid: number, rows: unknown[][]): unknown[][] {
  for (const r of rows) r.unshift(kid);
  return rows;
}

/**
 * The bytes `meta`'s value stores: a string's length; for a collection, its elements' bytes, from
 * the first `samples` elements scaled to all of them when `samples` is below the count (0: all),
 * as MEMORY USAGE's SAMPLES. Counted inside SQLite: no element is read into memory.
 */
export function valueBytes(db: ValueStore, meta: KeyMeta, samples: number): number {
  if (meta.type === "string") {
    const row = db.one("SELECT LENGTH(value) AS n FROM keys WHERE id = ?", meta.id)!;
    if (row.n !== null) return row.n as number;
    return db.one("SELECT TOTAL(LENGTH(data)) AS n FROM string_chunks WHERE kid = ?", meta.id)!.n as number;
  }
  const limit = samples > 0 && samples < meta.count ? samples : -1;
  const row = db.one(
    `SELECT COUNT(*) AS c, TOTAL(b) AS n FROM (SELECT ${ELEMENT_BYTES[meta.type]} AS b FROM ${ELEMENT_TABLE[meta.type]} WHERE kid = ? LIMIT ?)`,
    meta.id, limit,
  )!;
  const sampled = row.c as number;
  return sampled === 0 ? 0 : Math.round(((row.n as number) / sampled) * meta.count);
}

/** Copies the key of `meta` to `dst`, which must not exist: value, elements and TTL, inside SQLite. */
export function copyKey(db: ValueStore, meta: KeyMeta, dst: BStr): void {
  checkKeySize(dst.length);
  const id = db.one(
    "INSERT INTO keys (key, type, value, expires_at, slot, count) SELECT ?, type, value, expires_at, ?, count FROM keys WHERE id = ? RETURNING id",
    param(dst), keyHashSlot(dst), meta.id,
  )!.id as number;
  db.onCreated?.(dst);
  const table = ELEMENT_TABLE[meta.type];
  const cols = ELEMENT_COLUMNS[meta.type];
  db.run(`INSERT INTO ${table} (kid, ${cols}) SELECT ?, ${cols} FROM ${table} WHERE kid = ?`, id, meta.id);
  if (meta.type === "stream") copyStreamRows(db, meta.id, id);
  db.modified(dst);
}

/** Every element of a collection value is storable (RESTORE checks before creating anything). */
export function checkValueSizes(value: Exclude<KeyValue, { type: "string" }>): void {
  switch (value.type) {
    case "list": for (const v of value.items) checkElementSize(v.length); break;
    case "set": for (const m of value.members) checkElementSize(m.length); break;
    case "zset": for (const [m] of value.entries) checkElementSize(m.length); break;
    case "hash": for (const [f, v] of value.entries) checkElementSize(f.length + v.length); break;
    case "stream": for (const [, items] of value.entries) checkElementSize(items.reduce((n, x) => n + x.length, 0)); break;
  }
}
