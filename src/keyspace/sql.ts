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

/** Durable Objects bind at most 100 parameters per statement (the platform's SQL limits). */
export const SQL_MAX_PARAMS = 100;

/** "?, ?, ?" for `n` parameters. */
export const marks = (n: number): string => (n === 1 ? "?" : `?${", ?".repeat(n - 1)}`);

/** `items` in consecutive slices of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Statement texts built so far, by table, columns and row count (the platform caches prepared statements by text). */
const insertTexts = new Map<string, string>();

/**
 * INSERTs `rows` (each one value per column) into `table`, as many rows per statement as
 * SQL_MAX_PARAMS allows: a 1 KiB hash of 8 fields is one statement, not 8. With `returning`
 * (columns), the rows it returns, in no particular order (SQLite's RETURNING promises none).
 */
export function insertRows(sql: SqlExec, table: string, columns: string, rows: readonly unknown[][], returning?: string): SqlRow[] {
  const out: SqlRow[] = [];
  if (rows.length === 0) return out;
  const width = rows[0]!.length;
  const per = Math.max(1, Math.floor(SQL_MAX_PARAMS / width));
  for (let i = 0; i < rows.length; i += per) {
    const n = Math.min(per, rows.length - i);
    const id = `${table}\n${columns}\n${n}\n${returning ?? ""}`;
    let text = insertTexts.get(id);
    if (text === undefined) {
      const row = `(${marks(width)})`;
      text = `INSERT INTO ${table} (${columns}) VALUES ${row}${`, ${row}`.repeat(n - 1)}${returning ? ` RETURNING ${returning}` : ""}`;
      insertTexts.set(id, text);
    }
    const params: unknown[] = [];
    for (let j = i; j < i + n; j++) for (const v of rows[j]!) params.push(v);
    const cursor = sql.exec(text, ...params);
    if (returning) out.push(...cursor.toArray());
  }
  return out;
}
