/**
 * FUNCTION DUMP / RESTORE payloads in Redis's format (functions.c functionDumpCommand): for each
 * library RDB_OPCODE_FUNCTION2 (245) and its code as an RDB string, then the RDB version (2 bytes,
 * little endian) and the CRC64 (Jones) of everything before it (8 bytes, little endian). So a
 * payload dumped by Redis 7.0 restores here and one dumped here restores on Redis, and the bytes
 * are Redis's own: a code over 20 bytes is LZF-compressed as rdbSaveRawString does (lzf.ts).
 */
import type { BStr } from "../resp/bytes";
import { lzfCompress, lzfDecompress } from "./lzf";

const OPCODE_FUNCTION2 = 245;
/** Redis 7.0's RDB_VERSION. */
export const RDB_VERSION = 10;

const CRC64_TABLE = (() => {
  const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 reflected
  const t: bigint[] = [];
  for (let i = 0n; i < 256n; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t.push(c);
  }
  return t;
})();

export function crc64(s: BStr): bigint {
  let crc = 0n;
  for (let i = 0; i < s.length; i++) crc = CRC64_TABLE[Number((crc ^ BigInt(s.charCodeAt(i))) & 0xffn)]! ^ (crc >> 8n);
  return crc;
}

function le(n: bigint, bytes: number): BStr {
  let s = "";
  for (let i = 0; i < bytes; i++) s += String.fromCharCode(Number((n >> BigInt(8 * i)) & 0xffn));
  return s;
}

function rdbLength(n: number): BStr {
  if (n < 64) return String.fromCharCode(n);
  if (n < 16384) return String.fromCharCode(0x40 | (n >> 8), n & 0xff);
  return String.fromCharCode(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** rdbSaveRawString: LZF when over 20 bytes and it saves at least 4, else the bytes as they are. */
function rdbString(s: BStr): BStr {
  if (s.length > 20) {
    const packed = lzfCompress(s, s.length - 4);
    if (packed !== null) return String.fromCharCode(0xc3) + rdbLength(packed.length) + rdbLength(s.length) + packed;
  }
  return rdbLength(s.length) + s;
}

export function dumpFunctions(codes: BStr[]): BStr {
  let body = "";
  for (const code of codes) body += String.fromCharCode(OPCODE_FUNCTION2) + rdbString(code);
  body += le(BigInt(RDB_VERSION), 2);
  return body + le(crc64(body), 8);
}

/** The library codes of a payload; null when its version or checksum is wrong; a string error for bad content. */
export function parseFunctionDump(p: BStr): BStr[] | null | { error: string } {
  if (p.length < 10) return null;
  const footer = p.length - 10;
  const version = p.charCodeAt(footer) | (p.charCodeAt(footer + 1) << 8);
  if (version > RDB_VERSION) return null;
  let sum = 0n;
  for (let i = 7; i >= 0; i--) sum = (sum << 8n) | BigInt(p.charCodeAt(footer + 2 + i));
  if (sum !== crc64(p.slice(0, footer + 2))) return null;
  const codes: BStr[] = [];
  let at = 0;
  const byte = (): number => p.charCodeAt(at++);
  const length = (): { n: number; encoded: number | null } => {
    const b = byte();
    switch (b >> 6) {
      case 0: return { n: b & 0x3f, encoded: null };
      case 1: return { n: ((b & 0x3f) << 8) | byte(), encoded: null };
      case 2: {
        const wide = b === 0x81 ? 8 : 4;
        let n = 0;
        for (let i = 0; i < wide; i++) n = n * 256 + byte();
        return { n, encoded: null };
      }
      default: return { n: 0, encoded: b & 0x3f };
    }
  };
  const string = (): BStr | null => {
    const { n, encoded } = length();
    if (encoded === null) {
      const s = p.slice(at, at + n);
      at += n;
      return s;
    }
    if (encoded <= 2) {
      const bytes = 1 << encoded;
      let v = 0;
      for (let i = 0; i < bytes; i++) v |= byte() << (8 * i);
      return String(bytes === 4 ? v | 0 : bytes === 2 ? (v << 16) >> 16 : (v << 24) >> 24);
    }
    if (encoded === 3) {
      const clen = length().n;
      const ulen = length().n;
      const out = lzfDecompress(p.slice(at, at + clen), ulen);
      at += clen;
      return out;
    }
    return null;
  };
  while (at < footer) {
    if (byte() !== OPCODE_FUNCTION2) return { error: "given type is not a function" };
    const code = string();
    if (code === null) return { error: "can not read data type" };
    codes.push(code);
  }
  return codes;
}
