/**
 * SLOWLOG (slowlog.c) and the latency monitor (latency.c), per node. A command slower than
 * slowlog-log-slower-than microseconds is logged (newest first, at most slowlog-max-len entries,
 * its arguments trimmed as Redis trims them); one slower than latency-monitor-threshold ms adds a
 * sample to the "command" or "fast-command" event (one sample per second, the highest kept,
 * LATENCY_TS_LEN samples per event).
 */
import type { BStr } from "../../resp/bytes";

/** slowlog.h: arguments and bytes per argument kept per entry. */
const SLOWLOG_ENTRY_MAX_ARGC = 32;
const SLOWLOG_ENTRY_MAX_STRING = 128;
/** latency.h: samples kept per event. */
export const LATENCY_TS_LEN = 160;

export interface SlowlogEntry {
  id: number;
  /** Unix seconds. */
  time: number;
  usec: number;
  argv: BStr[];
  peer: string;
  name: string;
}

export class Slowlog {
  entries: SlowlogEntry[] = [];
  private nextId = 0;

  /** slowlogPushEntryIfNeeded. */
  push(argv: readonly BStr[], usec: number, nowMs: number, slowerThan: number, maxLen: number, peer: string, name: string): void {
    if (slowerThan < 0 || usec < slowerThan) return;
    let kept = argv.map((a) => (a.length > SLOWLOG_ENTRY_MAX_STRING
      ? `${a.slice(0, SLOWLOG_ENTRY_MAX_STRING)}... (${a.length - SLOWLOG_ENTRY_MAX_STRING} more bytes)` : a));
    if (argv.length > SLOWLOG_ENTRY_MAX_ARGC) {
      kept = kept.slice(0, SLOWLOG_ENTRY_MAX_ARGC - 1);
      kept.push(`... (${argv.length - SLOWLOG_ENTRY_MAX_ARGC + 1} more arguments)`);
    }
    this.entries.unshift({ id: this.nextId++, time: Math.floor(nowMs / 1000), usec, argv: kept, peer, name });
    this.trim(maxLen);
  }

  trim(maxLen: number): void {
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries = [];
  }
}

interface Series {
  samples: { time: number; latency: number }[];
  max: number;
}

export class LatencyMonitor {
  readonly events = new Map<string, Series>();

  /** latencyAddSampleIfNeeded: `ms` at or over the threshold (0: monitoring off). */
  add(event: string, ms: number, nowMs: number, thresholdMs: number): void {
    if (thresholdMs <= 0 || ms < thresholdMs) return;
    const now = Math.floor(nowMs / 1000);
    let s = this.events.get(event);
    if (!s) this.events.set(event, (s = { samples: [], max: 0 }));
    if (ms > s.max) s.max = ms;
    const last = s.samples[s.samples.length - 1];
    if (last && last.time === now) {
      if (ms > last.latency) last.latency = ms;
      return;
    }
    s.samples.push({ time: now, latency: ms });
    if (s.samples.length > LATENCY_TS_LEN) s.samples.shift();
  }

  /** LATENCY RESET [event ...]: how many events it reset. */
  reset(events: readonly string[]): number {
    if (events.length === 0) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const e of events) if (this.events.delete(e)) n++;
    return n;
  }
}
