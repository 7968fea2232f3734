/**
 * Fuzz target: glob patterns (src/keyspace/glob.ts). Every match must finish within
 * (pattern + 1) × (string + 1) × 2 steps, and small ones must agree with plain backtracking over
 * Redis's stringmatchlen rules (the reference below, exponential, so only on short inputs).
 */
import { globMatchSteps } from "../../src/keyspace/glob";
import { check, type Rng } from "./rng";

export interface GlobStats {
  matches: number;
  maxSteps: number;
}

/** Plain exponential backtracking over the same rules (the reference: no early stop, no nesting limit). */
export function referenceGlob(p: string, s: string, nocase = false): boolean {
  const low = (c: string) => (c >= "A" && c <= "Z" ? c.toLowerCase() : c);
  const eq = (a: string, b: string) => (nocase ? low(a) === low(b) : a === b);
  const go = (pi: number, si: number): boolean => {
    while (pi < p.length && si < s.length) {
      const c = p[pi]!;
      if (c === "*") {
        while (pi + 1 < p.length && p[pi + 1] === "*") pi++;
        if (pi + 1 === p.length) return true;
        for (let k = si; k < s.length; k++) if (go(pi + 1, k)) return true;
        return false;
      }
      if (c === "[") {
        pi++;
        const not = p[pi] === "^";
        if (not) pi++;
        let match = false;
        for (;; pi++) {
          if (pi >= p.length) { pi--; break; }
          if (p[pi] === "\\" && p.length - pi >= 2) { pi++; if (p[pi] === s[si]) match = true; }
          else if (p[pi] === "]") break;
          else if (p.length - pi >= 3 && p[pi + 1] === "-") {
            let [lo, hi] = [p.charCodeAt(pi), p.charCodeAt(pi + 2)];
            if (lo > hi) [lo, hi] = [hi, lo];
            let x = s.charCodeAt(si);
            if (nocase) [lo, hi, x] = [low(String.fromCharCode(lo)).charCodeAt(0), low(String.fromCharCode(hi)).charCodeAt(0), low(s[si]!).charCodeAt(0)];
            if (x >= lo && x <= hi) match = true;
            pi += 2;
          } else if (eq(p[pi]!, s[si]!)) match = true;
        }
        if (match === not) return false;
      } else if (c !== "?") {
        if (c === "\\" && p.length - pi >= 2) pi++;
        if (!eq(p[pi]!, s[si]!)) return false;
      }
      si++;
      pi++;
      if (si === s.length) {
        while (p[pi] === "*") pi++;
        break;
      }
    }
    return pi === p.length && si === s.length;
  };
  return go(0, 0);
}

const PATTERN = ["a", "b", "A", "*", "*", "?", "[", "]", "^", "-", "\\"];

export function fuzzGlob(rng: Rng, stats: GlobStats): void {
  const small = rng.chance(0.7);
  const pattern = Array.from({ length: rng.range(0, small ? 10 : 60) }, () => rng.pick(PATTERN)).join("");
  const s = Array.from({ length: rng.range(0, small ? 12 : 400) }, () => rng.pick(["a", "a", "b", "A", "]", "-"])).join("");
  const nocase = rng.chance(0.2);
  const r = globMatchSteps(pattern, s, nocase);
  check(r.steps <= (pattern.length + 1) * (s.length + 1) * 2, `glob took ${r.steps} steps for ${pattern.length}x${s.length}`);
  if (small) check(r.match === referenceGlob(pattern, s, nocase), `glob ${JSON.stringify(pattern)} vs ${JSON.stringify(s)} disagrees with backtracking`);
  stats.matches++;
  stats.maxSteps = Math.max(stats.maxSteps, r.steps);
}
