/**
 * Hash commands (t_hash.c).
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const hashSpecs: readonly CommandSpec[] = [
  spec("hset", -4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hmset", -4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hsetnx", 4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hget", 3, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hmget", -3, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hgetall", 2, ["readonly"], [1, 1, 1], ["read", "hash", "slow"]),
  spec("hdel", -3, ["write", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hexists", 3, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hlen", 2, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hkeys", 2, ["readonly"], [1, 1, 1], ["read", "hash", "slow"]),
  spec("hvals", 2, ["readonly"], [1, 1, 1], ["read", "hash", "slow"]),
  spec("hincrby", 4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hincrbyfloat", 4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "hash", "fast"]),
  spec("hstrlen", 3, ["readonly", "fast"], [1, 1, 1], ["read", "hash", "fast"]),
  spec("hrandfield", -2, ["readonly"], [1, 1, 1], ["read", "hash", "slow"]),
  spec("hscan", -3, ["readonly"], [1, 1, 1], ["read", "hash", "slow"]),
];
