/**
 * INFO text, CRLF lines as Redis 7.0 prints them, in its section order: server, clients, memory,
 * persistence, stats, replication, cpu, modules, commandstats, errorstats, latencystats, cluster,
 * keyspace. "default" (or no argument) is all but commandstats and latencystats; "all" adds them;
 * "everything" too (no module sections here). Each section is a function of the node; a value
 * Redis measures is measured here too, or the field is left out (docs/server.md lists which).
 */
import type { Scripting } from "../scripting/scripting";
import { infoReplicationFields } from "../replication";
import { REDIS_VERSION } from "../commands/connection";
import type { TxnShell } from "./txn-shell";
import type { Keyspace } from "../keyspace/db";
import type { NodeConfig } from "./config";
import { percentileOf, type ReplicationShell } from "./replication-shell";
import type { NodeObserver } from "./stats/observer";
import { histogramPercentile } from "./stats/command-stats";
import type { PlacementRecord } from "./placement";
import type { MeterReading } from "./do-meter";

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
  readonly db: Pick<Keyspace, "size" | "volatileSize" | "dirty">;
  readonly txns: Pick<TxnShell, "stats" | "undelivered" | "locks">;
  /** Bytes of the node's SQLite database (keys, backlog, cluster state): what it stores. */
  readonly storedBytes: number;
  readonly scripting: Pick<Scripting, "memoryInfo">;
  readonly observer: NodeObserver;
  readonly placement: Pick<PlacementRecord, "get">;
  /** Billed invocations and SQLite rows, where the platform counts them (null: the simulator). */
  readonly meter: MeterReading | null;
}

type Field = [string, string | number];
type Section = (node: InfoSource, now: number) => Field[];

const sec = (ms: number): number => Math.floor(ms / 1000);

const SECTIONS: Record<string, Section> = {
  server: (node, now) => [
    ["redis_version", REDIS_VERSION],
    ["redis_mode", "cluster"],
    ["os", "Cloudflare Workers (Durable Objects)"],
    ["arch_bits", 64],
    ["run_id", node.nodeId],
    ["tcp_port", 6379],
    ["server_time_usec", now * 1000],
    ["uptime_in_seconds", sec(now - node.startedAt)],
    ["uptime_in_days", Math.floor((now - node.startedAt) / 86_400_000)],
    // The cron's real frequency (cluster-cron-ms); `hz` the parameter is stored only.
    ["hz", Math.max(1, Math.round(1000 / node.config.get("cluster-cron-ms")))],
    ["configured_hz", node.config.get("hz")],
    ["config_file", ""],
    // Not in Redis: the Durable Object location hint this node was created with (empty: none given).
    ["location_hint", node.placement.get()?.hint ?? ""],
    // 1: the hint came with the object's first access and chose its location; 0: it came too late.
    ["location_hint_first_access", node.placement.get()?.firstAccess ? 1 : 0],
  ],
  // Clients connect to the gateway, not to nodes: the gateway fills in connected_clients (server-wide.ts).
  clients: (node) => [["connected_clients", 0], ["maxclients", node.config.get("maxclients")], ["blocked_clients", node.blockedClients]],
  // The dataset lives in SQLite, not in memory: used_memory is the database's size (what the autoscaler reads).
  memory: (node) => {
    const maxmemory = node.config.text("maxmemory");
    return [
      ["used_memory", node.storedBytes], ["used_memory_human", human(node.storedBytes)],
      ["used_memory_dataset", node.storedBytes],
      ...Object.entries(node.scripting.memoryInfo()),
      ["maxmemory", maxmemory], ["maxmemory_human", human(Number(maxmemory))],
      ["maxmemory_policy", node.config.text("maxmemory-policy")],
      ["mem_allocator", "sqlite"],
      ["lazyfree_pending_objects", 0],
    ];
  },
  // Every write is committed to SQLite (durable storage) before its reply: nothing is ever unsaved.
  persistence: (node, now) => [
    ["loading", 0], ["async_loading", 0],
    ["rdb_changes_since_last_save", 0], ["rdb_bgsave_in_progress", 0],
    ["rdb_last_save_time", sec(now)], ["rdb_last_bgsave_status", "ok"],
    ["aof_enabled", node.config.get("appendonly")], ["aof_rewrite_in_progress", 0], ["aof_last_write_status", "ok"],
  ],
  stats: (node) => {
    const o = node.observer.stats;
    return [
      ["total_commands_processed", node.stats.commands],
      ["instantaneous_ops_per_sec", o.opsPerSec],
      ["total_net_input_bytes", o.netInputBytes],
      ["total_net_output_bytes", o.netOutputBytes],
      ["rejected_connections", 0],
      ["sync_full", node.repl.state.stats.syncFull],
      ["sync_partial_ok", node.repl.state.stats.syncPartialOk],
      ["sync_partial_err", node.repl.state.stats.syncPartialErr],
      ["expired_keys", node.stats.expiredKeys],
      // No eviction here: a key leaves only by DEL or expiry.
      ["evicted_keys", 0],
      ["keyspace_hits", o.keyspaceHits],
      ["keyspace_misses", o.keyspaceMisses],
      ["total_error_replies", o.totalErrorReplies],
      ...ours(node),
    ];
  },
  replication: (node, now) => infoReplicationFields(node.repl.state, now, node.repl.replConfig()),
  // A Worker reports no CPU time to itself.
  cpu: () => [],
  modules: () => [],
  commandstats: (node) => [...node.observer.stats.commands].map(([name, s]): Field => [
    `cmdstat_${name}`,
    `calls=${s.calls},usec=${s.usec},usec_per_call=${(s.calls ? s.usec / s.calls : 0).toFixed(2)},rejected_calls=${s.rejected},failed_calls=${s.failed}`,
  ]),
  errorstats: (node) => [...node.observer.stats.errors].map(([code, n]): Field => [`errorstat_${code}`, `count=${n}`]),
  latencystats: (node) => {
    const pcts = node.config.text("latency-tracking-info-percentiles").split(" ").filter((p) => p !== "");
    if (node.config.get("latency-tracking") === 0 || pcts.length === 0) return [];
    return [...node.observer.stats.commands].filter(([, s]) => s.calls > 0).map(([name, s]): Field => [
      `latency_percentiles_usec_${name}`,
      pcts.map((p) => `p${p}=${histogramPercentile(s.histogram, Number(p)).toFixed(3)}`).join(","),
    ]);
  },
  // Every node is a cluster node (redis-cli --cluster checks this field before anything else).
  cluster: () => [["cluster_enabled", 1]],
  keyspace: (node) => {
    const keys = node.db.size();
    return keys === 0 ? [] : [["db0", `keys=${keys},expires=${node.db.volatileSize()},avg_ttl=0`]];
  },
};

/** Not in Redis: what this node's invocations, replication and cross-node transactions cost. */
function ours(node: InfoSource): Field[] {
  return [
    // What Cloudflare bills per node (do-meter.ts, scripts/cost.ts): alarms, RPC calls received, SQLite rows.
    ["do_alarms", node.meter?.alarms ?? 0],
    ["do_rpc_calls", node.meter?.rpcCalls ?? 0],
    ["do_sql_rows_read", node.meter?.rowsRead ?? 0],
    ["do_sql_rows_written", node.meter?.rowsWritten ?? 0],
    ["cluster_cron_runs", node.stats.cronRuns],
    ["cluster_bus_calls_received", node.stats.busCallsReceived],
    ["repl_calls_received", node.stats.replCallsReceived],
    // Background work that failed (it is recorded instead of lost).
    ["background_errors", node.stats.backgroundErrors],
    ["last_background_error", node.stats.lastBackgroundError.replace(/[\r\n]/g, " ")],
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
    ["xnode_coordinated", node.txns.stats.coordinated],
    ["xnode_committed", node.txns.stats.committed],
    ["xnode_aborted", node.txns.stats.aborted],
    ["xnode_local", node.txns.stats.local],
    ["xnode_lock_timeouts", node.txns.stats.lockTimeouts],
    ["xnode_locks_held", node.txns.locks.heldCount],
    ["xnode_decisions_undelivered", node.txns.undelivered],
  ];
}

const ORDER = [
  "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats", "errorstats",
  "latencystats", "cluster", "keyspace",
];
const DEFAULT = new Set(ORDER.filter((s) => s !== "commandstats" && s !== "latencystats"));
const TITLES: Record<string, string> = { cpu: "CPU" };

/** Redis's bytesToHuman: 1.50K, 2.25M, ... */
export function human(n: number): string {
  const units = ["B", "K", "M", "G", "T", "P"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n}B` : `${n.toFixed(2)}${units[i]}`;
}

/** The sections INFO's arguments select (genRedisInfoString's rules), in Redis's order. */
export function selectedSections(args: readonly string[]): string[] {
  const wanted = new Set(args.map((s) => s.toLowerCase()));
  if (wanted.size === 0) wanted.add("default");
  const all = wanted.has("all") || wanted.has("everything");
  return ORDER.filter((s) => all || wanted.has(s) || (wanted.has("default") && DEFAULT.has(s)));
}

export function renderInfo(node: InfoSource, sections: string[], now: number): string {
  return selectedSections(sections)
    .map((name) => {
      const lines = SECTIONS[name]!(node, now).map(([k, v]) => `${k}:${v}`);
      return [`# ${TITLES[name] ?? name[0]!.toUpperCase() + name.slice(1)}`, ...lines].join("\r\n") + "\r\n";
    })
    .join("\r\n");
}
