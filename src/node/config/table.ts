/**
 * Every CONFIG parameter of Redis 7.0 (config.c's static_configs, TLS ones included as Debian
 * builds them), with its alias, kind, bounds, default and flags, plus this project's own two
 * (cluster-cron-ms, cluster-writable-delay-ms). `use` says what a parameter does here; a parameter
 * without it is accepted, validated, stored and persisted, and changes nothing (docs/server.md).
 */
import type { Env } from "../../env";
import type { EnumSpec, NumSpec, ParseResult } from "./kinds";
import {
  parseBind, parseLatencyPercentiles, parseNotifyKeyspaceEvents, parseOomScoreAdjValues, parseOutputBufferLimit, parseSave,
} from "./special";

export type Flag = "immutable" | "protected" | "hidden" | "sensitive";

export type Kind =
  | { t: "bool"; def: boolean }
  | NumSpec
  | EnumSpec
  | { t: "string"; def: string; validate?: (s: string) => string | null }
  | { t: "special"; def: string; parse: (s: string, current: string) => ParseResult };

export interface ParamDef {
  name: string;
  alias?: string;
  kind: Kind;
  flags?: readonly Flag[];
  /** What it does here (absent: accepted and stored only). */
  use?: string;
  /** The Worker [vars] entry that overrides the default. */
  envVar?: keyof Env;
}

const INT_MAX = 2147483647n, INT_MIN = -2147483648n, UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n, ULLONG_MAX = 18446744073709551615n;

const bool = (name: string, def: boolean, more: Partial<ParamDef> = {}): ParamDef => ({ name, kind: { t: "bool", def }, ...more });
const num = (name: string, min: bigint, max: bigint, def: bigint | number, more: Partial<ParamDef> & Partial<Omit<NumSpec, "t">> = {}): ParamDef => {
  const { unsigned, mem, percent, octal, clamp, ...rest } = more;
  return { name, kind: { t: "num", min, max, def: BigInt(def), unsigned, mem, percent, octal, clamp }, ...rest };
};
/** Signed int / long long / long / ssize_t / time_t / off_t (one boundary rule). */
const int = (name: string, min: bigint, max: bigint, def: bigint | number, more: Parameters<typeof num>[4] = {}) => num(name, min, max, def, more);
/** unsigned int, size_t, unsigned long long: bounds compared unsigned. */
const uint = (name: string, min: bigint, max: bigint, def: bigint | number, more: Parameters<typeof num>[4] = {}) => num(name, min, max, def, { ...more, unsigned: true });
const str = (name: string, def: string, more: Partial<ParamDef> = {}): ParamDef => ({ name, kind: { t: "string", def }, ...more });
const en = (name: string, values: EnumSpec["values"], def: number, more: Partial<ParamDef> & { multi?: boolean; validate?: EnumSpec["validate"] } = {}): ParamDef => {
  const { multi, validate, ...rest } = more;
  return { name, kind: { t: "enum", values, def, multi, validate }, ...rest };
};
const special = (name: string, def: string, parse: (s: string, current: string) => ParseResult, more: Partial<ParamDef> = {}): ParamDef =>
  ({ name, kind: { t: "special", def, parse }, ...more });

const IMM: Partial<ParamDef> = { flags: ["immutable"] };
const PROTECTED_ACTION = [["no", 0], ["yes", 1], ["local", 2]] as const;
const SHUTDOWN_SIG = [["default", 0], ["save", 1], ["nosave", 2], ["now", 4], ["force", 8]] as const;
const NOT_FILENAME = (what: string) => (s: string): string | null => (s.includes("/") ? `${what} can't be a path, just a filename` : null);
const ENCODING = "OBJECT ENCODING's threshold";

export const PARAMS: readonly ParamDef[] = [
  bool("rdbchecksum", true, IMM), bool("daemonize", false, IMM), bool("io-threads-do-reads", false, IMM),
  bool("always-show-logo", false, IMM), bool("protected-mode", true), bool("rdbcompression", true),
  bool("rdb-del-sync-files", false), bool("activerehashing", true), bool("stop-writes-on-bgsave-error", true),
  bool("set-proc-title", true, IMM), bool("dynamic-hz", true),
  bool("lazyfree-lazy-eviction", false), bool("lazyfree-lazy-expire", false), bool("lazyfree-lazy-server-del", false),
  bool("lazyfree-lazy-user-del", false), bool("lazyfree-lazy-user-flush", false),
  bool("repl-disable-tcp-nodelay", false), bool("repl-diskless-sync", true), bool("aof-rewrite-incremental-fsync", true),
  bool("no-appendfsync-on-rewrite", false),
  bool("cluster-require-full-coverage", true, { use: "cluster state: fail when a slot is not served" }),
  bool("rdb-save-incremental-fsync", true), bool("aof-load-truncated", true), bool("aof-use-rdb-preamble", true),
  bool("aof-timestamp-enabled", false),
  bool("cluster-replica-no-failover", false, { alias: "cluster-slave-no-failover", use: "replicas never start a failover" }),
  bool("replica-lazy-flush", false, { alias: "slave-lazy-flush" }),
  bool("replica-serve-stale-data", true, { alias: "slave-serve-stale-data" }),
  bool("replica-read-only", true, { alias: "slave-read-only" }),
  bool("replica-ignore-maxmemory", true, { alias: "slave-ignore-maxmemory" }),
  bool("jemalloc-bg-thread", true),
  // isValidActiveDefrag: Debian's build has no defragmenting jemalloc, and neither do we.
  { name: "activedefrag", kind: { t: "bool", def: false } },
  bool("syslog-enabled", false, IMM), bool("cluster-enabled", true, IMM), bool("appendonly", false),
  bool("cluster-allow-reads-when-down", false, { use: "reads served while the cluster is down" }),
  bool("cluster-allow-pubsubshard-when-down", true), bool("crash-log-enabled", true), bool("crash-memcheck-enabled", true),
  bool("use-exit-on-panic", false, { flags: ["hidden"] }), bool("disable-thp", true, IMM),
  bool("cluster-allow-replica-migration", true, { use: "orphaned masters get a replica" }),
  bool("replica-announced", true), bool("latency-tracking", true), bool("aof-disable-auto-gc", false),
  bool("replica-ignore-disk-write-errors", false),
  str("aclfile", "", IMM), str("unixsocket", "", IMM), str("pidfile", "", IMM),
  str("replica-announce-ip", "", { alias: "slave-announce-ip" }), str("masteruser", "", { flags: ["sensitive"] }),
  str("cluster-announce-ip", ""), str("cluster-config-file", "nodes.conf", IMM), str("cluster-announce-hostname", ""),
  str("syslog-ident", "redis", IMM),
  { name: "dbfilename", kind: { t: "string", def: "dump.rdb", validate: NOT_FILENAME("dbfilename") }, flags: ["protected"] },
  str("appendfilename", "appendonly.aof", IMM), str("appenddirname", "appendonlydir", IMM),
  str("server_cpulist", "", IMM), str("bio_cpulist", "", IMM), str("aof_rewrite_cpulist", "", IMM), str("bgsave_cpulist", "", IMM),
  str("ignore-warnings", ""), str("proc-title-template", "{title} {listen-addr} {server-mode}"), str("bind-source-addr", ""),
  str("logfile", "", IMM),
  str("masterauth", "", { flags: ["sensitive"] }), str("requirepass", "", { flags: ["sensitive"] }),
  en("supervised", [["upstart", 1], ["systemd", 2], ["auto", 3], ["no", 0]], 0, IMM),
  en("syslog-facility", [["user", 8], ["local0", 128], ["local1", 136], ["local2", 144], ["local3", 152], ["local4", 160], ["local5", 168], ["local6", 176], ["local7", 184]], 128, IMM),
  en("repl-diskless-load", [["disabled", 0], ["on-empty-db", 1], ["swapdb", 2]], 0),
  en("loglevel", [["debug", 0], ["verbose", 1], ["notice", 2], ["warning", 3]], 2),
  en("maxmemory-policy", [
    ["volatile-lru", 1], ["volatile-lfu", 3], ["volatile-random", 4], ["volatile-ttl", 8], ["allkeys-lru", 5], ["allkeys-lfu", 7],
    ["allkeys-random", 6], ["noeviction", 12],
  ], 12, { use: "an *lfu policy makes OBJECT FREQ answer (no key is ever evicted)" }),
  en("appendfsync", [["everysec", 1], ["always", 2], ["no", 0]], 1),
  en("oom-score-adj", [["no", 0], ["yes", 1], ["relative", 1], ["absolute", 2]], 0),
  en("acl-pubsub-default", [["allchannels", 1], ["resetchannels", 0]], 0),
  en("sanitize-dump-payload", [["no", 0], ["yes", 1], ["clients", 2]], 0),
  en("enable-protected-configs", PROTECTED_ACTION, 0, IMM), en("enable-debug-command", PROTECTED_ACTION, 0, IMM),
  en("enable-module-command", PROTECTED_ACTION, 0, IMM),
  en("cluster-preferred-endpoint-type", [["ip", 0], ["hostname", 1], ["unknown-endpoint", 2]], 0),
  en("propagation-error-behavior", [["ignore", 0], ["panic", 1], ["panic-on-replicas", 2]], 0),
  ...["shutdown-on-sigint", "shutdown-on-sigterm"].map((n) => en(n, SHUTDOWN_SIG, 0, {
    multi: true, validate: (v) => ((v & 1) && (v & 2) ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null),
  })),
  // Cluster mode serves database 0 only.
  int("databases", 1n, INT_MAX, 1, IMM),
  int("port", 0n, 65535n, 6379), int("io-threads", 1n, 128n, 1, IMM), int("auto-aof-rewrite-percentage", 0n, INT_MAX, 100),
  int("cluster-replica-validity-factor", 0n, INT_MAX, 10, { alias: "cluster-slave-validity-factor", use: "a replica's data age limit for failover" }),
  int("list-max-listpack-size", INT_MIN, INT_MAX, -2, { alias: "list-max-ziplist-size" }),
  int("tcp-keepalive", 0n, INT_MAX, 300),
  int("cluster-migration-barrier", 0n, INT_MAX, 1, { use: "replica migration keeps this many replicas" }),
  int("active-defrag-cycle-min", 1n, 99n, 1), int("active-defrag-cycle-max", 1n, 99n, 25),
  int("active-defrag-threshold-lower", 0n, 1000n, 10), int("active-defrag-threshold-upper", 0n, 1000n, 100),
  int("lfu-log-factor", 0n, INT_MAX, 10), int("lfu-decay-time", 0n, INT_MAX, 1),
  int("replica-priority", 0n, INT_MAX, 100, { alias: "slave-priority", use: "0: never promoted" }),
  int("repl-diskless-sync-delay", 0n, INT_MAX, 5), int("maxmemory-samples", 1n, INT_MAX, 5),
  int("maxmemory-eviction-tenacity", 0n, 100n, 10), int("timeout", 0n, INT_MAX, 0),
  int("replica-announce-port", 0n, 65535n, 0, { alias: "slave-announce-port" }), int("tcp-backlog", 0n, INT_MAX, 511, IMM),
  int("cluster-port", 0n, 65535n, 0, IMM), int("cluster-announce-bus-port", 0n, 65535n, 0), int("cluster-announce-port", 0n, 65535n, 0),
  int("cluster-announce-tls-port", 0n, 65535n, 0),
  int("repl-timeout", 1n, INT_MAX, 60, { use: "seconds before a silent replication link is dropped" }),
  int("repl-ping-replica-period", 1n, INT_MAX, 10, { alias: "repl-ping-slave-period", use: "seconds between the master's pings in the stream" }),
  int("list-compress-depth", 0n, INT_MAX, 0),
  int("rdb-key-save-delay", INT_MIN, INT_MAX, 0, { flags: ["hidden"] }), int("key-load-delay", INT_MIN, INT_MAX, 0, { flags: ["hidden"] }),
  int("active-expire-effort", 1n, 10n, 1),
  // updateHZ keeps it within CONFIG_MIN_HZ..CONFIG_MAX_HZ. Here the cron period is cluster-cron-ms.
  int("hz", 0n, INT_MAX, 10, { clamp: [1n, 500n] }),
  int("min-replicas-to-write", 0n, INT_MAX, 0, { alias: "min-slaves-to-write", use: "writes refused (NOREPLICAS) without enough good replicas" }),
  int("min-replicas-max-lag", 0n, INT_MAX, 10, { alias: "min-slaves-max-lag", use: "a good replica's largest lag, in seconds" }),
  int("watchdog-period", 0n, INT_MAX, 0, { flags: ["hidden"] }), int("shutdown-timeout", 0n, INT_MAX, 10),
  int("repl-diskless-sync-max-replicas", 0n, INT_MAX, 0),
  uint("maxclients", 1n, UINT_MAX, 10000), uint("unixsocketperm", 0n, 0o777n, 0, { octal: true, flags: ["immutable"] }),
  uint("socket-mark-id", 0n, UINT_MAX, 0, IMM),
  int("active-defrag-max-scan-fields", 1n, LONG_MAX, 1000),
  int("slowlog-max-len", 0n, LONG_MAX, 128, { use: "SLOWLOG keeps this many entries per node" }),
  int("acllog-max-len", 0n, LONG_MAX, 128),
  int("busy-reply-threshold", 0n, LONG_MAX, 5000, { alias: "lua-time-limit", use: "a script's budget: this many ms x 20,000 Lua instructions" }),
  int("cluster-node-timeout", 100n, LONG_MAX, 15000, { use: "ms of silence before a node is PFAIL", envVar: "CLUSTER_NODE_TIMEOUT_MS" }),
  int("slowlog-log-slower-than", -1n, LONG_MAX, 10000, { use: "SLOWLOG logs commands slower than this many microseconds (-1: none)" }),
  int("latency-monitor-threshold", 0n, LONG_MAX, 0, { use: "LATENCY records commands slower than this many ms (0: off)" }),
  int("proto-max-bulk-len", 1024n * 1024n, LONG_MAX, 512 * 1024 * 1024, { mem: true, envVar: "PROTO_MAX_BULK_LEN", use: "the node's limit on a value's size (the gateway's is the PROTO_MAX_BULK_LEN var)" }),
  int("stream-node-max-entries", 0n, LONG_MAX, 100),
  // resizeReplicationBacklog raises anything under CONFIG_REPL_BACKLOG_MIN_SIZE (16kb).
  int("repl-backlog-size", 1n, LONG_MAX, 1024 * 1024, { mem: true, clamp: [16n * 1024n, LONG_MAX], use: "bytes of replication backlog kept for partial resyncs" }),
  uint("maxmemory", 0n, ULLONG_MAX, 0, { mem: true }),
  uint("cluster-link-sendbuf-limit", 0n, ULLONG_MAX, 0, { mem: true }),
  uint("hash-max-listpack-entries", 0n, LONG_MAX, 512, { alias: "hash-max-ziplist-entries", use: ENCODING }),
  uint("set-max-intset-entries", 0n, LONG_MAX, 512, { use: ENCODING }),
  uint("zset-max-listpack-entries", 0n, LONG_MAX, 128, { alias: "zset-max-ziplist-entries", use: ENCODING }),
  uint("active-defrag-ignore-bytes", 1n, LONG_MAX, 100 << 20, { mem: true }),
  uint("hash-max-listpack-value", 0n, LONG_MAX, 64, { alias: "hash-max-ziplist-value", mem: true, use: ENCODING }),
  uint("stream-node-max-bytes", 0n, LONG_MAX, 4096, { mem: true }),
  uint("zset-max-listpack-value", 0n, LONG_MAX, 64, { alias: "zset-max-ziplist-value", mem: true, use: ENCODING }),
  uint("hll-sparse-max-bytes", 0n, LONG_MAX, 3000, { mem: true }),
  uint("tracking-table-max-keys", 0n, LONG_MAX, 1000000),
  uint("client-query-buffer-limit", 1024n * 1024n, LONG_MAX, 1024 * 1024 * 1024, { mem: true }),
  int("maxmemory-clients", -100n, LONG_MAX, 0, { mem: true, percent: true }),
  int("repl-backlog-ttl", 0n, LONG_MAX, 3600, { use: "seconds a master without replicas keeps its backlog" }),
  int("auto-aof-rewrite-min-size", 0n, LONG_MAX, 64 * 1024 * 1024, { mem: true }),
  int("loading-process-events-interval-bytes", 1024n, INT_MAX, 2 * 1024 * 1024, { flags: ["hidden"] }),
  int("tls-port", 0n, 65535n, 0), int("tls-session-cache-size", 0n, INT_MAX, 20 * 1024), int("tls-session-cache-timeout", 0n, INT_MAX, 300),
  bool("tls-cluster", false), bool("tls-replication", false),
  en("tls-auth-clients", [["no", 0], ["yes", 1], ["optional", 2]], 1),
  bool("tls-prefer-server-ciphers", false), bool("tls-session-caching", true),
  ...["tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass",
    "tls-dh-params-file", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites"].map((n) => str(n, "")),
  special("dir", "/", () => ({ text: "/", num: 0 }), { flags: ["protected"] }),
  special("save", "3600 1 300 100 60 10000", parseSave),
  special("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", parseOutputBufferLimit),
  special("oom-score-adj-values", "0 200 800", parseOomScoreAdjValues),
  special("notify-keyspace-events", "", parseNotifyKeyspaceEvents, { use: "keyspace notifications (Pub/Sub)" }),
  special("bind", "* -::*", parseBind),
  special("replicaof", "", () => ({ text: "", num: 0 }), { alias: "slaveof", flags: ["immutable"] }),
  special("latency-tracking-info-percentiles", "50 99 99.9", parseLatencyPercentiles),
  // Ours, not Redis's.
  int("cluster-cron-ms", 10n, 60000n, 1000, { envVar: "CLUSTER_CRON_MS", use: "ours: the period of clusterCron/replicationCron (Redis: 100 ms)" }),
  int("cluster-writable-delay-ms", 0n, 60000n, 2000, { envVar: "CLUSTER_WRITABLE_DELAY_MS", use: "ours: a master's wait after start before its cluster state turns ok (Redis's CLUSTER_WRITABLE_DELAY)" }),
];
