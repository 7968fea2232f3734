/**
 * The replication backlog in SQLite (src/node/replication-store.ts): reads and trims touch a
 * bounded primary-key range, never every row from the start. A Durable Object bills each row
 * read, and a scan from the first row made every replicated write read the whole backlog (86 rows
 * per SET after 200 SETs, 351 after 1,000: scripts/cost.ts).
 */
import { describe, expect, it } from "vitest";
import { MemorySql } from "../../sim/sql-port";
import { REPLICATION_SCHEMA, SqlBacklog } from "../../../src/node/replication-store";
import type { SqlCursor } from "../../../src/keyspace/sql";

/** MemorySql that also records each statement on the backlog table with its parameters. */
class RecordingSql extends MemorySql {
  readonly backlogStatements: { query: string; params: unknown[] }[] = [];
  override exec(query: string, ...params: unknown[]): SqlCursor {
    if (/FROM backlog WHERE/.test(query)) this.backlogStatements.push({ query, params });
    return super.exec(query, ...params);
  }
  plan(query: string, params: unknown[]): string {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("; ");
  }
}

function backlogWithRows(n: number): { sql: RecordingSql; backlog: SqlBacklog; text: string } {
  const sql = new RecordingSql();
  sql.exec(REPLICATION_SCHEMA);
  const backlog = new SqlBacklog(sql);
  let text = "";
  for (let i = 0; i < n; i++) {
    const bytes = `*1\r\n$4\r\n${String(i % 10000).padStart(4, "0")}\r\n`;
    backlog.append(text.length + 1, bytes);
    text += bytes;
  }
  return { sql, backlog, text };
}

describe("SqlBacklog", () => {
  it("reads any range across rows, from inside a row", () => {
    const { backlog, text } = backlogWithRows(50);
    for (const [from, len] of [[1, 10], [7, 100], [300, 55], [text.length - 3, 100]] as const) {
      expect(backlog.read(from, len)).toBe(text.slice(from - 1, from - 1 + len));
    }
    backlog.trim(200);
    expect(backlog.span()).toEqual({ first: Math.floor(199 / 14) * 14 + 1 /* 14-byte rows */, last: text.length });
    expect(backlog.read(250, 30)).toBe(text.slice(249, 279));
  });

  it("reads and trims through a primary-key range bounded on both sides, not from the first row", () => {
    const { sql, backlog, text } = backlogWithRows(200);
    backlog.read(text.length - 40, 40);
    backlog.trim(text.length - 100);
    expect(sql.backlogStatements.length).toBe(2);
    const [read, trim] = sql.backlogStatements.map((s) => sql.plan(s.query, s.params));
    // Both bounds of the key: a read costs the rows it returns (plus one), whatever the backlog holds.
    expect(read).toMatch(/SEARCH backlog USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    // A trim stops at its bound: the rows that just fell off.
    expect(trim).toMatch(/SEARCH backlog USING INTEGER PRIMARY KEY \(rowid<\?\)/);
    expect(trim).not.toMatch(/SCAN/);
  });
});
