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
 * The bytes [start, end) of the value (clipped to its length) as pieces of at most one row each,
 * with the offset each starts at; only the part of each row in the range crosses from SQLite.
 */
export function* byteSegments(db: Keyspace, s: StringLayout, start: number, end: number): Generator<BytePatch> {
  end = Math.min(end, s.length);
  if (start >= end) return;
  if (s.inline) {
    const row = db.one("SELECT substr(value, ?, ?) AS v FROM keys WHERE id = ?", start + 1, end - start, s.id)!;
    yield { offset: start, data: new Uint8Array(row.v as ArrayBuffer) };
    return;
  }
  for (let idx = Math.floor(start / CHUNK); idx * CHUNK < end; idx++) {
    const from = Math.max(start, idx * CHUNK);
    const to = Math.min(end, (idx + 1) * CHUNK);
    const row = db.one("SELECT substr(data, ?, ?) AS v FROM string_chunks WHERE kid = ? AND idx = ?", from - idx * CHUNK + 1, to - from, s.id, idx)!;
    yield { offset: from, data: new Uint8Array(row.v as ArrayBuffer) };
  }
}

/** The bytes [start, end) as one array of end - start bytes, zero past the value's end. */
export function readBytes(db: Keyspace, s: StringLayout | null, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  if (s) for (const seg of byteSegments(db, s, start, end)) out.set(seg.data, seg.offset - start);
  return out;
}

/**
 * Writes `patches` into the string `s` of `key` and makes it at least `minLength` long (zeros fill
 * any gap), as sdsgrowzero + memcpy would, rewriting only the rows that change: the chunks a patch
 * touches, plus the last chunk and the new ones when the value grows. Signals the modification.
 */
export function writePatches(db: Keyspace, key: BStr, s: StringLayout, patches: readonly BytePatch[], minLength = 0): void {
  const newLength = Math.max(s.length, minLength, ...patches.map((p) => p.offset + p.data.length));
  if (s.inline && newLength <= CHUNK) {
    const buf = readBytes(db, s, 0, newLength);
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
  db.run("INSERT OR REPLACE INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", s.id, 0, readBytes(db, s, 0, s.length));
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
  const buf = readBytes(db, s, base, base + size);
  for (const p of patches) {
    const from = Math.max(p.offset, base);
    const to = Math.min(p.offset + p.data.length, base + size);
    if (from < to) buf.set(p.data.subarray(from - p.offset, to - p.offset), from - base);
  }
  db.run("INSERT OR REPLACE INTO string_chunks (kid, idx, data) VALUES (?, ?, ?)", s.id, idx, buf);
}
