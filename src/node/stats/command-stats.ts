/**
 * What INFO commandstats, errorstats, latencystats and stats count, measured per node as
 * server.c's call() and afterErrorReply() count them: calls and microseconds per command (and per
 * subcommand, `config|get`), calls rejected before running (arity, MOVED, ...), calls that
 * answered an error, errors by their first word, keyspace hits and misses, and ops/sec sampled by
 * the cron. Durations come from the clock port (in a Worker the clock does not advance during CPU
 * work, so most read 0): tests assert counts, never times.
 */

/** Latency histogram buckets: bucket i counts durations under 2^i microseconds (the last is the rest). */
const BUCKETS = 40;
/** Samples kept for instantaneous_ops_per_sec (server.c's STATS_METRIC_SAMPLES). */
const OPS_SAMPLES = 16;
/** MAX errors kept in errorstats (server.c's ERROR_STATS_NUMBER): past it, new codes are not tracked. */
export const ERROR_STATS_NUMBER = 128;

export interface CommandStat {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
  /** histogram[i]: calls that took [2^(i-1), 2^i) microseconds (histogram[0]: under 1). */
  histogram: number[];
}

export class CommandStats {
  readonly commands = new Map<string, CommandStat>();
  readonly errors = new Map<string, number>();
  totalErrorReplies = 0;
  errorsDisabled = false;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  rejectedCalls = 0;
  private opsSamples: number[] = [];
  private lastSample: { at: number; calls: number } | null = null;
  private totalCalls = 0;

  private stat(name: string): CommandStat {
    let s = this.commands.get(name);
    if (!s) this.commands.set(name, (s = { calls: 0, usec: 0, rejected: 0, failed: 0, histogram: new Array<number>(BUCKETS).fill(0) }));
    return s;
  }

  /** A command that ran (answered `error` if it failed). */
  ran(name: string, usec: number, error: string | null): void {
    const s = this.stat(name);
    s.calls++;
    s.usec += usec;
    s.histogram[bucketOf(usec)]!++;
    this.totalCalls++;
    if (error !== null) {
      s.failed++;
      this.error(error);
    }
  }

  /** A command refused before it ran (name null: unknown to the table). */
  rejected(name: string | null, error: string): void {
    if (name !== null) this.stat(name).rejected++;
    this.rejectedCalls++;
    this.error(error);
  }

  /** afterErrorReply: counted by the error's first word (its code). */
  error(text: string): void {
    this.totalErrorReplies++;
    if (this.errorsDisabled) return;
    const code = text.split(" ", 1)[0]!;
    const n = this.errors.get(code);
    if (n === undefined && this.errors.size >= ERROR_STATS_NUMBER) {
      // Redis stops tracking (and says so in the log) rather than grow without bound.
      this.errorsDisabled = true;
      return;
    }
    this.errors.set(code, (n ?? 0) + 1);
  }

  /** The cron's sample for instantaneous_ops_per_sec (trackInstantaneousMetric). */
  sample(now: number): void {
    const last = this.lastSample;
    this.lastSample = { at: now, calls: this.totalCalls };
    if (!last || now <= last.at) return;
    this.opsSamples.push(((this.totalCalls - last.calls) * 1000) / (now - last.at));
    if (this.opsSamples.length > OPS_SAMPLES) this.opsSamples.shift();
  }

  get opsPerSec(): number {
    if (this.opsSamples.length === 0) return 0;
    return Math.round(this.opsSamples.reduce((a, b) => a + b, 0) / this.opsSamples.length);
  }

  /** CONFIG RESETSTAT. */
  reset(): void {
    this.commands.clear();
    this.errors.clear();
    this.errorsDisabled = false;
    this.totalErrorReplies = this.keyspaceHits = this.keyspaceMisses = this.netInputBytes = this.netOutputBytes = this.rejectedCalls = 0;
    this.opsSamples = [];
  }
}

export function bucketOf(usec: number): number {
  return usec < 1 ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log2(usec)) + 1);
}

/** The upper bound, in microseconds, of bucket `i`. */
export const bucketLimit = (i: number): number => 2 ** i;

/** A percentile (0..100) of a histogram, as its bucket's upper bound in microseconds. */
export function histogramPercentile(h: readonly number[], p: number): number {
  const total = h.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const want = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i]!;
    if (seen >= want && h[i]! > 0) return bucketLimit(i);
  }
  return bucketLimit(h.length - 1);
}
