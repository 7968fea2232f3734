/**
 * The node's single wake-up (its Durable Object alarm), armed at the earliest deadline its parts
 * report: the cluster core (a PONG falling due, a handshake retry; every cron interval while the
 * cluster is not settled), the replication core (ACKs, pings, timeouts), cross-node work (a lease
 * running out, commits to resend) and active expiry (at most once per cron interval), unless it is
 * already armed at least that early. An idle node in a healthy cluster thus wakes only when the
 * protocol needs it (alarms are billed); with nothing pending it ticks every cron interval.
 */
import { nextWake } from "../cluster";
import type { Clock, DeadlinePort } from "./ports";

export class WakeUp {
  /** When the wake-up is set for (null: unknown, e.g. after a restart or while the cron runs). */
  private at: number | null = null;
  private checked = false;

  constructor(
    private readonly deadline: DeadlinePort,
    private readonly clock: Clock,
    /** The cron interval and the parts' deadlines (null: none). */
    private readonly due: () => { cronMs: number; deadlines: (number | null)[] },
  ) {}

  /** Self-healing cron: the first call of this instance re-arms the wake-up if it is missing. */
  async ensure(): Promise<void> {
    if (this.checked) return;
    this.checked = true;
    this.at = await this.deadline.get();
    await this.schedule();
  }

  async schedule(): Promise<void> {
    const now = this.clock.now();
    const { cronMs, deadlines } = this.due();
    const known = deadlines.filter((d): d is number => d !== null);
    const at = nextWake(known.length > 0 ? Math.min(...known) : undefined, now, cronMs, this.at ?? Infinity);
    if (at === null) return;
    this.at = at;
    await this.deadline.set(at);
  }

  /** Wakes at `at` whatever is armed (a halted node's resumption; CONFIG SET's immediate cron). */
  set(at: number): Promise<void> {
    this.at = at;
    return this.deadline.set(at);
  }

  /** The cron started: the armed wake-up is spent. */
  fired(): void {
    this.at = null;
    this.checked = true;
  }
}
