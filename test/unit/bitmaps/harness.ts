/**
 * One keyspace over in-memory SQLite (the simulator's SQL port) and the node's dispatcher, for the
 * bitmap unit tests: commands run as on a node (arity, handler, transaction, replication effects),
 * and the SQL port counts the statements that write.
 */
import { Keyspace } from "../../../src/keyspace/db";
import { prepare, run } from "../../../src/node/dispatch";
import { keyIndexes, lookupCommand } from "../../../src/commands/registry";
import type { Reply } from "../../../src/resp/reply";
import type { BlockRequest } from "../../../src/keyspace/handler";
import { MemorySql } from "../../sim/sql-port";

/** MemorySql that records every statement that changes rows (INSERT, UPDATE, DELETE) and its blob sizes. */
export class CountingSql extends MemorySql {
  writes: { query: string; bytes: number }[] = [];
  override exec(query: string, ...params: unknown[]) {
    if (/^\s*(INSERT|UPDATE|DELETE)/i.test(query)) {
      const bytes = params.reduce<number>((n, p) => n + (p instanceof Uint8Array ? p.length : 0), 0);
      this.writes.push({ query, bytes });
    }
    return super.exec(query, ...params);
  }
}

export interface Harness {
  sql: CountingSql;
  db: Keyspace;
  /** Runs one command: its reply and what replicas receive. */
  exec(...argv: string[]): { reply: Reply | BlockRequest; effects: string[][] };
  /** Runs one command and returns its reply. */
  cmd(...argv: string[]): Reply | BlockRequest;
  /** proto-max-bulk-len as the node's CONFIG would answer it. */
  maxBulkLen: number;
}

export function harness(): Harness {
  const sql = new CountingSql();
  const db = new Keyspace(sql);
  const h: Harness = {
    sql, db, maxBulkLen: 512 * 1024 * 1024,
    exec(...argv) {
      const p = prepare(argv, { resp: 2 }, () => null);
      if ("error" in p) return { reply: p.error, effects: [] };
      const server = { config: { get: () => h.maxBulkLen } };
      const out = run(p.def, argv, { db, sql, now: 1_700_000_000_000, rand: () => 0.5, conn: { resp: 2 }, gate: () => null, server });
      return { reply: out.reply, effects: out.effects };
    },
    cmd: (...argv) => h.exec(...argv).reply,
  };
  return h;
}

/** A reply as the tables write it: integers (bigints as "<digits>n"), strings, null, { error }, arrays. */
export type Plain = number | string | null | { error: string } | Plain[];

export function plain(r: Reply | BlockRequest): Plain {
  switch (r.t) {
    case "int": return typeof r.v === "bigint" ? `${r.v}n` : r.v;
    case "bulk": case "simple": return r.v;
    case "null": case "nullarray": return null;
    case "error": return { error: r.v };
    case "array": return r.v.map(plain);
    default: throw new Error(`unexpected reply ${JSON.stringify(r)}`);
  }
}

/**
 * Runs a table of "COMMAND arg ..." lines (`""` is the empty string, `\xHH` a byte) on `h`, every key
 * under one hash tag, and returns each line's reply, for `expect(...).toEqual(table)`.
 */
export function runTable(h: Harness, table: readonly (readonly [string, Plain])[]): [string, Plain][] {
  const unescape = (s: string) => (s === '""' ? "" : s.replace(/\\x([0-9a-f]{2})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16))));
  return table.map(([line]) => {
    const argv = line.split(" ").map(unescape);
    const def = lookupCommand(argv[0]!);
    if (def) for (const i of keyIndexes(def, argv)) argv[i] = `{t}${argv[i]}`;
    return [line, plain(h.cmd(...argv))];
  });
}
