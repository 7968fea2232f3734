/**
 * Many keys at once, in a few statements for the lot: their rows, their whole values when small,
 * creating them, deleting them. MIGRATE's two ends move hundreds of small keys per message, and
 * on a Durable Object a statement costs far more than a row: moving a 1 KiB hash one statement
 * per lookup, element and deletion took about 30 statements, now a fraction of one.
 * Every statement binds at most SQL_MAX_PARAMS parameters.
 */
import type { BStr } from "../resp/bytes";
import { keyHashSlot } from "../commands/slot";
import { checkKeySize } from "./element-limit";
import { blob, ELEMENT_BYTES, ELEMENT_TABLE, param, STRING_CHUNK_BYTES, type KeyMeta, type KeyType, type KeyValue } from "./schema";
import { chunked, insertRows, marks, SQL_MAX_PARAMS } from "./sql";
import { deleteStreamRows } from "./stream/rows";
import { ELEMENT_OVERHEAD, LAYOUTS, readPage, toPart } from "./value-pages";
import type { Keyspace } from "./db";
import { checkValueSizes, elementRows, insertElementRows, withKid, writeValue, type CollectionValue, type ValueStore } from "./whole-value";

/** The rows of those of `keys` that exist, expired ones included (the caller decides about those). */
export function keyMetas(db: ValueStore, keys: readonly BStr[]): Map<BStr, KeyMeta> {
  const out = new Map<BStr, KeyMeta>();
  for (const part of chunked([...new Set(keys)], SQL_MAX_PARAMS)) {
    const rows = db.rows(`SELECT key, id, type, expires_at, count FROM keys WHERE key IN (${marks(part.length)})`, ...part.map(param));
    for (const r of rows) {
      out.set(blob(r.key), { id: r.id as number, type: r.type as KeyType, expiresAt: r.expires_at as number | null, count: r.count as number });
    }
  }
  return out;
}

/**
 * The whole values of those keys of `metas` that store at most `maxBytes` each (counted as a page
 * of value-pages.ts counts them), by key id. Larger ones, chunked strings and streams are left
 * out, for the caller to read page by page. At most SQL_MAX_PARAMS × `maxBytes` are read per statement.
 */
export function readSmallValues(db: ValueStore, metas: readonly KeyMeta[], maxBytes: number): Map<number, KeyValue> {
  const out = new Map<number, KeyValue>();
  const byType = new Map<KeyType, number[]>();
  for (const m of metas) if (m.type !== "stream") (byType.get(m.type) ?? byType.set(m.type, []).get(m.type)!).push(m.id);
  for (const [type, ids] of byType) {
    for (const part of chunked(ids, SQL_MAX_PARAMS - 1)) {
      if (type === "string") {
        const rows = db.rows(`SELECT id, value FROM keys WHERE id IN (${marks(part.length)}) AND value IS NOT NULL AND LENGTH(value) <= ?`, ...part, maxBytes);
        for (const r of rows) out.set(r.id as number, { type: "string", value: blob(r.value) });
        continue;
      }
      const t = type as Exclude<KeyType, "string" | "stream">;
      const { cols, table } = LAYOUTS[t];
      const small = `SELECT kid FROM ${table} WHERE kid IN (${marks(part.length)}) GROUP BY kid HAVING SUM(${ELEMENT_BYTES[t]} + ${ELEMENT_OVERHEAD}) <= ?`;
      const rows = db.rows(`SELECT kid, ${cols} FROM ${table} WHERE kid IN (${small}) ORDER BY kid, ${cols.split(",")[0]}`, ...part, maxBytes);
      for (let i = 0; i < rows.length;) {
        const kid = rows[i]!.kid as number;
        let j = i;
        while (j < rows.length && rows[j]!.kid === kid) j++;
        out.set(kid, toPart(t, rows.slice(i, j)));
        i = j;
      }
    }
  }
  return out;
}

/** Values up to this size are read many per statement (readSmallValues); larger ones one by one. */
export const BATCH_READ_BYTES = 64 * 1024;

/** A key found by `readWhole`: its value when it fits a page, else null (the caller pages it). */
export interface FoundKey {
  key: BStr;
  meta: KeyMeta;
  value: KeyValue | null;
}

/**
 * Those of `keys` that exist, in order (one whose time has passed is expired here, as a lookup
 * would: replicated as DEL), each with its whole value when it fits in `pageBytes`: what a move
 * (MIGRATE, an atomic slot migration) reads of a batch of keys, in one synchronous stretch.
 */
export function readWhole(db: Keyspace, keys: readonly BStr[], pageBytes: number): FoundKey[] {
  const metas = keyMetas(db, keys);
  for (const [key, meta] of metas) {
    if (meta.expiresAt === null || meta.expiresAt > db.now) continue;
    db.meta(key);
    metas.delete(key);
  }
  const values = readSmallValues(db, [...metas.values()], Math.min(BATCH_READ_BYTES, pageBytes));
  const out: FoundKey[] = [];
  for (const key of new Set(keys)) {
    const meta = metas.get(key);
    if (!meta) continue;
    let value = values.get(meta.id) ?? null;
    if (!value) {
      const { part, next } = readPage(db, meta, null, pageBytes);
      value = next === null ? part : null;
    }
    out.push({ key, meta, value });
  }
  return out;
}

export interface NewKey {
  key: BStr;
  value: KeyValue;
  expiresAt: number | null;
}

/**
 * Creates the keys of `items`, distinct and none of which exists: their rows sixteen per
 * statement, then their elements as many per statement as fit. Streams and chunked strings are
 * written one by one (writeValue); empty collections create nothing.
 */
export function writeValues(db: ValueStore, items: readonly NewKey[]): void {
  const keyRows: unknown[][] = [];
  const elements = new Map<BStr, { type: CollectionValue["type"]; rows: unknown[][] }>();
  for (const { key, value, expiresAt } of items) {
    if (value.type === "stream" || (value.type === "string" && value.value.length > STRING_CHUNK_BYTES)) {
      writeValue(db, key, value, expiresAt);
      continue;
    }
    checkKeySize(key.length);
    if (value.type === "string") {
      keyRows.push([param(key), "string", param(value.value), expiresAt, keyHashSlot(key), 0]);
      continue;
    }
    checkValueSizes(value);
    const rows = elementRows(value, 0);
    if (rows.length === 0) continue;
    elements.set(key, { type: value.type, rows });
    keyRows.push([param(key), value.type, null, expiresAt, keyHashSlot(key), rows.length]);
  }
  const created = insertRows(db.sql, "keys", "key, type, value, expires_at, slot, count", keyRows, "id, key");
  const byType = new Map<CollectionValue["type"], unknown[][]>();
  for (const r of created) {
    const key = blob(r.key);
    const e = elements.get(key);
    if (e) {
      // A loop, not push(...rows): a value of a page may hold hundreds of thousands of elements.
      const rows = byType.get(e.type) ?? byType.set(e.type, []).get(e.type)!;
      for (const row of withKid(r.id as number, e.rows)) rows.push(row);
    }
    db.onCreated?.(key);
    db.modified(key);
  }
  for (const [type, rows] of byType) insertElementRows(db, type, rows);
}

/**
 * Deletes `keys` (any types, expired or not): one DELETE per element table and per
 * SQL_MAX_PARAMS ids. Returns those that existed, in the order given (first occurrences).
 */
export function deleteKeys(db: ValueStore, keys: readonly BStr[]): BStr[] {
  const metas = keyMetas(db, keys);
  if (metas.size === 0) return [];
  const byType = new Map<KeyType, number[]>();
  for (const { id, type } of metas.values()) (byType.get(type) ?? byType.set(type, []).get(type)!).push(id);
  for (const [type, ids] of byType) {
    for (const part of chunked(ids, SQL_MAX_PARAMS)) db.run(`DELETE FROM ${ELEMENT_TABLE[type]} WHERE kid IN (${marks(part.length)})`, ...part);
    if (type === "stream") for (const id of ids) deleteStreamRows(db, id);
  }
  for (const part of chunked([...metas.values()].map((m) => m.id), SQL_MAX_PARAMS)) {
    db.run(`DELETE FROM keys WHERE id IN (${marks(part.length)})`, ...part);
  }
  const gone = [...new Set(keys)].filter((k) => metas.has(k));
  for (const k of gone) db.modified(k);
  return gone;
}
