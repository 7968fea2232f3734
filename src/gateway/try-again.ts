/**
 * TRYAGAIN, followed by the gateway: a node answers it while a slot is being moved (a multi-key
 * command some of whose keys already left, an IMPORTING target missing some keys) or while a key
 * is locked (a cross-node transaction, a MIGRATE moving it). Both end soon, so the gateway tries
 * again after a short pause that doubles, a bounded number of times, and the client never sees
 * the error unless the move stalls. One policy for pipelines, MULTI/EXEC (router.ts) and
 * cross-node commands (cross-node.ts).
 */
import type { Reply } from "../resp/reply";

/** How often a command answered TRYAGAIN (or MOVED, across nodes) is tried again. */
export const TRYAGAIN_RETRIES = 8;
/** The first pause before trying again (doubling, at most TRYAGAIN_MAX_BACKOFF_MS): 10 ms ... 500 ms, ~2 s in all. */
export const TRYAGAIN_FIRST_BACKOFF_MS = 10;
export const TRYAGAIN_MAX_BACKOFF_MS = 500;

export const isTryAgain = (r: Reply | undefined): boolean => r !== undefined && r.t === "error" && r.v.startsWith("TRYAGAIN");

/** The pauses between tries: `next()` waits, doubling each time. */
export class Backoff {
  private ms = TRYAGAIN_FIRST_BACKOFF_MS;
  tries = 0;

  constructor(private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  /** True while another try is allowed. */
  get left(): boolean {
    return this.tries < TRYAGAIN_RETRIES;
  }

  async next(): Promise<void> {
    this.tries++;
    await this.sleep(this.ms);
    this.ms = Math.min(this.ms * 2, TRYAGAIN_MAX_BACKOFF_MS);
  }
}
