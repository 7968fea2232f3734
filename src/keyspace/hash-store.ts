/**
 * Row-level access to the `hashes(kid, field, value, expires_at)` table: one row per field, so
 * every command touches only the fields it names (HGETALL and friends excepted). Field TTLs:
 * hash-ttl-store.ts; what a command sees of expired fields: hash-view.ts. The readers below take
 * `liveAt` (the command's time) to leave out the fields expired at that time.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import { blob, param, type HashEntry, type Keyspace } from "./db";
import { checkElementSize } from "./element-limit";
import { LIVE_FIELD } from "./hash-ttl-store";

/** Iterates a query's rows lazily (stop early by breaking out of the loop). */
export function* iterate(db: Keyspace, query: string, ...params: unknown[]): Generator<Record<string, SqlStorageValue>> {
  for (const row of db.sql.exec(query, ...params)) yield row;
}

/** Inserts a new field; returns false (writing nothing) when it already exists. */
export function insertField(db: Keyspace, kid: number, field: BStr, value: BStr): boolean {
  checkElementSize(field.length + value.length);
  return db.rows(
    "INSERT OR IGNORE INTO hashes (kid, field, value) VALUES (?, ?, ?) RETURNING 1 AS x",
    kid, param(field), param(value),
  ).length > 0;
}

/**
 * Sets a field; returns whether it is new. An existing field loses its TTL (HSET), or keeps it
 * with `keepTtl` (HINCRBY, HSETEX KEEPTTL: Redis's HASH_SET_KEEP_TTL).
 */
export function setField(db: Keyspace, kid: number, field: BStr, value: BStr, keepTtl = false): boolean {
  if (insertField(db, kid, field, value)) return true; // (size checked there)
  db.run(`UPDATE hashes SET value = ?${keepTtl ? "" : ", expires_at = NULL"} WHERE kid = ? AND field = ?`, param(value), kid, param(field));
  return false;
}

/** Deletes a field; returns whether it existed. */
export function deleteField(db: Keyspace, kid: number, field: BStr): boolean {
  return db.rows("DELETE FROM hashes WHERE kid = ? AND field = ? RETURNING 1 AS x", kid, param(field)).length > 0;
}

/** The live condition and its parameter, or nothing when every row counts. */
const live = (liveAt: number | null): [string, number[]] => (liveAt === null ? ["", []] : [LIVE_FIELD, [liveAt]]);

const entry = (r: Record<string, SqlStorageValue>): HashEntry =>
  r.expires_at === null ? [blob(r.field), blob(r.value)] : [blob(r.field), blob(r.value), r.expires_at as number];

/** Every field (alive at `liveAt`, if given) and value, in field order. */
export function allFields(db: Keyspace, kid: number, liveAt: number | null = null): HashEntry[] {
  const [cond, p] = live(liveAt);
  return db.rows(`SELECT field, value, expires_at FROM hashes WHERE kid = ?${cond} ORDER BY field`, kid, ...p).map(entry);
}

/** Fields (alive at `liveAt`, if given) and values from position `offset` in field order (`limit` null: to the end). */
export function fieldsAt(db: Keyspace, kid: number, offset: number, limit: number | null, liveAt: number | null = null): HashEntry[] {
  const [cond, p] = live(liveAt);
  return db.rows(`SELECT field, value, expires_at FROM hashes WHERE kid = ?${cond} ORDER BY field LIMIT ? OFFSET ?`, kid, ...p, limit ?? -1, offset)
    .map(entry);
}

/** The first `limit` fields (alive at `liveAt`, if given) and values in field order, read lazily. */
export function* readFields(db: Keyspace, kid: number, limit: number, liveAt: number | null = null): Generator<[BStr, BStr]> {
  const [cond, p] = live(liveAt);
  for (const r of iterate(db, `SELECT field, value FROM hashes WHERE kid = ?${cond} ORDER BY field LIMIT ?`, kid, ...p, limit)) {
    yield [blob(r.field), blob(r.value)];
  }
}

/** Field/value pairs as a RESP3 nested array of pairs or a RESP2 flat array. */
export function pairsReply(pairs: [Reply, Reply][], resp: 2 | 3): Reply[] {
  return resp === 3 ? pairs.map(([a, b]) => ({ t: "array", v: [a, b] })) : pairs.flat();
}
