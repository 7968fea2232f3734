/**
 * Runs of commands a request executes together.
 *
 * Consecutive MIGRATE commands of one request (what `redis-cli --cluster reshard` and the operator
 * CLI pipeline: one per slot of a batch) run together when their keys are disjoint: their small
 * keys share peer messages (migrate-source.ts).
 *
 * Why: each message to the target costs a round trip between Durable Objects (several ms under
 * wrangler dev, measured by scripts/bench/migrate-steps.ts), and a batch of 64 slots of a few keys
 * each paid it 64 times. Nothing changes for a client: the replies come back in order, each
 * MIGRATE keeps its own semantics (its locks, delete after the target's acknowledgement, its own
 * reply), and with disjoint keys no MIGRATE can see another's effect, so the outcome is the one of
 * running them in order. A MIGRATE whose keys overlap an earlier one's in the run starts a new run
 * (it would otherwise wait for a lock held by the run itself).
 */
import type { BStr } from "../resp/bytes";
import { parseMigrate } from "./migrate-command";

/** MIGRATEs run together at most: a CLI batch (64 slots) and then some; their messages stay under MIGRATE_PAGE_BYTES anyway. */
export const MIGRATE_RUN_MAX = 128;

const isMigrate = (argv: readonly BStr[]): boolean => argv[0]?.toLowerCase() === "migrate";

/** How many commands from `from` form a run of MIGRATEs with disjoint keys (≥ 1 when cmds[from] is one, else 0). */
export function migrateRunLength(cmds: readonly (readonly BStr[])[], from: number, max = MIGRATE_RUN_MAX): number {
  const seen = new Set<BStr>();
  let n = 0;
  for (let i = from; i < cmds.length && n < max && isMigrate(cmds[i]!); i++, n++) {
    let keys: BStr[];
    try {
      keys = parseMigrate(cmds[i]!).keys;
    } catch {
      // A malformed MIGRATE answers its error by itself; it ends the run so the order stays plain.
      return n === 0 ? 1 : n;
    }
    if (keys.some((k) => seen.has(k))) return n;
    for (const k of keys) seen.add(k);
  }
  return n;
}

/**
 * How many commands from `from` are CLUSTER commands (0 when cmds[from] is not one): they take no
 * keys, so a run of them executes in one synchronous stretch with the cluster state persisted
 * once (a reshard batch's 128 SETSLOTs).
 */
export function clusterRunLength(cmds: readonly (readonly BStr[])[], from: number): number {
  let n = 0;
  while (from + n < cmds.length && cmds[from + n]![0]?.toLowerCase() === "cluster") n++;
  return n;
}
