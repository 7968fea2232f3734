/**
 * What Cloudflare bills a node's Durable Object for, counted where it happens (the adapter,
 * node.ts): alarms run, RPC calls received (every kind: gateway commands, bus, replication,
 * cross-node messages, placement) and SQLite rows read and written (each cursor's own counts).
 * INFO stats shows them (do_*); scripts/cost.ts turns them into a monthly bill.
 */

/** The counts, as the runtime reads them (the simulator has none). */
export interface MeterReading {
  readonly alarms: number;
  readonly rpcCalls: number;
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

interface RowCounts {
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

export class DoMeter implements MeterReading {
  alarms = 0;
  rpcCalls = 0;
  private settledRead = 0;
  private settledWritten = 0;
  /** The latest cursor: its counts grow while it is read, which ends before the next statement runs. */
  private last: RowCounts | null = null;

  /** Counts `cursor`'s rows (returns it unchanged). */
  track<C extends RowCounts>(cursor: C): C {
    if (this.last) {
      this.settledRead += this.last.rowsRead;
      this.settledWritten += this.last.rowsWritten;
    }
    this.last = cursor;
    return cursor;
  }

  get rowsRead(): number {
    return this.settledRead + (this.last?.rowsRead ?? 0);
  }

  get rowsWritten(): number {
    return this.settledWritten + (this.last?.rowsWritten ?? 0);
  }
}
