/**
 * Stream commands through the dispatcher on an in-memory SQLite keyspace (the simulator's SQL
 * port): arity, handler, transaction, effects. `at(ms)` moves the clock; replies come back as
 * Reply values, `effects` as the commands a replica would receive.
 */
import { MemorySql } from "../../sim/sql-port";
import { Keyspace } from "../../../src/keyspace/db";
import { dispatch, type DispatchEnv } from "../../../src/node/dispatch";
import type { Reply } from "../../../src/resp/reply";
import type { BlockRequest } from "../../../src/keyspace/handler";
import type { ConnState } from "../../../src/commands/types";

export class Node {
  readonly sql = new MemorySql();
  readonly db = new Keyspace(this.sql);
  now = 1_000_000;
  effects: string[][] = [];
  conn: ConnState = { resp: 2 };

  /** Runs one command; a BlockRequest is returned as is. */
  raw(...argv: string[]): Reply | BlockRequest {
    const env: DispatchEnv = { db: this.db, sql: this.sql, now: this.now, rand: () => 0.5, conn: this.conn, gate: () => null };
    const out = dispatch(argv, env);
    this.effects.push(...out.effects);
    return out.reply;
  }

  cmd(...argv: string[]): Reply {
    const r = this.raw(...argv);
    if (r.t === "block") throw new Error("blocked");
    return r;
  }

  /** Replays `effects` (and forgets them) on `other`. */
  replicateTo(other: Node): void {
    const effects = this.effects;
    this.effects = [];
    other.now = this.now;
    for (const e of effects) {
      const r = other.cmd(...e);
      if (r.t === "error") throw new Error(`replica refused ${JSON.stringify(e)}: ${r.v}`);
    }
  }
}

/** A reply as plain JS: bulk/simple → string, int → number, arrays → arrays, null → null, error → {err}. */
export function js(r: Reply): unknown {
  switch (r.t) {
    case "bulk": case "simple": return r.v;
    case "int": return Number(r.v);
    case "null": case "nullarray": return null;
    case "error": return { err: r.v };
    case "array": case "set": case "push": return r.v.map(js);
    case "map": return r.v.flatMap(([k, v]) => [js(k), js(v)]);
    default: return r;
  }
}
