/**
 * INFO text (sections server, clients, stats, keyspace, ...), CRLF lines as Redis prints them.
 * Each section is a small function of the node; `sections` selects them like INFO's arguments.
 */
import type { Scripting } from "../scripting/scripting";
import { infoReplicationFields } from "../replication";
import type { TxnShell } from "./txn-shell";
import type { Keyspace } from "../keyspace/db";
import type { NodeConfig } from "./config";
import { percentileOf, type ReplicationShell } from "./replication-shell";

/** Counters for INFO stats; the last three measure what an idle node costs (billed invocations). */
export interface NodeStats {
  commands: number;
  expiredKeys: number;
  cronRuns: number;
  busCallsReceived: number;
  replCallsReceived: number;
  /** Background steps that threw (a failed delivery's handling, a failed persist): see `last_background_error`. */
  backgroundErrors: number;
  lastBackgroundError: string;
}

/** What INFO reads from the node. */
export interface InfoSource {
  readonly nodeId: string;
  readonly startedAt: number;
  readonly config: NodeConfig;
  readonly blockedClients: number;
  readonly stats: NodeStats;
  readonly repl: Pick<ReplicationShell, "state" | "traffic" | "replConfig">;
  readonly db: Pick<Keyspace, "size" | "volatileSize">;
  readonly txns: Pick<TxnShell, "stats" | "undelivered" | "locks">;
  /** Bytes of the node's SQLite database (keys, backlog, cluster state): what it stores. */
  readonly storedBytes: number;
  readonly scripting: Pick<Scripting, "memoryInfo">;
}

type Section = (node: InfoSource, now: number) => [string, string | number][];

const SECTIONS: Record<string, Section> = {
  server: (node, now) => [
    ["redis_version", "7.0.15"],
    ["redis_mode", "cluster"],
    ["os", "Cloudflare Workers (Durable Objects)"],
    ["arch_bits", 64],
    ["run_id", node.nodeId],
    ["uptime_in_seconds", Math.floor((now - node.startedAt) / 1000)],
    ["uptime_in_days", Math.floor((now - node.startedAt) / 86_400_000)],
    ["hz", Math.max(1, Math.round(1000 / node.config.get("cluster-cron-ms")))],
  ],
  clients: (node) => [["blocked_clients", node.blockedClients]],
  // The dataset lives in SQLite, not in memory: used_memory is the database's size (what the autoscaler reads).
  memory: (node) => [
    ["used_memory", node.storedBytes], ["used_memory_human", human(node.storedBytes)],
    ...Object.entries(node.scripting.memoryInfo()),
    ["maxmemory", 0], ["maxmemory_policy", "noeviction"],
  ],
  stats: (node) => [
    ["total_commands_processed", node.stats.commands],
    ["expired_keys", node.stats.expiredKeys],
    // Not in Redis: the Durable Object invocations this node received since it started.
    ["cluster_cron_runs", node.stats.cronRuns],
    ["cluster_bus_calls_received", node.stats.busCallsReceived],
    ["repl_calls_received", node.stats.replCallsReceived],
    // Not in Redis: background work that failed (it is recorded instead of lost).
    ["background_errors", node.stats.backgroundErrors],
    ["last_background_error", node.stats.lastBackgroundError.replace(/[\r\n]/g, " ")],
    ["sync_full", node.repl.state.stats.syncFull],
    ["sync_partial_ok", node.repl.state.stats.syncPartialOk],
    ["sync_partial_err", node.repl.state.stats.syncPartialErr],
    // Not in Redis: replication traffic of this node since it started (what a resync costs).
    ["repl_partial_sync_bytes_received", node.repl.traffic.partialSyncBytesIn],
    ["repl_stream_bytes_received", node.repl.traffic.streamBytesIn],
    ["repl_snapshot_bytes_received", node.repl.traffic.snapshotBytesIn],
    ["repl_stream_bytes_sent", node.repl.traffic.streamBytesOut],
    ["repl_snapshot_bytes_sent", node.repl.traffic.snapshotBytesOut],
    ["repl_messages_sent", node.repl.traffic.messagesOut],
    ["repl_delivery_failures", node.repl.traffic.deliveryFailures],
    ["repl_messages_dropped", node.repl.state.stats.dropped],
    // Write entering the stream → replica applied it (its RPC returned), over the last deliveries.
    ["repl_lag_ms_p50", percentileOf(node.repl.traffic.lagMs, 50)],
    ["repl_lag_ms_p99", percentileOf(node.repl.traffic.lagMs, 99)],
    ["repl_lag_ms_max", node.repl.traffic.lagMs.reduce((a, b) => Math.max(a, b), 0)],
    // Not in Redis: cross-node transactions (docs/one-database.md).
    ["xnode_coordinated", node.txns.stats.coordinated],
    ["xnode_committed", node.txns.stats.committed],
    ["xnode_aborted", node.txns.stats.aborted],
    ["xnode_local", node.txns.stats.local],
    ["xnode_lock_timeouts", node.txns.stats.lockTimeouts],
    ["xnode_locks_held", node.txns.locks.heldCount],
    ["xnode_decisions_undelivered", node.txns.undelivered],
  ],
  replication: (node, now) => infoReplicationFields(node.repl.state, now, node.repl.replConfig()),
  // Every node is a cluster node (redis-cli --cluster checks this field before anything else).
  cluster: () => [["cluster_enabled", 1]],
  keyspace: (node) => {
    const keys = node.db.size();
    return keys === 0 ? [] : [["db0", `keys=${keys},expires=${node.db.volatileSize()},avg_ttl=0`]];
  },
};

/** The default sections, in Redis 7.0's order (memory, persistence, cpu, ... have no fields here). */
const DEFAULT = ["server", "clients", "memory", "stats", "replication", "cluster", "keyspace"];

/** Redis's bytesToHuman: 1.50K, 2.25M, ... */
function human(n: number): string {
  const units = ["B", "K", "M", "G", "T"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n}B` : `${n.toFixed(2)}${units[i]}`;
}

export function renderInfo(node: InfoSource, sections: string[], now: number): string {
  const wanted = sections.map((s) => s.toLowerCase());
  const names = wanted.length === 0 || wanted.some((s) => s === "default" || s === "all" || s === "everything")
    ? DEFAULT.concat(Object.keys(SECTIONS).filter((s) => !DEFAULT.includes(s)))
    : Object.keys(SECTIONS).filter((s) => wanted.includes(s));
  return names
    .map((name) => {
      const lines = SECTIONS[name]!(node, now).map(([k, v]) => `${k}:${v}`);
      return [`# ${name[0]!.toUpperCase()}${name.slice(1)}`, ...lines].join("\r\n") + "\r\n";
    })
    .join("\r\n");
}
