/**
 * Hash-field TTLs (Redis 7.4/8.0): HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT, HTTL, HPTTL,
 * HEXPIRETIME, HPEXPIRETIME, HPERSIST. Replies and errors as Redis 8.0's t_hash.c.
 *
 * Replication: the setters reach replicas as HPEXPIREAT with the absolute time and only the
 * fields they changed; a time already past deletes the field on a master, which replicas learn as
 * HDEL (a replica applying its master's stream never deletes on its own: its time reads 0).
 */
import type { BStr } from "../resp/bytes";
import { arr, int, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { alreadyExpired } from "./expire";
import { HashView } from "./hash-view";
import { fieldRow, setFieldTtl } from "./hash-ttl-store";
import { fieldExpireTime, fieldsArg, NUMFIELDS_POSITIVE } from "./hash-ttl-args";

/** Per-field replies (Redis's SetExRes / GetExpireTimeRes / SetPersistRes). */
const NO_FIELD = -2, NO_TTL = -1, NOT_MET = 0, SET = 1, DELETED = 2;

type Cond = "nx" | "xx" | "gt" | "lt";
const CONDS: ReadonlySet<string> = new Set(["nx", "xx", "gt", "lt"]);

/** Whether [NX|XX|GT|LT] lets a field whose TTL is `prev` (null: none) take `when` (no TTL: LT passes, XX/GT fail). */
function condMet(cond: Cond | null, prev: number | null, when: number): boolean {
  if (prev === null) return cond !== "xx" && cond !== "gt";
  return !(cond === "nx" || (cond === "gt" && prev >= when) || (cond === "lt" && prev <= when));
}

/** hexpireGenericCommand: `relative` for HEXPIRE/HPEXPIRE (from now), `seconds` for HEXPIRE/HEXPIREAT. */
function hexpireGeneric(ctx: CommandContext, argv: BStr[], relative: boolean, seconds: boolean): Reply {
  const name = argv[0]!.toLowerCase();
  const key = argv[1]!;
  const view = HashView.read(ctx, key);
  const when = fieldExpireTime(argv[2]!, seconds, relative ? ctx.now : 0, name);
  const opt = argv[3]!.toLowerCase();
  const cond = CONDS.has(opt) ? (opt as Cond) : null;
  const fields = fieldsArg(argv, cond ? 4 : 3, "ERR Parameter `numFields` should be greater than 0");
  if (!view) return arr(fields.map(() => int(NO_FIELD)));

  const updated: BStr[] = [];
  const replies = fields.map((f) => {
    // An expired field not yet deleted still counts here, as in Redis (hashTypeSetEx finds it).
    const row = fieldRow(ctx.db.sql, view.meta.id, f);
    if (!row) return int(NO_FIELD);
    if (!condMet(cond, row.expiresAt, when)) return int(NOT_MET);
    if (alreadyExpired(ctx, when)) {
      view.expireNow(f);
      return int(DELETED);
    }
    setFieldTtl(ctx.db.sql, view.meta.id, f, when);
    view.wrote();
    updated.push(f);
    return int(SET);
  });
  const own = updated.length === 0 ? [] : [["HPEXPIREAT", key, String(when), ...(cond ? [argv[3]!] : []), "FIELDS", String(updated.length), ...updated]];
  view.done(own);
  return arr(replies);
}

/** httlGenericCommand: `ms` for HPTTL/HPEXPIRETIME, `absolute` for H(P)EXPIRETIME. Seconds round up. */
function httlGeneric(ctx: CommandContext, argv: BStr[], ms: boolean, absolute: boolean): Reply {
  const view = HashView.read(ctx, argv[1]!);
  const fields = fieldsArg(argv, 2, NUMFIELDS_POSITIVE);
  if (!view) return arr(fields.map(() => int(NO_FIELD)));
  const base = absolute ? 0 : ctx.now;
  return arr(fields.map((f) => {
    const row = fieldRow(ctx.db.sql, view.meta.id, f);
    if (!row) return int(NO_FIELD);
    if (row.expiresAt === null) return int(NO_TTL);
    if (!view.alive(row.expiresAt)) return int(NO_FIELD);
    return int(ms ? row.expiresAt - base : Math.floor((row.expiresAt + 999 - base) / 1000));
  }));
}

/** HPERSIST key FIELDS numfields field...: 1 removed, -1 no TTL, -2 no such (or an expired) field. */
function hpersist(ctx: CommandContext, argv: BStr[]): Reply {
  const view = HashView.read(ctx, argv[1]!);
  const fields = fieldsArg(argv, 2, NUMFIELDS_POSITIVE);
  if (!view) return arr(fields.map(() => int(NO_FIELD)));
  const replies = fields.map((f) => {
    const row = fieldRow(ctx.db.sql, view.meta.id, f);
    if (!row) return int(NO_FIELD);
    if (row.expiresAt === null) return int(NO_TTL);
    if (!view.alive(row.expiresAt)) return int(NO_FIELD);
    setFieldTtl(ctx.db.sql, view.meta.id, f, null);
    view.wrote();
    return int(SET);
  });
  view.done();
  return arr(replies);
}

export const hashTtlHandlers: HandlerTable = {
  hexpire: (ctx, argv) => hexpireGeneric(ctx, argv, true, true),
  hpexpire: (ctx, argv) => hexpireGeneric(ctx, argv, true, false),
  hexpireat: (ctx, argv) => hexpireGeneric(ctx, argv, false, true),
  hpexpireat: (ctx, argv) => hexpireGeneric(ctx, argv, false, false),
  httl: (ctx, argv) => httlGeneric(ctx, argv, false, false),
  hpttl: (ctx, argv) => httlGeneric(ctx, argv, true, false),
  hexpiretime: (ctx, argv) => httlGeneric(ctx, argv, false, true),
  hpexpiretime: (ctx, argv) => httlGeneric(ctx, argv, true, true),
  hpersist,
};
