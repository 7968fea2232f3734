/**
 * Keyspace: the node's data, in the Durable Object's SQLite database.
 *
 * One row per key in `keys` (type, expiry, slot, element count, and the value for strings); one
 * row per element in the collection tables, which point at the key's row id (so RENAME is a
 * one-row update, whatever the size of the collection). Nothing is ever re-serialized whole.
 *
 *   keys(id, key BLOB UNIQUE, type, value BLOB, expires_at, slot, count)
 *   string_chunks(kid, idx, data)          strings longer than STRING_CHUNK_BYTES
 *   hashes(kid, field, value, expires_at)  PK (kid, field); field TTLs indexed (hash-ttl-store.ts)
 *   sets(kid, member)                      PK (kid, member)
 *   zsets(kid, member, score)              PK (kid, member), index (kid, score, member)
 *   lists(kid, pos, value)                 PK (kid, pos); head/tail are MIN/MAX(pos)
 *
 * Every method is synchronous: the dispatcher runs each command inside one
 * `transactionSync`, so a command's writes commit together or, if it throws, not at all.
 * Expiry is lazy (any lookup of an expired key deletes it) and active (`activeExpire`).
 */
import { fromBytes, toBytes, type BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { keyHashSlot } from "../commands/slot";
import type { SqlExec, SqlRow, SqlValue } from "./sql";
import type { ScanPosition } from "../commands/scan-cursor";
import { checkElementSize, checkKeySize } from "./element-limit";
import {
  copyStreamRows, deleteAllStreamRows, deleteStreamRows, insertStreamValue, readStreamValue, STREAM_SCHEMA, type StreamValue,
} from "./stream/rows";
import { ensureHashTtlSchema, nextFieldExpiry } from "./hash-ttl-store";

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

/** Memory for cached string values (a Durable Object has 128 MB), and the largest value cached. */
export const STRING_CACHE_BYTES = 8 * 1024 * 1024;
export const STRING_CACHE_MAX_VALUE = 64 * 1024;

/** Table holding the elements of each collection type (strings: only when chunked). */
const ELEMENT_TABLE: Record<KeyType, string> = {
  string: "string_chunks",
  list: "lists",
  set: "sets",
  zset: "zsets",
  hash: "hashes",
  stream: "stream_entries", // and its side tables (stream/rows.ts)
};

/** The bytes one element row stores (a score as the 8 bytes of a double), for MEMORY USAGE. */
const ELEMENT_BYTES: Record<Exclude<KeyType, "string">, string> = {
  list: "LENGTH(value)",
  set: "LENGTH(member)",
  zset: "LENGTH(member) + 8",
  hash: "LENGTH(field) + LENGTH(value)",
  stream: "LENGTH(fields) + 16",
};

/** Columns of each element table after `kid`, so rows can be copied key to key inside SQLite. */
const ELEMENT_COLUMNS: Record<KeyType, string> = {
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

const SCHEMA = `
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

type Row = SqlRow;

/** BLOB column → byte string. */
export const blob = (v: SqlValue): BStr => fromBytes(v as ArrayBuffer);
/** Byte string → BLOB parameter. */
export const param = (s: BStr): Uint8Array => toBytes(s);

export class Keyspace {
  /** Milliseconds; set by the dispatcher before each command (Redis caches mstime per command). */
  now = 0;
  /** Write counter (Redis's `server.dirty`): INFO and replication use it to see that a command wrote. */
  dirty = 0;
  /** Called after a key is modified (signalModifiedKey): WATCH and blocked clients listen here. */
  onModified: ((key: BStr) => void) | null = null;
  /** dbAdd: a key that did not exist was added (keyspace notifications' `new` event). */
  onCreated: ((key: BStr) => void) | null = null;
  /** A key looked up (found or not): INFO's keyspace_hits / keyspace_misses (node/stats/observer.ts). */
  onLookup: ((key: BStr, hit: boolean) => void) | null = null;
  /** Keys deleted because they expired, not yet propagated (as DEL): `takeExpired` drains it. */
  private expiredKeys: BStr[] = [];

  /**
   * Hot string values read from SQLite, kept in memory. Coherent by construction: this object is
   * the only writer of its database and every write goes through `modified` or `flush`, which
   * drop the entry. Bounded by STRING_CACHE_BYTES.
   */
  private cache = new Map<BStr, { value: BStr; expiresAt: number | null }>();
  private cachedBytes = 0;

  /**
   * `expireOnAccess`: whether this node deletes keys whose time has passed. Replicas never do
   * (they wait for the master's DEL), Redis-style; the role can change at any time, so it is asked.
   */
  constructor(readonly sql: SqlExec, private readonly expiresKeys: () => boolean = () => true) {
    sql.exec(SCHEMA);
    ensureHashTtlSchema(sql);
  }

  get expireOnAccess(): boolean {
    return this.expiresKeys();
  }

  /** The keys that expired (deleted here) since the last call, in order: each must reach replicas as DEL. */
  takeExpired(): BStr[] {
    const out = this.expiredKeys;
    this.expiredKeys = [];
    return out;
  }

  /** Runs a query and returns its rows as an array (cursors must be consumed before any await). */
  rows(query: string, ...params: unknown[]): Row[] {
    return this.sql.exec(query, ...params).toArray() as Row[];
  }

  one(query: string, ...params: unknown[]): Row | undefined {
    return this.rows(query, ...params)[0];
  }

  run(query: string, ...params: unknown[]): void {
    this.sql.exec(query, ...params);
  }

  // ---- lookups -------------------------------------------------------------------------------

  /**
   * The key's row (id, type, expires_at and the `more` columns), or undefined if it does not
   * exist or has expired (deleting it first then, where expiry on access is on).
   */
  private liveRow(key: BStr, more: string): Row | undefined {
    const row = this.one(`SELECT id, type, expires_at, ${more} FROM keys WHERE key = ?`, param(key));
    if (row && row.expires_at !== null && (row.expires_at as number) <= this.now) {
      if (this.expireOnAccess) this.expire(key, row.id as number, row.type as KeyType);
      this.onLookup?.(key, false);
      return undefined;
    }
    this.onLookup?.(key, row !== undefined);
    return row;
  }

  /** The key's metadata, or null if it does not exist (deleting it first if it has expired). */
  meta(key: BStr): KeyMeta | null {
    const row = this.liveRow(key, "count");
    if (!row) return null;
    const expiresAt = row.expires_at as number | null;
    return { id: row.id as number, type: row.type as KeyType, expiresAt, count: row.count as number };
  }

  /** Like `meta` but throws WRONGTYPE when the key holds another type. */
  metaOf(key: BStr, type: KeyType): KeyMeta | null {
    const m = this.meta(key);
    if (m && m.type !== type) throw new ReplyError(ERR.wrongType);
    return m;
  }

  exists(key: BStr): boolean {
    return this.meta(key) !== null;
  }

  /** The string value of `key`, null if absent; WRONGTYPE for other types. */
  getString(key: BStr): BStr | null {
    const hit = this.cache.get(key);
    if (hit && (hit.expiresAt === null || hit.expiresAt > this.now)) {
      this.onLookup?.(key, true);
      return hit.value;
    }
    const row = this.liveRow(key, "value");
    if (!row) return null;
    if (row.type !== "string") throw new ReplyError(ERR.wrongType);
    const value = row.value !== null
      ? blob(row.value)
      : this.rows("SELECT data FROM string_chunks WHERE kid = ? ORDER BY idx", row.id).map((r) => blob(r.data)).join("");
    this.remember(key, value, row.expires_at as number | null);
    return value;
  }

  /**
   * Forgets every cached value. The dispatcher calls it when a write command's transaction rolls
   * back: a value the command wrote and then read would otherwise outlive the rollback.
   */
  clearCache(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Sets a string value. `expiresAt`: absolute ms, or null for no expiry, or "keep" to keep the
   * current TTL (KEEPTTL). Any previous value of any type is replaced.
   */
  setString(key: BStr, value: BStr, expiresAt: number | null | "keep" = null): void {
    const old = this.meta(key);
    let ttl = expiresAt === "keep" ? (old?.expiresAt ?? null) : expiresAt;
    if (old && old.type !== "string") this.deleteElements(old.id, old.type);
    if (old?.type === "string") this.run("DELETE FROM string_chunks WHERE kid = ?", old.id);
    const inline = value.length <= STRING_CHUNK_BYTES ? param(value) : null;
    let id: number;
    if (old) {
      id = old.id;
      this.run("UPDATE keys SET type = 'string', value = ?, expires_at = ?, count = 0 WHERE id = ?", inline, ttl, id);
    } else {
      checkKeySize(key.length);
      const slot = keyHashSlot(key);
      id = this.one(
        "INSERT INTO keys (key, type, value, expires_at, slot) VALUES (?, 'string', ?, ?, ?) RETURNING id",
        param(key), inline, ttl, slot,
      )!.id as number;
      this.onCreated?.(key);
    }
    if (inline === null) {
      for (let i = 0, idx = 0; i < value.length; i += STRING_CHUNK_BYTES, idx++) {
        this.run("INSERT INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", id, idx,
          param(value.slice(i, i + STRING_CHUNK_BYTES)));
      }
    }
    this.modified(key);
  }

  /** Creates an empty collection key (the caller adds elements and then calls `setCount`). */
  create(key: BStr, type: Exclude<KeyType, "string">): KeyMeta {
    checkKeySize(key.length);
    const id = this.one(
      "INSERT INTO keys (key, type, slot, count) VALUES (?, ?, ?, 0) RETURNING id",
      param(key), type, keyHashSlot(key),
    )!.id as number;
    this.onCreated?.(key);
    return { id, type, expiresAt: null, count: 0 };
  }

  /** The collection at `key`, created empty if absent; WRONGTYPE if it holds another type. */
  getOrCreate(key: BStr, type: Exclude<KeyType, "string">): KeyMeta {
    return this.metaOf(key, type) ?? this.create(key, type);
  }

  /**
   * Records a collection's new element count after a write and signals the modification;
   * a collection whose count drops to 0 is deleted, as Redis never keeps empty collections.
   */
  setCount(key: BStr, meta: KeyMeta, count: number): void {
    meta.count = count;
    if (count <= 0) {
      this.deleteRow(meta.id, meta.type);
    } else {
      this.run("UPDATE keys SET count = ? WHERE id = ?", count, meta.id);
    }
    this.modified(key);
  }

  /** Deletes a key of any type. Returns whether it existed. */
  delete(key: BStr): boolean {
    const m = this.meta(key);
    if (!m) return false;
    this.deleteRow(m.id, m.type);
    this.modified(key);
    return true;
  }

  /** Sets (absolute ms) or clears (null) the expiry of an existing key. */
  setExpire(key: BStr, meta: KeyMeta, expiresAt: number | null): void {
    this.run("UPDATE keys SET expires_at = ? WHERE id = ?", expiresAt, meta.id);
    meta.expiresAt = expiresAt;
    this.modified(key);
  }

  /** Moves `src` (which must exist) to `dst`, replacing whatever `dst` held. O(1) for any type. */
  rename(src: BStr, meta: KeyMeta, dst: BStr): void {
    if (src === dst) return;
    checkKeySize(dst.length);
    this.delete(dst);
    this.run("UPDATE keys SET key = ?, slot = ? WHERE id = ?", param(dst), keyHashSlot(dst), meta.id);
    // Redis deletes the destination and adds the key under its new name (dbAdd): always `new`.
    this.onCreated?.(dst);
    this.modified(src);
    this.modified(dst);
  }

  /** Deletes every key (FLUSHALL / FLUSHDB). Returns how many there were. */
  flush(): number {
    const n = this.size();
    for (const t of KEY_TYPES) this.run(`DELETE FROM ${ELEMENT_TABLE[t]}`);
    deleteAllStreamRows(this);
    this.run("DELETE FROM keys");
    this.clearCache();
    this.dirty += n;
    return n;
  }

  // ---- iteration and counting ----------------------------------------------------------------

  /** Number of keys, expired-but-not-yet-collected ones included (as Redis's DBSIZE). */
  size(): number {
    return this.one("SELECT COUNT(*) AS n FROM keys")!.n as number;
  }

  /** Keys whose expiry is set (for INFO keyspace `expires=`). */
  volatileSize(): number {
    return this.one("SELECT COUNT(*) AS n FROM keys WHERE expires_at IS NOT NULL")!.n as number;
  }

  countKeysInSlot(slot: number): number {
    return this.one("SELECT COUNT(*) AS n FROM keys WHERE slot = ?", slot)!.n as number;
  }

  keysInSlot(slot: number, count: number): BStr[] {
    return this.rows("SELECT key FROM keys WHERE slot = ? ORDER BY id LIMIT ?", slot, count).map((r) => blob(r.key));
  }

  /**
   * One page of a key scan in (slot, row id) order: keys after position `after`, up to `count`
   * rows examined. Returns live keys (with type) and the position of the last row examined (null
   * when the scan is done). A key keeps its slot and row id for its whole life and positions only
   * grow, so a key that exists for the whole scan is returned exactly once; and since slots come
   * in order, a scan over several nodes can go slot range by slot range (the gateway's SCAN).
   */
  /** Keys after `after` in (slot, id) order, `count` rows examined, slots below `endSlot` only. */
  scanPage(after: ScanPosition, count: number, endSlot = 16384): { keys: { key: BStr; type: KeyType }[]; last: ScanPosition | null } {
    const rows = this.rows(
      "SELECT id, slot, key, type, expires_at FROM keys WHERE (slot, id) > (?, ?) AND slot < ? ORDER BY slot, id LIMIT ?",
      after.slot, after.id, endSlot, count,
    );
    const keys = rows
      .filter((r) => r.expires_at === null || (r.expires_at as number) > this.now)
      .map((r) => ({ key: blob(r.key), type: r.type as KeyType }));
    const end = rows[rows.length - 1];
    return { keys, last: rows.length < count || !end ? null : { slot: end.slot as number, id: end.id as number } };
  }

  /** A uniformly random live key, or null when the keyspace is empty. `rand` in [0, 1). */
  randomKey(rand: () => number): BStr | null {
    for (let attempt = 0; attempt < 100; attempt++) {
      const bounds = this.one("SELECT MIN(id) AS lo, MAX(id) AS hi FROM keys");
      if (!bounds || bounds.lo === null) return null;
      const lo = bounds.lo as number;
      const hi = bounds.hi as number;
      const pick = lo + Math.floor(rand() * (hi - lo + 1));
      const row = this.one("SELECT key FROM keys WHERE id >= ? ORDER BY id LIMIT 1", pick);
      if (!row) continue;
      const key = blob(row.key);
      if (this.exists(key)) return key;
    }
    return null;
  }

  /**
   * Active expiry (activeExpireCycle): deletes up to `budget` keys whose time has passed, oldest
   * deadline first thanks to the expiry index. Returns how many were deleted.
   */
  activeExpire(budget: number): number {
    if (!this.expireOnAccess) return 0;
    const rows = this.rows(
      "SELECT id, key, type FROM keys WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?",
      this.now, budget,
    );
    for (const r of rows) this.expire(blob(r.key), r.id as number, r.type as KeyType);
    return rows.length;
  }

  /** Next pending expiry time (ms), or null if no key has a TTL: the node arms its alarm for it. */
  nextExpiry(): number | null {
    const row = this.one("SELECT MIN(expires_at) AS t FROM keys WHERE expires_at IS NOT NULL");
    const key = (row?.t as number | null) ?? null;
    const field = nextFieldExpiry(this.sql);
    return key === null ? field : field === null ? key : Math.min(key, field);
  }

  // ---- strings in place ---------------------------------------------------------------------

  /** Length of the string at `key` (0 if absent) without reading it; WRONGTYPE for other types. */
  stringLength(key: BStr): number {
    const m = this.metaOf(key, "string");
    if (!m) return 0;
    const row = this.one("SELECT LENGTH(value) AS n FROM keys WHERE id = ?", m.id)!;
    if (row.n !== null) return row.n as number;
    return this.one("SELECT COALESCE(SUM(LENGTH(data)), 0) AS n FROM string_chunks WHERE kid = ?", m.id)!.n as number;
  }

  /**
   * Appends to the string at `key` (created if absent), keeping its TTL; returns the new length.
   * A chunked string only rewrites its last chunk, so repeated APPENDs stay cheap.
   */
  appendString(key: BStr, suffix: BStr): number {
    const m = this.metaOf(key, "string");
    if (!m) {
      this.setString(key, suffix);
      return suffix.length;
    }
    const row = this.one("SELECT value FROM keys WHERE id = ?", m.id)!;
    const last = row.value === null
      ? this.one("SELECT idx, data FROM string_chunks WHERE kid = ? ORDER BY idx DESC LIMIT 1", m.id)
      : undefined;
    if (!last) {
      const value = (row.value === null ? "" : blob(row.value)) + suffix;
      if (value.length <= STRING_CHUNK_BYTES) {
        this.run("UPDATE keys SET value = ? WHERE id = ?", param(value), m.id);
        this.modified(key);
      } else {
        this.setString(key, value, "keep");
      }
      return value.length;
    }
    // Every chunk but the last is full: refill the last one and add new ones after it.
    const lastIdx = last.idx as number;
    const tail = blob(last.data) + suffix;
    for (let i = 0, idx = lastIdx; i < tail.length; i += STRING_CHUNK_BYTES, idx++) {
      this.run("INSERT OR REPLACE INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", m.id, idx,
        param(tail.slice(i, i + STRING_CHUNK_BYTES)));
    }
    this.modified(key);
    return lastIdx * STRING_CHUNK_BYTES + tail.length;
  }

  // ---- whole values (COPY, DUMP/RESTORE) -----------------------------------------------------

  /** The whole value of the live key described by `meta`. */
  readValue(meta: KeyMeta): KeyValue {
    const id = meta.id;
    switch (meta.type) {
      case "string": {
        const row = this.one("SELECT value FROM keys WHERE id = ?", id)!;
        if (row.value !== null) return { type: "string", value: blob(row.value) };
        const chunks = this.rows("SELECT data FROM string_chunks WHERE kid = ? ORDER BY idx", id);
        return { type: "string", value: chunks.map((r) => blob(r.data)).join("") };
      }
      case "list":
        return { type: "list", items: this.rows("SELECT value FROM lists WHERE kid = ? ORDER BY pos", id).map((r) => blob(r.value)) };
      case "set":
        return { type: "set", members: this.rows("SELECT member FROM sets WHERE kid = ?", id).map((r) => blob(r.member)) };
      case "zset":
        return {
          type: "zset",
          entries: this.rows("SELECT member, score FROM zsets WHERE kid = ? ORDER BY score, member", id)
            .map((r) => [blob(r.member), r.score as number]),
        };
      case "hash":
        // Expired fields not yet deleted are part of the value, TTL included, as on the master.
        return {
          type: "hash",
          entries: this.rows("SELECT field, value, expires_at FROM hashes WHERE kid = ?", id)
            .map((r): HashEntry => (r.expires_at === null ? [blob(r.field), blob(r.value)] : [blob(r.field), blob(r.value), r.expires_at as number])),
        };
      case "stream":
        return readStreamValue(this, id);
    }
  }

  /**
   * Creates `key`, which must not exist, holding `value` (list items at positions 0..n-1).
   * An empty collection creates nothing, as Redis never keeps empty collections.
   */
  writeValue(key: BStr, value: KeyValue, expiresAt: number | null): void {
    if (value.type === "string") {
      this.setString(key, value.value, expiresAt);
      return;
    }
    checkValueSizes(value);
    const meta = this.create(key, value.type);
    const count = this.insertElements(meta.id, value, 0);
    if (value.type === "stream") {
      // A stream exists even when empty (XDEL of its last entry keeps it), unlike other collections.
      this.run("UPDATE keys SET count = ?, expires_at = ? WHERE id = ?", count, expiresAt, meta.id);
      meta.count = count;
      this.modified(key);
      return;
    }
    if (count > 0 && expiresAt !== null) this.run("UPDATE keys SET expires_at = ? WHERE id = ?", expiresAt, meta.id);
    this.setCount(key, meta, count);
  }

  /**
   * Inserts a collection's elements under key row `kid` (list items at positions `firstPos`...),
   * none of which it holds yet (a new key, or the next part of a split value). Returns how many.
   */
  insertElements(kid: number, value: Exclude<KeyValue, { type: "string" }>, firstPos: number): number {
    switch (value.type) {
      case "list":
        value.items.forEach((v, i) => this.run("INSERT INTO lists (kid, pos, value) VALUES (?, ?, ?)", kid, firstPos + i, param(v)));
        return value.items.length;
      case "set": {
        const members = new Set(value.members);
        for (const m of members) this.run("INSERT INTO sets (kid, member) VALUES (?, ?)", kid, param(m));
        return members.size;
      }
      case "zset": {
        const entries = new Map(value.entries);
        for (const [m, score] of entries) this.run("INSERT INTO zsets (kid, member, score) VALUES (?, ?, ?)", kid, param(m), score);
        return entries.size;
      }
      case "hash": {
        const entries = new Map(value.entries.map(([f, v, t]) => [f, [v, t ?? null] as const]));
        for (const [f, [v, t]] of entries) {
          this.run("INSERT INTO hashes (kid, field, value, expires_at) VALUES (?, ?, ?, ?)", kid, param(f), param(v), t);
        }
        return entries.size;
      }
      case "stream":
        return insertStreamValue(this, kid, value);
    }
  }

  /**
   * The bytes `meta`'s value stores: a string's length; for a collection, its elements' bytes, from
   * the first `samples` elements scaled to all of them when `samples` is below the count (0: all),
   * as MEMORY USAGE's SAMPLES. Counted inside SQLite: no element is read into memory.
   */
  valueBytes(meta: KeyMeta, samples: number): number {
    if (meta.type === "string") {
      const row = this.one("SELECT LENGTH(value) AS n FROM keys WHERE id = ?", meta.id)!;
      if (row.n !== null) return row.n as number;
      return this.one("SELECT TOTAL(LENGTH(data)) AS n FROM string_chunks WHERE kid = ?", meta.id)!.n as number;
    }
    const limit = samples > 0 && samples < meta.count ? samples : -1;
    const row = this.one(
      `SELECT COUNT(*) AS c, TOTAL(b) AS n FROM (SELECT ${ELEMENT_BYTES[meta.type]} AS b FROM ${ELEMENT_TABLE[meta.type]} WHERE kid = ? LIMIT ?)`,
      meta.id, limit,
    )!;
    const sampled = row.c as number;
    return sampled === 0 ? 0 : Math.round(((row.n as number) / sampled) * meta.count);
  }

  /** Copies the key of `meta` to `dst`, which must not exist: value, elements and TTL, inside SQLite. */
  copyKey(meta: KeyMeta, dst: BStr): void {
    checkKeySize(dst.length);
    const id = this.one(
      "INSERT INTO keys (key, type, value, expires_at, slot, count) SELECT ?, type, value, expires_at, ?, count FROM keys WHERE id = ? RETURNING id",
      param(dst), keyHashSlot(dst), meta.id,
    )!.id as number;
    this.onCreated?.(dst);
    const table = ELEMENT_TABLE[meta.type];
    const cols = ELEMENT_COLUMNS[meta.type];
    this.run(`INSERT INTO ${table} (kid, ${cols}) SELECT ?, ${cols} FROM ${table} WHERE kid = ?`, id, meta.id);
    if (meta.type === "stream") copyStreamRows(this, meta.id, id);
    this.modified(dst);
  }

  // ---- internals -----------------------------------------------------------------------------

  /** signalModifiedKey: counts the write, drops the key's cached value, tells the listeners (WATCH, blocked clients). */
  modified(key: BStr): void {
    this.dirty++;
    this.forget(key);
    this.onModified?.(key);
  }

  private remember(key: BStr, value: BStr, expiresAt: number | null): void {
    if (value.length > STRING_CACHE_MAX_VALUE) return;
    this.forget(key);
    this.cache.set(key, { value, expiresAt });
    this.cachedBytes += key.length + value.length;
    // Oldest first (Map insertion order) until the budget holds again.
    for (const [k] of this.cache) {
      if (this.cachedBytes <= STRING_CACHE_BYTES) break;
      this.forget(k);
    }
  }

  private forget(key: BStr): void {
    const old = this.cache.get(key);
    if (!old) return;
    this.cache.delete(key);
    this.cachedBytes -= key.length + old.value.length;
  }

  private expire(key: BStr, id: number, type: KeyType): void {
    this.deleteRow(id, type);
    this.modified(key);
    this.expiredKeys.push(key);
  }

  private deleteRow(id: number, type: KeyType): void {
    this.deleteElements(id, type);
    this.run("DELETE FROM keys WHERE id = ?", id);
  }

  private deleteElements(id: number, type: KeyType): void {
    this.run(`DELETE FROM ${ELEMENT_TABLE[type]} WHERE kid = ?`, id);
    if (type === "stream") deleteStreamRows(this, id);
  }
}

/** Every element of a collection value is storable (RESTORE checks before creating anything). */
function checkValueSizes(value: Exclude<KeyValue, { type: "string" }>): void {
  switch (value.type) {
    case "list": for (const v of value.items) checkElementSize(v.length); break;
    case "set": for (const m of value.members) checkElementSize(m.length); break;
    case "zset": for (const [m] of value.entries) checkElementSize(m.length); break;
    case "hash": for (const [f, v] of value.entries) checkElementSize(f.length + v.length); break;
    case "stream": for (const [, items] of value.entries) checkElementSize(items.reduce((n, x) => n + x.length, 0)); break;
  }
}
