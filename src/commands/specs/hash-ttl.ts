/**
 * Hash-field TTL commands (Redis 7.4: HEXPIRE ... HPERSIST; Redis 8.0: HGETEX, HSETEX, HGETDEL).
 * Rows as Redis 8.0's COMMAND INFO shows them.
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const hashTtlSpecs: readonly CommandSpec[] = [
  spec("hexpire", -6, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hpexpire", -6, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hexpireat", -6, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hpexpireat", -6, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("httl", -5, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hpttl", -5, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hexpiretime", -5, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hpexpiretime", -5, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hpersist", -5, ["write", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hgetex", -5, ["write", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hsetex", -6, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hgetdel", -5, ["write", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
];
