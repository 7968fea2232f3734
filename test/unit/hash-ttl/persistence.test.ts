/**
 * Field TTLs travel with their hash: DUMP/RESTORE (a payload type of their own; plain hashes keep
 * the old one), COPY, RENAME, a replica's full-sync snapshot entries, MIGRATE's later pages; and
 * a database made before field TTLs gets the column on open.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { b, i, ints, Pair, T0 } from "./harness";
import { MemorySql } from "../../sim/sql-port";
import { Keyspace } from "../../../src/keyspace/db";
import { decodeValue, encodeValue } from "../../../src/keyspace/serialize";
import { entryOf, valueOf } from "../../../src/node/replication-store";
import { partCommands, readPage } from "../../../src/keyspace/value-pages";

let p: Pair;
beforeEach(() => {
  p = new Pair();
  p.cmd("HSET", "h", "a", "1", "b", "2");
  p.cmd("HPEXPIRE", "h", "5000", "FIELDS", "1", "a");
});

const bulkOf = (r: unknown): string => (r as { v: string }).v;

describe("DUMP / RESTORE", () => {
  it("keeps field TTLs", () => {
    const payload = bulkOf(p.cmd("DUMP", "h"));
    expect(payload.charCodeAt(5)).toBe(6); // type 6: a hash with field TTLs (5 is a stream)
    expect(p.cmd("RESTORE", "h2", "0", payload)).toEqual({ t: "simple", v: "OK" });
    expect(p.cmd("HPEXPIRETIME", "h2", "FIELDS", "2", "a", "b")).toEqual(ints(T0 + 5000, -1));
    expect(p.inSync()).toBe(true);
  });

  it("a hash without field TTLs keeps the payload of before (type 4), which still restores", () => {
    p.cmd("HSET", "plain", "x", "1");
    const payload = bulkOf(p.cmd("DUMP", "plain"));
    expect(payload.charCodeAt(5)).toBe(4);
    expect(decodeValue(payload)).toEqual({ type: "hash", entries: [["x", "1"]] });
  });

  it("encodes and decodes TTLs exactly, and rejects duplicate fields", () => {
    const v = { type: "hash" as const, entries: [["f", "v", 0], ["g", "w"], ["h", "x", 70368744177663]] as [string, string, number?][] };
    expect(decodeValue(encodeValue(v))).toEqual(v);
    const dup = { type: "hash" as const, entries: [["f", "v", 5], ["f", "w"]] as [string, string, number?][] };
    expect(decodeValue(encodeValue(dup))).toBeNull();
  });
});

describe("COPY and RENAME", () => {
  it("keep field TTLs", () => {
    expect(p.cmd("COPY", "h", "c")).toEqual(i(1));
    expect(p.cmd("RENAME", "h", "r")).toEqual({ t: "simple", v: "OK" });
    expect(p.cmd("HPTTL", "c", "FIELDS", "2", "a", "b")).toEqual(ints(5000, -1));
    expect(p.cmd("HPTTL", "r", "FIELDS", "2", "a", "b")).toEqual(ints(5000, -1));
    p.now += 5001;
    expect(p.cmd("HGET", "c", "a")).toEqual({ t: "null" });
    expect(p.cmd("HGET", "r", "b")).toEqual(b("2"));
    expect(p.inSync()).toBe(true);
  });
});

describe("moving a hash between nodes", () => {
  it("a snapshot entry (JSON) carries TTLs to the replica's full sync", () => {
    const value = p.master.readValue(p.master.meta("h")!);
    const back = valueOf(JSON.parse(JSON.stringify(entryOf("h", value, null))));
    const fresh = new Keyspace(new MemorySql(), () => false);
    fresh.writeValue("h", back, null);
    fresh.now = T0;
    expect(fresh.readValue(fresh.meta("h")!)).toEqual(value);
  });

  it("MIGRATE's later pages replicate as HSET then HPEXPIREAT per time", () => {
    p.cmd("HSET", "h", "c", "3");
    p.cmd("HPEXPIRE", "h", "5000", "FIELDS", "1", "c");
    const { part } = readPage(p.master, p.master.meta("h")!, null, 1 << 20);
    expect(partCommands("h", part)).toEqual([
      ["HSET", "h", "a", "1", "b", "2", "c", "3"],
      ["HPEXPIREAT", "h", String(T0 + 5000), "FIELDS", "2", "a", "c"],
    ]);
  });
});

describe("OBJECT ENCODING", () => {
  it("names a small hash with field TTLs listpackex, as Redis 8.0", () => {
    expect(p.cmd("OBJECT", "ENCODING", "h")).toEqual(b("listpackex"));
    p.cmd("HPERSIST", "h", "FIELDS", "1", "a");
    expect(p.cmd("OBJECT", "ENCODING", "h")).toEqual(b("listpack"));
  });
});

describe("schema", () => {
  it("adds the TTL column to a hashes table made before field TTLs, keeping its rows", () => {
    const sql = new MemorySql();
    sql.exec("CREATE TABLE hashes (kid INTEGER NOT NULL, field BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kid, field)) WITHOUT ROWID");
    sql.exec("INSERT INTO hashes (kid, field, value) VALUES (1, X'61', X'31')");
    new Keyspace(sql);
    expect(sql.exec("SELECT kid, expires_at FROM hashes").toArray()).toEqual([{ kid: 1, expires_at: null }]);
    new Keyspace(sql); // a second open finds the column
  });
});
