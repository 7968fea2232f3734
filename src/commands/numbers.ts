/**
 * C's `strtod`, ported faithfully, and the strtod-based parsers Redis uses beyond the plain
 * double arguments (those are `toFloat`/`floatArg` in args.ts, getDoubleFromObject, built on
 * `strtod` here): sorted-set range bounds (zslParseRangeItem: leading space and even "" accepted)
 * and blocking timeouts (getTimeoutFromObjectOrReply: seconds, ceil to milliseconds).
 * A leaf module: it imports nothing but src/resp.
 */
import { isSpace } from "../resp/bytes";
import { ReplyError } from "../resp/reply";

/** What C's strtod read: the value, where it stopped (0 if nothing), and ERANGE. */
export interface StrtodResult {
  value: number;
  end: number;
  erange: boolean;
}

const HEX = /^[0-9a-fA-F]$/;

/** C strtod on `s` from the start: leading whitespace, sign, inf/infinity/nan, hex or decimal. */
export function strtod(s: string): StrtodResult {
  let i = 0;
  while (isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") neg = s[i++] === "-";
  const sign = neg ? -1 : 1;
  const rest = s.slice(i, i + 8).toLowerCase();
  if (rest.startsWith("inf")) {
    return { value: sign * Infinity, end: i + (rest === "infinity" ? 8 : 3), erange: false };
  }
  if (rest.startsWith("nan")) {
    let end = i + 3;
    const m = /^\([0-9A-Za-z_]*\)/.exec(s.slice(end));
    if (m) end += m[0].length;
    return { value: NaN, end, erange: false };
  }
  if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X")) {
    const hex = parseHex(s, i + 2);
    if (hex) return { value: sign * hex.value, end: hex.end, erange: hex.value === Infinity || hex.zeroUnderflow };
  }
  const m = /^(\d*)(?:\.(\d*))?/.exec(s.slice(i))!;
  const intDigits = m[1]!;
  const fracDigits = m[2] ?? "";
  if (intDigits.length + fracDigits.length === 0) return { value: 0, end: 0, erange: false };
  let end = i + m[0].length;
  const e = /^[eE][+-]?\d+/.exec(s.slice(end));
  if (e) end += e[0].length;
  const value = Number(s.slice(i, end).replace(/^\./, "0.").replace(/\.(?=[eE]|$)/, ""));
  const nonZeroDigits = /[1-9]/.test(intDigits + fracDigits);
  const erange = !Number.isFinite(value) || (value === 0 && nonZeroDigits);
  return { value: sign * value, end, erange };
}

function parseHex(s: string, from: number): { value: number; end: number; zeroUnderflow: boolean } | null {
  let i = from;
  let digits = "";
  let fracCount = 0;
  while (i < s.length && HEX.test(s[i]!)) digits += s[i++];
  if (s[i] === ".") {
    let j = i + 1;
    let frac = "";
    while (j < s.length && HEX.test(s[j]!)) frac += s[j++];
    if (digits.length + frac.length > 0) {
      digits += frac;
      fracCount = frac.length;
      i = j;
    }
  }
  if (digits.length === 0) return null; // "0x" alone: strtod reads just the "0"
  let exp = 0;
  const p = /^[pP]([+-]?\d+)/.exec(s.slice(i));
  if (p) {
    exp = Number(p[1]);
    i += p[0].length;
  }
  const mantissa = Number(BigInt(`0x${digits}`));
  let value = mantissa;
  let k = exp - 4 * fracCount;
  while (k !== 0 && value !== 0 && Number.isFinite(value)) {
    const step = Math.max(-1000, Math.min(1000, k));
    value *= 2 ** step;
    k -= step;
  }
  return { value, end: i, zeroUnderflow: value === 0 && mantissa !== 0 };
}

/** zslParseRangeItem's number: strtod must consume everything and not give NaN (overflow is fine). */
export function parseRangeNumber(s: string): number | null {
  const r = strtod(s);
  if (r.end !== s.length || Number.isNaN(r.value)) return null;
  return r.value;
}

/** Longest wait a timer can express (2^31 - 1 ms, ~24.8 days); longer timeouts block forever. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";

/**
 * getTimeoutFromObjectOrReply(UNIT_SECONDS), for every blocking command (BLPOP, BLMOVE, BZPOPMIN,
 * BZMPOP, ...): seconds as a long double, ceil(seconds * 1000) as a C long long (values past its
 * range wrap to LLONG_MIN on x86, hence "negative"). Milliseconds; 0 = forever, so a tiny
 * negative timeout (ceil to -0) also waits forever, while 0.0009 waits 1 ms.
 */
export function timeoutArg(s: string): number {
  if (s.length === 0 || isSpace(s.charCodeAt(0))) throw new ReplyError(TIMEOUT_NOT_FLOAT);
  const r = strtod(s);
  // strtold's range is far larger than a double's: out-of-range doubles are still valid timeouts.
  if (r.end !== s.length || Number.isNaN(r.value)) throw new ReplyError(TIMEOUT_NOT_FLOAT);
  // A positive value too small for a double (1e-400) is still above 0 as a long double: 1 ms.
  const underflow = r.erange && r.value === 0 && !Object.is(r.value, -0);
  const ms = underflow ? 1 : Math.ceil(r.value * 1000);
  if (!(ms < 2 ** 63) || ms < 0) throw new ReplyError("ERR timeout is negative");
  // -0 → 0; a wait longer than a timer can express is a wait forever.
  return ms > MAX_TIMER_MS ? 0 : ms || 0;
}
