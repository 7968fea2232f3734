/**
 * Inline commands ("SET k v\r\n" as telnet / redis-cli send them) are split exactly like Redis's
 * sdssplitargs (sds.c): blanks separate arguments, "double quotes" understand \n \r \t \b \a \xHH
 * and \<any>, 'single quotes' only \', and a closing quote must be followed by a blank or the end.
 */
import { isSpace, type BStr } from "./bytes";

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexVal = (c: number): number => (c <= 57 ? c - 48 : (c | 0x20) - 87);

const DQ = 34; // "
const SQ = 39; // '
const BACKSLASH = 92;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", a: "\x07" };

/** Splits one inline request line (without its line ending); null on unbalanced quotes. */
export function splitArgs(input: BStr): BStr[] | null {
  // sdssplitargs walks a C string: a NUL byte ends the line.
  const nul = input.indexOf("\0");
  const line = nul < 0 ? input : input.slice(0, nul);
  const n = line.length;
  const at = (i: number): number => (i < n ? line.charCodeAt(i) : 0);
  const out: BStr[] = [];
  let p = 0;
  for (;;) {
    while (p < n && isSpace(at(p))) p++;
    if (p >= n) return out;
    let cur = "";
    let quote = 0; // the open quote: 34 (") or 39 ('), 0 outside quotes
    for (let done = false; !done; ) {
      const c = at(p);
      if (quote !== 0) {
        if (quote === DQ && c === BACKSLASH && at(p + 1) === 120 /* x */ && isHex(at(p + 2)) && isHex(at(p + 3))) {
          cur += String.fromCharCode(hexVal(at(p + 2)) * 16 + hexVal(at(p + 3)));
          p += 3;
        } else if (quote === DQ && c === BACKSLASH && p + 1 < n) {
          p++;
          const e = line[p]!;
          cur += ESCAPES[e] ?? e;
        } else if (quote === SQ && c === BACKSLASH && at(p + 1) === SQ) {
          p++;
          cur += "'";
        } else if (c === quote) {
          // A closing quote must be followed by a blank or the end.
          if (p + 1 < n && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (p >= n) {
          return null; // unterminated quotes
        } else {
          cur += line[p];
        }
      } else if (p >= n || c === 32 || c === 10 || c === 13 || c === 9) {
        done = true;
      } else if (c === DQ || c === SQ) {
        quote = c;
      } else {
        cur += line[p];
      }
      if (p < n) p++;
    }
    out.push(cur);
  }
}
