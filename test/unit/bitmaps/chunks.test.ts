/**
 * The bit commands on the chunked string layout (db.ts: inline up to STRING_CHUNK_BYTES, else
 * chunks all full but the last), checked by structure, not by time: which SQL statements a
 * command writes, which rows it reads, and that the layout's rules hold after every write.
 */
import { describe, expect, it } from "vitest";
import { STRING_CHUNK_BYTES as CHUNK } from "../../../src/keyspace/db";
import { harness, plain, type Harness } from "./harness";

const bytes = (s: string) => Buffer.from(s, "latin1");
const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** The layout rules of the string at `key` (its row id found by name). */
function checkLayout(h: Harness, key: string): void {
  const row = h.db.one("SELECT id, LENGTH(value) AS n FROM keys WHERE key = ?", bytes(key));
  if (!row) return;
  const chunks = h.db.rows("SELECT idx, LENGTH(data) AS n FROM string_chunks WHERE kid = ? ORDER BY idx", row.id);
  if (row.n !== null) {
    expect(chunks, `${key}: inline value and chunks`).toEqual([]);
    expect(row.n as number).toBeLessThanOrEqual(CHUNK);
    return;
  }
  expect(chunks.map((c) => c.idx)).toEqual(chunks.map((_, i) => i));
  chunks.slice(0, -1).forEach((c) => expect(c.n, `${key}: chunk ${c.idx} not full`).toBe(CHUNK));
  const length = chunks.reduce((n, c) => n + (c.n as number), 0);
  expect(length, `${key}: a chunked value that fits a row`).toBeGreaterThan(CHUNK);
}

/** A string of `n` bytes, different at every position (so a misplaced write shows). */
const pattern = (n: number) => text(Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 9)) & 0xff));

describe("bit commands on large strings touch only the rows they need", () => {
  it("SETBIT at a high offset of a 3 MiB string rewrites one chunk and nothing else", () => {
    const h = harness();
    const size = 6 * CHUNK;
    h.cmd("SET", "big", pattern(size));
    h.sql.writes = [];
    const offset = 5 * CHUNK + 1234;
    const { reply, effects } = h.exec("SETBIT", "big", String(offset * 8 + 3), "1");
    expect(h.sql.writes).toEqual([{ query: "UPDATE string_chunks SET data = ? WHERE kid = ? AND idx = ?", bytes: CHUNK }]);
    expect(effects).toEqual([["SETBIT", "big", String(offset * 8 + 3), "1"]]);
    const before = pattern(size).charCodeAt(offset);
    expect(plain(reply)).toBe(before & 0x10 ? 1 : 0);
    expect(plain(h.cmd("GETRANGE", "big", String(offset - 1), String(offset + 1)))).toBe(
      String.fromCharCode(pattern(size).charCodeAt(offset - 1), before | 0x10, pattern(size).charCodeAt(offset + 1)));
    checkLayout(h, "big");
  });

  it("SETBIT that leaves the bit as it was writes nothing and replicates nothing", () => {
    const h = harness();
    h.cmd("SET", "big", pattern(2 * CHUNK));
    h.cmd("SETBIT", "big", "100", "1");
    h.sql.writes = [];
    expect(h.exec("SETBIT", "big", "100", "1")).toEqual({ reply: { t: "int", v: 1 }, effects: [] });
    expect(h.sql.writes).toEqual([]);
  });

  it("GETBIT and a small BITCOUNT/BITPOS range read one chunk row, a few bytes of it", () => {
    const h = harness();
    h.cmd("SET", "big", pattern(6 * CHUNK));
    const reads: unknown[][] = [];
    const exec = h.sql.exec.bind(h.sql);
    h.sql.exec = (query: string, ...params: unknown[]) => {
      if (/string_chunks/.test(query)) reads.push([query, ...params]);
      return exec(query, ...params);
    };
    h.cmd("GETBIT", "big", String((4 * CHUNK + 5) * 8));
    // GETBIT needs no length: only the substr of its chunk.
    expect(reads.map((r) => r[0])).toEqual(["SELECT substr(data, ?, ?) AS v FROM string_chunks WHERE kid = ? AND idx = ?"]);
    h.cmd("BITCOUNT", "big", String(4 * CHUNK + 5), String(4 * CHUNK + 9));
    h.cmd("BITPOS", "big", "1", String(4 * CHUNK + 5), String(4 * CHUNK + 9));
    // Each: a substr of chunk 4 (BITCOUNT and BITPOS also read the last chunk's length first).
    const data = reads.filter((r) => /substr/.test(r[0] as string));
    expect(data.map((r) => r.slice(1))).toEqual([[6, 1, expect.any(Number), 4], [6, 5, expect.any(Number), 4], [6, 5, expect.any(Number), 4]]);
    expect(reads.filter((r) => !/substr/.test(r[0] as string)).every((r) => /LENGTH\(data\)/.test(r[0] as string))).toBe(true);
  });

  it("SETBIT past the end of an inline value moves it to chunks once, zero-filled", () => {
    const h = harness();
    h.cmd("SET", "k", pattern(CHUNK - 2));
    h.sql.writes = [];
    h.cmd("SETBIT", "k", String((CHUNK + 10) * 8 + 7), "1");
    expect(h.sql.writes.map((w) => [w.query.split(" (")[0], w.bytes])).toEqual([
      ["INSERT OR REPLACE INTO string_chunks", CHUNK - 2], ["UPDATE keys SET value = NULL WHERE id = ?", 0],
      ["INSERT OR REPLACE INTO string_chunks", CHUNK], ["INSERT OR REPLACE INTO string_chunks", 11],
    ]);
    checkLayout(h, "k");
    expect(plain(h.cmd("GET", "k"))).toBe(pattern(CHUNK - 2) + "\0".repeat(12) + "\x01");
  });

  it("growth by several chunks writes each new chunk once, full but the last", () => {
    const h = harness();
    h.cmd("SET", "k", "abc");
    h.sql.writes = [];
    expect(plain(h.cmd("SETBIT", "k", String(3 * CHUNK * 8 + 100), "1"))).toBe(0);
    expect(h.sql.writes.filter((w) => /string_chunks/.test(w.query)).map((w) => w.bytes)).toEqual([3, CHUNK, CHUNK, CHUNK, 13]);
    checkLayout(h, "k");
    expect(plain(h.cmd("STRLEN", "k"))).toBe(3 * CHUNK + 13);
    expect(plain(h.cmd("BITCOUNT", "k"))).toBe(3 + 3 + 4 + 1); // "abc" and the new bit
    expect(plain(h.cmd("BITPOS", "k", "1", "3"))).toBe(3 * CHUNK * 8 + 100);
  });

  it("BITFIELD writes each changed chunk once however many operations touch it", () => {
    const h = harness();
    h.cmd("SET", "big", pattern(3 * CHUNK));
    h.sql.writes = [];
    const ops = Array.from({ length: 20 }, (_, i) => ["INCRBY", "u16", String((CHUNK + i * 100) * 8), "1"]).flat();
    h.cmd("BITFIELD", "big", ...ops, "SET", "i8", String((2 * CHUNK + 5) * 8), "1");
    expect(h.sql.writes.map((w) => w.bytes)).toEqual([CHUNK, CHUNK]);
    checkLayout(h, "big");
  });

  it("proto-max-bulk-len bounds bit offsets; APPEND past it is refused as ever", () => {
    const h = harness();
    h.maxBulkLen = 1024 * 1024;
    const offsetError = { error: "ERR bit offset is not an integer or out of range" };
    expect(plain(h.cmd("SETBIT", "k", String(h.maxBulkLen * 8), "1"))).toEqual(offsetError);
    expect(plain(h.cmd("GETBIT", "k", String(h.maxBulkLen * 8)))).toEqual(offsetError);
    expect(plain(h.cmd("BITFIELD", "k", "GET", "u8", `#${h.maxBulkLen}`))).toEqual(offsetError);
    expect(plain(h.cmd("EXISTS", "k"))).toBe(0);
    expect(plain(h.cmd("SETBIT", "k", String(h.maxBulkLen * 8 - 1), "1"))).toBe(0);
    expect(plain(h.cmd("STRLEN", "k"))).toBe(h.maxBulkLen);
    checkLayout(h, "k");
    expect(plain(h.cmd("APPEND", "k", "x"))).toEqual({ error: "ERR string exceeds maximum allowed size (proto-max-bulk-len)" });
    // A field at the last valid offset may end past the limit, as in Redis (the check is on its first bit).
    expect(plain(h.cmd("BITFIELD", "k", "SET", "u8", String(h.maxBulkLen * 8 - 1), "255"))).toEqual([0x80]);
    expect(plain(h.cmd("STRLEN", "k"))).toBe(h.maxBulkLen + 1);
  });

  it("SETBIT and BITFIELD keep the TTL; BITOP's destination loses it", () => {
    const h = harness();
    h.cmd("SET", "{a}k", "x", "PX", "50000");
    h.cmd("SETBIT", "{a}k", "100", "1");
    h.cmd("BITFIELD", "{a}k", "SET", "u8", "0", "1");
    expect(plain(h.cmd("PTTL", "{a}k"))).toBe(50000);
    h.cmd("SET", "{a}d", "x", "PX", "50000");
    h.cmd("BITOP", "NOT", "{a}d", "{a}k");
    expect(plain(h.cmd("PTTL", "{a}d"))).toBe(-1);
  });
});
