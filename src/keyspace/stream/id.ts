/**
 * Stream IDs (<ms>-<seq>, two unsigned 64-bit numbers) and their parsing with t_stream.c's rules
 * (streamGenericParseIDOrReply, built on util.c's string2ull). In SQLite an ID is a 16-byte
 * big-endian BLOB: SQLite compares BLOBs with memcmp, so the (kid, id) primary key orders entries
 * exactly as Redis's radix tree does, and no 64-bit value has to fit a JS number or a signed
 * INTEGER column.
 */
import { isSpace, type BStr } from "../../resp/bytes";
import { ReplyError } from "../../resp/reply";

export interface StreamId {
  ms: bigint;
  seq: bigint;
}

export const U64_MAX = 2n ** 64n - 1n;
export const ZERO_ID: StreamId = { ms: 0n, seq: 0n };
export const MAX_ID: StreamId = { ms: U64_MAX, seq: U64_MAX };

export const INVALID_ID = "ERR Invalid stream ID specified as stream command argument";

/** Redis's parse buffer is 128 bytes: longer arguments are invalid IDs. */
const ID_ARG_MAX = 127;

export const formatId = (id: StreamId): string => `${id.ms}-${id.seq}`;

export function compareId(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  return a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1;
}

export const isZeroId = (id: StreamId): boolean => id.ms === 0n && id.seq === 0n;

/** streamIncrID: the next ID, or null past the last possible one. */
export function nextId(id: StreamId): StreamId | null {
  if (id.seq !== U64_MAX) return { ms: id.ms, seq: id.seq + 1n };
  return id.ms === U64_MAX ? null : { ms: id.ms + 1n, seq: 0n };
}

/** streamDecrID: the previous ID, or null before 0-0. */
export function prevId(id: StreamId): StreamId | null {
  if (id.seq !== 0n) return { ms: id.ms, seq: id.seq - 1n };
  return id.ms === 0n ? null : { ms: id.ms - 1n, seq: U64_MAX };
}

function u64Bytes(n: bigint): BStr {
  let s = "";
  for (let shift = 56n; shift >= 0n; shift -= 8n) s += String.fromCharCode(Number((n >> shift) & 0xffn));
  return s;
}

/** The 16-byte key of an ID (as streamEncodeID: big-endian ms then seq). */
export const idKey = (id: StreamId): BStr => u64Bytes(id.ms) + u64Bytes(id.seq);

export function idFromKey(k: BStr): StreamId {
  let ms = 0n;
  let seq = 0n;
  for (let i = 0; i < 8; i++) ms = (ms << 8n) | BigInt(k.charCodeAt(i));
  for (let i = 8; i < 16; i++) seq = (seq << 8n) | BigInt(k.charCodeAt(i));
  return { ms, seq };
}

/** "<ms>-<seq>" as written by formatId (trusted input: snapshots, dumps). */
export function idFromText(s: string): StreamId | null {
  const m = /^(\d+)-(\d+)$/.exec(s);
  if (!m) return null;
  const id = { ms: BigInt(m[1]!), seq: BigInt(m[2]!) };
  return id.ms > U64_MAX || id.seq > U64_MAX ? null : id;
}

const STRICT_INT = /^(0|-?[1-9][0-9]*)$/;

/**
 * util.c string2ull: a strict long long that is not negative, else strtoull's reading (leading
 * spaces, a sign, digits to the end; a '-' wraps modulo 2^64; overflow fails).
 */
export function string2ull(s: string): bigint | null {
  if (s.length > 0 && s.length <= 20 && STRICT_INT.test(s)) {
    const n = BigInt(s);
    if (n <= 2n ** 63n - 1n && n >= -(2n ** 63n)) return n < 0n ? null : n;
  }
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") neg = s[i++] === "-";
  const digits = s.slice(i);
  if (digits.length === 0 || !/^[0-9]+$/.test(digits)) return null;
  const n = BigInt(digits);
  if (n > U64_MAX) return null;
  return neg ? (U64_MAX + 1n - n) % (U64_MAX + 1n) : n;
}

export interface ParsedId {
  id: StreamId;
  /** False for the <ms>-* form (XADD only). */
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply. `missingSeq`: the sequence of a bare <ms>; `strict` refuses "-" and
 * "+"; `allowSeqStar` accepts <ms>-* (XADD). Throws Redis's "Invalid stream ID" error.
 */
export function parseIdFull(s: BStr, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId {
  if (s.length > ID_ARG_MAX) throw new ReplyError(INVALID_ID);
  // C reads the argument as a NUL-terminated string: it ends at the first NUL.
  const nul = s.indexOf("\0");
  const buf = nul < 0 ? s : s.slice(0, nul);
  if (strict && (buf === "-" || buf === "+")) throw new ReplyError(INVALID_ID);
  if (buf === "-") return { id: ZERO_ID, seqGiven: true };
  if (buf === "+") return { id: MAX_ID, seqGiven: true };
  const dash = buf.indexOf("-");
  const ms = string2ull(dash < 0 ? buf : buf.slice(0, dash));
  if (ms === null) throw new ReplyError(INVALID_ID);
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const rest = buf.slice(dash + 1);
  if (allowSeqStar && rest === "*") return { id: { ms, seq: 0n }, seqGiven: false };
  const seq = string2ull(rest);
  if (seq === null) throw new ReplyError(INVALID_ID);
  return { id: { ms, seq }, seqGiven: true };
}

/** streamParseIDOrReply ("-" and "+" allowed). */
export const parseId = (s: BStr, missingSeq = 0n): StreamId => parseIdFull(s, missingSeq, false).id;

/** streamParseStrictIDOrReply ("-" and "+" refused). */
export const parseStrictId = (s: BStr, missingSeq = 0n): StreamId => parseIdFull(s, missingSeq, true).id;

/** A range bound (streamParseIntervalIDOrReply): "(" makes it exclusive (then strict). */
export function parseIntervalId(s: BStr, missingSeq: bigint): { id: StreamId; exclusive: boolean } {
  const exclusive = s.length > 1 && s[0] === "(";
  if (exclusive) return { id: parseStrictId(s.slice(1), missingSeq), exclusive };
  return { id: parseId(s, missingSeq), exclusive };
}

/** XRANGE-style start bound: inclusive after applying "(" (streamIncrID), else Redis's error. */
export function rangeStart(s: BStr): StreamId {
  const { id, exclusive } = parseIntervalId(s, 0n);
  if (!exclusive) return id;
  const next = nextId(id);
  if (!next) throw new ReplyError("ERR invalid start ID for the interval");
  return next;
}

/** XRANGE-style end bound: inclusive after applying "(" (streamDecrID), else Redis's error. */
export function rangeEnd(s: BStr): StreamId {
  const { id, exclusive } = parseIntervalId(s, U64_MAX);
  if (!exclusive) return id;
  const prev = prevId(id);
  if (!prev) throw new ReplyError("ERR invalid end ID for the interval");
  return prev;
}
