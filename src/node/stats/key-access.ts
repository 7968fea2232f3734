/**
 * Per-key access times and LFU counters for OBJECT IDLETIME and OBJECT FREQ, kept in memory for
 * the most recently used MAX_TRACKED_KEYS keys (a Map in access order: re-inserting moves a key to
 * the end, the first entry is the least recently used). Not persisted: after the node restarts
 * every key is untracked. For an untracked key IDLETIME answers a lower bound of its idleness:
 * the node's uptime while nothing was ever dropped, else the oldest tracked key's idle time.
 *
 * FREQ follows evict.c's LFU counter (LFU_INIT_VAL 5, logarithmic increments by lfu-log-factor,
 * one step of decay per lfu-decay-time minutes), with the increments made deterministic: each
 * access adds its probability 1/((counter-5)*factor+1) to a fraction, a whole unit bumps it.
 */
import type { BStr } from "../../resp/bytes";

/** Keys tracked at most (about 100 bytes each beyond the key). */
export const MAX_TRACKED_KEYS = 100_000;
const LFU_INIT_VAL = 5;
const LFU_MAX = 255;

interface Access {
  at: number;
  counter: number;
  fraction: number;
}

export class KeyAccess {
  private readonly keys = new Map<BStr, Access>();
  private dropped = false;

  constructor(private readonly startedAt: number) {}

  touch(key: BStr, now: number, logFactor: number, decayMinutes: number): void {
    const prev = this.keys.get(key);
    const a: Access = prev ? { ...prev, counter: decayed(prev, now, decayMinutes) } : { at: now, counter: LFU_INIT_VAL, fraction: 0 };
    if (prev) this.keys.delete(key);
    if (a.counter < LFU_MAX) {
      const base = Math.max(0, a.counter - LFU_INIT_VAL);
      a.fraction += 1 / (base * logFactor + 1);
      if (a.fraction >= 1) {
        a.counter++;
        a.fraction -= 1;
      }
    }
    a.at = now;
    this.keys.set(key, a);
    if (this.keys.size > MAX_TRACKED_KEYS) {
      this.keys.delete(this.keys.keys().next().value!);
      this.dropped = true;
    }
  }

  /** OBJECT IDLETIME, in seconds. */
  idleSeconds(key: BStr, now: number): number {
    const a = this.keys.get(key);
    if (a) return Math.floor((now - a.at) / 1000);
    const oldest = this.dropped ? this.keys.values().next().value : undefined;
    return Math.floor((now - (oldest ? oldest.at : this.startedAt)) / 1000);
  }

  /** OBJECT FREQ: the LFU counter after decay (a key untracked here counts as new). */
  freq(key: BStr, now: number, decayMinutes: number): number {
    const a = this.keys.get(key);
    return a ? decayed(a, now, decayMinutes) : LFU_INIT_VAL;
  }

  forget(key: BStr): void {
    this.keys.delete(key);
  }
}

/** LFUDecrAndReturn: one step down per lfu-decay-time minutes since the last access. */
function decayed(a: Access, now: number, decayMinutes: number): number {
  if (decayMinutes <= 0) return a.counter;
  const periods = Math.floor((now - a.at) / 60_000 / decayMinutes);
  return Math.max(0, a.counter - periods);
}
