/**
 * CLIENT PAUSE timeout [WRITE|ALL] / CLIENT UNPAUSE for one gateway isolate (pauseClients): a later
 * end and the stronger mode win; a paused command waits, polling every PAUSE_POLL_MS in its own
 * connection's context (so an UNPAUSE from another connection needs no cross-context wake-up).
 */
import type { BStr } from "../../resp/bytes";
import { ReplyError } from "../../resp/reply";
import { intArg } from "../../commands/args";

/** How often a paused command looks whether the pause ended. */
export const PAUSE_POLL_MS = 10;

export type PauseMode = "write" | "all";

export class ClientPause {
  private end = 0;
  private mode: PauseMode | null = null;

  /** The mode in force at `now`, or null. */
  active(now: number): PauseMode | null {
    if (this.mode !== null && this.end <= now) this.mode = null;
    return this.mode;
  }

  pause(end: number, mode: PauseMode, now: number): void {
    const current = this.active(now);
    this.mode = current === "all" || mode === "all" ? "all" : "write";
    this.end = current === null ? end : Math.max(this.end, end);
  }

  unpause(): void {
    this.mode = null;
    this.end = 0;
  }

  /** Whether a command of this kind waits now (`write`: write or may_replicate, or an EXEC holding one). */
  holds(write: boolean, now: number): boolean {
    const m = this.active(now);
    return m === "all" || (m === "write" && write);
  }

  /** Resolves once a command of this kind may run. */
  async wait(write: boolean): Promise<void> {
    while (this.holds(write, Date.now())) {
      await new Promise<void>((r) => setTimeout(r, Math.max(1, Math.min(PAUSE_POLL_MS, this.end - Date.now()))));
    }
  }
}

/** CLIENT PAUSE's arguments (argv[2..]): the end time (ms; 0 for a 0 timeout) and the mode; throws Redis's errors. */
export function parsePause(argv: readonly BStr[], now: number): { end: number; mode: PauseMode } {
  let mode: PauseMode = "all";
  if (argv.length === 4) {
    const m = argv[3]!.toLowerCase();
    if (m === "write" || m === "all") mode = m;
    else throw new ReplyError("ERR CLIENT PAUSE mode must be WRITE or ALL");
  }
  const ms = intArg(argv[2]!, "ERR timeout is not an integer or out of range");
  if (ms < 0) throw new ReplyError("ERR timeout is negative");
  return { end: ms > 0 ? now + ms : 0, mode };
}
