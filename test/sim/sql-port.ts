/**
 * The SQL port over better-sqlite3, in memory: the same statements the Durable Object runs, with
 * the Durable Object's conventions (BLOBs come back as ArrayBuffer, a cursor has toArray/one and
 * iterates, several statements in one call run in order, `transactionSync` nests as savepoints).
 * A simulated node's database outlives its runtime: a crash drops the runtime, never the data.
 * It also enforces the Durable Object's limits (local SQLite would not): a value bound over
 * SQL_MAX_VALUE_BYTES fails its statement as the platform's SQLITE_TOOBIG does, and so do more
 * than SQL_MAX_PARAMS parameters.
 */
import Database from "better-sqlite3";
import { SQL_MAX_PARAMS, type SqlCursor, type SqlPort, type SqlRow, type SqlValue } from "../../src/keyspace/sql";

/** Durable Objects: "maximum string, BLOB or table row size: 2 MB". */
export const SQL_MAX_VALUE_BYTES = 2_000_000;

/** better-sqlite3 binds Buffers, not other typed arrays; ArrayBuffers become Buffers too. */
function bind(p: unknown): unknown {
  const v = p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength)
    : p instanceof ArrayBuffer ? Buffer.from(p)
    : typeof p === "boolean" ? (p ? 1 : 0)
    : p;
  if ((Buffer.isBuffer(v) || typeof v === "string") && v.length > SQL_MAX_VALUE_BYTES) {
    throw new Error(`string or blob too big: SQLITE_TOOBIG (${v.length} bytes)`);
  }
  return v;
}

function toValue(v: unknown): SqlValue {
  if (Buffer.isBuffer(v)) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer;
  if (typeof v === "bigint") return Number(v);
  return v as SqlValue;
}

function cursorOf(rows: SqlRow[]): SqlCursor {
  return {
    toArray: () => rows,
    one: () => {
      if (rows.length !== 1) throw new Error(`Expected exactly one result from SQL query, but got ${rows.length}.`);
      return rows[0]!;
    },
    [Symbol.iterator]: () => rows[Symbol.iterator](),
  };
}

export class MemorySql implements SqlPort {
  readonly db = new Database(":memory:");
  private readonly statements = new Map<string, Database.Statement>();
  /** Statements run since creation (a cost figure for the simulator's stats). */
  executed = 0;
  /** Sees every statement run (a test counting what a command writes). */
  onExec: ((query: string) => void) | null = null;

  exec(query: string, ...params: unknown[]): SqlCursor {
    this.executed++;
    this.onExec?.(query);
    if (params.length > SQL_MAX_PARAMS) throw new Error(`too many SQL variables: ${params.length} (at most ${SQL_MAX_PARAMS})`);
    let stmt = this.statements.get(query);
    if (!stmt) {
      try {
        stmt = this.db.prepare(query);
      } catch (e) {
        // Several statements in one string (schemas): run them in order; they return no rows.
        if (params.length === 0 && /contains more than one statement/.test(String(e))) {
          this.db.exec(query);
          return cursorOf([]);
        }
        throw e;
      }
      this.statements.set(query, stmt);
    }
    const args = params.map(bind);
    if (!stmt.reader) {
      stmt.run(...args);
      return cursorOf([]);
    }
    const rows = (stmt.all(...args) as Record<string, unknown>[]).map((r) => {
      const out: SqlRow = {};
      for (const k in r) out[k] = toValue(r[k]);
      return out;
    });
    return cursorOf(rows);
  }

  transactionSync<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  databaseSize(): number {
    return (this.db.pragma("page_count", { simple: true }) as number) * (this.db.pragma("page_size", { simple: true }) as number);
  }
}
