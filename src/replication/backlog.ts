/**
 * The replication backlog: the last `repl-backlog-size` bytes of the replication stream, kept so
 * a replica that lost the link can continue from its offset instead of a full resync.
 *
 * Redis keeps it as a ring buffer (seeds 001/003: feedReplicationBacklog, addReplyReplicationBacklog).
 * Here the bytes live with the shell (SQLite rows keyed by their first offset), behind the
 * `Backlog` interface; the core owns the metadata and the arithmetic, so both stay in one place:
 *
 *   after feeding `len` bytes:  master_repl_offset += len
 *                               histlen = min(histlen + len, repl-backlog-size)
 *                               offset  = master_repl_offset - histlen + 1   (first byte held)
 *
 * Byte number `offset` is the oldest the backlog can serve; `offset + histlen - 1` is always
 * master_repl_offset. A PSYNC for offset p can continue iff offset <= p <= offset + histlen
 * (p = offset + histlen asks for nothing yet: the replica is up to date). Chunks that end before
 * `offset` are dropped; a chunk straddling it stays, and reads skip its stale head — the
 * chunked equivalent of the ring overwriting its oldest bytes.
 */
import type { BStr } from "../resp/bytes";

/** CONFIG_REPL_BACKLOG_MIN_SIZE: 16 KiB. */
export const BACKLOG_MIN_SIZE = 16 * 1024;

/** What the core remembers of the backlog (repl_backlog->histlen, repl_backlog->offset). */
export interface BacklogMeta {
  /** Bytes of history held (≤ repl-backlog-size). */
  histlen: number;
  /** Replication offset of the first byte held (repl_backlog_off). */
  offset: number;
}

/**
 * The byte store the shell implements (SQLite: `backlog(start_offset INTEGER PRIMARY KEY, bytes BLOB)`).
 * All calls are synchronous; the core calls them only with offsets its metadata vouches for.
 */
export interface Backlog {
  /** Stores `bytes`, the stream bytes numbered startOffset, startOffset + 1, ... (contiguous with the last append). */
  append(startOffset: number, bytes: BStr): void;
  /** Up to `maxBytes` stream bytes starting at byte number `fromOffset`. */
  read(fromOffset: number, maxBytes: number): BStr;
  /** Drops every chunk that ends before `firstByteOffset` (see chunksToDrop). */
  trim(firstByteOffset: number): void;
  /** Forgets everything (freeReplicationBacklog, or a fresh history after a full sync). */
  clear(): void;
}

/** createReplicationBacklog: empty, but virtually the next byte produced is the first one held. */
export function createBacklogMeta(masterReplOffset: number): BacklogMeta {
  return { histlen: 0, offset: masterReplOffset + 1 };
}

/** feedReplicationBacklog's bookkeeping, after master_repl_offset already grew by `len`. */
export function feedBacklogMeta(meta: BacklogMeta, masterReplOffset: number, len: number, sizeBytes: number): void {
  meta.histlen = Math.min(meta.histlen + len, sizeBytes);
  meta.offset = masterReplOffset - meta.histlen + 1;
}

/** CONFIG SET repl-backlog-size: keep the newest `sizeBytes` (Redis 7 trims instead of discarding). */
export function resizeBacklogMeta(meta: BacklogMeta, masterReplOffset: number, sizeBytes: number): boolean {
  if (meta.histlen <= sizeBytes) return false;
  feedBacklogMeta(meta, masterReplOffset, 0, sizeBytes);
  return true;
}

/** The last byte held (== master_repl_offset), or offset - 1 when empty. */
export function backlogEnd(meta: BacklogMeta): number {
  return meta.offset + meta.histlen - 1;
}

/** Bytes a read from `fromOffset` can return, at most `maxBytes` (0 when nothing is held there). */
export function backlogReadLength(meta: BacklogMeta, fromOffset: number, maxBytes: number): number {
  if (fromOffset < meta.offset) return 0;
  return Math.max(0, Math.min(maxBytes, backlogEnd(meta) - fromOffset + 1));
}

/** A stored chunk: bytes numbered start .. start + length - 1. */
export interface ChunkSpan {
  start: number;
  length: number;
}

/** Chunks wholly before the first byte held: the rows the shell deletes when trimming. */
export function chunksToDrop<T extends ChunkSpan>(chunks: readonly T[], firstByteOffset: number): T[] {
  return chunks.filter((c) => c.start + c.length - 1 < firstByteOffset);
}

/** The part of `chunk` inside [from, to] as indexes into its bytes, or null if they do not meet. */
export function chunkSlice(chunk: ChunkSpan, from: number, to: number): [number, number] | null {
  const lo = Math.max(from, chunk.start);
  const hi = Math.min(to, chunk.start + chunk.length - 1);
  return lo > hi ? null : [lo - chunk.start, hi - chunk.start + 1];
}
