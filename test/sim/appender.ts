/**
 * A client for directed scenarios: it appends increasing values to lists with RPUSH, each sent
 * straight to the node the test names (no redirect following, so a refusal is seen as one), and
 * records which values were acknowledged. After a failover, `lost` compares that record with the
 * list the new owner holds: an acknowledged value that is missing is a lost write. (The random
 * schedules use `Workload`, which routes like a cluster client and follows MOVED.)
 */
import { keyHashSlot } from "../../src/commands/slot";
import { listOn } from "./cluster";
import type { Sim } from "./sim";

/** The first of key:0, key:1, ... whose slot is one of `slots` (sorted or not). */
export function keyIn(slots: readonly number[]): string {
  const set = new Set(slots);
  for (let i = 0; ; i++) if (set.has(keyHashSlot(`key:${i}`))) return `key:${i}`;
}

export class Appender {
  private readonly sent = new Map<string, number>();
  private readonly acked = new Map<string, number[]>();
  private running = true;

  constructor(private readonly sim: Sim) {}

  /** One RPUSH of the key's next value to `node`: true if the node acknowledged it. Runs the simulation until it answers. */
  async write(node: string, key: string): Promise<boolean> {
    const out = await this.sim.settle(this.send(node, key));
    return out.ok && out.value;
  }

  /** Every `everyMs`, one append per [node, key] pair, not waited for (a refusal or a lost call is just not acknowledged). */
  start(everyMs: number, targets: [node: string, key: string][]): void {
    this.sim.every(everyMs, () => {
      for (const [node, key] of targets) void this.send(node, key).catch(() => {});
    }, () => this.running);
  }

  stop(): void {
    this.running = false;
  }

  /** Values of `key` acknowledged to a client. */
  acknowledged(key: string): number[] {
    return this.acked.get(key) ?? [];
  }

  /** Acknowledged values of `key` that `holder`'s copy of the list does not have. */
  lost(key: string, holder: string): number[] {
    const present = new Set(listOn(this.sim, holder, key));
    return this.acknowledged(key).filter((v) => !present.has(v));
  }

  private async send(node: string, key: string): Promise<boolean> {
    const value = (this.sent.get(key) ?? 0) + 1;
    this.sent.set(key, value);
    const [reply] = await this.sim.execute(node, [["RPUSH", key, String(value)]]);
    if (reply?.t !== "int") return false;
    const acked = this.acked.get(key) ?? [];
    acked.push(value);
    this.acked.set(key, acked);
    return true;
  }
}
