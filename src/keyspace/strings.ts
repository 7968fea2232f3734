/**
 * String commands (t_string.c): GET/SET and friends, ranges, counters.
 *
 * Values are byte strings; integers follow Redis's 64-bit rules (BigInt arithmetic, so overflow is
 * detected exactly), INCRBYFLOAT uses long double arithmetic (longdouble.ts). Relative expiries and
 * INCRBYFLOAT reach replicas in absolute / final form (SET ... PXAT, SET ... KEEPTTL).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulkOrNull, ERR, int, map, NULL, OK, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, Handler, HandlerTable } from "./handler";
import { bigIntArg, intArg, LLONG_MAX, LLONG_MIN, toBigInt } from "../commands/args";
import { PROTO_MAX_BULK_LEN } from "../resp/limits";
import { alreadyExpired, expireOptionMs, type ExpireUnit } from "./expire";
import { incrByFloat } from "./longdouble";

export { PROTO_MAX_BULK_LEN };

/** What APPEND and SETRANGE read from the node's services (ctx.server), when there is a node. */
interface BulkLimit {
  config?: { get(name: "proto-max-bulk-len"): number };
}

/** proto-max-bulk-len as configured on the node (the default outside a node). */
export function maxBulkLen(ctx: CommandContext): number {
  const server = ctx.server as BulkLimit | undefined;
  return server?.config?.get("proto-max-bulk-len") ?? PROTO_MAX_BULK_LEN;
}

/** checkStringLength: APPEND and SETRANGE may not grow a string beyond proto-max-bulk-len. */
function checkStringLength(ctx: CommandContext, size: number): void {
  if (size > maxBulkLen(ctx)) throw new ReplyError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
}

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepttl: boolean;
  persist: boolean;
  unit: ExpireUnit | null;
  expire: BStr | null;
}

const noOptions = (): SetOptions => ({ nx: false, xx: false, get: false, keepttl: false, persist: false, unit: null, expire: null });

/**
 * parseExtendedStringArgumentsOrReply for SET (from argv[3]) and GETEX (from argv[2]): the same
 * option may repeat, conflicting ones are a syntax error.
 */
function parseSetOptions(argv: BStr[], forGetex: boolean): SetOptions {
  const o = noOptions();
  for (let j = forGetex ? 2 : 3; j < argv.length; j++) {
    const opt = argv[j]!.toUpperCase();
    const next = argv[j + 1];
    if (opt === "NX" && !forGetex && !o.xx) o.nx = true;
    else if (opt === "XX" && !forGetex && !o.nx) o.xx = true;
    else if (opt === "GET" && !forGetex) o.get = true;
    else if (opt === "KEEPTTL" && !forGetex && !o.unit) o.keepttl = true;
    else if (opt === "PERSIST" && forGetex && !o.unit) o.persist = true;
    else if ((opt === "EX" || opt === "PX" || opt === "EXAT" || opt === "PXAT") &&
      !o.keepttl && !o.persist && (o.unit === null || o.unit === opt) && next !== undefined) {
      o.unit = opt;
      o.expire = next;
      j++;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return o;
}

/** setGenericCommand: SET, SETNX, SETEX, PSETEX. */
function setGeneric(
  ctx: CommandContext, argv: BStr[], key: BStr, value: BStr, o: SetOptions, name: string, ok: Reply, abort: Reply,
): Reply {
  const ms = o.unit ? expireOptionMs(ctx, o.expire!, o.unit, name) : null;
  const old = o.get ? ctx.db.getString(key) : null;
  const found = ctx.db.exists(key);
  if ((o.nx && found) || (o.xx && !found)) return o.get ? bulkOrNull(old) : abort;
  ctx.db.setString(key, value, o.keepttl ? "keep" : ms === null ? null : Number(ms));
  if (ms !== null) ctx.propagate(["SET", key, value, "PXAT", ms.toString()]);
  else if (o.get) ctx.propagate(argv.filter((a, i) => i < 3 || a.toUpperCase() !== "GET"));
  return o.get ? bulkOrNull(old) : ok;
}

function setCommand(ctx: CommandContext, argv: BStr[]): Reply {
  return setGeneric(ctx, argv, argv[1]!, argv[2]!, parseSetOptions(argv, false), "set", OK, NULL);
}

function getexCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const o = parseSetOptions(argv, true);
  const value = ctx.db.getString(key);
  if (value === null) return NULL;
  const ms = o.unit ? expireOptionMs(ctx, o.expire!, o.unit, "getex") : null;
  const meta = ctx.db.meta(key)!;
  if (ms !== null && (o.unit === "EXAT" || o.unit === "PXAT") && alreadyExpired(ctx, Number(ms))) {
    ctx.db.delete(key);
    ctx.propagate(["DEL", key]);
  } else if (ms !== null) {
    ctx.db.setExpire(key, meta, Number(ms));
    ctx.propagate(["PEXPIREAT", key, ms.toString()]);
  } else if (o.persist && meta.expiresAt !== null) {
    ctx.db.setExpire(key, meta, null);
    ctx.propagate(["PERSIST", key]);
  }
  return bulk(value);
}

function msetGeneric(ctx: CommandContext, argv: BStr[], nx: boolean): Reply {
  if (argv.length % 2 === 0) throw new ReplyError(ERR.wrongArity(argv[0]!.toLowerCase()));
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) if (ctx.db.exists(argv[j]!)) return int(0);
  }
  for (let j = 1; j < argv.length; j += 2) ctx.db.setString(argv[j]!, argv[j + 1]!);
  return nx ? int(1) : OK;
}

function getrangeCommand(ctx: CommandContext, argv: BStr[]): Reply {
  let start = intArg(argv[2]!);
  let end = intArg(argv[3]!);
  const s = ctx.db.getString(argv[1]!);
  if (s === null) return bulk("");
  if (start < 0 && end < 0 && start > end) return bulk("");
  const len = s.length;
  if (start < 0) start = Math.max(0, len + start);
  if (end < 0) end = Math.max(0, len + end);
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return bulk("");
  return bulk(s.slice(start, end + 1));
}

function setrangeCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const offset = intArg(argv[2]!);
  const value = argv[3]!;
  if (offset < 0) throw new ReplyError("ERR offset is out of range");
  const meta = ctx.db.metaOf(key, "string");
  if (!meta && value.length === 0) return int(0);
  if (meta && value.length === 0) return int(ctx.db.stringLength(key));
  checkStringLength(ctx, offset + value.length);
  let s = meta ? ctx.db.getString(key)! : "";
  if (s.length < offset) s += "\0".repeat(offset - s.length);
  s = s.slice(0, offset) + value + s.slice(offset + value.length);
  ctx.db.setString(key, s, "keep");
  return int(s.length);
}

function appendCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  if (ctx.db.metaOf(key, "string")) checkStringLength(ctx, ctx.db.stringLength(key) + argv[2]!.length);
  return int(ctx.db.appendString(key, argv[2]!));
}

/** incrDecrCommand: 64-bit signed arithmetic, TTL kept. */
function incrDecr(ctx: CommandContext, key: BStr, incr: bigint): Reply {
  const current = ctx.db.getString(key);
  let value = 0n;
  if (current !== null) {
    const v = toBigInt(current);
    if (v === null) throw new ReplyError(ERR.notInteger);
    value = v;
  }
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LLONG_MAX - value)) {
    throw new ReplyError(ERR.overflow);
  }
  value += incr;
  ctx.db.setString(key, value.toString(), "keep");
  return int(value);
}

function incrbyfloatCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const result = incrByFloat(ctx.db.getString(key), argv[2]!);
  ctx.db.setString(key, result, "keep");
  // Replicas get the exact text, never the arithmetic (float formatting could differ there).
  ctx.propagate(["SET", key, result, "KEEPTTL"]);
  return bulk(result);
}

/** Largest LCS table we allocate (Redis: proto-max-bulk-len; a Worker has far less memory). */
const LCS_MAX_TABLE_BYTES = 64 * 1024 * 1024;

/** LCS: the classic dynamic-programming table, walked back exactly as Redis 7.0 does (same ranges). */
function lcsCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const [ma, mb] = [ctx.db.meta(argv[1]!), ctx.db.meta(argv[2]!)];
  if ((ma && ma.type !== "string") || (mb && mb.type !== "string")) {
    throw new ReplyError("ERR The specified keys must contain string values");
  }
  const a = ma ? ctx.db.getString(argv[1]!)! : "";
  const b = mb ? ctx.db.getString(argv[2]!)! : "";
  let getlen = false, getidx = false, withmatchlen = false, minmatchlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toUpperCase();
    if (opt === "IDX") getidx = true;
    else if (opt === "LEN") getlen = true;
    else if (opt === "WITHMATCHLEN") withmatchlen = true;
    else if (opt === "MINMATCHLEN" && j + 1 < argv.length) minmatchlen = Math.max(0, intArg(argv[++j]!));
    else throw new ReplyError(ERR.syntax);
  }
  if (getidx && getlen) throw new ReplyError("ERR If you want both the length and indexes, please just use IDX.");
  const alen = a.length, blen = b.length, w = blen + 1;
  const bytes = (alen + 1) * w * 4;
  if (bytes > maxBulkLen(ctx)) throw new ReplyError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  if (bytes > LCS_MAX_TABLE_BYTES) throw new ReplyError("ERR Insufficient memory, failed allocating transient memory for LCS");
  const t = new Uint32Array((alen + 1) * w);
  for (let i = 1; i <= alen; i++) {
    for (let j = 1; j <= blen; j++) {
      t[i * w + j] = a[i - 1] === b[j - 1] ? t[(i - 1) * w + j - 1]! + 1 : Math.max(t[(i - 1) * w + j]!, t[i * w + j - 1]!);
    }
  }
  const total = t[alen * w + blen]!;
  if (getlen) return int(total);
  const result: BStr[] = [];
  const matches: Reply[] = [];
  let aStart = alen, aEnd = 0, bStart = 0, bEnd = 0;
  for (let i = alen, j = blen; i > 0 && j > 0;) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      result.push(a[i - 1]!);
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (t[(i - 1) * w + j]! > t[i * w + j - 1]!) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    const matchLen = aEnd - aStart + 1;
    if (emit) {
      if (getidx && (minmatchlen === 0 || matchLen >= minmatchlen)) {
        const m = [arr([int(aStart), int(aEnd)]), arr([int(bStart), int(bEnd)])];
        matches.push(arr(withmatchlen ? [...m, int(matchLen)] : m));
      }
      aStart = alen;
    }
  }
  if (getidx) return map([[bulk("matches"), arr(matches)], [bulk("len"), int(total)]]);
  return bulk(result.reverse().join(""));
}

const setnx: Handler = (ctx, argv) =>
  setGeneric(ctx, argv, argv[1]!, argv[2]!, { ...noOptions(), nx: true }, "setnx", int(1), int(0));
const setex = (unit: "EX" | "PX", name: string): Handler => (ctx, argv) =>
  setGeneric(ctx, argv, argv[1]!, argv[3]!, { ...noOptions(), unit, expire: argv[2]! }, name, OK, NULL);

function getsetCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const old = ctx.db.getString(argv[1]!);
  ctx.db.setString(argv[1]!, argv[2]!);
  ctx.propagate(["SET", argv[1]!, argv[2]!]);
  return bulkOrNull(old);
}

function getdelCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const old = ctx.db.getString(argv[1]!);
  if (old !== null) {
    ctx.db.delete(argv[1]!);
    ctx.propagate(["DEL", argv[1]!]);
  }
  return bulkOrNull(old);
}

function decrbyCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const by = bigIntArg(argv[2]!);
  if (by === LLONG_MIN) throw new ReplyError("ERR decrement would overflow");
  return incrDecr(ctx, argv[1]!, -by);
}

export const stringHandlers: HandlerTable = {
  get: (ctx, argv) => bulkOrNull(ctx.db.getString(argv[1]!)),
  set: setCommand,
  setnx,
  setex: setex("EX", "setex"),
  psetex: setex("PX", "psetex"),
  getset: getsetCommand,
  getdel: getdelCommand,
  getex: getexCommand,
  mget: (ctx, argv) => arr(argv.slice(1).map((k) => (ctx.db.meta(k)?.type === "string" ? bulkOrNull(ctx.db.getString(k)) : NULL))),
  mset: (ctx, argv) => msetGeneric(ctx, argv, false),
  msetnx: (ctx, argv) => msetGeneric(ctx, argv, true),
  append: appendCommand,
  strlen: (ctx, argv) => int(ctx.db.stringLength(argv[1]!)),
  getrange: getrangeCommand,
  substr: getrangeCommand,
  setrange: setrangeCommand,
  incr: (ctx, argv) => incrDecr(ctx, argv[1]!, 1n),
  decr: (ctx, argv) => incrDecr(ctx, argv[1]!, -1n),
  incrby: (ctx, argv) => incrDecr(ctx, argv[1]!, bigIntArg(argv[2]!)),
  decrby: decrbyCommand,
  incrbyfloat: incrbyfloatCommand,
  lcs: lcsCommand,
};
