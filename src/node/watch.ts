/**
 * WATCH without per-connection state on the node. WATCH returns a token: the node's incarnation,
 * a write sequence number, and each key's expiry as seen then. The node remembers the sequence
 * number of the last write to each recently written key (two generations of WATCH_MEMORY_KEYS
 * writes: when the newer fills, the older is forgotten at once, so a write costs one map update
 * however many keys a reshard or a flush touches); EXEC aborts if a watched
 * key was written after the token's sequence, if that memory was trimmed past it, if the node
 * restarted since (new incarnation), or if a key that was alive at WATCH time has since expired
 * (Redis 7 counts expiry as a modification).
 */
import type { BStr } from "../resp/bytes";
import type { WatchToken } from "../node-rpc";

/** How many recently written keys the node remembers for WATCH at least (older writes abort conservatively). */
export const WATCH_MEMORY_KEYS = 10_000;

export type { WatchToken };

export class WatchedKeys {
  private seq = 0;
  /** Writes up to this sequence number were forgotten. */
  private floor = 0;
  /** The newer generation of last writes, and the sequence number it started after. */
  private current = new Map<BStr, number>();
  private currentFrom = 0;
  private previous = new Map<BStr, number>();

  constructor(readonly incarnation: string) {}

  touched(key: BStr): void {
    this.current.set(key, ++this.seq);
    if (this.current.size < WATCH_MEMORY_KEYS) return;
    // Every write the older generation holds came before the newer one started.
    this.floor = this.currentFrom;
    this.previous = this.current;
    this.current = new Map();
    this.currentFrom = this.seq;
  }

  token(keys: Record<BStr, number | null>): WatchToken {
    return { incarnation: this.incarnation, seq: this.seq, keys };
  }

  /** True if EXEC must abort. `now` and `expiryOf` check for keys that expired since WATCH. */
  changedSince(token: WatchToken, now: number): boolean {
    if (token.incarnation !== this.incarnation) return true;
    if (this.floor > token.seq) return true;
    for (const [key, expiresAt] of Object.entries(token.keys)) {
      if ((this.current.get(key) ?? this.previous.get(key) ?? 0) > token.seq) return true;
      if (expiresAt !== null && expiresAt !== -1 && expiresAt <= now) return true;
    }
    return false;
  }
}
