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
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { keyHashSlot } from "../commands/slot";
import type { SqlExec, SqlRow } from "./sql";
import type { ScanPosition } from "../commands/scan-cursor";
import { checkKeySize } from "./element-limit";
import { deleteAllStreamRows, deleteStreamRows } from "./stream/rows";
import { ensureHashTtlSchema, nextFieldExpiry } from "./hash-ttl-store";
import { blob, ELEMENT_TABLE, KEY_TYPES, param, SCHEMA, STRING_CHUNK_BYTES, type KeyMeta, type KeyType, type KeyValue } from "./schema";
import { copyKey, insertElements, readValue, valueBytes, writeValue } from "./whole-value";

export {
  blob, ELEMENT_TABLE, KEY_TYPES, param, STRING_CHUNK_BYTES, type HashEntry, type KeyMeta, type KeyType, type KeyValue,
} from "./schema";

/** Memory for cached string values (a Durable Object has 128 MB), and the largest value cached. */
export const STRING_CACHE_BYTES = 8 * 1024 * 1024;
export const STRING_CACHE_MAX_VALUE = 64 * 1024;

type Row = SqlRow;

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

  /**
   * Creates a collection key, empty unless the caller says how many elements it is about to add
   * (`count`, with its TTL): else the caller adds them and then calls `setCount`.
   */
  create(key: BStr, type: Exclude<KeyType, "string">, count = 0, expiresAt: number | null = null): KeyMeta {
    checkKeySize(key.length);
    const id = this.one(
      "INSERT INTO keys (key, type, slot, count, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
      param(key), type, keyHashSlot(key), count, expiresAt,
    )!.id as number;
    this.onCreated?.(key);
    return { id, type, expiresAt, count };
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

  // ---- whole values (COPY, DUMP/RESTORE; whole-value.ts) ---------------------------------------

  /** The whole value of the live key described by `meta`. */
  readValue(meta: KeyMeta): KeyValue {
    return readValue(this, meta);
  }

  /** Creates `key`, which must not exist, holding `value` (nothing for an empty collection). */
  writeValue(key: BStr, value: KeyValue, expiresAt: number | null): void {
    writeValue(this, key, value, expiresAt);
  }

  /** Inserts a collection's elements under key row `kid`, list items from `firstPos`. Returns how many. */
  insertElements(kid: number, value: Exclude<KeyValue, { type: "string" }>, firstPos: number): number {
    return insertElements(this, kid, value, firstPos);
  }

  /** The bytes `meta`'s value stores (MEMORY USAGE, sampled past `samples` elements). */
  valueBytes(meta: KeyMeta, samples: number): number {
    return valueBytes(this, meta, samples);
  }

  /** Copies the key of `meta` to `dst`, which must not exist: value, elements and TTL, inside SQLite. */
  copyKey(meta: KeyMeta, dst: BStr): void {
    copyKey(this, meta, dst);
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
