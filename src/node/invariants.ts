/**
 * Invariants the node asserts on every cron tick, across what its cores remember and what its
 * storage holds. A break is recorded (INFO stats `background_errors`, `last_background_error`)
 * rather than thrown at the alarm, which would only retry it; the simulator fails the seed on it.
 */
import { slotTableProblem, type ClusterState } from "../cluster";
import { backlogEnd, type ReplicationState } from "../replication";
import type { SqlBacklog } from "./replication-store";

export function nodeInvariantProblem(cluster: ClusterState, repl: ReplicationState, backlog: SqlBacklog): string | null {
  const table = slotTableProblem(cluster);
  if (table) return `slot table: ${table}`;
  const meta = repl.backlog;
  if (!meta) return null;
  // The backlog always ends at master_repl_offset, and its rows hold every byte it vouches for.
  if (backlogEnd(meta) !== repl.master_repl_offset) {
    return `backlog: ends at ${backlogEnd(meta)}, master_repl_offset is ${repl.master_repl_offset}`;
  }
  if (meta.histlen === 0) return null;
  const span = backlog.span();
  if (!span || span.first > meta.offset || span.last !== backlogEnd(meta)) {
    return `backlog: rows hold ${span ? `${span.first}..${span.last}` : "nothing"}, the core vouches for ${meta.offset}..${backlogEnd(meta)}`;
  }
  return null;
}
