/**
 * `client-output-buffer-limit pubsub 32mb 8mb 60` (Redis 7.0's default for the pubsub class):
 * a subscriber whose unsent output reaches the hard limit, or stays at or over the soft limit for
 * more than the soft seconds, is disconnected (networking.c checkClientOutputBufferLimits). The
 * publisher never waits for a subscriber: a hub's send returns at once, every subscriber has its
 * own sockets, so a slow reader only grows its own buffer until this closes it.
 */
export interface OutputLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

export const PUBSUB_OUTPUT_LIMIT: OutputLimit = { hardBytes: 32 * 1024 * 1024, softBytes: 8 * 1024 * 1024, softSeconds: 60 };

export class OutputLimiter {
  /** When the soft limit was first seen reached (null: below it). */
  private softSince: number | null = null;

  constructor(private readonly limit: OutputLimit, private readonly now: () => number) {}

  /** Whether a client holding `bytes` unsent must be closed now. */
  over(bytes: number): boolean {
    const { hardBytes, softBytes, softSeconds } = this.limit;
    if (hardBytes > 0 && bytes >= hardBytes) return true;
    if (softBytes > 0 && bytes >= softBytes) {
      if (this.softSince === null) this.softSince = this.now();
      // Redis: closed once more than soft-seconds have passed since the limit was first reached.
      else if (this.now() - this.softSince > softSeconds * 1000) return true;
      return false;
    }
    this.softSince = null;
    return false;
  }
}
