/**
 * An in-memory Backlog with the same layout the shell keeps in SQLite (chunks keyed by their
 * first offset), for tests and the simulator. It checks its callers: appends must be contiguous.
 */
import type { BStr } from "../resp/bytes";
import { chunkSlice, chunksToDrop, type Backlog } from "./backlog";

interface Chunk {
  start: number;
  length: number;
  bytes: BStr;
}

export class MemoryBacklog implements Backlog {
  private chunks: Chunk[] = [];

  /** Bytes currently stored, stale heads of straddling chunks included. */
  get storedBytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  append(startOffset: number, bytes: BStr): void {
    if (bytes.length === 0) return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.start + last.length !== startOffset) {
      throw new Error(`backlog append at ${startOffset} is not contiguous with ${last.start + last.length}`);
    }
    this.chunks.push({ start: startOffset, length: bytes.length, bytes });
  }

  read(fromOffset: number, maxBytes: number): BStr {
    const to = fromOffset + maxBytes - 1;
    let out = "";
    for (const c of this.chunks) {
      const s = chunkSlice(c, fromOffset, to);
      if (s) out += c.bytes.slice(s[0], s[1]);
    }
    return out;
  }

  trim(firstByteOffset: number): void {
    const drop = new Set(chunksToDrop(this.chunks, firstByteOffset));
    if (drop.size > 0) this.chunks = this.chunks.filter((c) => !drop.has(c));
  }

  clear(): void {
    this.chunks = [];
  }
}
