/**
 * Clients blocked on keys (BLPOP and friends): a waiter per blocked command, woken when one of its
 * keys is modified. The command is then simply run again (as Redis's serveClientsBlockedOnKeys
 * re-executes it); if it still finds nothing it blocks again until its deadline.
 */
import type { BStr } from "../resp/bytes";
import { MAX_TIMER_MS, type Clock } from "./ports";
import type { Reply } from "../resp/reply";
import type { BlockRequest } from "../keyspace/handler";

interface Waiter {
  keys: BStr[];
  wake: () => void;
}

export class BlockedClients {
  private byKey = new Map<BStr, Set<Waiter>>();

  constructor(private readonly clock: Clock) {}

  /** Resolves when one of `keys` is modified or after `timeoutMs` (0 = never); true if woken by a key. */
  wait(keys: BStr[], timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let cancel: (() => void) | undefined;
      const waiter: Waiter = {
        keys,
        wake: () => {
          this.remove(waiter);
          cancel?.();
          resolve(true);
        },
      };
      for (const k of keys) {
        let set = this.byKey.get(k);
        if (!set) this.byKey.set(k, (set = new Set()));
        set.add(waiter);
      }
      if (timeoutMs > 0) {
        cancel = this.clock.setTimer(timeoutMs, () => {
          this.remove(waiter);
          resolve(false);
        });
      }
    });
  }

  /**
   * Serves a blocked command: waits for one of its keys to be modified, then `rerun`s it (null:
   * not run now), until it replies rather than blocks again, or its deadline passes.
   */
  async serve(req: BlockRequest, rerun: () => Promise<Reply | BlockRequest | null>): Promise<Reply> {
    const deadline = req.timeoutMs > 0 ? this.clock.now() + req.timeoutMs : Infinity;
    for (;;) {
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) return req.timeoutReply;
      // Timers hold at most 2^31-1 ms: longer waits go in slices.
      if (!(await this.wait(req.keys, Number.isFinite(remaining) ? Math.min(remaining, MAX_TIMER_MS) : 0))) continue;
      const out = await rerun();
      if (out && out.t !== "block") return out;
    }
  }

  /** signalKeyAsReady: wakes everyone blocked on `key`. */
  touched(key: BStr): void {
    const set = this.byKey.get(key);
    if (!set) return;
    // Woken waiters run after the current command's transaction has committed (microtask order).
    for (const w of [...set]) queueMicrotask(w.wake);
  }

  get count(): number {
    const all = new Set<Waiter>();
    for (const set of this.byKey.values()) for (const w of set) all.add(w);
    return all.size;
  }

  private remove(w: Waiter): void {
    for (const k of w.keys) {
      const set = this.byKey.get(k);
      set?.delete(w);
      if (set?.size === 0) this.byKey.delete(k);
    }
  }
}
