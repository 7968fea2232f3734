/**
 * List commands (t_list.c), blocking ones included.
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import { numkeysAt } from "../key-finders";
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const listSpecs: readonly CommandSpec[] = [
  spec("lpush", -3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "list", "fast"]),
  spec("rpush", -3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "list", "fast"]),
  spec("lpushx", -3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "list", "fast"]),
  spec("rpushx", -3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "list", "fast"]),
  spec("lpop", -2, ["write", "fast"], [1, 1, 1], ["write", "list", "fast"]),
  spec("rpop", -2, ["write", "fast"], [1, 1, 1], ["write", "list", "fast"]),
  spec("llen", 2, ["readonly", "fast"], [1, 1, 1], ["read", "list", "fast"]),
  spec("lrange", 4, ["readonly"], [1, 1, 1], ["read", "list", "slow"]),
  spec("lindex", 3, ["readonly"], [1, 1, 1], ["read", "list", "slow"]),
  spec("lpos", -3, ["readonly"], [1, 1, 1], ["read", "list", "slow"]),
  spec("lset", 4, ["write", "denyoom"], [1, 1, 1], ["write", "list", "slow"]),
  spec("linsert", 5, ["write", "denyoom"], [1, 1, 1], ["write", "list", "slow"]),
  spec("lrem", 4, ["write"], [1, 1, 1], ["write", "list", "slow"]),
  spec("ltrim", 4, ["write"], [1, 1, 1], ["write", "list", "slow"]),
  spec("lmove", 5, ["write", "denyoom"], [1, 2, 1], ["write", "list", "slow"]),
  spec("rpoplpush", 3, ["write", "denyoom"], [1, 2, 1], ["write", "list", "slow"]),
  spec("lmpop", -4, ["write", "movablekeys"], [0, 0, 0], ["write", "list", "slow"], { keys: numkeysAt(1) }),
  spec("blpop", -3, ["write", "noscript", "blocking"], [1, -2, 1], ["write", "list", "slow", "blocking"]),
  spec("brpop", -3, ["write", "noscript", "blocking"], [1, -2, 1], ["write", "list", "slow", "blocking"]),
  spec("blmove", 6, ["write", "denyoom", "noscript", "blocking"], [1, 2, 1], ["write", "list", "slow", "blocking"]),
  spec("brpoplpush", 4, ["write", "denyoom", "noscript", "blocking"], [1, 2, 1], ["write", "list", "slow", "blocking"]),
  spec("blmpop", -5, ["write", "blocking", "movablekeys"], [0, 0, 0], ["write", "list", "slow", "blocking"], { keys: numkeysAt(2) }),
];
