/**
 * Argument parsing with Redis's exact rules and error texts (util.c string2ll / string2ld).
 * Every handler parses numbers through these, so "value is not an integer" reads the same everywhere.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";

const INT_RE = /^(0|-?[1-9][0-9]*)$/;

/** Parses a signed 64-bit integer as Redis does (no spaces, no '+', no leading zeros); null if invalid. */
export function toInt(s: BStr): number | null {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s)) return null;
  // Compare long values exactly: as JS numbers, 2^63 and 2^63-1 are the same value.
  if (s.length >= 19) {
    const b = BigInt(s);
    if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  }
  return Number(s);
}

/** Integer argument or `-ERR value is not an integer or out of range` (or a custom message). */
export function intArg(s: BStr, message: string = ERR.notInteger): number {
  const n = toInt(s);
  if (n === null) throw new ReplyError(message);
  return n;
}

/** Parses a double as Redis does (strtod on the whole string: inf, -inf, exponents); null if invalid or NaN. */
export function toFloat(s: BStr): number | null {
  if (s.length === 0 || /^\s|\s$/.test(s)) return null;
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isNaN(n) ? null : n;
}

/** Float argument or `-ERR value is not a valid float` (or a custom message). */
export function floatArg(s: BStr, message: string = ERR.notFloat): number {
  const n = toFloat(s);
  if (n === null) throw new ReplyError(message);
  return n;
}

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

/**
 * Formats the result of INCRBYFLOAT / HINCRBYFLOAT: Redis prints a long double with "%.17Lf" and
 * trims trailing zeros, so short decimals stay short (10.5 + 0.1 → "10.6") and there is never an
 * exponent. With doubles, the shortest round-trip digits give the same text.
 */
export function formatIncrFloat(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = "", expText] = m;
  const digits = lead! + frac;
  const exp = Number(expText);
  if (exp >= 0) return sign + digits.padEnd(exp + 1, "0");
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** Case-insensitive option match (arguments are byte strings; option names are ASCII). */
export function isOpt(arg: BStr | undefined, name: string): boolean {
  return arg !== undefined && arg.length === name.length && arg.toLowerCase() === name;
}
