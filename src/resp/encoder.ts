/**
 * RESP encoder: Reply values → RESP2 or RESP3 bytes, downgrading RESP3-only types for RESP2 clients
 * exactly as Redis 7.0 does (networking.c addReplyMapLen/addReplyDouble/addReplyBool/...).
 * Two passes (size, then write) so any number of replies costs exactly one allocation.
 */
import { formatDouble } from "../commands/args";
import type { BStr } from "./bytes";
import { fromText } from "./bytes";
import type { Reply } from "./reply";

export type Proto = 2 | 3;

/** Decimal digit count of a non-negative integer (lengths and counts). */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

const LINE_UNSAFE = /[\r\n\u0100-\uffff]/;

/**
 * A simple string / error as a safe one-line byte string: CR/LF would end the line early, so they
 * become spaces (as Redis's addReplyErrorFormat does); text outside the byte range (not a BStr,
 * e.g. built from JSON) is UTF-8 encoded.
 */
function lineText(s: string): BStr {
  if (!LINE_UNSAFE.test(s)) return s;
  return fromText(s.replace(/[\r\n]/g, " "));
}

const intText = (n: number | bigint): string => String(typeof n === "bigint" ? n : Math.trunc(n));
const verbatimFormat = (f: string): string => (f + "   ").slice(0, 3);

/** Header "<type><n>\r\n" size. */
const head = (n: number): number => 1 + digits(n) + 2;
/** "$<len>\r\n<bytes>\r\n" size. */
const bulkSize = (len: number): number => head(len) + len + 2;

function sizeOf(r: Reply, proto: Proto): number {
  switch (r.t) {
    case "simple":
    case "error":
      return 1 + lineText(r.v).length + 2;
    case "int":
      return 1 + intText(r.v).length + 2;
    case "bulk":
      return bulkSize(r.v.length);
    case "null":
    case "nullarray":
      return proto === 3 ? 3 : 5; // "_\r\n" / "$-1\r\n" "*-1\r\n"
    case "array":
    case "set":
    case "push": {
      let n = head(r.t === "array" ? (r.count ?? r.v.length) : r.v.length);
      for (const x of r.v) n += sizeOf(x, proto);
      return n;
    }
    case "map": {
      let n = head(proto === 3 ? r.v.length : r.v.length * 2);
      for (const [k, v] of r.v) n += sizeOf(k, proto) + sizeOf(v, proto);
      return n;
    }
    case "double": {
      const len = (r.text ?? formatDouble(r.v)).length;
      return proto === 3 ? 1 + len + 2 : bulkSize(len);
    }
    case "bool":
      return 4; // "#t\r\n" / ":1\r\n"
    case "verbatim":
      return proto === 3 ? bulkSize(r.v.length + 4) : bulkSize(r.v.length);
    case "bignum":
      return proto === 3 ? 1 + r.v.length + 2 : bulkSize(r.v.length);
  }
}

/** Writes a byte string (code units are bytes; never TextEncoder). */
function putStr(out: Uint8Array, pos: number, s: BStr): number {
  for (let i = 0; i < s.length; i++) out[pos++] = s.charCodeAt(i);
  return pos;
}

function putCRLF(out: Uint8Array, pos: number): number {
  out[pos] = 13;
  out[pos + 1] = 10;
  return pos + 2;
}

/** "<type><text>\r\n" */
function putLine(out: Uint8Array, pos: number, type: string, text: string): number {
  out[pos++] = type.charCodeAt(0);
  return putCRLF(out, putStr(out, pos, text));
}

function putBulk(out: Uint8Array, pos: number, type: string, s: BStr, prefix = ""): number {
  pos = putLine(out, pos, type, String(prefix.length + s.length));
  pos = putStr(out, putStr(out, pos, prefix), s);
  return putCRLF(out, pos);
}

function write(out: Uint8Array, pos: number, r: Reply, proto: Proto): number {
  switch (r.t) {
    case "simple":
      return putLine(out, pos, "+", lineText(r.v));
    case "error":
      return putLine(out, pos, "-", lineText(r.v));
    case "int":
      return putLine(out, pos, ":", intText(r.v));
    case "bulk":
      return putBulk(out, pos, "$", r.v);
    case "null":
      return proto === 3 ? putLine(out, pos, "_", "") : putLine(out, pos, "$", "-1");
    case "nullarray":
      return proto === 3 ? putLine(out, pos, "_", "") : putLine(out, pos, "*", "-1");
    case "array":
    case "set":
    case "push": {
      const type = proto === 2 || r.t === "array" ? "*" : r.t === "set" ? "~" : ">";
      pos = putLine(out, pos, type, String(r.t === "array" ? (r.count ?? r.v.length) : r.v.length));
      for (const x of r.v) pos = write(out, pos, x, proto);
      return pos;
    }
    case "map":
      pos = proto === 3 ? putLine(out, pos, "%", String(r.v.length)) : putLine(out, pos, "*", String(r.v.length * 2));
      for (const [k, v] of r.v) pos = write(out, write(out, pos, k, proto), v, proto);
      return pos;
    case "double":
      return proto === 3 ? putLine(out, pos, ",", r.text ?? formatDouble(r.v)) : putBulk(out, pos, "$", r.text ?? formatDouble(r.v));
    case "bool":
      return proto === 3 ? putLine(out, pos, "#", r.v ? "t" : "f") : putLine(out, pos, ":", r.v ? "1" : "0");
    case "verbatim":
      return proto === 3 ? putBulk(out, pos, "=", r.v, verbatimFormat(r.format) + ":") : putBulk(out, pos, "$", r.v);
    case "bignum":
      return proto === 3 ? putLine(out, pos, "(", r.v) : putBulk(out, pos, "$", r.v);
  }
}

/** One reply in the client's protocol. */
export function encodeReply(r: Reply, proto: Proto): Uint8Array {
  const out = new Uint8Array(sizeOf(r, proto));
  write(out, 0, r, proto);
  return out;
}

/** Many replies (a pipeline's worth) in one buffer, with a single allocation. */
export function encodeReplies(rs: readonly Reply[], proto: Proto): Uint8Array {
  let size = 0;
  for (const r of rs) size += sizeOf(r, proto);
  const out = new Uint8Array(size);
  let pos = 0;
  for (const r of rs) pos = write(out, pos, r, proto);
  return out;
}

/** A command as a RESP multibulk ("*N\r\n$len\r\narg\r\n..."), as clients send it. */
export function encodeCommand(argv: readonly BStr[]): Uint8Array {
  let size = head(argv.length);
  for (const a of argv) size += bulkSize(a.length);
  const out = new Uint8Array(size);
  let pos = putLine(out, 0, "*", String(argv.length));
  for (const a of argv) pos = putBulk(out, pos, "$", a);
  return out;
}
