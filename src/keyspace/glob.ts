/**
 * Redis glob-style pattern matching (util.c stringmatchlen): `*`, `?`, `[abc]`, `[^a-z]`, `\x`.
 * Used by KEYS, SCAN MATCH, HSCAN/SSCAN/ZSCAN MATCH and PSUBSCRIBE. Works on byte strings.
 */
import type { BStr } from "../resp/bytes";

export function globMatch(pattern: BStr, s: BStr, nocase = false): boolean {
  return matchAt(pattern, 0, s, 0, nocase);
}

function fold(c: string, nocase: boolean): string {
  return nocase ? c.toLowerCase() : c;
}

function matchAt(p: BStr, pi: number, s: BStr, si: number, nocase: boolean): boolean {
  while (pi < p.length) {
    const c = p[pi]!;
    switch (c) {
      case "*": {
        while (p[pi + 1] === "*") pi++;
        if (pi + 1 === p.length) return true;
        for (let k = si; k <= s.length; k++) if (matchAt(p, pi + 1, s, k, nocase)) return true;
        return false;
      }
      case "?":
        if (si >= s.length) return false;
        si++;
        break;
      case "[": {
        if (si >= s.length) return false;
        pi++;
        const not = p[pi] === "^";
        if (not) pi++;
        let match = false;
        const ch = fold(s[si]!, nocase);
        while (pi < p.length && p[pi] !== "]") {
          if (p[pi] === "\\" && pi + 1 < p.length) {
            pi++;
            if (fold(p[pi]!, nocase) === ch) match = true;
          } else if (p[pi + 1] === "-" && pi + 2 < p.length && p[pi + 2] !== "]") {
            let lo = fold(p[pi]!, nocase);
            let hi = fold(p[pi + 2]!, nocase);
            if (lo > hi) [lo, hi] = [hi, lo];
            if (ch >= lo && ch <= hi) match = true;
            pi += 2;
          } else if (fold(p[pi]!, nocase) === ch) {
            match = true;
          }
          pi++;
        }
        if (pi >= p.length) pi--; // unterminated class: Redis treats the end as ']'
        if (not) match = !match;
        if (!match) return false;
        si++;
        break;
      }
      default:
        if (c === "\\" && pi + 1 < p.length) pi++; // an escaped character compares literally
        if (si >= s.length || fold(p[pi]!, nocase) !== fold(s[si]!, nocase)) return false;
        si++;
    }
    pi++;
  }
  return si === s.length;
}
