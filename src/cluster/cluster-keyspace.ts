/**
 * What CLUSTER needs from the keyspace. A leaf module: the CLUSTER dispatcher (commands.ts) and
 * the subcommands it dispatches to (node-commands.ts, slot-commands.ts) all take one.
 */
export interface ClusterKeyspace {
  countKeysInSlot(slot: number): number;
  keysInSlot(slot: number, count: number): string[];
  /** Keys in the whole database (REPLICATE/FLUSHSLOTS/RESET want it empty); summed per slot if absent. */
  dbSize?(): number;
}
