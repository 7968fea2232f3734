/**
 * The number formats of geo replies and errors, exactly as Redis prints them on x86-64 glibc:
 * printf's "%f" family (the exact decimal expansion of the double, rounded half to even),
 * coordinates as ld2string's human form ("%.17Lf", trailing zeros trimmed), distances as
 * fixedpoint_d2string (llrint(d * 10^4), 4 decimals). JS's toFixed rounds ties away from zero and
 * gives up above 1e21, so the expansion is done on BigInts.
 */

const F64 = new DataView(new ArrayBuffer(8));

/** A finite double as mant × 2^exp (mant a non-negative BigInt) and its sign bit. */
function decompose(x: number): { neg: boolean; mant: bigint; exp: number } {
  F64.setFloat64(0, x);
  const hi = F64.getUint32(0);
  const lo = F64.getUint32(4);
  const neg = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { neg, mant: frac, exp: -1074 };
  return { neg, mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** printf("%.<digits>f", x) as glibc prints it (round half to even on the exact value). */
export function printfFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return x < 0 ? "-nan" : "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const { neg, mant, exp } = decompose(x);
  const scaled = mant * 10n ** BigInt(digits);
  let q: bigint;
  if (exp >= 0) {
    q = scaled << BigInt(exp);
  } else {
    const sh = BigInt(-exp);
    q = scaled >> sh;
    const rem = scaled - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  }
  const text = q.toString().padStart(digits + 1, "0");
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return neg ? `-${body}` : body;
}

/** ld2string(LD_STR_HUMAN) of a double: "%.17Lf" without trailing zeros (GEOPOS, WITHCOORD). */
export function humanDouble(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  let s = printfFixed(x, 17);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

const LLONG_MIN = -(2n ** 63n);
const TWO_63 = 2 ** 63;

/** llrint on x86-64: round half to even; NaN and out-of-range values give LLONG_MIN. */
function llrint(x: number): bigint {
  if (Number.isNaN(x) || x >= TWO_63 || x < -TWO_63) return LLONG_MIN;
  let r = Math.round(x); // half up: fix the ties that should go down to even
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return BigInt(r);
}

/** Decimal places of a distance (addReplyDoubleDistance). */
export const DISTANCE_DECIMALS = 4;

/** fixedpoint_d2string(d, 4): what WITHDIST and GEODIST reply. */
export function distanceText(d: number): string {
  if (d === 0) return `0.${"0".repeat(DISTANCE_DECIMALS)}`;
  const v = llrint(d * 10 ** DISTANCE_DECIMALS);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(DISTANCE_DECIMALS + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -DISTANCE_DECIMALS)}.${digits.slice(-DISTANCE_DECIMALS)}`;
}
