/**
 * Server commands the node answers itself (server.c, config.c, cluster.c, replication.c, debug.c).
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";
import { adminSpecs } from "./server-admin";

/** What the cluster core's CLUSTER dispatcher serves (a unit test keeps the two lists equal). */
export const CLUSTER_SUBCOMMANDS: readonly string[] = [
  "help", "meet", "nodes", "myid", "myshardid", "slots", "shards", "info", "links", "flushslots", "addslots", "delslots",
  "addslotsrange", "delslotsrange", "setslot", "bumpepoch", "set-config-epoch", "saveconfig", "keyslot", "countkeysinslot",
  "getkeysinslot", "forget", "replicate", "slaves", "replicas", "count-failure-reports", "reset", "failover",
];

/** CLUSTER subcommands the node serves itself: atomic slot migration (node/slot-migration.ts, after Valkey 9). */
export const SLOT_MIGRATION_SUBCOMMANDS: readonly string[] = ["migrateslots", "getslotmigrations", "cancelslotmigrations"];

export const serverSpecs: readonly CommandSpec[] = [
  spec("ping", -1, ["fast", "stale"], [0, 0, 0], ["fast", "connection"]),
  spec("echo", 2, ["fast", "stale"], [0, 0, 0], ["fast", "connection"]),
  spec("time", 1, ["fast", "loading", "stale"], [0, 0, 0], ["fast"]),
  spec("select", 2, ["loading", "stale", "fast"], [0, 0, 0], ["fast", "connection"]),
  spec("info", -1, ["loading", "stale"], [0, 0, 0], ["slow", "dangerous"]),
  spec("config", -2, ["admin", "noscript", "loading", "stale"], [0, 0, 0], ["slow", "admin", "dangerous"], {
    subcommands: ["get", "set", "resetstat", "rewrite", "help"],
  }),
  spec("cluster", -2, ["loading", "stale"], [0, 0, 0], ["slow"], {
    // "events": the node's cluster event history (src/events/events-command.ts), not in Redis.
    subcommands: [...CLUSTER_SUBCOMMANDS, ...SLOT_MIGRATION_SUBCOMMANDS, "events"],
  }),
  spec("role", 1, ["noscript", "loading", "stale", "fast"], [0, 0, 0], ["admin", "fast", "dangerous"]),
  spec("wait", 3, ["noscript"], [0, 0, 0], ["slow", "connection"]),
  spec("debug", -2, ["admin", "noscript", "loading", "stale"], [0, 0, 0], ["admin", "slow", "dangerous"]),
  spec("replicaof", 3, ["admin", "noscript", "stale"], [0, 0, 0], ["admin", "slow", "dangerous"]),
  spec("slaveof", 3, ["admin", "noscript", "stale"], [0, 0, 0], ["admin", "slow", "dangerous"]),
  spec("command", -1, ["loading", "stale"], [0, 0, 0], ["slow", "connection"], {
    subcommands: ["count", "docs", "getkeys", "getkeysandflags", "info", "list", "help"],
  }),
  ...adminSpecs,
];
