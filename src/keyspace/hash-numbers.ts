/**
 * Exact 64-bit integer parsing for the hash and set commands (Redis's string2ll, with BigInt so
 * that values near ±2^63 keep every digit), and the count arguments built on it.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

/** util.c string2ll: "0", or an optional '-' then 1-9 then digits; no '+', spaces or "-0". */
export function parseLongLong(s: BStr): bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  if (s !== "0" && !/^-?[1-9][0-9]*$/.test(s)) return null;
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : v;
}

/** getLongLongFromObjectOrReply: the integer, or `message` (default "value is not an integer..."). */
export function longLongArg(s: BStr, message: string = ERR.notInteger): bigint {
  const v = parseLongLong(s);
  if (v === null) throw new ReplyError(message);
  return v;
}

/**
 * getRangeLongFromObjectOrReply(min, max) as a JS number: `message` for anything invalid or out
 * of range when given, else Redis's two default texts.
 */
export function rangeArg(s: BStr, min: bigint, max: bigint, message?: string): number {
  const v = parseLongLong(s);
  if (v === null) throw new ReplyError(message ? `ERR ${message}` : ERR.notInteger);
  if (v < min || v > max) {
    throw new ReplyError(message ? `ERR ${message}` : `ERR value is out of range, value must between ${min} and ${max}`);
  }
  return Number(v);
}

/** SRANDMEMBER / HRANDFIELD count: any long but LONG_MIN (negative = repeats allowed). */
export function randomCountArg(s: BStr): number {
  return rangeArg(s, -INT64_MAX, INT64_MAX);
}

/** getPositiveLongFromObjectOrReply (SPOP count, ...). */
export function positiveArg(s: BStr, message = "value is out of range, must be positive"): number {
  return rangeArg(s, 0n, INT64_MAX, message);
}
