/**
 * The fuzzer's seeded randomness (the simulator's generator): one root seed, one independent stream
 * per iteration, so any iteration replays alone; plus the mutations and checks the targets share.
 */
import { Rng } from "../../test/sim/rng";

export { Rng };

/** The seed of iteration `i` of a run seeded `seed` (a 32-bit mix, so neighbours are unrelated). */
export function iterationSeed(seed: number, i: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A broken invariant: the fuzz run stops and prints how to replay the iteration. */
export class FuzzFailure extends Error {}

export function check(ok: boolean, what: string): void {
  if (!ok) throw new FuzzFailure(what);
}

/** Byte-level mutations shared by the RESP and JSON targets: flips, inserts, deletions, splices. */
export function mutateBytes(rng: Rng, input: Uint8Array, interesting: readonly string[]): Uint8Array {
  let b = Array.from(input);
  const rounds = rng.range(1, 4);
  for (let r = 0; r < rounds; r++) {
    const at = b.length === 0 ? 0 : rng.int(b.length + 1);
    switch (rng.int(6)) {
      case 0: if (b.length > 0) b[rng.int(b.length)] = rng.int(256); break;
      case 1: b.splice(at, 0, ...Array.from(rng.pick(interesting), (c) => c.charCodeAt(0) & 0xff)); break;
      case 2: b.splice(at, rng.range(1, 8)); break;
      case 3: b = b.slice(0, at); break;
      case 4: b.splice(at, 0, ...b.slice(rng.int(b.length + 1), rng.int(b.length + 1))); break;
      default: if (b.length > 0) b[rng.int(b.length)] = rng.pick(interesting).charCodeAt(0) & 0xff;
    }
  }
  return Uint8Array.from(b.slice(0, 64 * 1024));
}

/** Splits `bytes` at random points (the frames a socket might deliver). */
export function chunks(rng: Rng, bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = rng.chance(0.3) ? 1 : rng.range(1, Math.max(1, bytes.length));
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}
