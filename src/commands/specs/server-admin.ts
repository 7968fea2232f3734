/**
 * Server administration commands (slowlog.c, latency.c, acl.c, module.c, rdb.c, aof.c, db.c,
 * replication.c, server.c): rows as COMMAND INFO shows them (Redis 7.0's values). A container's
 * flags are its most restrictive subcommand's (the gateway checks permissions on the row).
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

const ADMIN = ["admin", "slow", "dangerous"];

export const adminSpecs: readonly CommandSpec[] = [
  spec("slowlog", -2, ["admin", "loading", "stale"], [0, 0, 0], ADMIN, { subcommands: ["get", "len", "reset", "help"] }),
  spec("latency", -2, ["admin", "noscript", "loading", "stale"], [0, 0, 0], ADMIN, {
    subcommands: ["doctor", "graph", "history", "histogram", "latest", "reset", "help"],
  }),
  spec("acl", -2, ["noscript", "loading", "stale"], [0, 0, 0], ["slow"], {
    subcommands: ["cat", "deluser", "dryrun", "genpass", "getuser", "list", "load", "log", "save", "setuser", "users", "whoami", "help"],
  }),
  spec("module", -2, ["admin", "noscript"], [0, 0, 0], ADMIN, { subcommands: ["list", "load", "loadex", "unload", "help"] }),
  spec("lastsave", 1, ["loading", "stale", "fast"], [0, 0, 0], ["admin", "fast", "dangerous"]),
  spec("save", 1, ["admin", "noscript", "no_async_loading", "no_multi"], [0, 0, 0], ADMIN),
  spec("bgsave", -1, ["admin", "noscript", "no_async_loading"], [0, 0, 0], ADMIN),
  spec("bgrewriteaof", 1, ["admin", "noscript", "no_async_loading"], [0, 0, 0], ADMIN),
  spec("shutdown", -1, ["admin", "noscript", "loading", "stale", "no_multi", "allow_busy"], [0, 0, 0], ADMIN),
  spec("swapdb", 3, ["write", "fast"], [0, 0, 0], ["keyspace", "write", "fast", "dangerous"]),
  spec("move", 3, ["write", "fast"], [1, 1, 1], ["keyspace", "write", "fast"]),
  spec("failover", -1, ["admin", "noscript", "stale"], [0, 0, 0], ADMIN),
  spec("sync", 1, ["admin", "noscript", "no_async_loading", "no_multi"], [0, 0, 0], ADMIN),
  spec("psync", -3, ["admin", "noscript", "no_async_loading", "no_multi"], [0, 0, 0], ADMIN),
];
