/**
 * The bytes of a Redis HyperLogLog string (hyperloglog.c's `struct hllhdr` and its registers),
 * kept exactly so a value moves between Redis and this project with GET/SET, either way:
 *
 *   "HYLL"  encoding (1 byte: 0 dense, 1 sparse)  3 zero bytes  cached cardinality (8 bytes, LE)
 *   dense:  16384 registers of 6 bits, little-endian bit order, 12288 bytes (16 + 12288 in all)
 *   sparse: opcodes (sparse.ts) covering the 16384 registers in order
 *
 * The cached cardinality's top bit (card[7] & 0x80) set means "stale": PFADD/PFMERGE set it,
 * PFCOUNT of one key recomputes and stores the count (Redis's HLL_INVALIDATE_CACHE/HLL_VALID_CACHE).
 *
 * An HLL here is a growable byte buffer (`Hll`): the sparse form changes length in place as
 * registers are set, as Redis's sds does.
 */
import { fromBytes, toBytes, type BStr } from "../resp/bytes";
import { HLL_REGISTERS } from "./murmur";

export const HLL_HDR_SIZE = 16;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_MAX_ENCODING = 1;
const CARD = 8;

/** Redis's errors for a value that is not an HLL, and for a corrupted one. */
export const HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value.";
export const HLL_INVALID = "INVALIDOBJ Corrupted HLL object detected";

/** A mutable HLL value: `len` bytes of `b` (b may be longer: room to grow). */
export class Hll {
  constructor(public b: Uint8Array, public len: number) {}

  static fromString(s: BStr): Hll {
    return new Hll(toBytes(s), s.length);
  }

  toString(): BStr {
    return fromBytes(this.b.subarray(0, this.len));
  }

  /** Byte `i`; past the end reads as 0, as the sds terminator Redis reads there (only a corrupt body gets there). */
  at(i: number): number {
    return i < this.len ? this.b[i]! : 0;
  }

  get encoding(): number {
    return this.b[4]!;
  }

  /** Makes room for `extra` more bytes after `len`. */
  reserve(extra: number): void {
    if (this.len + extra <= this.b.length) return;
    const grown = new Uint8Array(Math.max(this.len + extra, this.b.length * 2));
    grown.set(this.b.subarray(0, this.len));
    this.b = grown;
  }

  cacheValid(): boolean {
    return (this.b[CARD + 7]! & 0x80) === 0;
  }

  invalidateCache(): void {
    this.b[CARD + 7]! |= 0x80;
  }

  cachedCard(): bigint {
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(this.b[CARD + i]!);
    return v;
  }

  setCachedCard(card: number): void {
    let v = card;
    for (let i = 0; i < 8; i++) {
      this.b[CARD + i] = v % 256;
      v = Math.floor(v / 256);
    }
  }
}

/** createHLLObject: an empty HLL, sparse, its registers as XZERO opcodes of at most 16384. */
export function emptyHll(): Hll {
  const xzeros = Math.ceil(HLL_REGISTERS / XZERO_MAX_LEN);
  const h = new Hll(new Uint8Array(HLL_HDR_SIZE + xzeros * 2), HLL_HDR_SIZE + xzeros * 2);
  h.b.set([0x48, 0x59, 0x4c, 0x4c, HLL_SPARSE]); // "HYLL", sparse; cache 0 and valid
  let p = HLL_HDR_SIZE;
  for (let left = HLL_REGISTERS; left > 0; left -= XZERO_MAX_LEN, p += 2) setXzero(h.b, p, Math.min(left, XZERO_MAX_LEN));
  return h;
}

/**
 * isHLLObjectOrReply's check of a string: long enough for the header, the magic, a known
 * encoding, and a dense one exactly HLL_DENSE_SIZE long. A sparse body is checked as it is read.
 */
export function isHllString(s: BStr): boolean {
  if (s.length < HLL_HDR_SIZE || !s.startsWith("HYLL")) return false;
  const encoding = s.charCodeAt(4);
  if (encoding > HLL_MAX_ENCODING) return false;
  return encoding !== HLL_DENSE || s.length === HLL_DENSE_SIZE;
}

// ---- dense registers (HLL_DENSE_GET_REGISTER / HLL_DENSE_SET_REGISTER) --------------------------

/** Register `i` of the dense registers starting at byte `at` of `b`. */
export function denseGet(b: Uint8Array, at: number, i: number): number {
  const bit = i * HLL_BITS;
  const byte = at + (bit >>> 3);
  const fb = bit & 7;
  // Past the end reads as 0, as the sds terminator Redis's macro reads there.
  return ((b[byte]! >>> fb) | ((b[byte + 1] ?? 0) << (8 - fb))) & HLL_REGISTER_MAX;
}

export function denseSet(b: Uint8Array, at: number, i: number, v: number): void {
  const bit = i * HLL_BITS;
  const byte = at + (bit >>> 3);
  const fb = bit & 7;
  b[byte] = (b[byte]! & ~(HLL_REGISTER_MAX << fb)) | (v << fb);
  // The last register fits in its byte: the write past the end is ignored by the typed array.
  if (byte + 1 < b.length) b[byte + 1] = (b[byte + 1]! & ~(HLL_REGISTER_MAX >>> (8 - fb))) | (v >>> (8 - fb));
}

/** hllDenseSet: raises register `i` to `count`; whether it changed. */
export function denseRaise(b: Uint8Array, i: number, count: number): boolean {
  if (count <= denseGet(b, HLL_HDR_SIZE, i)) return false;
  denseSet(b, HLL_HDR_SIZE, i, count);
  return true;
}

// ---- sparse opcodes --------------------------------------------------------------------------

/** ZERO: 00xxxxxx, 1..64 zero registers. XZERO: 01xxxxxx xxxxxxxx, 1..16384. VAL: 1vvvvvxx, value 1..32 for 1..4. */
export const ZERO_MAX_LEN = 64;
export const XZERO_MAX_LEN = 16384;
export const VAL_MAX_VALUE = 32;
export const VAL_MAX_LEN = 4;

export const isZero = (op: number): boolean => (op & 0xc0) === 0;
export const isXzero = (op: number): boolean => (op & 0xc0) === 0x40;
export const isVal = (op: number): boolean => (op & 0x80) !== 0;
export const zeroLen = (op: number): number => (op & 0x3f) + 1;
export const xzeroLen = (op: number, next: number): number => (((op & 0x3f) << 8) | next) + 1;
export const valValue = (op: number): number => ((op >>> 2) & 0x1f) + 1;
export const valLen = (op: number): number => (op & 0x3) + 1;
export const valOp = (value: number, len: number): number => (((value - 1) << 2) | (len - 1) | 0x80);
export const zeroOp = (len: number): number => len - 1;

export function setXzero(b: Uint8Array, p: number, len: number): void {
  b[p] = ((len - 1) >>> 8) | 0x40;
  b[p + 1] = (len - 1) & 0xff;
}
