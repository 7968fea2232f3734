/**
 * value-batch.ts: many keys per statement (MIGRATE's two ends). Values written together read back
 * as written one by one; small values are read together and large ones left for paging; deletes
 * remove every row; and no statement binds more than the platform's 100 parameters (MemorySql
 * refuses more, as a Durable Object does).
 */
import { describe, expect, it } from "vitest";
import { Keyspace, type KeyValue } from "../../../src/keyspace/db";
import { BATCH_READ_BYTES, deleteKeys, keyMetas, readSmallValues, readWhole, writeValues, type NewKey } from "../../../src/keyspace/value-batch";
import { MemorySql } from "../../sim/sql-port";

const VALUES: KeyValue[] = [
  { type: "string", value: "hello" },
  { type: "list", items: ["a", "b", "a", "\x00\xff"] },
  { type: "set", members: ["x", "y", "z"] },
  { type: "zset", entries: [["m1", 1.5], ["m2", -3], ["m3", Infinity]] },
  { type: "hash", entries: [["f1", "v1"], ["f2", "v2", 4_000_000_000_000]] },
  { type: "stream", entries: [["1-1", ["k", "v"]], ["2-0", ["a", "b"]]], meta: null, groups: [] },
];

/** Values in a comparable form (set members and hash fields in no particular order). */
function canonical(v: KeyValue | null): unknown {
  if (!v) return null;
  if (v.type === "set") return { ...v, members: [...v.members].sort() };
  if (v.type === "hash") return { ...v, entries: [...v.entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  if (v.type === "zset") return { ...v, entries: [...v.entries].sort((a, b) => a[1] - b[1]) };
  return v;
}

function fresh(): { sql: MemorySql; db: Keyspace } {
  const sql = new MemorySql();
  const db = new Keyspace(sql);
  db.now = 1_000;
  return { sql, db };
}

const read = (db: Keyspace, key: string): KeyValue | null => {
  const m = db.meta(key);
  return m ? db.readValue(m) : null;
};

/** 300 keys of every type: more than one statement's worth of parameters for each step. */
const many = (): NewKey[] => Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: VALUES[i % VALUES.length]!, expiresAt: i % 7 === 0 ? 5_000 : null }));

describe("value-batch", () => {
  it("writeValues writes what writeValue writes, TTLs included, within the parameter limit", () => {
    const a = fresh();
    const b = fresh();
    const items = many();
    writeValues(a.db, items);
    for (const it of items) b.db.writeValue(it.key, it.value, it.expiresAt);
    for (const it of items) {
      expect(canonical(read(a.db, it.key))).toEqual(canonical(read(b.db, it.key)));
      expect(a.db.meta(it.key)?.expiresAt).toBe(it.expiresAt);
      expect(a.db.meta(it.key)?.count).toBe(b.db.meta(it.key)?.count);
    }
    expect(a.db.size()).toBe(items.length);
  });

  it("writeValues creates nothing for an empty collection and writes a chunked string whole", () => {
    const { db } = fresh();
    const big = "s".repeat(600 * 1024);
    writeValues(db, [{ key: "empty", value: { type: "set", members: [] }, expiresAt: null }, { key: "big", value: { type: "string", value: big }, expiresAt: null }]);
    expect(db.exists("empty")).toBe(false);
    expect(db.getString("big")).toBe(big);
  });

  it("writeValues writes a collection of 300 000 elements (a page's worth of small members) without a stack overflow", () => {
    const { db } = fresh();
    const members = Array.from({ length: 300_000 }, (_, i) => `m${i}`);
    writeValues(db, [{ key: "big", value: { type: "set", members }, expiresAt: null }]);
    expect(db.meta("big")?.count).toBe(members.length);
  });

  it("keyMetas finds existing keys only, expired ones included", () => {
    const { db } = fresh();
    writeValues(db, many());
    db.now = 10_000; // every seventh key's TTL has passed
    const metas = keyMetas(db, [...Array.from({ length: 300 }, (_, i) => `k${i}`), "nope", "k1"]);
    expect(metas.size).toBe(300);
    expect(metas.has("nope")).toBe(false);
    expect(metas.get("k0")?.expiresAt).toBe(5_000);
  });

  it("readSmallValues reads small values as readValue does and leaves out larger ones and streams", () => {
    const { db } = fresh();
    const items = many();
    items.push({ key: "large-hash", value: { type: "hash", entries: Array.from({ length: 50 }, (_, i): [string, string] => [`f${i}`, "v".repeat(100)]) }, expiresAt: null });
    items.push({ key: "large-string", value: { type: "string", value: "x".repeat(5000) }, expiresAt: null });
    writeValues(db, items);
    const metas = keyMetas(db, items.map((i) => i.key));
    const values = readSmallValues(db, [...metas.values()], 4096);
    for (const it of items) {
      const meta = metas.get(it.key)!;
      const small = it.value.type !== "stream" && !it.key.startsWith("large");
      expect(values.has(meta.id)).toBe(small);
      if (small) expect(canonical(values.get(meta.id)!)).toEqual(canonical(db.readValue(meta)));
    }
  });

  it("deleteKeys removes the keys and every element row, and answers those that existed", () => {
    const { sql, db } = fresh();
    const items = many();
    writeValues(db, items);
    const keys = items.map((i) => i.key);
    expect(deleteKeys(db, [...keys, "nope", "k3"])).toEqual(keys);
    expect(db.size()).toBe(0);
    for (const t of ["lists", "sets", "zsets", "hashes", "stream_entries", "streams"]) {
      expect(sql.exec(`SELECT COUNT(*) AS n FROM ${t}`).one().n, t).toBe(0);
    }
  });

  it("readWhole answers the live keys in order with their values, expiring the dead, leaving the large to paging", () => {
    const { db } = fresh();
    const medium = "m".repeat(BATCH_READ_BYTES + 10);
    writeValues(db, [
      { key: "small", value: { type: "list", items: ["a", "b"] }, expiresAt: null },
      { key: "dead", value: { type: "string", value: "x" }, expiresAt: 2_000 },
      { key: "medium", value: { type: "string", value: medium }, expiresAt: 9_000 },
      { key: "large", value: { type: "hash", entries: Array.from({ length: 100 }, (_, i): [string, string] => [`f${i}`, "v".repeat(1000)]) }, expiresAt: null },
    ]);
    db.now = 5_000;
    const found = readWhole(db, ["large", "nope", "medium", "dead", "small", "small"], 80_000);
    expect(found.map((f) => [f.key, f.value === null ? null : f.value.type, f.meta.expiresAt])).toEqual([
      ["large", null, null], ["medium", "string", 9_000], ["small", "list", null],
    ]);
    expect(found[1]!.value).toEqual({ type: "string", value: medium });
    expect(db.takeExpired()).toEqual(["dead"]);
    expect(keyMetas(db, ["dead"]).size).toBe(0);
  });
});

