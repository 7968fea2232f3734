/**
 * Random command sequences over lex ranges of sorted sets whose members have different scores
 * (zset-lex-differential.test.ts): a seeded generator over a tiny alphabet, so ranges overlap and
 * keys collide. Sets stay small with short members (Redis's listpack encoding, whose lex walk is
 * deterministic). Each sequence also meets a string key (WRONGTYPE) and malformed arguments.
 */

/** mulberry32: a small seeded PRNG (the sequences replay from the seed alone). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEMBERS = ["a", "b", "c", "d", "e", "ab", "ba", "", "A", "b\0", "bb"];
const SCORES = ["0", "0", "0", "1", "2", "-1", "1.5", "3", "inf", "-inf"];
const BOUNDS = ["-", "+", "-", "+", "[a", "(a", "[b", "(b", "[c", "(c", "[ab", "(ba", "[e", "(e", "[", "(", "[bb", "(b\0"];
const BAD_BOUNDS = ["a", "+a", "-x", "", "{a"];
const OFFSETS = ["0", "0", "1", "2", "5", "-1"];
const COUNTS = ["-1", "1", "2", "3", "10", "0", "-5"];

/** Key names (without the sequence's hash tag): two sorted sets, a destination, a string. */
export const ZKEYS = ["z1", "z2", "zd", "s"];

export function generateSequence(rand: () => number, length: number): string[][] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const key = (): string => (chance(0.06) ? "s" : chance(0.5) ? "z1" : "z2");
  const bound = (): string => (chance(0.03) ? pick(BAD_BOUNDS) : pick(BOUNDS));
  const limit = (): string[] => (chance(0.4) ? ["LIMIT", pick(OFFSETS), pick(COUNTS)] : []);
  const out: string[][] = [["SET", "s", "x"]];
  for (let n = 0; n < length; n++) {
    const r = rand();
    if (r < 0.28) {
      const pairs = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => [pick(SCORES), pick(MEMBERS)]).flat();
      out.push(["ZADD", key(), ...pairs]);
    } else if (r < 0.33) {
      out.push(["ZREM", key(), pick(MEMBERS)]);
    } else if (r < 0.45) {
      out.push(["ZRANGEBYLEX", key(), bound(), bound(), ...limit()]);
    } else if (r < 0.57) {
      out.push(["ZREVRANGEBYLEX", key(), bound(), bound(), ...limit()]);
    } else if (r < 0.72) {
      const rev = chance(0.5) ? ["REV"] : [];
      const extra = chance(0.03) ? ["WITHSCORES"] : [];
      out.push(["ZRANGE", key(), bound(), bound(), "BYLEX", ...rev, ...limit(), ...extra]);
    } else if (r < 0.82) {
      out.push(["ZLEXCOUNT", key(), bound(), bound()]);
    } else if (r < 0.87) {
      out.push(["ZREMRANGEBYLEX", key(), bound(), bound()]);
    } else if (r < 0.92) {
      const rev = chance(0.5) ? ["REV"] : [];
      out.push(["ZRANGESTORE", "zd", key(), bound(), bound(), "BYLEX", ...rev, ...limit()]);
    } else {
      out.push(["ZRANGE", pick(["z1", "z2", "zd"]), "0", "-1", "WITHSCORES"]);
    }
  }
  for (const k of ["z1", "z2", "zd"]) out.push(["ZRANGE", k, "0", "-1", "WITHSCORES"]);
  return out;
}

/** The sequence with every key argument prefixed by `tag` (one slot per sequence). */
export function tagged(argv: string[], tag: string): string[] {
  const keyArgs = argv[0] === "ZRANGESTORE" ? [1, 2] : [1];
  return argv.map((a, i) => (keyArgs.includes(i) && ZKEYS.includes(a) ? tag + a : a));
}
