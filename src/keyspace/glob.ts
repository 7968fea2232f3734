/**
 * Redis glob-style pattern matching, with the semantics of Redis 7's stringmatchlen (util.c): `*`,
 * `?`, `[abc]`, `[^a-z]`, `\x`, on byte strings; `nocase` folds ASCII letters only (C `tolower`).
 * Used by KEYS, SCAN MATCH, HSCAN/SSCAN/ZSCAN MATCH, CONFIG GET and (later) PSUBSCRIBE.
 *
 * Bounded time for any pattern. A naive backtracking matcher is exponential in the number of `*`
 * (`a*a*a*...*b` against a 40-byte key froze the process). Redis's fix, reproduced here:
 * - when the part of the pattern after a `*` matches at no position of the rest of the string, no
 *   earlier `*` can help by swallowing more (that would only start the same rest later), so the
 *   whole match fails at once (`skipLongerMatches`). Each `*` then scans the string at most once,
 *   which makes a match O(pattern × string) steps;
 * - recursion deeper than GLOB_MAX_NESTING stars gives up with "no match" (CVE-2024-31228), which
 *   also bounds the stack.
 * Quirks kept from Redis: an unterminated class ends at the end of the pattern, `[a-]...` reads
 * `-` as a range whose end is the next byte (even `]`), a trailing `\` is a literal backslash, and
 * a pattern never matches the empty string unless it is empty (callers treat a lone `*` as "all").
 */
import type { BStr } from "../resp/bytes";

/** Deepest `*` nesting Redis explores before answering "no match" (util.c, since CVE-2024-31228). */
export const GLOB_MAX_NESTING = 1000;

const STAR = 42; // *
const QUESTION = 63; // ?
const OPEN = 91; // [
const CLOSE = 93; // ]
const CARET = 94; // ^
const DASH = 45; // -
const BACKSLASH = 92; // \

interface Match {
  p: BStr;
  s: BStr;
  nocase: boolean;
  /** Set once the rest after some `*` matched nowhere: every enclosing `*` stops too. */
  skipLonger: boolean;
  /** Loop iterations so far (tests check the bound). */
  steps: number;
}

export function globMatch(pattern: BStr, s: BStr, nocase = false): boolean {
  return globMatchSteps(pattern, s, nocase).match;
}

/** globMatch, also returning the steps it took (at most about (pattern + 1) × (string + 1)). */
export function globMatchSteps(pattern: BStr, s: BStr, nocase = false): { match: boolean; steps: number } {
  const m: Match = { p: pattern, s, nocase, skipLonger: false, steps: 0 };
  const match = matchFrom(m, 0, 0, 0);
  return { match, steps: m.steps };
}

/** C tolower in the "C" locale: ASCII letters only. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

function same(m: Match, a: number, b: number): boolean {
  return m.nocase ? lower(a) === lower(b) : a === b;
}

function matchFrom(m: Match, pi: number, si: number, nesting: number): boolean {
  if (nesting > GLOB_MAX_NESTING) return false;
  const { p, s } = m;
  const plen = p.length;
  while (pi < plen && si < s.length) {
    m.steps++;
    const c = p.charCodeAt(pi);
    if (c === STAR) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === STAR) pi++;
      if (pi + 1 === plen) return true;
      for (; si < s.length; si++) {
        m.steps++;
        if (matchFrom(m, pi + 1, si, nesting + 1)) return true;
        if (m.skipLonger) return false;
      }
      m.skipLonger = true;
      return false;
    }
    if (c === OPEN) {
      const r = matchClass(m, pi + 1, s.charCodeAt(si));
      if (r < 0) return false;
      pi = r;
    } else if (c !== QUESTION) {
      if (c === BACKSLASH && plen - pi >= 2) pi++;
      if (!same(m, p.charCodeAt(pi), s.charCodeAt(si))) return false;
    }
    si++;
    pi++;
    if (si === s.length) {
      while (pi < plen && p.charCodeAt(pi) === STAR) pi++;
      break;
    }
  }
  return pi === plen && si === s.length;
}

/**
 * A character class starting at `pi` (just after `[`) against byte `ch`: the index of its last
 * pattern byte (the `]`, or the pattern's last byte when unterminated), or -1 when `ch` is refused.
 */
function matchClass(m: Match, pi: number, ch: number): number {
  const p = m.p;
  const plen = p.length;
  const not = pi < plen && p.charCodeAt(pi) === CARET;
  if (not) pi++;
  let match = false;
  for (;; pi++) {
    m.steps++;
    if (pi >= plen) {
      pi--; // unterminated: the class ends with the pattern
      break;
    }
    const c = p.charCodeAt(pi);
    if (c === BACKSLASH && plen - pi >= 2) {
      pi++;
      if (p.charCodeAt(pi) === ch) match = true; // escaped bytes compare exactly, as in Redis
    } else if (c === CLOSE) {
      break;
    } else if (plen - pi >= 3 && p.charCodeAt(pi + 1) === DASH) {
      let lo = c;
      let hi = p.charCodeAt(pi + 2);
      if (lo > hi) [lo, hi] = [hi, lo];
      const x = m.nocase ? lower(ch) : ch;
      if (m.nocase) [lo, hi] = [lower(lo), lower(hi)];
      if (x >= lo && x <= hi) match = true;
      pi += 2;
    } else if (same(m, c, ch)) {
      match = true;
    }
  }
  return match !== not ? pi : -1;
}
