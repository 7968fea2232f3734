/**
 * Key expiry: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX/XX/GT/LT), TTL, PTTL, EXPIRETIME,
 * PEXPIRETIME, PERSIST, and the 64-bit time arithmetic SET/GETEX/RESTORE share with them.
 *
 * Redis does this arithmetic in `long long` and reports overflow as "invalid expire time"; JS
 * numbers are exact only to 2^53, so arguments are parsed and checked as BigInts. Replicas get
 * absolute times (PEXPIREAT) and an expiry already in the past becomes a DEL.
 */
import type { BStr } from "../resp/bytes";
import { int, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { bigIntArg, LLONG_MAX, LLONG_MIN } from "../commands/args";

export const invalidExpireTime = (name: string): ReplyError =>
  new ReplyError(`ERR invalid expire time in '${name}' command`);

/** EX/PX/EXAT/PXAT of SET, GETEX, SETEX, PSETEX. */
export type ExpireUnit = "EX" | "PX" | "EXAT" | "PXAT";

/**
 * getExpireMillisecondsOrReply: the absolute expiry (ms) of `EX 10`-style options. Zero or
 * negative values and overflow are "invalid expire time in '<name>' command". A BigInt, so what
 * replicas receive is exact even beyond 2^53.
 */
export function expireOptionMs(ctx: CommandContext, arg: BStr, unit: ExpireUnit, name: string): bigint {
  let ms = bigIntArg(arg);
  const seconds = unit === "EX" || unit === "EXAT";
  if (ms <= 0n || (seconds && ms > LLONG_MAX / 1000n)) throw invalidExpireTime(name);
  if (seconds) ms *= 1000n;
  if (unit === "EX" || unit === "PX") ms += BigInt(ctx.now);
  if (ms > LLONG_MAX) throw invalidExpireTime(name);
  return ms;
}

/** checkAlreadyExpired: a master deletes a key whose new expiry has passed; a replica waits for the DEL. */
export function alreadyExpired(ctx: CommandContext, when: number): boolean {
  return when <= ctx.now && ctx.db.expireOnAccess;
}

const NX = 1, XX = 2, GT = 4, LT = 8;

function expireFlags(argv: BStr[]): number {
  let flags = 0;
  for (const opt of argv.slice(3)) {
    const o = opt.toLowerCase();
    if (o === "nx") flags |= NX;
    else if (o === "xx") flags |= XX;
    else if (o === "gt") flags |= GT;
    else if (o === "lt") flags |= LT;
    else throw new ReplyError(`ERR Unsupported option ${opt}`);
  }
  if (flags & NX && flags & (XX | GT | LT)) {
    throw new ReplyError("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if (flags & GT && flags & LT) throw new ReplyError("ERR GT and LT options at the same time are not compatible");
  return flags;
}

/** expireGenericCommand: `basetime` is now for EXPIRE/PEXPIRE, 0 for the *AT forms. */
function expireGeneric(ctx: CommandContext, argv: BStr[], relative: boolean, seconds: boolean): Reply {
  const name = argv[0]!.toLowerCase();
  const key = argv[1]!;
  const flags = expireFlags(argv);
  let when = bigIntArg(argv[2]!);
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw invalidExpireTime(name);
    when *= 1000n;
  }
  const base = relative ? BigInt(ctx.now) : 0n;
  if (when > LLONG_MAX - base) throw invalidExpireTime(name);
  when += base;

  const meta = ctx.db.meta(key);
  if (!meta) return int(0);
  const current = meta.expiresAt === null ? null : BigInt(meta.expiresAt);
  if (flags & NX && current !== null) return int(0);
  if (flags & XX && current === null) return int(0);
  // No TTL counts as an infinite one: GT never beats it, LT always does.
  if (flags & GT && (current === null || when <= current)) return int(0);
  if (flags & LT && current !== null && when >= current) return int(0);

  const ms = Number(when);
  if (alreadyExpired(ctx, ms)) {
    ctx.db.delete(key);
    ctx.propagate(["DEL", key]);
  } else {
    ctx.db.setExpire(key, meta, ms);
    // PEXPIREAT itself already carries its absolute time: it goes to replicas unchanged.
    if (relative || seconds) ctx.propagate(["PEXPIREAT", key, when.toString(), ...argv.slice(3)]);
  }
  return int(1);
}

/** TTL / PTTL / EXPIRETIME / PEXPIRETIME: -2 without key, -1 without expiry. */
function ttlGeneric(ctx: CommandContext, key: BStr, ms: boolean, absolute: boolean): Reply {
  const meta = ctx.db.meta(key);
  if (!meta) return int(-2);
  if (meta.expiresAt === null) return int(-1);
  if (absolute) return int(ms ? meta.expiresAt : Math.trunc(meta.expiresAt / 1000));
  const ttl = Math.max(0, meta.expiresAt - ctx.now);
  return int(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

function persistCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.meta(argv[1]!);
  if (!meta || meta.expiresAt === null) return int(0);
  ctx.db.setExpire(argv[1]!, meta, null);
  return int(1);
}

export const expireHandlers: HandlerTable = {
  expire: (ctx, argv) => expireGeneric(ctx, argv, true, true),
  pexpire: (ctx, argv) => expireGeneric(ctx, argv, true, false),
  expireat: (ctx, argv) => expireGeneric(ctx, argv, false, true),
  pexpireat: (ctx, argv) => expireGeneric(ctx, argv, false, false),
  ttl: (ctx, argv) => ttlGeneric(ctx, argv[1]!, false, false),
  pttl: (ctx, argv) => ttlGeneric(ctx, argv[1]!, true, false),
  expiretime: (ctx, argv) => ttlGeneric(ctx, argv[1]!, false, true),
  pexpiretime: (ctx, argv) => ttlGeneric(ctx, argv[1]!, true, true),
  persist: persistCommand,
};
