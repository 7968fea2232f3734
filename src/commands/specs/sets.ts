/**
 * Set commands (t_set.c).
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import { numkeysAt } from "../key-finders";
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const setSpecs: readonly CommandSpec[] = [
  spec("sadd", -3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "set", "fast"]),
  spec("srem", -3, ["write", "fast"], [1, 1, 1], ["write", "set", "fast"]),
  spec("smembers", 2, ["readonly"], [1, 1, 1], ["read", "set", "slow"]),
  spec("sismember", 3, ["readonly", "fast"], [1, 1, 1], ["read", "set", "fast"]),
  spec("smismember", -3, ["readonly", "fast"], [1, 1, 1], ["read", "set", "fast"]),
  spec("scard", 2, ["readonly", "fast"], [1, 1, 1], ["read", "set", "fast"]),
  spec("spop", -2, ["write", "fast"], [1, 1, 1], ["write", "set", "fast"]),
  spec("srandmember", -2, ["readonly"], [1, 1, 1], ["read", "set", "slow"]),
  spec("smove", 4, ["write", "fast"], [1, 2, 1], ["write", "set", "fast"]),
  spec("sinter", -2, ["readonly"], [1, -1, 1], ["read", "set", "slow"]),
  spec("sintercard", -3, ["readonly", "movablekeys"], [0, 0, 0], ["read", "set", "slow"], { keys: numkeysAt(1) }),
  spec("sunion", -2, ["readonly"], [1, -1, 1], ["read", "set", "slow"]),
  spec("sdiff", -2, ["readonly"], [1, -1, 1], ["read", "set", "slow"]),
  spec("sinterstore", -3, ["write", "denyoom"], [1, -1, 1], ["write", "set", "slow"]),
  spec("sunionstore", -3, ["write", "denyoom"], [1, -1, 1], ["write", "set", "slow"]),
  spec("sdiffstore", -3, ["write", "denyoom"], [1, -1, 1], ["write", "set", "slow"]),
  spec("sscan", -3, ["readonly"], [1, 1, 1], ["read", "set", "slow"]),
];
