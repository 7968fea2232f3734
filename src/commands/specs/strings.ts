/**
 * String commands (t_string.c).
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const stringSpecs: readonly CommandSpec[] = [
  spec("get", 2, ["readonly", "fast"], [1, 1, 1], ["read", "string", "fast"]),
  spec("set", -3, ["write", "denyoom"], [1, 1, 1], ["write", "string", "slow"]),
  spec("setnx", 3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("setex", 4, ["write", "denyoom"], [1, 1, 1], ["write", "string", "slow"]),
  spec("psetex", 4, ["write", "denyoom"], [1, 1, 1], ["write", "string", "slow"]),
  spec("getset", 3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("getdel", 2, ["write", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("getex", -2, ["write", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("mget", -2, ["readonly", "fast"], [1, -1, 1], ["read", "string", "fast"]),
  spec("mset", -3, ["write", "denyoom"], [1, -1, 2], ["write", "string", "slow"]),
  spec("msetnx", -3, ["write", "denyoom"], [1, -1, 2], ["write", "string", "slow"]),
  spec("append", 3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("strlen", 2, ["readonly", "fast"], [1, 1, 1], ["read", "string", "fast"]),
  spec("getrange", 4, ["readonly"], [1, 1, 1], ["read", "string", "slow"]),
  spec("substr", 4, ["readonly"], [1, 1, 1], ["read", "string", "slow"]),
  spec("setrange", 4, ["write", "denyoom"], [1, 1, 1], ["write", "string", "slow"]),
  spec("incr", 2, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("decr", 2, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("incrby", 3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("decrby", 3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("incrbyfloat", 3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "string", "fast"]),
  spec("lcs", -3, ["readonly"], [1, 2, 1], ["read", "string", "slow"]),
];
