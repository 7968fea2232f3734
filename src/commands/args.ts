/**
 * Argument parsing with Redis's exact rules and error texts (util.c string2ll, string2d; the
 * getXFromObjectOrReply family). Every handler parses numbers through these, so "value is not an
 * integer" reads the same everywhere. Custom error messages are whole texts ("ERR ...").
 */
import { isSpace, type BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { strtod } from "./numbers";

// ---- integers (string2ll) -----------------------------------------------------------------------

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

/** "0", or an optional '-' then 1-9 then digits: no '+', spaces, leading zeros or "-0". */
const INT_RE = /^(0|-?[1-9][0-9]*)$/;

/** string2ll as a BigInt, exact over the whole 64-bit range; null if invalid or out of range. */
export function toBigInt(s: BStr): bigint | null {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s)) return null;
  const n = BigInt(s);
  return n > LLONG_MAX || n < LLONG_MIN ? null : n;
}

/**
 * string2ll as a JS number (exact up to 2^53; beyond, the nearest double); null if invalid. The
 * range check itself is exact: as JS numbers, 2^63 and 2^63-1 are the same value.
 */
export function toInt(s: BStr): number | null {
  if (s.length >= 19) {
    const n = toBigInt(s);
    return n === null ? null : Number(n);
  }
  return s.length > 0 && INT_RE.test(s) ? Number(s) : null;
}

/** getLongLongFromObjectOrReply: the integer, or `message` (default "value is not an integer or out of range"). */
export function intArg(s: BStr, message: string = ERR.notInteger): number {
  const n = toInt(s);
  if (n === null) throw new ReplyError(message);
  return n;
}

/** intArg as an exact BigInt, for commands that do 64-bit arithmetic (INCRBY, HINCRBY, EXPIRE, ...). */
export function bigIntArg(s: BStr, message: string = ERR.notInteger): bigint {
  const n = toBigInt(s);
  if (n === null) throw new ReplyError(message);
  return n;
}

/**
 * getRangeLongFromObjectOrReply(min, max, msg): `message` for anything invalid or out of range
 * when given, else Redis's two default texts. The bounds are exact (BigInt).
 */
export function rangeArg(s: BStr, min: bigint, max: bigint, message?: string): number {
  const n = toBigInt(s);
  if (n === null) throw new ReplyError(message ?? ERR.notInteger);
  if (n < min || n > max) {
    throw new ReplyError(message ?? `ERR value is out of range, value must between ${min} and ${max}`);
  }
  return Number(n);
}

/** getPositiveLongFromObjectOrReply: an integer >= 0, else `message` (for both cases, as Redis). */
export function positiveArg(s: BStr, message = "ERR value is out of range, must be positive"): number {
  return rangeArg(s, 0n, LLONG_MAX, message);
}

/** SRANDMEMBER / HRANDFIELD / ZRANDMEMBER count: any long but LONG_MIN (negative = repeats allowed). */
export function randomCountArg(s: BStr): number {
  return rangeArg(s, -LLONG_MAX, LLONG_MAX);
}

// ---- doubles (string2d) -------------------------------------------------------------------------

/**
 * getDoubleFromObject (util.c string2d): strtod over the whole string, so hex floats ("0x1p3"),
 * "inf"/"infinity" and exponents are accepted; leading space, NaN, and overflow or underflow to 0
 * (ERANGE) are not. Null if invalid.
 */
export function toFloat(s: BStr): number | null {
  if (s.length === 0 || isSpace(s.charCodeAt(0))) return null;
  const r = strtod(s);
  if (r.end !== s.length || r.erange || Number.isNaN(r.value)) return null;
  return r.value;
}

/** getDoubleFromObjectOrReply: the double, or `message` (default "value is not a valid float"). */
export function floatArg(s: BStr, message: string = ERR.notFloat): number {
  const n = toFloat(s);
  if (n === null) throw new ReplyError(message);
  return n;
}

// ---- argument layouts ---------------------------------------------------------------------------

/** Case-insensitive option match (arguments are byte strings; option names are ASCII). */
export function isOpt(arg: BStr | undefined, name: string): boolean {
  return arg !== undefined && arg.length === name.length && arg.toLowerCase() === name;
}

/**
 * Start/stop index arguments (negative from the end) against a length, as LRANGE, LTRIM, ZRANGE
 * and ZREMRANGEBYRANK read them: the first and last index (inclusive), or null when empty.
 */
export function normRange(count: number, start: number, stop: number): [number, number] | null {
  if (start < 0) start += count;
  if (stop < 0) stop += count;
  if (start < 0) start = 0;
  if (start > stop || start >= count) return null;
  return [start, Math.min(stop, count - 1)];
}

/**
 * The `numkeys key [key ...] <where> [COUNT count]` arguments of LMPOP/ZMPOP and their blocking
 * forms (lmpopGenericCommand, zmpopGenericCommand), checked in Redis's order: numkeys, then the
 * direction (one of `wheres`, case-insensitive), then COUNT (at most once; default 1).
 */
export function mpopArgs<W extends string>(
  argv: BStr[], numkeysIdx: number, wheres: readonly [W, W],
): { keys: BStr[]; where: W; count: number } {
  const numkeys = rangeArg(argv[numkeysIdx]!, 1n, LLONG_MAX, "ERR numkeys should be greater than 0");
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new ReplyError(ERR.syntax);
  const where = wheres.find((w) => isOpt(argv[whereIdx], w));
  if (where === undefined) throw new ReplyError(ERR.syntax);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && isOpt(argv[j], "count") && j + 1 < argv.length) {
      count = rangeArg(argv[++j]!, 1n, LLONG_MAX, "ERR count should be greater than 0");
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), where, count: count === -1 ? 1 : count };
}

// ---- replies ------------------------------------------------------------------------------------

/**
 * Formats a double as Redis 7.0 replies with one (addReplyDouble: C's "%.17g"): integers without
 * ".0", "inf"/"-inf", otherwise up to 17 significant digits (0.1 → "0.10000000000000001").
 */
export function formatDouble(n: number): string {
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (Number.isNaN(n)) return "nan";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mantissa, expText] = n.toExponential(16).split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 17) {
    const m = trimZeros(mantissa);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return trimZeros(n.toFixed(16 - exp));
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
