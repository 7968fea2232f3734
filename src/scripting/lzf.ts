/**
 * LZF as Redis builds it (liblzf with HLOG 16, VERY_FAST, an empty hash table, CHECK_INPUT):
 * FUNCTION DUMP compresses library code the way Redis's RDB does, so its payload is byte for byte
 * Redis's. Written for this project from the format and parameters in Redis's lzf_c.c / lzfP.h.
 *
 * Format: 000LLLLL + L+1 literal bytes; LLLooooo oooooooo: a back reference of L+2 bytes at
 * distance o+1; 111ooooo LLLLLLLL oooooooo: the same with L+9 bytes.
 */
import type { BStr } from "../resp/bytes";

const HLOG = 16;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

const idx = (h: number): number => ((h >>> (24 - HLOG)) - Math.imul(h, 5)) & ((1 << HLOG) - 1);

/** The compressed bytes, or null when they would not fit in `outLen` bytes (lzf_compress's 0). */
export function lzfCompress(s: BStr, outLen: number): BStr | null {
  const n = s.length;
  if (n === 0 || outLen <= 0) return null;
  const c = (i: number): number => s.charCodeAt(i);
  const htab = new Int32Array(1 << HLOG).fill(-1);
  const out = new Uint8Array(outLen + 8);
  let ip = 0;
  let op = 1; // a literal run starts; its length byte is written when it ends
  let lit = 0;
  let hval = (c(0) << 8) | c(1);
  /** One more literal byte; a full run gets its length byte and a new run starts. */
  const literal = (): void => {
    lit++;
    out[op++] = c(ip++);
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  };
  const hash = (at: number): void => {
    hval = ((hval << 8) | c(at + 2)) >>> 0;
    htab[idx(hval)] = at;
  };
  while (ip < n - 2) {
    hval = ((hval << 8) | c(ip + 2)) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot]!;
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (ref > 0 && off < MAX_OFF && c(ref + 2) === c(ip + 2) && c(ref) === c(ip) && c(ref + 1) === c(ip + 1)) {
      let len = 2;
      const maxlen = Math.min(n - ip - len, MAX_REF);
      if (op + 4 >= outLen && op - (lit ? 0 : 1) + 4 >= outLen) return null;
      out[op - lit - 1] = (lit - 1) & 0xff;
      if (!lit) op--;
      // liblzf compares 16 bytes unrolled (without the maxlen bound) before its bounded loop.
      let matched = true;
      if (maxlen > 16) {
        for (let k = 0; k < 16 && matched; k++) {
          len++;
          if (c(ref + len) !== c(ip + len)) matched = false;
        }
      }
      if (matched) {
        do len++;
        while (len < maxlen && c(ref + len) === c(ip + len));
      }
      len -= 2;
      ip++;
      if (len < 7) out[op++] = (off >> 8) + (len << 5);
      else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++;
      ip += len + 1;
      if (ip >= n - 2) break;
      ip -= 2;
      hval = (c(ip) << 8) | c(ip + 1);
      hash(ip);
      ip++;
      hash(ip);
      ip++;
    } else {
      if (op >= outLen) return null;
      literal();
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < n) literal();
  out[op - lit - 1] = (lit - 1) & 0xff;
  if (!lit) op--;
  let r = "";
  for (let i = 0; i < op; i++) r += String.fromCharCode(out[i]!);
  return r;
}

/** LZF decompression, for payloads Redis compressed; null when malformed. */
export function lzfDecompress(src: BStr, outLen: number): BStr | null {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    const ctrl = src.charCodeAt(i++);
    if (ctrl < 32) {
      for (let k = 0; k <= ctrl; k++) out.push(src.charCodeAt(i++));
    } else {
      let len = ctrl >> 5;
      if (len === 7) len += src.charCodeAt(i++);
      let ref = out.length - ((ctrl & 0x1f) << 8) - 1 - src.charCodeAt(i++);
      if (ref < 0) return null;
      for (let k = 0; k < len + 2; k++) out.push(out[ref++]!);
    }
  }
  if (out.length !== outLen) return null;
  let s = "";
  for (let k = 0; k < out.length; k += 0x8000) s += String.fromCharCode(...out.slice(k, k + 0x8000));
  return s;
}
