/**
 * The SQL storage the keyspace and the node's stores run on: the synchronous shape of a Durable
 * Object's `ctx.storage.sql` (plus `transactionSync`). The simulator implements it over
 * better-sqlite3, so the same statements run in both.
 */

/** A column value as the Durable Object's SQLite API returns it (BLOBs as ArrayBuffer). */
export type SqlValue = ArrayBuffer | string | number | null;
export type SqlRow = Record<string, SqlValue>;

/** A cursor, read at once (cursors must be consumed before any await). */
export interface SqlCursor extends Iterable<SqlRow> {
  toArray(): SqlRow[];
  /** The single row (throws when there is not exactly one). */
  one(): SqlRow;
}

export interface SqlExec {
  exec(query: string, ...params: unknown[]): SqlCursor;
}

/** SQL storage: `exec` plus `transactionSync` (nestable; a throw rolls back and re-throws). */
export interface SqlPort extends SqlExec {
  transactionSync<T>(fn: () => T): T;
  /** The database's size in bytes (a Durable Object's `sql.databaseSize`), where known. */
  databaseSize?(): number;
}
