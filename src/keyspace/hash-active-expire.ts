/**
 * Active expiry of hash fields (Redis 8.0's hashTypeDbActiveExpire, run from activeExpireCycle):
 * each cron tick deletes up to a budget of fields whose time has passed, earliest first (the
 * `hashes_ttl_by_time` index finds them without looking at any other field), and a hash whose last
 * field goes is deleted. Replicas never run it: they wait for their master's HDELs.
 */
import type { BStr } from "../resp/bytes";
import type { Keyspace } from "./db";
import { deleteField } from "./hash-store";
import { expiredFields } from "./hash-ttl-store";

/** Deletes up to `budget` expired fields; returns the HDELs that tell replicas (one per field, as Redis propagates them). */
export function activeExpireFields(db: Keyspace, budget: number): BStr[][] {
  if (!db.expireOnAccess || budget <= 0) return [];
  const byHash = new Map<number, { key: BStr; fields: BStr[] }>();
  for (const e of expiredFields(db.sql, db.now, budget)) {
    const hash = byHash.get(e.kid) ?? { key: e.key, fields: [] };
    hash.fields.push(e.field);
    byHash.set(e.kid, hash);
  }
  const hdels: BStr[][] = [];
  for (const { key, fields } of byHash.values()) {
    const meta = db.meta(key);
    if (!meta || meta.type !== "hash") continue;
    let gone = 0;
    for (const f of fields) if (deleteField(db, meta.id, f)) gone++;
    db.setCount(key, meta, meta.count - gone);
    hdels.push(...fields.map((f) => ["HDEL", key, f]));
  }
  return hdels;
}
