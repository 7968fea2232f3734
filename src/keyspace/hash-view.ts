/**
 * One command's view of a hash whose fields may have TTLs: Redis 8.0's lazy field expiry
 * (t_hash.c hashTypeGetValue). A field whose time has passed reads as absent; on a master it is
 * deleted there and then, and replicas get an HDEL for it before the command's own effect
 * (propagateHashFieldDeletion). A replica deletes nothing: it reports the field absent to its
 * clients and waits for its master's HDEL, while the master's own stream (run with time 0) still
 * sees every field, as Redis's CLIENT_MASTER does.
 *
 * The element count follows the deletions in memory and is written back by `settle` (or by the
 * command's own `setCount`), so a command that goes on writing never sees its hash vanish under
 * it (Redis's HFE_LAZY_AVOID_HASH_DEL); one that must behave as if the hash had been deleted and
 * created again (HSETNX, HINCRBY: the new hash has no key TTL) calls `settle` first.
 *
 *   const view = HashView.read(ctx, key);       // null: no such key
 *   const row = view.get(field);                // live value and TTL, or null
 *   view.done([]);                              // count written back, HDELs propagated
 */
import type { BStr } from "../resp/bytes";
import type { CommandContext } from "./handler";
import type { KeyMeta } from "./db";
import { deleteField } from "./hash-store";
import { deleteExpiredFields, expiredCount, fieldRow, type FieldRow } from "./hash-ttl-store";

export class HashView {
  /** Fields this command deleted because they had expired, in order: each owes replicas an HDEL. */
  readonly expired: BStr[] = [];

  constructor(private readonly ctx: CommandContext, readonly key: BStr, readonly meta: KeyMeta) {}

  /** The hash at `key` (WRONGTYPE for another type), or null. */
  static read(ctx: CommandContext, key: BStr): HashView | null {
    const meta = ctx.db.metaOf(key, "hash");
    return meta ? new HashView(ctx, key, meta) : null;
  }

  /** Whether a field with this TTL is alive at the command's time (no TTL: always). */
  alive(expiresAt: number | null): boolean {
    return expiresAt === null || expiresAt >= this.ctx.now;
  }

  /** The field's value and TTL if it is alive; null if it is absent or expired (deleted here on a master). */
  get(field: BStr): FieldRow | null {
    const row = fieldRow(this.ctx.db.sql, this.meta.id, field);
    if (!row || this.alive(row.expiresAt)) return row;
    if (this.ctx.db.expireOnAccess) {
      this.expireNow(field);
    }
    return null;
  }

  /** Deletes a field because its time has passed (or a TTL in the past was just given to it): replicas get its HDEL. */
  expireNow(field: BStr): void {
    this.remove(field);
    this.expired.push(field);
  }

  /** Deletes a field the command itself removes (HGETDEL): it propagates that itself. */
  remove(field: BStr): void {
    if (deleteField(this.ctx.db, this.meta.id, field)) this.meta.count--;
    this.dirty = true;
  }

  /** Records the command's own writes to the hash: `added` new fields (the count is written back by `done`). */
  wrote(added = 0): void {
    this.meta.count += added;
    this.dirty = true;
  }

  /** Deletes every expired field at once (hashTypeExpireIfNeeded, before HRANDFIELD samples). */
  purgeExpired(): void {
    if (!this.ctx.db.expireOnAccess) return;
    const gone = deleteExpiredFields(this.ctx.db.sql, this.meta.id, this.ctx.now);
    this.meta.count -= gone.length;
    this.dirty ||= gone.length > 0;
    for (const f of gone) this.expired.push(f); // not push(...gone): a hash may lose a million fields at once
  }

  /** Fields alive now: the count less the expired ones a replica still holds (0 of them on a master after `purgeExpired`). */
  liveCount(): number {
    return this.meta.count - expiredCount(this.ctx.db.sql, this.meta.id, this.ctx.now);
  }

  /**
   * Writes the count back after deletions or writes, signalling the key modified (deleting the
   * hash if no field is left). Returns whether the hash still exists.
   */
  settle(): boolean {
    if (this.dirty) {
      this.ctx.db.setCount(this.key, this.meta, this.meta.count);
      this.dirty = false;
    }
    return this.meta.count > 0;
  }

  /**
   * Ends the command: writes the count back, and when fields expired lazily, sends replicas their
   * HDELs followed by `own` (what the command itself propagates; [] for nothing). Without lazy
   * deletions `own` replaces the default propagation only when given.
   */
  done(own?: BStr[][]): void {
    this.settle();
    if (this.expired.length > 0) this.ctx.propagate(...this.expired.map((f) => ["HDEL", this.key, f]), ...(own ?? []));
    else if (own) this.ctx.propagate(...own);
  }

  /** Changes not yet written back to the key's row (count) and signalled. */
  private dirty = false;
}
