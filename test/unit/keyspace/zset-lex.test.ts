/**
 * Lex ranges over sorted sets with several scores (zset-lex.ts): Redis's walk in score order on
 * small sets, the same answers as a member range when scores grow with the members, and on large
 * sets a walk that starts at the first member in range and reads only what it returns.
 */
import { describe, expect, it } from "vitest";
import { MemorySql } from "../../sim/sql-port";
import { Keyspace } from "../../../src/keyspace/db";
import { countByLex, deleteByLex, rangeByLex } from "../../../src/keyspace/zset-lex";
import { parseLexRange } from "../../../src/keyspace/zset-range";

/** A sorted set `z` of [member, score] pairs, and a SQL port that counts the rows its cursors yield. */
function setOf(pairs: [string, number][]): { db: Keyspace; kid: number; rowsRead: () => number } {
  const sql = new MemorySql();
  let rows = 0;
  const counting = {
    exec: (q: string, ...p: unknown[]) => {
      const c = sql.exec(q, ...p);
      return {
        toArray: () => { const a = c.toArray(); rows += a.length; return a; },
        one: () => c.one(),
        *[Symbol.iterator]() { for (const r of c) { rows++; yield r; } },
      };
    },
  };
  const db = new Keyspace(counting);
  db.now = 1;
  const meta = db.create("z", "zset");
  db.insertElements(meta.id, { type: "zset", entries: pairs }, 0);
  db.setCount("z", meta, pairs.length);
  return { db, kid: meta.id, rowsRead: () => { const n = rows; rows = 0; return n; } };
}

const members = (rows: { member: string }[]) => rows.map((r) => r.member);
const lex = (min: string, max: string) => parseLexRange(min, max);

describe("small sets with several scores (Redis's listpack walk)", () => {
  // Score order: b(0) d(1) a(2) c(3) e(4)
  const z = setOf([["a", 2], ["b", 0], ["c", 3], ["d", 1], ["e", 4]]);

  it("start at the first element in range in score order and stop at the first out of range", () => {
    expect(members(rangeByLex(z.db, z.kid, lex("[b", "[c"), false))).toEqual(["b"]);
    expect(members(rangeByLex(z.db, z.kid, lex("[c", "+"), false))).toEqual(["d", "a", "c", "e"]);
    expect(countByLex(z.db, z.kid, lex("[c", "+"))).toBe(4);
    expect(members(rangeByLex(z.db, z.kid, lex("-", "[c"), true))).toEqual(["c", "a", "d", "b"]);
    expect(members(rangeByLex(z.db, z.kid, lex("[b", "[d"), true))).toEqual(["c"]);
    // The last element in score order (e) is below "(f": nothing, whatever else is in range.
    expect(members(rangeByLex(z.db, z.kid, lex("(f", "+"), false))).toEqual([]);
  });

  it("skip the offset without checking the range", () => {
    // From b: offset 2 lands on a (past d, which is out of [b, c]), and a is in range again.
    expect(members(rangeByLex(z.db, z.kid, lex("[b", "[c"), false, 2, 10))).toEqual(["a", "c"]);
  });

  it("delete the forward run only", () => {
    expect(deleteByLex(z.db, z.kid, lex("[b", "[c"))).toBe(1);
    expect(members(rangeByLex(z.db, z.kid, lex("-", "+"), false))).toEqual(["d", "a", "c", "e"]);
  });
});

describe("large sets", () => {
  const N = 5000;
  const name = (i: number) => `m${String(i).padStart(5, "0")}`;

  it("scores growing with the members: the member range, reading only what is returned", () => {
    const z = setOf(Array.from({ length: N }, (_, i): [string, number] => [name(i), i]));
    z.rowsRead();
    expect(members(rangeByLex(z.db, z.kid, lex(`[${name(3000)}`, "+"), false, 0, 2))).toEqual([name(3000), name(3001)]);
    expect(z.rowsRead()).toBeLessThan(20);
    expect(members(rangeByLex(z.db, z.kid, lex("-", `(${name(3000)}`), true, 0, 3))).toEqual([name(2999), name(2998), name(2997)]);
    expect(z.rowsRead()).toBeLessThan(20);
    expect(countByLex(z.db, z.kid, lex(`[${name(100)}`, `[${name(199)}`))).toBe(100);
    expect(z.rowsRead()).toBeLessThan(130);
  });

  it("scores out of member order: the walk starts at the first member in range and goes on in score order", () => {
    // Scores cycle 0..6: the score order is m00000 m00007 m00014 ... (score 0), then m00001 ... (score 1), ...
    const z = setOf(Array.from({ length: N }, (_, i): [string, number] => [name(i), i % 7]));
    expect(members(rangeByLex(z.db, z.kid, lex(`[${name(10)}`, "+"), false, 0, 3))).toEqual([name(10), name(17), name(24)]);
    expect(members(rangeByLex(z.db, z.kid, lex(`[${name(10)}`, `[${name(20)}`), false))).toEqual([name(10), name(17)]);
    expect(members(rangeByLex(z.db, z.kid, lex("-", `[${name(20)}`), true, 0, 2))).toEqual([name(20), name(13)]);
  });
});
