/**
 * Output of the operator CLI: human lines (redis-cli's `>>>`, `[OK]`, `[WARNING]`, `[ERR]` style)
 * and a progress bar on a terminal, or, with --json, nothing but one JSON document at the end so
 * scripts can read it. Errors always go to stderr.
 */
export class Reporter {
  private bar: Progress | undefined;

  constructor(readonly json: boolean, private readonly stdout = process.stdout, private readonly stderr = process.stderr) {}

  /** A human line (suppressed with --json). */
  line(text: string): void {
    if (this.json) return;
    this.bar?.clear();
    this.stdout.write(text + "\n");
    this.bar?.draw();
  }

  error(text: string): void {
    this.bar?.clear();
    this.stderr.write(text + "\n");
  }

  /** The command's result: printed as JSON with --json, else by `human` (if given). */
  result(value: unknown, human?: () => void): void {
    if (this.json) this.stdout.write(JSON.stringify(value, null, 2) + "\n");
    else human?.();
  }

  /** Starts a progress bar over `total` units (slots); a no-op with --json. */
  progress(label: string, total: number): Progress {
    this.bar = new Progress(label, total, this.json ? undefined : this.stderr);
    return this.bar;
  }

  endProgress(): void {
    this.bar?.finish();
    this.bar = undefined;
  }
}

const BAR_WIDTH = 30;
/** Without a terminal, one line per this share of the work (a log gets ~10 lines, not thousands). */
const PLAIN_STEP = 0.1;

export class Progress {
  private done = 0;
  private keys = 0;
  private lastPlain = 0;
  private readonly startedMs = Date.now();

  constructor(private readonly label: string, private readonly total: number, private readonly out?: NodeJS.WriteStream) {}

  /** One unit (slot) done, having moved `keys` keys. */
  tick(keys = 0): void {
    this.advance(1, keys);
  }

  /** `units` (slots) done and `keys` more keys moved (an atomic slot migration reports keys as they go). */
  advance(units: number, keys: number): void {
    this.done += units;
    this.keys += keys;
    if (!this.out) return;
    if (this.out.isTTY) this.draw();
    else if (this.done === this.total || this.done - this.lastPlain >= Math.max(1, this.total * PLAIN_STEP)) {
      this.lastPlain = this.done;
      this.out.write(this.text() + "\n");
    }
  }

  private text(): string {
    const pct = this.total === 0 ? 1 : this.done / this.total;
    const fill = Math.round(pct * BAR_WIDTH);
    const secs = ((Date.now() - this.startedMs) / 1000).toFixed(1);
    return `${this.label} [${"#".repeat(fill)}${".".repeat(BAR_WIDTH - fill)}] ${this.done}/${this.total} slots, ${this.keys} keys, ${secs}s`;
  }

  draw(): void {
    if (this.out?.isTTY) this.out.write(`\r${this.text()}`);
  }

  clear(): void {
    if (this.out?.isTTY) this.out.write("\r\x1b[K");
  }

  finish(): void {
    if (this.out?.isTTY) this.out.write(`\r${this.text()}\n`);
  }

  get movedKeys(): number {
    return this.keys;
  }
}
