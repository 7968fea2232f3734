/**
 * The largest element the keyspace stores. Every collection element is one SQLite row, and a
 * Durable Object refuses rows (and BLOBs) over 2 MB: a statement failing deep inside a command used
 * to throw out of the node's RPC. Elements are refused up front instead of being split like long
 * strings: splitting would make every element read, compare and index (zsets_by_score holds the
 * member) span rows, for values no Redis client expects to keep inside a collection. Keys are held
 * to the same limit (the `keys` row holds the key, plus up to STRING_CHUNK_BYTES of an inline value).
 *
 * Checked where rows are written, inside the command's transaction: a refused command rolls back
 * whatever it wrote before, so it changes nothing.
 */
import { ReplyError } from "../resp/reply";

/** Bytes per element (a hash field and its value together): half the 2 MB row, for index entries. */
export const ELEMENT_MAX_BYTES = 1024 * 1024;

export const ELEMENT_TOO_LARGE =
  `ERR element exceeds maximum allowed size (${ELEMENT_MAX_BYTES} bytes per list element, set or sorted set member, or hash field plus value)`;
export const KEY_TOO_LARGE = `ERR key exceeds maximum allowed size (${ELEMENT_MAX_BYTES} bytes)`;

/** Throws unless an element of `bytes` bytes may be stored. */
export function checkElementSize(bytes: number): void {
  if (bytes > ELEMENT_MAX_BYTES) throw new ReplyError(ELEMENT_TOO_LARGE);
}

/** Throws unless a key of `bytes` bytes may be created. */
export function checkKeySize(bytes: number): void {
  if (bytes > ELEMENT_MAX_BYTES) throw new ReplyError(KEY_TOO_LARGE);
}
