/**
 * The sparse encoding: run-length opcodes (layout.ts) over the 16384 registers. Setting a
 * register splits the opcode covering it into at most three (XZERO-VAL-XZERO, 5 bytes) and merges
 * equal VALs around it, exactly as hllSparseSet does, so the bytes come out as Redis's. A register
 * above 32 (VAL's limit), or a string that would grow past hll-sparse-max-bytes, turns the HLL
 * dense first (promotion), and a body that does not cover exactly 16384 registers is corrupt.
 */
import { HLL_REGISTERS } from "./murmur";
import {
  denseRaise, denseSet, HLL_DENSE, HLL_DENSE_SIZE, HLL_HDR_SIZE, Hll, isVal, isXzero, isZero, VAL_MAX_LEN,
  VAL_MAX_VALUE, valLen, valOp, valValue, xzeroLen, ZERO_MAX_LEN, zeroLen, zeroOp,
} from "./layout";

/** Calls `run(first, len, value)` for each opcode (value 0 for ZERO/XZERO); returns the registers covered. */
function walk(h: Hll, run: (first: number, len: number, value: number) => boolean | void): number {
  const b = h.b;
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < h.len;) {
    const op = b[p]!;
    if (isZero(op)) {
      idx += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      idx += xzeroLen(op, h.at(p + 1));
      p += 2;
    } else {
      const len = valLen(op);
      if (run(idx, len, valValue(op)) === false) return -1;
      idx += len;
      p++;
    }
  }
  return idx;
}

/** hllSparseToDense: rewrites `h` dense (header, cache included, kept). False when the body is corrupt. */
export function sparseToDense(h: Hll): boolean {
  if (h.encoding === HLL_DENSE) return true;
  const dense = new Uint8Array(HLL_DENSE_SIZE);
  dense.set(h.b.subarray(0, HLL_HDR_SIZE));
  dense[4] = HLL_DENSE;
  const covered = walk(h, (first, len, value) => {
    if (first + len > HLL_REGISTERS) return false;
    for (let i = first; i < first + len; i++) denseSet(dense, HLL_HDR_SIZE, i, value);
  });
  if (covered !== HLL_REGISTERS) return false;
  h.b = dense;
  h.len = HLL_DENSE_SIZE;
  return true;
}

/** hllSparseRegHisto: adds the registers' values to `histo`; false when they are not exactly 16384. */
export function sparseHisto(h: Hll, histo: Int32Array): boolean {
  const b = h.b;
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < h.len;) {
    const op = b[p]!;
    if (isZero(op) || isXzero(op)) {
      const len = isZero(op) ? zeroLen(op) : xzeroLen(op, h.at(p + 1));
      idx += len;
      histo[0] += len;
      p += isZero(op) ? 1 : 2;
    } else {
      const len = valLen(op);
      idx += len;
      histo[valValue(op)] += len;
      p++;
    }
  }
  return idx === HLL_REGISTERS;
}

/** hllMerge's sparse half: max[i] = MAX(max[i], register i); false when corrupt. */
export function sparseMergeInto(max: Uint8Array, h: Hll): boolean {
  const covered = walk(h, (first, len, value) => {
    if (first + len > HLL_REGISTERS) return false;
    for (let i = first; i < first + len; i++) if (value > max[i]!) max[i] = value;
  });
  return covered === HLL_REGISTERS;
}

/** PFDEBUG DECODE's text: "z:<len>", "Z:<len>", "v:<value>,<len>" per opcode, space separated. */
export function sparseDecode(h: Hll): string {
  const out: string[] = [];
  for (let p = HLL_HDR_SIZE; p < h.len;) {
    const op = h.b[p]!;
    if (isZero(op)) out.push(`z:${zeroLen(op)}`);
    else if (isXzero(op)) out.push(`Z:${xzeroLen(op, h.at(p + 1))}`);
    else out.push(`v:${valValue(op)},${valLen(op)}`);
    p += isXzero(op) ? 2 : 1;
  }
  return out.join(" ");
}

/** Promotes `h` to dense and raises register `index` there: 1, or -1 when the sparse body is corrupt. */
function promote(h: Hll, index: number, count: number): 1 | -1 {
  if (!sparseToDense(h)) return -1;
  // A promotion happens only on a register that needs raising, so the dense set always changes it.
  denseRaise(h.b, index, count);
  return 1;
}

/** The opcodes replacing the one covering `index` (first register `first`, `span` long) to hold `count` there. */
function splitOpcode(op: number, first: number, span: number, index: number, count: number): number[] {
  const seq: number[] = [];
  const last = first + span - 1;
  const zeros = (len: number) => {
    if (len > ZERO_MAX_LEN) seq.push(((len - 1) >>> 8) | 0x40, (len - 1) & 0xff);
    else seq.push(zeroOp(len));
  };
  if (!isVal(op)) {
    if (index !== first) zeros(index - first);
    seq.push(valOp(count, 1));
    if (index !== last) zeros(last - index);
  } else {
    const cur = valValue(op);
    if (index !== first) seq.push(valOp(cur, index - first));
    seq.push(valOp(count, 1));
    if (index !== last) seq.push(valOp(cur, last - index));
  }
  return seq;
}

/**
 * hllSparseSet: raises register `index` to `count`. 1 when the HLL changed (its cache then stale),
 * 0 when the register already held as much, -1 when the sparse body is corrupt. May leave `h` dense.
 */
export function sparseSet(h: Hll, index: number, count: number, sparseMaxBytes: number): 1 | 0 | -1 {
  if (count > VAL_MAX_VALUE) return promote(h, index, count);
  h.reserve(3);
  const b = h.b;
  // Step 1: the opcode covering `index`, and the one before it.
  let p = HLL_HDR_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < h.len) {
    const op = b[p]!;
    const oplen = isXzero(op) ? 2 : 1;
    span = isZero(op) ? zeroLen(op) : isVal(op) ? valLen(op) : xzeroLen(op, h.at(p + 1));
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= h.len) return -1;
  const op = b[p]!;
  // Step 2: a VAL already as high changes nothing; a VAL or ZERO of one register is rewritten in place.
  if (isVal(op) && valValue(op) >= count) return 0;
  if ((isVal(op) && valLen(op) === 1) || (isZero(op) && zeroLen(op) === 1)) {
    b[p] = valOp(count, 1);
  } else {
    // Step 3: the general case, a split whose bytes replace the opcode's.
    const seq = splitOpcode(op, first, span, index, count);
    const oldLen = isXzero(op) ? 2 : 1;
    const delta = seq.length - oldLen;
    if (delta > 0 && h.len + delta > sparseMaxBytes) return promote(h, index, count);
    b.copyWithin(p + seq.length, p + oldLen, h.len);
    b.set(seq, p);
    h.len += delta;
  }
  mergeVals(h, prev >= 0 ? prev : HLL_HDR_SIZE);
  h.invalidateCache();
  return 1;
}

/** Step 4: merges adjacent VALs of equal value (up to 4 registers), scanning at most 5 opcodes from `from`. */
function mergeVals(h: Hll, from: number): void {
  const b = h.b;
  let p = from;
  let scan = 5;
  while (p < h.len && scan-- > 0) {
    const op = b[p]!;
    if (isXzero(op)) {
      p += 2;
      continue;
    }
    if (isZero(op)) {
      p++;
      continue;
    }
    if (p + 1 < h.len && isVal(b[p + 1]!)) {
      const v = valValue(op);
      const len = valLen(op) + valLen(b[p + 1]!);
      if (v === valValue(b[p + 1]!) && len <= VAL_MAX_LEN) {
        b[p + 1] = valOp(v, len);
        b.copyWithin(p, p + 1, h.len);
        h.len--;
        continue; // the merged opcode may merge again with the next one
      }
    }
    p++;
  }
}
