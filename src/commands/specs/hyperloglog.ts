/**
 * HyperLogLog commands (hyperloglog.c).
 * Rows as COMMAND INFO shows them (Redis 7.0's values). PFCOUNT is also may_replicate: one key's
 * PFCOUNT may store its cached cardinality, and replicates then.
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const hllSpecs: readonly CommandSpec[] = [
  spec("pfadd", -2, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hyperloglog", "fast"]),
  spec("pfcount", -2, ["readonly", "may_replicate"], [1, -1, 1], ["read", "hyperloglog", "slow"]),
  spec("pfmerge", -2, ["write", "denyoom"], [1, -1, 1], ["write", "hyperloglog", "slow"]),
  spec("pfdebug", 3, ["write", "denyoom", "admin"], [2, 2, 1], ["write", "hyperloglog", "admin", "slow", "dangerous"]),
  spec("pfselftest", 1, ["admin"], [0, 0, 0], ["hyperloglog", "admin", "slow", "dangerous"]),
];
