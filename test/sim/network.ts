/**
 * The simulated network's decisions, all drawn from one RNG in the order messages are sent:
 * whether a message is lost (a partition between its ends, or a random drop), whether a request
 * is delivered twice, and how long each takes. A client's connection is never cut off, dropped
 * or duplicated: the faults under test are the cluster's, and a client's retries are its own.
 */
import type { Rng } from "./rng";

export interface NetworkFaults {
  dropRate: number;
  dupRate: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Chance that a message takes up to `slowMaxMs` extra (reordering). */
  slowRate: number;
  slowMaxMs: number;
}

export const PERFECT_NETWORK: NetworkFaults = { dropRate: 0, dupRate: 0, minDelayMs: 1, maxDelayMs: 15, slowRate: 0, slowMaxMs: 0 };

/** A client's end of a call, for the network. */
export const CLIENT = "client";

export class Network {
  readonly stats = { dropped: 0, duplicated: 0 };
  private partition: Map<string, number> | null = null;

  constructor(private readonly rng: Rng, public faults: NetworkFaults) {}

  /** Nodes in different groups cannot talk; unlisted nodes form one more group. null heals. */
  setPartition(groups: string[][] | null): void {
    this.partition = groups ? new Map(groups.flatMap((g, i) => g.map((n) => [n, i] as [string, number]))) : null;
  }

  /** Is a message from `from` to `to` lost? */
  dropped(from: string, to: string): boolean {
    if (from === CLIENT || to === CLIENT) return false;
    if (this.partition && (this.partition.get(from) ?? -1) !== (this.partition.get(to) ?? -1)) {
      this.stats.dropped++;
      return true;
    }
    if (this.rng.chance(this.faults.dropRate)) {
      this.stats.dropped++;
      return true;
    }
    return false;
  }

  /** Is a request from `from` delivered a second time (its answer then goes nowhere)? */
  duplicated(from: string): boolean {
    if (!this.rng.chance(this.faults.dupRate) || from === CLIENT) return false;
    this.stats.duplicated++;
    return true;
  }

  /** How long a message takes. */
  delay(): number {
    const f = this.faults;
    let d = this.rng.range(f.minDelayMs, f.maxDelayMs);
    if (f.slowRate > 0 && this.rng.chance(f.slowRate)) d += this.rng.range(0, f.slowMaxMs);
    return d;
  }
}
