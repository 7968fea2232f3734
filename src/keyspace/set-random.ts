/**
 * Random sampling of collection elements (SPOP, SRANDMEMBER, HRANDFIELD), by position in key
 * order: draw positions with `ctx.rand`, then read just those rows in one ordered pass that stops
 * at the largest position drawn. The collection is never loaded whole unless the sample needs it.
 * ZRANDMEMBER draws its ranks and checks its count with the same helpers.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import { LLONG_MAX, toBigInt } from "../commands/args";

/**
 * Largest reply a negative count (repeats allowed) may ask for. Redis 7.0 tries to build any
 * size and runs out of memory on absurd counts; a Durable Object must not, so beyond this we
 * reply an error instead.
 */
export const MAX_RANDOM_REPLY = 1_000_000;

/** Throws when a repeating sample of `count` elements would be unreasonably large. */
export function checkSampleSize(count: number): void {
  if (count > MAX_RANDOM_REPLY) throw new ReplyError("ERR value is out of range");
}

/**
 * HRANDFIELD WITHVALUES / ZRANDMEMBER WITHSCORES: Redis bounds the (valid) count `s` so that
 * count * 2 reply entries cannot overflow a long.
 */
export function checkPairCount(s: BStr): void {
  const n = toBigInt(s)!;
  if (n < -(LLONG_MAX / 2n) || n > LLONG_MAX / 2n) throw new ReplyError("ERR value is out of range");
}

/** `count` positions in [0, size), repeats allowed, in draw order. */
export function positionsWithRepeats(size: number, count: number, rand: () => number): number[] {
  const out: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(rand() * size);
  return out;
}

/** `count` (<= size) distinct positions in [0, size), in the order drawn (Robert Floyd's algorithm). */
export function floydSample(size: number, count: number, rand: () => number): number[] {
  const chosen = new Set<number>();
  for (let j = size - count; j < size; j++) {
    const t = Math.floor(rand() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen];
}

/** `count` (<= size) distinct positions in [0, size), ascending. */
export function distinctPositions(size: number, count: number, rand: () => number): number[] {
  return floydSample(size, count, rand).sort((a, b) => a - b);
}

/**
 * The elements at `positions` (any order, repeats allowed), in the order of `positions`.
 * `read(limit)` iterates the first `limit` elements in key order; iteration stops at the largest
 * position wanted.
 */
export function elementsAt<T>(positions: number[], read: (limit: number) => Iterable<T>): T[] {
  if (positions.length === 0) return [];
  const wanted = [...new Set(positions)].sort((a, b) => a - b);
  const last = wanted[wanted.length - 1]!;
  const found = new Map<number, T>();
  let pos = 0;
  let w = 0;
  for (const row of read(last + 1)) {
    if (pos === wanted[w]) {
      found.set(pos, row);
      w++;
    }
    if (++pos > last) break;
  }
  return positions.map((p) => found.get(p)!);
}
