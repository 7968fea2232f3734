/**
 * A run's fingerprint: FNV-1a over every event's time and kind ("alarm n0", "bus n0>n1 ping",
 * "answer n1>n0", ...), in the order they ran. Two runs of one seed must have the same hash (the
 * determinism scenario checks it); a replay that drifts from a recorded run shows up here first.
 * SIM_TRACE=1 also prints each event to stderr (unbuffered), with its simulated time.
 */
const PRINT = typeof process !== "undefined" && process.env.SIM_TRACE === "1";

export class Trace {
  private h = 0x811c9dc5;

  constructor(private readonly startMs: number) {}

  record(time: number, what: string): void {
    if (PRINT) process.stderr.write(`${time - this.startMs} ${what}\n`);
    const text = `${time} ${what};`;
    let h = this.h;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    this.h = h;
  }

  get hash(): number {
    return this.h >>> 0;
  }
}
