/**
 * INCRBYFLOAT arithmetic exactly as Redis 7.0 on x86-64 does it: both operands parsed with
 * `strtold` into an 80-bit long double (64-bit significand), added with one rounding, printed with
 * "%.17Lf" and trailing zeros trimmed. Plain doubles would differ in visible ways
 * (0.1 + 0.2 → "0.30000000000000004" instead of "0.3"; 1e400 is a valid long double), so the
 * arithmetic is done exactly on BigInts and rounded to the long double grid (ties to even).
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";

/** A finite long double: (-1)^neg × mant × 2^exp (mant < 2^64 after rounding), or an infinity. */
type LongDouble = { neg: boolean; mant: bigint; exp: number; inf?: false } | { neg: boolean; inf: true };

const SIGNIFICAND_BITS = 64;
/** Exponent of the smallest subnormal long double (2^-16445). */
const MIN_EXP = -16445;
/** Values of 2^16384 and above overflow to infinity. */
const MAX_BITS_EXP = 16384;
/** string2ld refuses strings this long (MAX_LONG_DOUBLE_CHARS). */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const DECIMAL = /^([+-]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/** Rounds (n + ε·sticky) × 2^e to the long double grid, to nearest, ties to even. */
function round(neg: boolean, n: bigint, e: number, sticky = false): LongDouble {
  const len = bitLength(n);
  if (len === 0) return { neg, mant: 0n, exp: 0 };
  const shift = Math.max(len - SIGNIFICAND_BITS, MIN_EXP - e);
  if (shift > len + 1) return { neg, mant: 0n, exp: 0 }; // far below half the smallest subnormal
  if (shift > 0) {
    const sh = BigInt(shift);
    const rem = n & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    n >>= sh;
    if (rem > half || (rem === half && (sticky || (n & 1n) === 1n))) n++;
    e += shift;
  }
  if (n !== 0n && bitLength(n) + e > MAX_BITS_EXP) return { neg, inf: true };
  return { neg, mant: n, exp: e };
}

/** string2ld: strtold over the whole string; null when Redis says "not a valid float". */
export function parseLongDouble(s: BStr): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return null;
  const inf = INFINITY.exec(s);
  if (inf) return { neg: inf[1] === "-", inf: true };
  let neg: boolean;
  let v: LongDouble;
  const dec = DECIMAL.exec(s);
  if (dec) {
    const int = dec[2] ?? "";
    const frac = dec[3] ?? dec[4] ?? "";
    const expText = dec[5] ?? "0";
    neg = dec[1] === "-";
    const digits = (int + frac).replace(/^0+/, "");
    if (digits === "") return { neg, mant: 0n, exp: 0 };
    const e10 = Number(expText) - frac.length;
    const magnitude = e10 + digits.length; // value lies in [10^(magnitude-1), 10^magnitude)
    if (magnitude > 4935 || magnitude < -4955) return null; // ERANGE: overflow or underflow to 0
    const d = BigInt(digits);
    if (e10 >= 0) {
      v = round(neg, d * 10n ** BigInt(e10), 0);
    } else {
      const den = 10n ** BigInt(-e10);
      const k = Math.max(0, bitLength(den) - bitLength(d) + SIGNIFICAND_BITS + 2);
      const num = d << BigInt(k);
      v = round(neg, num / den, -k, num % den !== 0n);
    }
  } else {
    const hex = HEX.exec(s);
    if (!hex) return null;
    const int = hex[2] ?? "";
    const frac = hex[3] ?? hex[4] ?? "";
    const expText = hex[5] ?? "0";
    neg = hex[1] === "-";
    const mant = BigInt(`0x${int + frac || "0"}`);
    if (mant === 0n) return { neg, mant: 0n, exp: 0 };
    const e2 = Number(expText) - 4 * frac.length;
    if (bitLength(mant) + e2 > MAX_BITS_EXP) return null;
    v = round(neg, mant, e2);
  }
  // strtold reports ERANGE for overflow and for underflow to zero: string2ld rejects both.
  if (v.inf || v.mant === 0n) return null;
  return v;
}

/** a + b with one rounding; null for NaN (inf - inf). */
function add(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null;
    return { neg: a.inf ? a.neg : b.neg, inf: true };
  }
  const e = Math.min(a.exp, b.exp);
  const sa = (a.mant << BigInt(a.exp - e)) * (a.neg ? -1n : 1n);
  const sb = (b.mant << BigInt(b.exp - e)) * (b.neg ? -1n : 1n);
  const sum = sa + sb;
  if (sum === 0n) return { neg: a.neg && b.neg, mant: 0n, exp: 0 };
  return round(sum < 0n, sum < 0n ? -sum : sum, e);
}

/** printf("%.17Lf") with trailing zeros (and a bare '.') removed, "-0" as "0" (ld2string HUMAN). */
function format(v: { neg: boolean; mant: bigint; exp: number }): string {
  const scale = 10n ** 17n;
  let q: bigint;
  if (v.exp >= 0) {
    q = (v.mant << BigInt(v.exp)) * scale;
  } else {
    const num = v.mant * scale;
    const sh = BigInt(-v.exp);
    q = num >> sh;
    const rem = num - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  }
  const digits = q.toString().padStart(18, "0");
  let s = `${digits.slice(0, -17)}.${digits.slice(-17)}`.replace(/0+$/, "").replace(/\.$/, "");
  if (v.neg) s = `-${s}`;
  return s === "-0" ? "0" : s;
}

/**
 * INCRBYFLOAT: `current` (null when the key is absent) plus `incr`, as the text Redis stores.
 * Errors as Redis words them.
 */
export function incrByFloat(current: BStr | null, incr: BStr): BStr {
  const a = current === null ? { neg: false, mant: 0n, exp: 0 } : parseLongDouble(current);
  const b = parseLongDouble(incr);
  if (!a || !b) throw new ReplyError(ERR.notFloat);
  const sum = add(a, b);
  if (!sum || sum.inf) throw new ReplyError("ERR increment would produce NaN or Infinity");
  return format(sum);
}
