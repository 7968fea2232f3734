/**
 * SINTER / SUNION / SDIFF, their STORE variants and SINTERCARD, computed by SQLite over the
 * `sets` table: each operation becomes one SELECT yielding the result's members in member order,
 * so no source set is ever loaded into memory whole. A STORE whose destination is not one of its
 * sources writes the result with a single INSERT ... SELECT.
 *
 * Key row ids are integers this module read from the database itself, so they are inlined in the
 * SQL text (no bound-parameter limit, whatever the number of keys).
 */
import type { BStr } from "../resp/bytes";
import { bulk, ERR, int, ReplyError, set, type Reply } from "../resp/reply";
import { isOpt, LLONG_MAX, positiveArg, rangeArg } from "../commands/args";
import type { CommandContext } from "./handler";
import { blob, param, type Keyspace, type KeyMeta } from "./db";

export type SetOp = "inter" | "union" | "diff";

/** Beyond this many distinct sets, SINTER switches from EXISTS probes to a GROUP BY count. */
const MAX_EXISTS_TERMS = 64;

/** Looks up every key as a set, in order: WRONGTYPE for any other type (even after a missing key). */
function lookupSets(db: Keyspace, keys: BStr[]): (KeyMeta | null)[] {
  return keys.map((k) => db.metaOf(k, "set"));
}

function distinctIds(sets: (KeyMeta | null)[]): number[] {
  return [...new Set(sets.filter((s): s is KeyMeta => s !== null).map((s) => s.id))];
}

const membersOf = (id: number) => `SELECT member FROM sets WHERE kid = ${id} ORDER BY member`;

/** The SELECT producing the result (column `member`, in order), or null when it is surely empty. */
function opQuery(op: SetOp, sets: (KeyMeta | null)[]): string | null {
  switch (op) {
    case "inter": {
      if (sets.some((s) => s === null)) return null;
      // Smallest set first: every candidate comes from it, the others are probed by primary key.
      const bySize = [...(sets as KeyMeta[])].sort((a, b) => a.count - b.count);
      const ids = distinctIds(bySize);
      const [first, ...rest] = ids as [number, ...number[]];
      if (rest.length === 0) return membersOf(first);
      if (rest.length > MAX_EXISTS_TERMS) {
        return `SELECT member FROM sets WHERE kid IN (${ids.join(",")}) GROUP BY member HAVING COUNT(*) = ${ids.length} ORDER BY member`;
      }
      const probes = rest.map((id) => `EXISTS (SELECT 1 FROM sets WHERE kid = ${id} AND member = s.member)`);
      return `SELECT s.member AS member FROM sets AS s WHERE s.kid = ${first} AND ${probes.join(" AND ")} ORDER BY s.member`;
    }
    case "union": {
      const ids = distinctIds(sets);
      if (ids.length === 0) return null;
      if (ids.length === 1) return membersOf(ids[0]!);
      return `SELECT DISTINCT member FROM sets WHERE kid IN (${ids.join(",")}) ORDER BY member`;
    }
    case "diff": {
      const first = sets[0];
      if (!first) return null;
      const others = distinctIds(sets.slice(1));
      if (others.includes(first.id)) return null;
      if (others.length === 0) return membersOf(first.id);
      return `SELECT s.member AS member FROM sets AS s WHERE s.kid = ${first.id} AND NOT EXISTS ` +
        `(SELECT 1 FROM sets WHERE kid IN (${others.join(",")}) AND member = s.member) ORDER BY s.member`;
    }
  }
}

/** SINTER / SUNION / SDIFF key [key ...]: the result as a RESP3 set. */
export function setOpCommand(op: SetOp) {
  return (ctx: CommandContext, argv: BStr[]): Reply => {
    const q = opQuery(op, lookupSets(ctx.db, argv.slice(1)));
    return set(q === null ? [] : ctx.db.rows(q).map((r) => bulk(blob(r.member))));
  };
}

/** SINTERSTORE / SUNIONSTORE / SDIFFSTORE destination key [key ...] */
export function setOpStoreCommand(op: SetOp) {
  return (ctx: CommandContext, argv: BStr[]): Reply => {
    const db = ctx.db;
    const dst = argv[1]!;
    const sources = lookupSets(db, argv.slice(2));
    const q = opQuery(op, sources);
    const old = db.meta(dst);
    // An empty result deletes the destination (whatever its type) and writes nothing else.
    // A union of existing sets is never empty; the others are probed for a first member.
    if (q === null || (op !== "union" && db.one(`SELECT EXISTS (${q}) AS x`)!.x === 0)) {
      if (old) db.delete(dst);
      return int(0);
    }
    if (old && sources.some((s) => s?.id === old.id)) {
      // The destination is also a source: read the result before replacing it.
      const members = db.rows(q).map((r) => blob(r.member));
      db.delete(dst);
      const meta = db.create(dst, "set");
      for (const m of members) db.run("INSERT INTO sets (kid, member) VALUES (?, ?)", meta.id, param(m));
      db.setCount(dst, meta, members.length);
      return int(members.length);
    }
    if (old) db.delete(dst);
    const meta = db.create(dst, "set");
    db.run(`INSERT INTO sets (kid, member) SELECT ${meta.id}, member FROM (${q})`);
    const n = db.one("SELECT COUNT(*) AS n FROM sets WHERE kid = ?", meta.id)!.n as number;
    db.setCount(dst, meta, n);
    return int(n);
  };
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
export function sintercard(ctx: CommandContext, argv: BStr[]): Reply {
  const numkeys = rangeArg(argv[1]!, 1n, LLONG_MAX, "ERR numkeys should be greater than 0");
  if (numkeys > argv.length - 2) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let i = 2 + numkeys; i < argv.length; i++) {
    if (isOpt(argv[i], "limit") && i + 1 < argv.length) {
      limit = positiveArg(argv[++i]!, "ERR LIMIT can't be negative");
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const q = opQuery("inter", lookupSets(ctx.db, argv.slice(2, 2 + numkeys)));
  if (q === null) return int(0);
  const bounded = limit > 0 ? `${q} LIMIT ${Math.min(limit, Number.MAX_SAFE_INTEGER)}` : q;
  return int(ctx.db.one(`SELECT COUNT(*) AS n FROM (${bounded})`)!.n as number);
}
