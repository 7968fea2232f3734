/**
 * Fault injection for tests and demos (DEBUG HALT / SLEEP / REPL-PAUSE), only where
 * DEBUG_COMMANDS=true. Volatile on purpose: a restarted object comes back healthy.
 *
 * - HALT <seconds>: the node is dead to the world: bus and replication messages are lost, client
 *   calls fail (a dropped connection), the cron does not run. The cluster must fail it over.
 * - SLEEP <seconds>: Redis's DEBUG SLEEP blocks the server; its sockets keep buffering. Here client
 *   calls wait until the sleep ends and then run; bus and replication messages are lost (a peer's
 *   cron must never wait on a sleeping node) and the cron does not run.
 * - REPL-PAUSE <ms>: only incoming replication messages are lost (a replication-link partition).
 */
import { toFloat } from "../commands/args";
import type { ConnState } from "../commands/types";
import type { BStr } from "../resp/bytes";
import { error, OK, type Reply } from "../resp/reply";
import { MAX_TIMER_MS, sleep, type Clock } from "./ports";

export class Faults {
  constructor(private readonly clock: Clock) {}

  private haltedUntil = 0;
  private sleepingUntil = 0;
  private replPausedUntil = 0;

  /** DEBUG SLEEP|HALT <seconds> (admin only) and REPL-PAUSE <ms>; null for other subcommands. */
  command(argv: BStr[], conn: ConnState, now: number): Reply | null {
    const sub = argv[1]!.toLowerCase();
    if (argv.length !== 3) return null;
    if (sub === "sleep" || sub === "halt") {
      if (!conn.admin) return error("NOPERM DEBUG SLEEP and HALT need the admin token");
      const seconds = toFloat(argv[2]!);
      if (seconds === null || !(seconds >= 0) || !Number.isFinite(seconds)) return error("ERR value is not a valid float");
      const until = now + Math.min(Math.round(seconds * 1000), MAX_TIMER_MS);
      if (sub === "sleep") this.sleepingUntil = until;
      else this.haltedUntil = until;
      return OK;
    }
    if (sub === "repl-pause") {
      const ms = Number(argv[2]);
      if (!Number.isSafeInteger(ms) || ms < 0) return error("ERR value is not an integer or out of range");
      this.replPausedUntil = now + ms;
      return OK;
    }
    return null;
  }

  /** When the node may run its cron again (0: now). */
  stoppedUntil(now: number): number {
    const until = Math.max(this.haltedUntil, this.sleepingUntil);
    return until > now ? until : 0;
  }

  /** Bus messages arriving now are lost. */
  dropsBus(now: number): boolean {
    return this.stoppedUntil(now) !== 0;
  }

  /** Replication messages arriving now are lost. */
  dropsReplication(now: number): boolean {
    return this.stoppedUntil(now) !== 0 || now < this.replPausedUntil;
  }

  /** A client call arriving: throws while halted, waits out a sleep. */
  async admitClient(): Promise<void> {
    const now = this.clock.now();
    if (now < this.haltedUntil) throw new Error("node halted (DEBUG HALT)");
    if (now < this.sleepingUntil) {
      await sleep(this.clock, this.sleepingUntil - now);
      await this.admitClient();
    }
  }
}
