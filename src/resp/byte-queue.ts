/**
 * The byte buffer under the RESP parsers, and Redis's integer parsing for their length lines.
 */
import { fromBytes, type BStr } from "./bytes";

/** Above this capacity an emptied buffer is dropped rather than kept for reuse. */
const KEEP_CAPACITY = 1024 * 1024;
/**
 * Big bulks get their buffer reserved up front (Redis does so from PROTO_MBULK_BIG_ARG on), but only
 * up to this size: a bare "$536870912" header must not allocate hundreds of MB in a 128 MB isolate.
 */
export const MAX_PREALLOC = 4 * 1024 * 1024;

/** Growable byte queue: live bytes are buf[start, end). Compacts or doubles, so appends are amortised O(1). */
export class ByteQueue {
  buf = new Uint8Array(0);
  start = 0;
  end = 0;

  get length(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.reserve(this.length + chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Makes room for `total` live bytes without further copies. */
  reserve(total: number): void {
    const live = this.length;
    if (this.start + total <= this.buf.length) return;
    // Compacting only when it frees at least half the buffer keeps the copying amortised linear.
    if (total <= this.buf.length >>> 1) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      const next = new Uint8Array(Math.max(total, this.buf.length * 2, 4096));
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
    }
    this.start = 0;
    this.end = live;
  }

  consume(n: number): void {
    this.start += n;
    if (this.start === this.end) {
      this.start = this.end = 0;
      if (this.buf.length > KEEP_CAPACITY) this.buf = new Uint8Array(0);
    }
  }

  /** Absolute index of the first `byte` at or after absolute index `from`, or -1. */
  indexOf(byte: number, from: number): number {
    const i = this.buf.subarray(from, this.end).indexOf(byte);
    return i < 0 ? -1 : from + i;
  }

  str(from: number, to: number): BStr {
    return fromBytes(this.buf.subarray(from, to));
  }
}

/** Redis's string2ll (util.c): optional '-', no '+', no leading zeros, no spaces, int64 range. */
export function parseLL(buf: Uint8Array, from: number, to: number): number | null {
  const len = to - from;
  if (len === 0 || len >= 21) return null;
  let i = from;
  const neg = buf[i] === 45; /* - */
  if (neg) i++;
  if (i === to) return null;
  if (buf[i] === 48 /* 0 */) return len === 1 ? 0 : null;
  let n = 0;
  for (; i < to; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  // Near the int64 bounds a double cannot decide; BigInt can (only for ≥19-digit inputs).
  if (n >= 9e18) {
    const big = BigInt(String.fromCharCode(...buf.subarray(from, to)));
    if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  }
  return neg ? -n : n;
}
