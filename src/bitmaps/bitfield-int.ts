/**
 * BITFIELD's integers (bitops.c get/set*Bitfield, check*BitfieldOverflow): reading and writing a
 * signed or unsigned integer of 1..64 bits at any bit offset, and the result of SET or INCRBY
 * under OVERFLOW WRAP, SAT or FAIL. The arithmetic is BigInt, made to wrap exactly where Redis's
 * 64-bit C arithmetic wraps, so the edge cases (SET of a huge value into a narrow field, i64
 * increments near the limits) answer what Redis answers.
 */
import type { BitfieldType } from "./bit-args";

export type Overflow = "wrap" | "sat" | "fail";

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/**
 * The `bits`-bit field at bit `offset` of `window` (bytes starting at the field's first byte, so
 * `offset` < 8), as an unsigned value.
 */
export function readField(window: Uint8Array, offset: number, bits: number): bigint {
  let v = 0n;
  const nbytes = (offset + bits + 7) >> 3;
  for (let i = 0; i < nbytes; i++) v = (v << 8n) | BigInt(window[i] ?? 0);
  return (v >> BigInt(nbytes * 8 - offset - bits)) & ((1n << BigInt(bits)) - 1n);
}

/** Writes the low `bits` bits of `value` as the field at bit `offset` of `window` (see readField). */
export function writeField(window: Uint8Array, offset: number, bits: number, value: bigint): void {
  const nbytes = (offset + bits + 7) >> 3;
  const shift = BigInt(nbytes * 8 - offset - bits);
  const mask = ((1n << BigInt(bits)) - 1n) << shift;
  let v = 0n;
  for (let i = 0; i < nbytes; i++) v = (v << 8n) | BigInt(window[i]!);
  v = (v & ~mask) | ((u64(value) << shift) & mask);
  for (let i = nbytes - 1; i >= 0; i--, v >>= 8n) window[i] = Number(v & 0xffn);
}

/** A field's value as the type reads it: two's complement for signed types. */
export const typedValue = (raw: bigint, t: BitfieldType): bigint => (t.signed ? BigInt.asIntN(t.bits, raw) : raw);

/**
 * The new value of a field holding `old` after adding `incr` (SET: `old` is the value to set and
 * `incr` 0), or null when it overflows and `overflow` is FAIL. `old` and `incr` are int64s.
 */
export function addWithOverflow(t: BitfieldType, old: bigint, incr: bigint, overflow: Overflow): bigint | null {
  return t.signed ? signedAdd(old, incr, t.bits, overflow) : unsignedAdd(u64(old), incr, t.bits, overflow);
}

function unsignedAdd(value: bigint, incr: bigint, bits: number, overflow: Overflow): bigint | null {
  const max = (1n << BigInt(bits)) - 1n;
  let limit: bigint;
  if (value > max || (incr > 0n && incr > i64(max - value))) limit = max;
  else if (incr < 0n && incr < i64(-value)) limit = 0n;
  else return value + incr;
  if (overflow === "fail") return null;
  return overflow === "sat" ? limit : BigInt.asUintN(bits, value + incr);
}

function signedAdd(value: bigint, incr: bigint, bits: number, overflow: Overflow): bigint | null {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  // As Redis computes them: 64-bit differences that may wrap (it only trusts them once `value` is in range).
  const maxincr = i64(max - value);
  const minincr = i64(min - value);
  let limit: bigint;
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) limit = max;
  else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) limit = min;
  else return value + incr;
  if (overflow === "fail") return null;
  return overflow === "sat" ? limit : BigInt.asIntN(bits, value + incr);
}
