/**
 * A master keyspace and its replica over in-memory SQLite, with a clock the test moves: each
 * master command runs through the dispatcher (its reply and its replication effects), the effects
 * are applied on the replica as a master's stream is (time 0, no slot gate), and `inSync` compares
 * the two datasets (DEBUG DIGEST, field TTLs included).
 */
import { MemorySql } from "../../sim/sql-port";
import { Keyspace } from "../../../src/keyspace/db";
import { run, type DispatchEnv } from "../../../src/node/dispatch";
import { lookupCommand } from "../../../src/commands/registry";
import { keyspaceDigest } from "../../../src/node/replication-store";
import { activeExpireFields } from "../../../src/keyspace/hash-active-expire";
import { error, type Reply } from "../../../src/resp/reply";
import type { BStr } from "../../../src/resp/bytes";

/** 2023-11-14T22:13:20Z: far from 0, which replicas' master stream uses as its time. */
export const T0 = 1_700_000_000_000;

export class Pair {
  now = T0;
  readonly master: Keyspace;
  readonly replica: Keyspace;
  /** Every effect sent to the replica, in order. */
  readonly stream: BStr[][] = [];
  private readonly msql = new MemorySql();
  private readonly rsql = new MemorySql();

  constructor() {
    this.master = new Keyspace(this.msql);
    this.replica = new Keyspace(this.rsql, () => false);
  }

  private env(db: Keyspace, sql: MemorySql, now: number, resp: 2 | 3 = 2): DispatchEnv {
    return { db, sql, now, rand: () => 0.5, conn: { resp }, gate: () => null };
  }

  /** Runs one command on the master; its effects go to the replica. */
  cmd(...argv: BStr[]): Reply {
    return this.cmdResp(2, ...argv);
  }

  cmdResp(resp: 2 | 3, ...argv: BStr[]): Reply {
    const def = lookupCommand(argv[0]!);
    if (!def) return error(`ERR unknown command '${argv[0]}'`);
    const out = run(def, argv, this.env(this.master, this.msql, this.now, resp));
    this.apply(out.effects);
    return out.reply as Reply;
  }

  /** A read on the replica, as a client at the current time. */
  onReplica(...argv: BStr[]): Reply {
    const def = lookupCommand(argv[0]!)!;
    const out = run(def, argv, this.env(this.replica, this.rsql, this.now));
    if (out.effects.length > 0) throw new Error(`a replica read propagated ${JSON.stringify(out.effects)}`);
    return out.reply as Reply;
  }

  /** The master's cron: active expiry of fields (at most `budget`), its HDELs sent to the replica. */
  cron(budget = 200): BStr[][] {
    this.master.now = this.now;
    const hdels = this.msql.transactionSync(() => activeExpireFields(this.master, budget));
    this.apply(hdels);
    return hdels;
  }

  private apply(effects: BStr[][]): void {
    for (const argv of effects) {
      this.stream.push(argv);
      const out = run(lookupCommand(argv[0]!)!, argv, this.env(this.replica, this.rsql, 0));
      if ((out.reply as Reply).t === "error") throw new Error(`replica failed ${JSON.stringify(argv)}: ${JSON.stringify(out.reply)}`);
    }
  }

  /** Whether master and replica hold the same data (TTLs included). */
  inSync(): boolean {
    return keyspaceDigest(this.master) === keyspaceDigest(this.replica);
  }

  /** Effects sent since `mark` (the stream's length before). */
  since(mark: number): BStr[][] {
    return this.stream.slice(mark);
  }
}

/** Reply shorthands. */
export const i = (v: number): Reply => ({ t: "int", v });
export const b = (v: BStr): Reply => ({ t: "bulk", v });
export const nil: Reply = { t: "null" };
export const ints = (...v: number[]): Reply => ({ t: "array", v: v.map(i) });
export const a = (...v: Reply[]): Reply => ({ t: "array", v });
export const e = (v: string): Reply => ({ t: "error", v });
