/**
 * Connection commands (HELLO, AUTH, MULTI, ...): the gateway answers them without a node (see
 * commands/connection.ts); a node reached directly answers their stateless part.
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const connectionSpecs: readonly CommandSpec[] = [
  spec("hello", -1, ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], [0, 0, 0], ["fast", "connection"]),
  spec("auth", -2, ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], [0, 0, 0], ["fast", "connection"]),
  spec("multi", 1, ["noscript", "loading", "stale", "fast", "allow_busy"], [0, 0, 0], ["fast", "transaction"]),
  spec("exec", 1, ["noscript", "loading", "stale"], [0, 0, 0], ["slow", "transaction"]),
  spec("discard", 1, ["noscript", "loading", "stale", "fast", "allow_busy"], [0, 0, 0], ["fast", "transaction"]),
  spec("watch", -2, ["noscript", "loading", "stale", "fast", "allow_busy"], [1, -1, 1], ["fast", "transaction"]),
  spec("unwatch", 1, ["noscript", "loading", "stale", "fast", "allow_busy"], [0, 0, 0], ["fast", "transaction"]),
  spec("readonly", 1, ["fast", "loading", "stale"], [0, 0, 0], ["fast", "connection"]),
  spec("readwrite", 1, ["fast", "loading", "stale"], [0, 0, 0], ["fast", "connection"]),
  spec("asking", 1, ["fast"], [0, 0, 0], ["fast", "connection"]),
  spec("client", -2, ["noscript", "loading", "stale"], [0, 0, 0], ["slow", "connection"], {
    subcommands: [
      "id", "getname", "setname", "info", "list", "kill", "pause", "unpause", "setinfo", "no-evict", "no-touch", "reply", "getredir", "trackinginfo", "caching",
      "tracking", "unblock", "help",
    ],
  }),
  spec("monitor", 1, ["admin", "noscript", "loading", "stale"], [0, 0, 0], ["admin", "slow", "dangerous"]),
  spec("quit", -1, ["allow_busy", "noscript", "loading", "stale", "fast", "no_auth"], [0, 0, 0], ["fast", "connection"]),
  spec("reset", 1, ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"], [0, 0, 0], ["fast", "connection"]),
];
