/**
 * A keyspace over in-memory SQLite and the node's dispatcher, without the rest of a node: runs
 * commands through their real handlers (arity, transaction, replication effects; no slot checks,
 * as on a node that serves every slot and takes keys of several, like the cross-node coordinator).
 * Shared by the HyperLogLog and SORT unit tests.
 */
import { MemorySql } from "../sim/sql-port";
import { Keyspace } from "../../src/keyspace/db";
import { runUnchecked } from "../../src/node/key-images";
import type { Reply } from "../../src/resp/reply";
import type { BStr } from "../../src/resp/bytes";

export class LocalNode {
  readonly sql = new MemorySql();
  readonly db = new Keyspace(this.sql);
  /** What replicas received, in order. */
  readonly effects: BStr[][] = [];
  now = 1_700_000_000_000;
  /** CONFIG values handlers read through ctx.server.config (hll-sparse-max-bytes, ...). */
  readonly config = new Map<string, number>();

  run(...argv: BStr[]): Reply {
    const server = { config: { get: (name: string) => this.config.get(name) } };
    const out = runUnchecked({
      db: this.db, sql: this.sql, now: this.now, rand: Math.random, conn: { resp: 2 }, gate: () => null, server,
    }, argv);
    this.effects.push(...out.effects);
    return out.reply;
  }

  /** Runs every effect recorded so far on `replica`, as the replication stream would. */
  replicateTo(replica: LocalNode): void {
    for (const argv of this.effects.splice(0)) replica.run(...argv);
  }
}
