/**
 * Helpers shared by the keyspace Workers tests (strings, keys): write keys of any type directly,
 * read them back whole, and run a command through the dispatcher to see its replication effects.
 */
import { runInDurableObject } from "cloudflare:test";
import { plain, stubOf, type Plain } from "./helpers";
import { dispatch } from "../../src/node/dispatch";
import type { RedisNode } from "../../src/node/node";
import type { KeyValue } from "../../src/keyspace/db";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const WRONGTYPE = { error: "WRONGTYPE Operation against a key holding the wrong kind of value" };
/** Every byte value once, as a byte string. */
export const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");

/** Runs a command through the dispatcher inside the node: its reply and what replicas would get. */
export async function withEffects(name: string, ...argv: string[]): Promise<{ reply: Plain; effects: string[][]; now: number }> {
  return runInDurableObject(stubOf(name), (o: RedisNode, state) => {
    const now = Date.now();
    const out = dispatch(argv, { db: o.db, sql: state.storage, now, rand: Math.random, conn: { resp: 2 }, gate: () => null });
    return { reply: out.reply.t === "block" ? null : plain(out.reply), effects: out.effects, now };
  });
}

/** Writes keys of any type directly, through the same storage path RESTORE uses. */
export async function seed(name: string, values: Record<string, KeyValue>): Promise<void> {
  await runInDurableObject(stubOf(name), (o: RedisNode, state) => {
    o.db.now = Date.now();
    state.storage.transactionSync(() => {
      for (const [k, v] of Object.entries(values)) o.db.writeValue(k, v, null);
    });
  });
}

/** A key's whole value as stored (null if absent), unordered collections sorted. */
export async function valueOf(name: string, key: string): Promise<KeyValue | null> {
  const v = await runInDurableObject(stubOf(name), (o: RedisNode) => {
    o.db.now = Date.now();
    const meta = o.db.meta(key);
    return meta ? o.db.readValue(meta) : null;
  });
  return v && sorted(v);
}

/** A copy of `v` with sets and hashes sorted and zsets in (score, member) order, for comparisons. */
export function sorted(v: KeyValue): KeyValue {
  const c = structuredClone(v);
  if (c.type === "set") c.members.sort();
  if (c.type === "hash") c.entries.sort();
  if (c.type === "zset") c.entries.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return c;
}

/** One value of every type under the hash tag `{tag}`, binary members included. */
export function samples(tag: string): Record<string, KeyValue> {
  return {
    [`{${tag}}str`]: { type: "string", value: ALL_BYTES },
    [`{${tag}}list`]: { type: "list", items: ["a", "\x00\xff", "a", ""] },
    [`{${tag}}set`]: { type: "set", members: ["x", "y", "\xff"] },
    [`{${tag}}zset`]: { type: "zset", entries: [["a", 1.5], ["b", -Infinity], ["c", 2 ** 60]] },
    [`{${tag}}hash`]: { type: "hash", entries: [["f1", "v1"], ["\x00", "\xff".repeat(100)]] },
  };
}
