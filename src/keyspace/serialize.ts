/**
 * DUMP / RESTORE (OBJECT and MEMORY: node/object-memory.ts).
 *
 * DUMP payloads use this project's own versioned format (not Redis's RDB encoding):
 *
 *   "RCDO"  version (1 byte)  type (1 byte: RDB ids, 0 string 1 list 2 set 3 zset 4 hash,
 *           5 hash with field TTLs)
 *   body    string: the bytes; list/set: count, then items; hash: count, then field, value;
 *           hash with field TTLs (type 6): count, then field, value, TTL (a varint: 0 for none, else the
 *           absolute time in ms plus 1); zset: count, then member, score (8-byte big-endian IEEE
 *           double). Counts and item lengths are LEB128 varints, each item is its length then its
 *           bytes. Stream (type 5): its entries, metadata and groups as JSON (stream/codec.ts).
 *
 * A hash without field TTLs keeps type 4, so its payloads read the same as before TTLs existed;
 * a hash with them is type 6 (Redis's RDB_TYPE_HASH_METADATA carries a hash's field TTLs likewise).
 *   CRC-32  (4 bytes, big-endian) of everything before it.
 *
 * Like Redis's, a payload carries the value only: RESTORE takes the TTL as an argument.
 */
import type { BStr } from "../resp/bytes";
import { bulkOrNull, ERR, OK, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { bigIntArg, isOpt } from "../commands/args";
import type { HashEntry, KeyType, KeyValue } from "./db";
import { alreadyExpired } from "./expire";
import { varint } from "./varint";
import { decodeStream, encodeStream } from "./stream/codec";

const MAGIC = "RCDO";
export const DUMP_VERSION = 1;
const TYPE_IDS: Record<KeyType, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 5 };
/** The type id of a hash some of whose fields have a TTL. */
const HASH_WITH_TTLS = 6;
const TYPE_BY_ID: KeyType[] = ["string", "list", "set", "zset", "hash", "stream", "hash"];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(s: BStr, end = s.length): number {
  let c = 0xffffffff;
  for (let i = 0; i < end; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (n: number): BStr => String.fromCharCode((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);


const item = (s: BStr): BStr => varint(s.length) + s;

function float64(x: number): BStr {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x);
  return String.fromCharCode(...b);
}

/** Serializes a value into a DUMP payload. */
export function encodeValue(v: KeyValue): BStr {
  const ttls = v.type === "hash" && v.entries.some(([, , t]) => t !== undefined && t !== null);
  const parts: BStr[] = [MAGIC, String.fromCharCode(DUMP_VERSION, ttls ? HASH_WITH_TTLS : TYPE_IDS[v.type])];
  // Element by element, never push(...elements): a call with a million arguments overflows the
  // stack (workerd's is smaller than Node's: a 1M-member sorted set's MIGRATE page did).
  switch (v.type) {
    case "string": parts.push(v.value); break;
    case "list":
      parts.push(varint(v.items.length));
      for (const x of v.items) parts.push(item(x));
      break;
    case "set":
      parts.push(varint(v.members.length));
      for (const m of v.members) parts.push(item(m));
      break;
    case "zset":
      parts.push(varint(v.entries.length));
      for (const [m, s] of v.entries) parts.push(item(m) + float64(s));
      break;
    case "hash":
      parts.push(varint(v.entries.length));
      for (const [f, x, t] of v.entries) parts.push(item(f) + item(x) + (ttls ? varint(t == null ? 0 : t + 1) : ""));
      break;
    case "stream": parts.push(encodeStream(v)); break;
  }
  const body = parts.join("");
  return body + u32(crc32(body));
}

/** verifyDumpPayload: magic, version and checksum. */
export function verifyPayload(p: BStr): boolean {
  if (p.length < MAGIC.length + 2 + 4 || !p.startsWith(MAGIC) || p.charCodeAt(4) !== DUMP_VERSION) return false;
  return u32(crc32(p, p.length - 4)) === p.slice(-4);
}

class BadData extends Error {}

/** Reads a verified payload's body; BadData when it is malformed. */
class Reader {
  pos = 6;
  constructor(readonly s: BStr, readonly end: number) {}
  varint(): number {
    let n = 0;
    for (let mul = 1; ; mul *= 0x80) {
      if (this.pos >= this.end || mul > 2 ** 49) throw new BadData();
      const b = this.s.charCodeAt(this.pos++);
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
    }
  }
  bytes(n: number): BStr {
    if (this.pos + n > this.end) throw new BadData();
    return this.s.slice(this.pos, (this.pos += n));
  }
  item(): BStr {
    return this.bytes(this.varint());
  }
  float64(): number {
    const b = this.bytes(8);
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 8; i++) view.setUint8(i, b.charCodeAt(i));
    return view.getFloat64(0);
  }
}

/** Deserializes a verified payload; null for "Bad data format" (also empty or duplicate collections). */
export function decodeValue(p: BStr): KeyValue | null {
  const type = TYPE_BY_ID[p.charCodeAt(5)];
  const r = new Reader(p, p.length - 4);
  try {
    let v: KeyValue;
    if (type === "string") return { type, value: r.bytes(r.end - r.pos) };
    if (type === "stream") return decodeStream(r.bytes(r.end - r.pos));
    const n = r.varint();
    const read = <T>(f: () => T): T[] => Array.from({ length: n }, f);
    if (n === 0 || n > r.end) return null;
    if (type === "list") v = { type, items: read(() => r.item()) };
    else if (type === "set") v = { type, members: read(() => r.item()) };
    else if (type === "zset") v = { type, entries: read((): [BStr, number] => [r.item(), r.float64()]) };
    else if (type === "hash" && p.charCodeAt(5) === HASH_WITH_TTLS) v = { type, entries: read((): HashEntry => hashEntryWithTtl(r)) };
    else if (type === "hash") v = { type, entries: read((): HashEntry => [r.item(), r.item()]) };
    else return null;
    if (r.pos !== r.end) return null;
    if (v.type === "set" && new Set(v.members).size !== n) return null;
    if (v.type === "zset" && new Set(v.entries.map(([m]) => m)).size !== n) return null;
    if (v.type === "hash" && new Set(v.entries.map(([f]) => f)).size !== n) return null;
    if (v.type === "zset" && v.entries.some(([, s]) => Number.isNaN(s))) return null;
    return v;
  } catch (e) {
    if (e instanceof BadData) return null;
    throw e;
  }
}

/** A field, its value and its TTL varint (0: none). */
function hashEntryWithTtl(r: Reader): HashEntry {
  const field = r.item();
  const value = r.item();
  const t = r.varint();
  return t === 0 ? [field, value] : [field, value, t - 1];
}

function restoreCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  let replace = false, absttl = false, idle = false, freq = false;
  for (let j = 4; j < argv.length; j++) {
    const more = j + 1 < argv.length;
    if (isOpt(argv[j], "replace")) replace = true;
    else if (isOpt(argv[j], "absttl")) absttl = true;
    else if (isOpt(argv[j], "idletime") && more && !freq) {
      if (bigIntArg(argv[++j]!) < 0n) throw new ReplyError("ERR Invalid IDLETIME value, must be >= 0");
      idle = true;
    } else if (isOpt(argv[j], "freq") && more && !idle) {
      const f = bigIntArg(argv[++j]!);
      if (f < 0n || f > 255n) throw new ReplyError("ERR Invalid FREQ value, must be >= 0 and <= 255");
      freq = true;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  if (!replace && ctx.db.exists(key)) throw new ReplyError("BUSYKEY Target key name already exists.");
  let ttl = bigIntArg(argv[2]!);
  if (ttl < 0n) throw new ReplyError("ERR Invalid TTL value, must be >= 0");
  const payload = argv[3]!;
  if (!verifyPayload(payload)) throw new ReplyError("ERR DUMP payload version or checksum are wrong");
  const value = decodeValue(payload);
  if (!value) throw new ReplyError("ERR Bad data format");

  const deleted = replace && ctx.db.delete(key);
  if (ttl && !absttl) ttl += BigInt(ctx.now);
  if (ttl && alreadyExpired(ctx, Number(ttl))) {
    ctx.propagate(...(deleted ? [["DEL", key]] : []));
    return OK;
  }
  ctx.db.writeValue(key, value, ttl ? Number(ttl) : null);
  // A relative TTL reaches replicas as an absolute one.
  if (ttl && !absttl) ctx.propagate([argv[0]!, key, ttl.toString(), ...argv.slice(3), "ABSTTL"]);
  return OK;
}

export const serializeHandlers: HandlerTable = {
  dump: (ctx, argv) => {
    const meta = ctx.db.meta(argv[1]!);
    return bulkOrNull(meta ? encodeValue(ctx.db.readValue(meta)) : null);
  },
  restore: restoreCommand,
};
