/** LEB128 varints as byte strings: the length prefixes of DUMP payloads and stream field lists. */
import type { BStr } from "../resp/bytes";

export function varint(n: number): BStr {
  let s = "";
  while (n >= 0x80) {
    s += String.fromCharCode((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  return s + String.fromCharCode(n);
}
