/**
 * Bit counting and searching over byte arrays (redisPopcount, redisBitpos), for ranges given in
 * bits: the first and last byte of a range may hold bits outside it, which are masked off.
 * Bit 0 is the most significant bit of byte 0, as everywhere in Redis's bitmaps.
 */

/** Set bits in `data` (32 bits at a time where the array is aligned, then byte by byte). */
export function popcount(data: Uint8Array): number {
  let n = 0;
  let i = 0;
  if (data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2);
    for (let w = 0; w < words.length; w++) {
      let v = words[w]!;
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    i = words.length * 4;
  }
  for (; i < data.length; i++) n += BYTE_POPCOUNT[data[i]!]!;
  return n;
}

const BYTE_POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v; v >>= 1) n += v & 1;
  return n;
});

/** The bits of a byte at positions `from`..`to` (0 = most significant), as a mask. */
export function bitsMask(from: number, to: number): number {
  return (0xff >> from) & (0xff << (7 - to)) & 0xff;
}

/** An inclusive range of bit positions. */
export type BitRange = readonly [first: number, last: number];

/**
 * Set bits of the bit range [first, last] found in `data`, which holds bytes starting at byte
 * `offset` (a piece of the range's bytes: pieces are counted one by one and summed).
 */
export function countInRange(data: Uint8Array, offset: number, [first, last]: BitRange): number {
  let n = popcount(data);
  const firstByte = first >> 3;
  const lastByte = last >> 3;
  // Take back the bits of the edge bytes that lie outside the range (in one byte, the bits before
  // `first` and those after `last` are disjoint).
  if (firstByte >= offset && firstByte < offset + data.length) n -= BYTE_POPCOUNT[data[firstByte - offset]! & ~bitsMask(first & 7, 7) & 0xff]!;
  if (lastByte >= offset && lastByte < offset + data.length) n -= BYTE_POPCOUNT[data[lastByte - offset]! & ~bitsMask(0, last & 7) & 0xff]!;
  return n;
}

/**
 * The first bit equal to `bit` within the bit range [first, last] in `data` (bytes starting at byte
 * `offset`), as an absolute bit position; -1 when this piece has none.
 */
export function firstBitInRange(data: Uint8Array, offset: number, [first, last]: BitRange, bit: 0 | 1): number {
  const firstByte = first >> 3;
  const lastByte = last >> 3;
  const from = Math.max(offset, firstByte);
  const to = Math.min(offset + data.length - 1, lastByte);
  const skip = bit ? 0 : 0xff;
  for (let i = from; i <= to; i++) {
    const v = data[i - offset]!;
    if (v === skip && i !== firstByte && i !== lastByte) continue;
    const keep = bitsMask(i === firstByte ? first & 7 : 0, i === lastByte ? last & 7 : 7);
    const hits = (bit ? v : ~v) & keep & 0xff;
    if (hits !== 0) return i * 8 + Math.clz32(hits) - 24;
  }
  return -1;
}
