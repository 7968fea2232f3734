/**
 * MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit version), the hash Redis's HyperLogLog
 * feeds every element through (hyperloglog.c, seed 0xadc83b19), and hllPatLen on top of it: which
 * register an element lands in and the length of its run of zeroes. The same hash and the same
 * split are what make our HLL strings byte-identical to Redis's.
 *
 * 64-bit arithmetic on two unsigned 32-bit halves (BigInt costs ~10x more per element, and PFADD
 * of a million elements hashes a million times).
 */
import type { BStr } from "../resp/bytes";

/** 0xc6a4a7935bd1e995, the multiplier, as two halves. */
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
/** Seed Redis hashes HLL elements with. */
export const HLL_HASH_SEED = 0xadc83b19;

/** Registers index bits (HLL_P) and the hash bits left for the run of zeroes (HLL_Q = 64 - P). */
export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;

/** Scratch for the 64-bit state: [hi, lo] (module-level, so no allocation per element). */
let hi = 0;
let lo = 0;

/** (hi, lo) *= m, modulo 2^64. */
function mulM(): void {
  const a0 = lo & 0xffff, a1 = lo >>> 16, b0 = M_LO & 0xffff, b1 = M_LO >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536);
  const newLo = Math.imul(lo, M_LO) >>> 0;
  hi = (carry + Math.imul(lo, M_HI) + Math.imul(hi, M_LO)) >>> 0;
  lo = newLo;
}

/** The 64-bit MurmurHash64A of `s`'s bytes, left in (hi, lo). */
function hash64(s: BStr, seed: number): void {
  const len = s.length;
  // h = seed ^ (len * m)
  hi = 0;
  lo = len >>> 0;
  mulM();
  lo = (lo ^ seed) >>> 0;
  let hHi = hi, hLo = lo;
  const whole = len - (len & 7);
  for (let i = 0; i < whole; i += 8) {
    lo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    hi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mulM();
    lo = (lo ^ (hi >>> 15)) >>> 0; // k ^= k >> 47
    mulM();
    const kHi = hi, kLo = lo;
    hi = (hHi ^ kHi) >>> 0;
    lo = (hLo ^ kLo) >>> 0;
    mulM();
    hHi = hi;
    hLo = lo;
  }
  const rest = len & 7;
  if (rest > 0) {
    // The tail bytes go in little-endian, byte k at bit 8k, then one more multiply.
    for (let k = rest - 1; k >= 0; k--) {
      const b = s.charCodeAt(whole + k);
      if (k >= 4) hHi = (hHi ^ (b << (8 * (k - 4)))) >>> 0;
      else hLo = (hLo ^ (b << (8 * k))) >>> 0;
    }
    hi = hHi;
    lo = hLo;
    mulM();
    hHi = hi;
    hLo = lo;
  }
  hi = hHi;
  lo = (hLo ^ (hHi >>> 15)) >>> 0;
  mulM();
  lo = (lo ^ (hi >>> 15)) >>> 0;
}

/** MurmurHash64A of `s` as a bigint (for tests and debugging; the hot path stays in halves). */
export function murmurHash64A(s: BStr, seed = HLL_HASH_SEED): bigint {
  hash64(s, seed);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Trailing zero bits of a non-zero 32-bit value. */
const ctz = (x: number): number => 31 - Math.clz32(x & -x);

/**
 * hllPatLen: the element's register (the hash's low P bits) and its pattern length, 1 + the
 * number of zero bits above them before the first one (at most Q + 1: bit 64 counts as set).
 * Returned packed as `register * 64 + count` so the hot loop allocates nothing.
 */
export function patLen(s: BStr): number {
  hash64(s, HLL_HASH_SEED);
  const index = lo & (HLL_REGISTERS - 1);
  const low = lo >>> HLL_P; // 32 - P = 18 bits of the rest come from the low half
  let count: number;
  if (low !== 0) count = ctz(low) + 1;
  else if (hi !== 0) count = 32 - HLL_P + ctz(hi) + 1;
  else count = HLL_Q + 1;
  return index * 64 + count;
}
