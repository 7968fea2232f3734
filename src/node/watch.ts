/**
 * WATCH without per-connection state on the node. WATCH returns a token: the node's incarnation,
 * a write sequence number, and each key's expiry as seen then. The node remembers the sequence
 * number of the last write to each recently written key (a bounded LRU); EXEC aborts if a watched
 * key was written after the token's sequence, if that memory was trimmed past it, if the node
 * restarted since (new incarnation), or if a key that was alive at WATCH time has since expired
 * (Redis 7 counts expiry as a modification).
 */
import type { BStr } from "../resp/bytes";
import type { WatchToken } from "../node-rpc";

/** How many recently written keys the node remembers for WATCH (older writes abort conservatively). */
export const WATCH_MEMORY_KEYS = 10_000;

export type { WatchToken };

export class WatchedKeys {
  private seq = 0;
  /** Writes older than this sequence number were forgotten. */
  private floor = 0;
  private lastWrite = new Map<BStr, number>();

  constructor(readonly incarnation: string) {}

  touched(key: BStr): void {
    this.seq++;
    this.lastWrite.delete(key);
    this.lastWrite.set(key, this.seq);
    if (this.lastWrite.size > WATCH_MEMORY_KEYS) {
      const [oldKey, oldSeq] = this.lastWrite.entries().next().value as [BStr, number];
      this.lastWrite.delete(oldKey);
      this.floor = oldSeq;
    }
  }

  token(keys: Record<BStr, number | null>): WatchToken {
    return { incarnation: this.incarnation, seq: this.seq, keys };
  }

  /** True if EXEC must abort. `now` and `expiryOf` check for keys that expired since WATCH. */
  changedSince(token: WatchToken, now: number): boolean {
    if (token.incarnation !== this.incarnation) return true;
    if (this.floor > token.seq) return true;
    for (const [key, expiresAt] of Object.entries(token.keys)) {
      if ((this.lastWrite.get(key) ?? 0) > token.seq) return true;
      if (expiresAt !== null && expiresAt !== -1 && expiresAt <= now) return true;
    }
    return false;
  }
}
