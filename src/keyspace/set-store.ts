/**
 * Row-level access to the `sets(kid, member)` table: one row per member, so membership tests,
 * additions and removals touch one row whatever the size of the set.
 */
import type { BStr } from "../resp/bytes";
import { blob, param, type Keyspace } from "./db";
import { iterate } from "./hash-store";
import { checkElementSize } from "./element-limit";

export function isMember(db: Keyspace, kid: number, member: BStr): boolean {
  return db.one("SELECT 1 AS x FROM sets WHERE kid = ? AND member = ?", kid, param(member)) !== undefined;
}

/** Adds a member; returns whether it is new. */
export function addMember(db: Keyspace, kid: number, member: BStr): boolean {
  checkElementSize(member.length);
  return db.rows("INSERT OR IGNORE INTO sets (kid, member) VALUES (?, ?) RETURNING 1 AS x", kid, param(member)).length > 0;
}

/** Removes a member; returns whether it was there. */
export function removeMember(db: Keyspace, kid: number, member: BStr): boolean {
  return db.rows("DELETE FROM sets WHERE kid = ? AND member = ? RETURNING 1 AS x", kid, param(member)).length > 0;
}

/** Every member, in member order. */
export function allMembers(db: Keyspace, kid: number): BStr[] {
  return db.rows("SELECT member FROM sets WHERE kid = ? ORDER BY member", kid).map((r) => blob(r.member));
}

/** Members from position `offset` in member order (`limit` null: to the end). */
export function membersAt(db: Keyspace, kid: number, offset: number, limit: number | null): BStr[] {
  return db.rows("SELECT member FROM sets WHERE kid = ? ORDER BY member LIMIT ? OFFSET ?", kid, limit ?? -1, offset)
    .map((r) => blob(r.member));
}

/** The first `limit` members in member order, read lazily. */
export function* readMembers(db: Keyspace, kid: number, limit: number): Generator<BStr> {
  for (const r of iterate(db, "SELECT member FROM sets WHERE kid = ? ORDER BY member LIMIT ?", kid, limit)) {
    yield blob(r.member);
  }
}
