/**
 * Sorted-set primitives over `zsets(kid, member, score)`: point reads and writes of one member,
 * ranks, and the reply shapes every sorted-set command shares (scores as RESP2 bulk strings
 * formatted like Redis 7.0's %.17g, RESP3 doubles; WITHSCORES flat in RESP2, pairs in RESP3).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, double, type Reply } from "../resp/reply";
import type { CommandContext } from "./handler";
import { formatDouble } from "../commands/args";
import { blob, param, type Keyspace, type KeyMeta } from "./db";
import { checkElementSize } from "./element-limit";
import type { ZRow } from "./zset-range";

/** A score in a reply: bulk string in RESP2, double in RESP3 (addReplyDouble). */
export function scoreReply(ctx: CommandContext, score: number): Reply {
  return ctx.conn.resp === 3 ? double(score) : bulk(formatDouble(score));
}

/**
 * Members (and scores) as Redis replies them: a flat array, or with WITHSCORES in RESP3 an array
 * of [member, score] pairs.
 */
export function rowsReply(ctx: CommandContext, rows: ZRow[], withscores: boolean): Reply {
  if (!withscores) return arr(rows.map((r) => bulk(r.member)));
  if (ctx.conn.resp === 3) return arr(rows.map((r) => arr([bulk(r.member), scoreReply(ctx, r.score)])));
  const out: Reply[] = [];
  for (const r of rows) out.push(bulk(r.member), scoreReply(ctx, r.score));
  return arr(out);
}

export function getScore(db: Keyspace, kid: number, member: BStr): number | null {
  const row = db.one("SELECT score FROM zsets WHERE kid = ? AND member = ?", kid, param(member));
  return row ? (row.score as number) : null;
}

export function insertMember(db: Keyspace, kid: number, member: BStr, score: number): void {
  checkElementSize(member.length);
  db.run("INSERT INTO zsets (kid, member, score) VALUES (?, ?, ?)", kid, param(member), score);
}

export function updateScore(db: Keyspace, kid: number, member: BStr, score: number): void {
  db.run("UPDATE zsets SET score = ? WHERE kid = ? AND member = ?", score, kid, param(member));
}

/** Removes one member; whether it was there. */
export function deleteMember(db: Keyspace, kid: number, member: BStr): boolean {
  return db.rows("DELETE FROM zsets WHERE kid = ? AND member = ? RETURNING 1 AS x", kid, param(member)).length > 0;
}

/**
 * 0-based rank of a member whose score is known: how many members come before it in (score,
 * member) order, or after it with `rev`. Counting on the index costs the rank itself.
 */
export function rankOf(db: Keyspace, kid: number, member: BStr, score: number, rev = false): number {
  return db.one(
    `SELECT COUNT(*) AS n FROM zsets WHERE kid = ? AND (score, member) ${rev ? ">" : "<"} (?, ?)`,
    kid, score, param(member),
  )!.n as number;
}

/** Every member in (score, member) order (for commands that are O(N) in Redis too). */
export function readAll(db: Keyspace, kid: number): ZRow[] {
  return db.rows("SELECT member, score FROM zsets WHERE kid = ? ORDER BY score, member", kid)
    .map((r) => ({ member: blob(r.member), score: r.score as number }));
}

/**
 * Replaces `key` (whatever it held) by a sorted set of `rows` (distinct members), or deletes it
 * when `rows` is empty, as the STORE commands do. Returns the stored cardinality.
 */
export function storeRows(db: Keyspace, key: BStr, rows: Iterable<ZRow>): number {
  db.delete(key); // signals the modification if the key existed
  let meta: KeyMeta | null = null;
  let n = 0;
  for (const r of rows) {
    meta ??= db.create(key, "zset");
    insertMember(db, meta.id, r.member, r.score);
    n++;
  }
  if (meta) db.setCount(key, meta, n);
  return n;
}
