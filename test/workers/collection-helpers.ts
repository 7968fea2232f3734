/**
 * Helpers shared by the collection Workers tests: reply tables for the sorted-set tests
 * (`replyTables`, with `direct` keyspace steps), and one node's helpers for the hash and set tests
 * (`collectionNode`: direct keyspace access, and a command run that counts the SQL rows it reads).
 */
import { expect } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { cmd, node, plain, raw, stubOf, type Plain } from "./helpers";
import { dispatch } from "../../src/node/dispatch";
import { Keyspace } from "../../src/keyspace/db";
import type { RedisNode } from "../../src/node/node";
import type { Reply } from "../../src/resp/reply";

// ---- sorted sets: reply tables ------------------------------------------------------------------

/**
 * One "!" step of a reply table, run straight on the node's keyspace so that the tables depend on
 * no other command module: "!SET key value" and "!SADD key member..." make other types' keys,
 * "!EXISTS key" and "!TYPE key" read the keyspace.
 */
export function direct(name: string, [op, key, ...rest]: string[]): Promise<Plain> {
  return runInDurableObject(stubOf(name), (o: RedisNode): Plain => {
    const db = o.db;
    db.now = Date.now();
    if (op === "!SET") {
      db.setString(key!, rest[0]!);
      return "OK";
    }
    if (op === "!SADD") {
      const meta = db.getOrCreate(key!, "set");
      let added = 0;
      for (const m of rest) {
        if (db.one("SELECT 1 AS x FROM sets WHERE kid = ? AND member = ?", meta.id, new TextEncoder().encode(m))) continue;
        db.run("INSERT INTO sets (kid, member) VALUES (?, ?)", meta.id, new TextEncoder().encode(m));
        added++;
      }
      db.setCount(key!, meta, meta.count + added);
      return added;
    }
    if (op === "!EXISTS") return db.exists(key!) ? 1 : 0;
    return db.meta(key!)?.type ?? "none"; // !TYPE
  });
}

/**
 * `expectReplies(resp, steps)` for one test file: runs the steps' commands in order on a fresh node
 * (`<prefix>-1`, `<prefix>-2`, ...) in the given protocol and checks each reply. Steps whose
 * command starts with "!" go through `direct`.
 */
export function replyTables(prefix: string): (resp: 2 | 3, steps: [string[], Plain][]) => Promise<void> {
  let seq = 0;
  return async (resp, steps) => {
    const name = `${prefix}-${++seq}`;
    const n = node(name);
    for (const [args, expected] of steps) {
      let got: Plain;
      if (args[0]!.startsWith("!")) got = await direct(name, args);
      else got = resp === 3 ? plain(await raw(n, { resp: 3 }, ...args)) : await cmd(n, ...args);
      expect(got, args.join(" ")).toEqual(expected);
    }
  };
}

// ---- hashes and sets: one node ------------------------------------------------------------------

/** An `ERR <text>` error reply. */
export const err = (text: string) => ({ error: `ERR ${text}` });

/** An array reply's items, sorted (for replies whose order Redis leaves unspecified). */
export const sortedItems = (v: Plain) => [...(v as string[])].sort();

/** `k` distinct names: prefix0, prefix1, ... */
export const names = (k: number, prefix = "m") => Array.from({ length: k }, (_, i) => `${prefix}${i}`);

/** Helpers bound to the node `name`. */
export function collectionNode(name: string) {
  /** Runs code against the node's keyspace inside the object. */
  const inNode = <T>(fn: (db: Keyspace) => T): Promise<T> =>
    runInDurableObject(stubOf(name), (o: RedisNode) => {
      o.db.now = Date.now();
      return fn(o.db);
    });

  /**
   * Runs a command inside the object with a chosen `rand` and protocol: its reply, its replication
   * effects, and how many SQL rows it read (through a Keyspace whose cursors are counted).
   */
  const run = (argv: string[], rand: () => number = Math.random, resp: 2 | 3 = 2) =>
    runInDurableObject(stubOf(name), (o: RedisNode, state) => {
      const cursors: { rowsRead: number }[] = [];
      const counting = {
        exec: (q: string, ...p: unknown[]) => {
          const c = state.storage.sql.exec(q, ...p);
          cursors.push(c);
          return c;
        },
      } as unknown as SqlStorage;
      const db = new Keyspace(counting);
      db.onModified = o.db.onModified;
      cursors.length = 0; // not the schema statements the constructor ran
      const out = dispatch(argv, { db, sql: state.storage, now: Date.now(), rand, conn: { resp }, gate: () => null });
      return { reply: plain(out.reply as Reply), effects: out.effects, rows: cursors.reduce((n, c) => n + c.rowsRead, 0) };
    });

  return {
    /** The node's RPC handle, for `cmd` and `raw`. */
    n: node(name),
    inNode,
    setString: (key: string, value: string) => inNode((db) => db.setString(key, value)),
    pexpire: (key: string, ms: number) => inNode((db) => db.setExpire(key, db.meta(key)!, Date.now() + ms)),
    metaOf: (key: string) => inNode((db) => db.meta(key)),
    run,
  };
}
