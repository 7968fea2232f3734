/**
 * Hash-field TTLs in SQLite: the `expires_at` column of `hashes` (absolute ms, NULL = no TTL) and
 * its two partial indexes, which only hold fields that have a TTL (a hash without any costs nothing):
 *
 *   hashes_ttl_by_time(expires_at)       the active expiry cycle and the node's next wake-up
 *   hashes_ttl_by_key(kid, expires_at)   one hash's expired fields (HRANDFIELD's purge, the live count)
 *
 * A field is expired once its time is strictly in the past (Redis 8.0's hashTypeGetValue keeps a
 * field whose time equals the command's time). Plain SQL over `SqlExec`: the keyspace imports this
 * module, so it must not import the keyspace.
 */
import { fromBytes, toBytes, type BStr } from "../resp/bytes";
import type { SqlExec } from "./sql";

/**
 * Creates the column (databases made before field TTLs have a `hashes` table without it) and the
 * indexes. A SELECT of the column is the probe: PRAGMA table_info is not available everywhere.
 */
export function ensureHashTtlSchema(sql: SqlExec): void {
  try {
    sql.exec("SELECT expires_at FROM hashes LIMIT 0");
  } catch {
    sql.exec("ALTER TABLE hashes ADD COLUMN expires_at INTEGER");
  }
  sql.exec(`
CREATE INDEX IF NOT EXISTS hashes_ttl_by_time ON hashes(expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS hashes_ttl_by_key ON hashes(kid, expires_at) WHERE expires_at IS NOT NULL;
`);
}

/** SQL condition (after `kid = ?`) keeping the fields alive at the time given as its parameter. */
export const LIVE_FIELD = " AND (expires_at IS NULL OR expires_at >= ?)";

/** When the earliest field TTL makes its field expired (1 ms after its time), null if none. */
export function nextFieldExpiry(sql: SqlExec): number | null {
  const t = sql.exec("SELECT MIN(expires_at) AS t FROM hashes WHERE expires_at IS NOT NULL").toArray()[0]?.t;
  return typeof t === "number" ? t + 1 : null;
}

/** A field's value and TTL, expired or not; null if the hash has no such field. */
export interface FieldRow {
  value: BStr;
  expiresAt: number | null;
}

export function fieldRow(sql: SqlExec, kid: number, field: BStr): FieldRow | null {
  const row = sql.exec("SELECT value, expires_at FROM hashes WHERE kid = ? AND field = ?", kid, toBytes(field)).toArray()[0];
  if (!row) return null;
  return { value: fromBytes(row.value as ArrayBuffer), expiresAt: row.expires_at as number | null };
}

/** Sets (absolute ms) or clears (null) an existing field's TTL. */
export function setFieldTtl(sql: SqlExec, kid: number, field: BStr, expiresAt: number | null): void {
  sql.exec("UPDATE hashes SET expires_at = ? WHERE kid = ? AND field = ?", expiresAt, kid, toBytes(field));
}

/** Whether the hash has a field with a TTL (OBJECT ENCODING's listpackex). */
export function hasFieldTtls(sql: SqlExec, kid: number): boolean {
  return sql.exec("SELECT 1 AS x FROM hashes WHERE kid = ? AND expires_at IS NOT NULL LIMIT 1", kid).toArray().length > 0;
}

/** How many of the hash's fields are expired at `now` (not yet deleted). */
export function expiredCount(sql: SqlExec, kid: number, now: number): number {
  return sql.exec("SELECT COUNT(*) AS n FROM hashes WHERE kid = ? AND expires_at < ?", kid, now).toArray()[0]!.n as number;
}

/** Deletes the hash's fields expired at `now` and returns them (earliest first). */
export function deleteExpiredFields(sql: SqlExec, kid: number, now: number): BStr[] {
  const rows = sql.exec(
    "SELECT field FROM hashes WHERE kid = ? AND expires_at < ? ORDER BY expires_at", kid, now,
  ).toArray().map((r) => fromBytes(r.field as ArrayBuffer));
  if (rows.length > 0) sql.exec("DELETE FROM hashes WHERE kid = ? AND expires_at < ?", kid, now);
  return rows;
}

/** One expired field of a live hash key, for the active expiry cycle. */
export interface ExpiredField {
  kid: number;
  key: BStr;
  field: BStr;
}

/**
 * Up to `limit` fields expired at `now`, earliest first, of hash keys that are themselves not
 * expired (those go whole, with the key expiry cycle).
 */
export function expiredFields(sql: SqlExec, now: number, limit: number): ExpiredField[] {
  return sql.exec(
    `SELECT h.kid AS kid, h.field AS field, k.key AS key FROM hashes h JOIN keys k ON k.id = h.kid
     WHERE h.expires_at IS NOT NULL AND h.expires_at < ? AND (k.expires_at IS NULL OR k.expires_at > ?)
     ORDER BY h.expires_at LIMIT ?`,
    now, now, limit,
  ).toArray().map((r) => ({ kid: r.kid as number, key: fromBytes(r.key as ArrayBuffer), field: fromBytes(r.field as ArrayBuffer) }));
}
