/**
 * A key's value read in pages straight from SQLite, for MIGRATE: each page is one part of the
 * value (string chunks, or collection rows in primary-key order after a cursor), about
 * `maxBytes` big, so a 100 MiB string or a million-member sorted set never sits in memory whole
 * (a Durable Object has 128 MB). The key must not change between pages (MIGRATE locks it).
 *
 * `partCommands` says how a later part reaches replicas: ordinary append commands (APPEND,
 * RPUSH, SADD, ZADD, HSET then HPEXPIREAT for field TTLs), so no replicated command is larger
 * than a page.
 */
import type { BStr } from "../resp/bytes";
import { blob, param, type KeyMeta, type KeyValue } from "./schema";
import { readValue, type ValueStore } from "./whole-value";

/** Where the next page starts: after this chunk index, list position, member or field (null: at the start). */
export type PageCursor = number | BStr | null;

/** Per-element overhead counted when sizing a page (varint lengths, the score). */
export const ELEMENT_OVERHEAD = 16;

export interface Layout {
  /** Columns read, the first being the cursor column. */
  cols: string;
  table: string;
  size(r: Record<string, unknown>): number;
}

export const LAYOUTS: Record<Exclude<KeyMeta["type"], "stream">, Layout> = {
  string: { cols: "idx, data", table: "string_chunks", size: (r) => (r.data as ArrayBuffer).byteLength },
  list: { cols: "pos, value", table: "lists", size: (r) => (r.value as ArrayBuffer).byteLength },
  set: { cols: "member", table: "sets", size: (r) => (r.member as ArrayBuffer).byteLength },
  zset: { cols: "member, score", table: "zsets", size: (r) => (r.member as ArrayBuffer).byteLength + 8 },
  hash: { cols: "field, value, expires_at", table: "hashes", size: (r) => (r.field as ArrayBuffer).byteLength + (r.value as ArrayBuffer).byteLength },
};

/**
 * The page of the key `meta` after `after`: its part of the value and the cursor of the next
 * page (null: this was the last). A page holds at least one element, however large.
 */
export function readPage(db: ValueStore, meta: KeyMeta, after: PageCursor, maxBytes: number): { part: KeyValue; next: PageCursor } {
  // A stream (entries, groups, PELs) travels as one page: see docs/streams.md for the size limit.
  if (meta.type === "stream") return { part: readValue(db, meta), next: null };
  if (meta.type === "string" && after === null) {
    const row = db.one("SELECT value FROM keys WHERE id = ?", meta.id)!;
    if (row.value !== null) return { part: { type: "string", value: blob(row.value) }, next: null };
  }
  const { cols, table, size } = LAYOUTS[meta.type];
  const col = cols.split(",")[0]!;
  const from = after === null ? "" : ` AND ${col} > ?`;
  const params: unknown[] = after === null ? [meta.id] : [meta.id, typeof after === "number" ? after : param(after)];
  const rows: Record<string, unknown>[] = [];
  let bytes = 0;
  let more = false;
  // The cursor is read row by row and left as soon as the page is full.
  for (const r of db.sql.exec(`SELECT ${cols} FROM ${table} WHERE kid = ?${from} ORDER BY ${col}`, ...params)) {
    const n = size(r) + ELEMENT_OVERHEAD;
    if (rows.length > 0 && bytes + n > maxBytes) {
      more = true;
      break;
    }
    rows.push(r);
    bytes += n;
  }
  const last = rows[rows.length - 1]!;
  const next: PageCursor = !more ? null : meta.type === "string" || meta.type === "list" ? (last[col] as number) : blob(last[col] as ArrayBuffer);
  return { part: toPart(meta.type, rows), next };
}

export function toPart(type: Exclude<KeyMeta["type"], "stream">, rows: Record<string, unknown>[]): KeyValue {
  const b = (v: unknown): BStr => blob(v as ArrayBuffer);
  switch (type) {
    case "string": return { type, value: rows.map((r) => b(r.data)).join("") };
    case "list": return { type, items: rows.map((r) => b(r.value)) };
    case "set": return { type, members: rows.map((r) => b(r.member)) };
    case "zset": return { type, entries: rows.map((r) => [b(r.member), r.score as number]) };
    case "hash": return { type, entries: rows.map((r) => (r.expires_at === null ? [b(r.field), b(r.value)] : [b(r.field), b(r.value), r.expires_at as number])) };
  }
}

/** A score as ZADD reads it back exactly (shortest round-trip text; infinities as Redis writes them). */
const scoreText = (s: number): string => (s === Infinity ? "inf" : s === -Infinity ? "-inf" : String(s));

/** The commands that add a later `part` to `key` on a replica (after a RESTORE of the first part). */
export function partCommands(key: BStr, part: KeyValue): BStr[][] {
  switch (part.type) {
    case "string": return [["APPEND", key, part.value]];
    case "list": return [["RPUSH", key, ...part.items]];
    case "set": return [["SADD", key, ...part.members]];
    case "zset": return [["ZADD", key, ...part.entries.flatMap(([m, s]) => [scoreText(s), m])]];
    case "hash": {
      // One HPEXPIREAT per distinct TTL, after the HSET that creates the fields.
      const byTime = new Map<number, BStr[]>();
      for (const [f, , t] of part.entries) if (t !== undefined && t !== null) byTime.set(t, [...(byTime.get(t) ?? []), f]);
      const ttls = [...byTime].map(([t, fields]) => ["HPEXPIREAT", key, String(t), "FIELDS", String(fields.length), ...fields]);
      return [["HSET", key, ...part.entries.flatMap(([f, v]) => [f, v])], ...ttls];
    }
    case "stream": throw new Error("a stream is never sent in parts (readPage)");
  }
}
