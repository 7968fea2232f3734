/**
 * A string value's bytes by range, straight from its rows, for the bit commands: GETBIT reads one
 * byte, SETBIT rewrites the one row that holds its byte, BITCOUNT walks a range a row at a time.
 * Nothing here reads a whole value into memory unless the command needs the whole value.
 *
 * Layout (db.ts): a value of at most STRING_CHUNK_BYTES is inline in `keys.value`; a longer one
 * lives in `string_chunks` (value NULL), every chunk full but the last, so byte `i` is in chunk
 * `i / STRING_CHUNK_BYTES`. Writes keep both rules (a value that outgrows a row moves to chunks).
 * Bytes travel as Uint8Array, never as byte strings: a 512 KiB chunk converted to a JS string per
 * SETBIT would cost more than the SQL.
 */
import type { BStr } from "../resp/bytes";
import { STRING_CHUNK_BYTES, type Keyspace } from "../keyspace/db";

const CHUNK = STRING_CHUNK_BYTES;

/** Where a live string key's bytes are. */
export interface StringLayout {
  id: number;
  /** The value's length in bytes. */
  length: number;
  /** In `keys.value` (else in `string_chunks`). */
  inline: boolean;
}

/** Bytes to write at `offset`. */
export interface BytePatch {
  offset: number;
  data: Uint8Array;
}

/** The string at `key` (null when absent): its row and length, read without reading the value. WRONGTYPE for another type. */
export function stringLayout(db: Keyspace, key: BStr): StringLayout | null {
  const meta = db.metaOf(key, "string");
  return meta ? layoutOf(db, meta.id) : null;
}

function layoutOf(db: Keyspace, id: number): StringLayout {
  // LENGTH() of a BLOB comes from its header: the value is not loaded.
  const row = db.one("SELECT LENGTH(value) AS n FROM keys WHERE id = ?", id)!;
  if (row.n !== null) return { id, length: row.n as number, inline: true };
  const last = db.one("SELECT idx, LENGTH(data) AS n FROM string_chunks WHERE kid = ? ORDER BY idx DESC LIMIT 1", id);
  return { id, length: last ? (last.idx as number) * CHUNK + (last.n as number) : 0, inline: false };
}

/** Makes `key` an empty string with no TTL, replacing whatever it held (a new key gets dbAdd's `new` event). */
export function createEmptyString(db: Keyspace, key: BStr): StringLayout {
  db.setString(key, "");
  return stringLayout(db, key)!;
}

/**
 * The bytes [start, end) of the string whose row is `id`, as far as the value goes, in pieces of
 * at most one row each with the offset each starts at. Only the part of each row in the range
 * crosses from SQLite, and the value's length is never needed: an inline value answers for itself
 * (its `value` column is NULL when chunked), and chunks end where a row is missing or short.
 */
export function* byteSegments(db: Keyspace, id: number, start: number, end: number): Generator<BytePatch> {
  if (start >= end) return;
  const inline = db.one("SELECT substr(value, ?, ?) AS v FROM keys WHERE id = ?", start + 1, end - start, id)?.v;
  if (inline !== null && inline !== undefined) {
    const data = new Uint8Array(inline as ArrayBuffer);
    if (data.length > 0) yield { offset: start, data };
    return;
  }
  for (let idx = Math.floor(start / CHUNK); idx * CHUNK < end; idx++) {
    const from = Math.max(start, idx * CHUNK);
    const want = Math.min(end, (idx + 1) * CHUNK) - from;
    const row = db.one("SELECT substr(data, ?, ?) AS v FROM string_chunks WHERE kid = ? AND idx = ?", from - idx * CHUNK + 1, want, id, idx);
    const data = row ? new Uint8Array(row.v as ArrayBuffer) : new Uint8Array(0);
    if (data.length > 0) yield { offset: from, data };
    if (data.length < want) return;
  }
}

/** The bytes [start, end) of the string with row `id` (none: a missing key) as one array, zero past the value's end. */
export function readBytes(db: Keyspace, id: number | null, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  if (id !== null) for (const seg of byteSegments(db, id, start, end)) out.set(seg.data, seg.offset - start);
  return out;
}

/** Byte `i` of the string with row `id`, or null past its end. */
export function storedByte(db: Keyspace, id: number, i: number): number | null {
  for (const seg of byteSegments(db, id, i, i + 1)) return seg.data[0]!;
  return null;
}

/**
 * Writes `patches`, all within the value of the string with row `id`, rewriting only the rows
 * they touch (the inline value, or each chunk once). Signals the modification.
 */
export function patchInPlace(db: Keyspace, key: BStr, id: number, patches: readonly BytePatch[]): void {
  const value = db.one("SELECT value FROM keys WHERE id = ?", id)!.value;
  if (value !== null) {
    const buf = new Uint8Array(value as ArrayBuffer);
    for (const p of patches) buf.set(p.data, p.offset);
    db.run("UPDATE keys SET value = ? WHERE id = ?", buf, id);
  } else {
    for (const idx of touchedChunks(0, 0, patches)) {
      const buf = new Uint8Array(db.one("SELECT data FROM string_chunks WHERE kid = ? AND idx = ?", id, idx)!.data as ArrayBuffer);
      applyPatches(buf, idx * CHUNK, patches);
      db.run("UPDATE string_chunks SET data = ? WHERE kid = ? AND idx = ?", buf, id, idx);
    }
  }
  db.modified(key);
}

/** Copies the parts of `patches` that fall in `buf`, which holds the value's bytes from `base`. */
function applyPatches(buf: Uint8Array, base: number, patches: readonly BytePatch[]): void {
  for (const p of patches) {
    const from = Math.max(p.offset, base);
    const to = Math.min(p.offset + p.data.length, base + buf.length);
    if (from < to) buf.set(p.data.subarray(from - p.offset, to - p.offset), from - base);
  }
}

/**
 * Writes `patches` into the string `s` of `key` and makes it at least `minLength` long (zeros fill
 * any gap), as sdsgrowzero + memcpy would, rewriting only the rows that change: the chunks a patch
 * touches, plus the last chunk and the new ones when the value grows. Signals the modification.
 */
export function writePatches(db: Keyspace, key: BStr, s: StringLayout, patches: readonly BytePatch[], minLength = 0): void {
  const newLength = Math.max(s.length, minLength, ...patches.map((p) => p.offset + p.data.length));
  if (s.inline && newLength <= CHUNK) {
    const buf = readBytes(db, s.id, 0, newLength);
    for (const p of patches) buf.set(p.data, p.offset);
    db.run("UPDATE keys SET value = ? WHERE id = ?", buf, s.id);
  } else {
    if (s.inline) s = toChunks(db, s);
    for (const idx of touchedChunks(s.length, newLength, patches)) writeChunk(db, s, idx, newLength, patches);
  }
  db.modified(key);
}

/** Moves an inline value into chunk 0 (it is about to outgrow its row). */
function toChunks(db: Keyspace, s: StringLayout): StringLayout {
  db.run("INSERT OR REPLACE INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", s.id, 0, readBytes(db, s.id, 0, s.length));
  db.run("UPDATE keys SET value = NULL WHERE id = ?", s.id);
  return { ...s, inline: false };
}

/** Chunk indexes, ascending, that a write of `patches` growing the value from `oldLength` to `newLength` changes. */
function touchedChunks(oldLength: number, newLength: number, patches: readonly BytePatch[]): number[] {
  const idx = new Set<number>();
  for (const p of patches) {
    if (p.data.length === 0) continue;
    for (let i = Math.floor(p.offset / CHUNK); i * CHUNK < p.offset + p.data.length; i++) idx.add(i);
  }
  // Growth rewrites the old last chunk (unless it was full) and adds every chunk after it.
  if (newLength > oldLength) for (let i = Math.floor(oldLength / CHUNK); i * CHUNK < newLength; i++) idx.add(i);
  return [...idx].sort((a, b) => a - b);
}

/** Rewrites chunk `idx` of a value growing to `newLength`: its old bytes, zeros, then the patches over it. */
function writeChunk(db: Keyspace, s: StringLayout, idx: number, newLength: number, patches: readonly BytePatch[]): void {
  const base = idx * CHUNK;
  const size = Math.min(CHUNK, newLength - base);
  const buf = readBytes(db, s.id, base, base + size);
  applyPatches(buf, base, patches);
  db.run("INSERT OR REPLACE INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", s.id, idx, buf);
}
