/**
 * Sorted set commands (t_zset.c), blocking ones included.
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import { numkeysAt } from "../key-finders";
import type { CommandSpec } from "../types";
import { spec } from "./spec";

/** ZUNIONSTORE dst numkeys key...: the destination, then the sources. */
const STORE_KEYS = numkeysAt(2, [1]);
/** ZUNION numkeys key... */
const READ_KEYS = numkeysAt(1);

export const zsetSpecs: readonly CommandSpec[] = [
  spec("zadd", -4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "sortedset", "fast"]),
  spec("zincrby", 4, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "sortedset", "fast"]),
  spec("zrem", -3, ["write", "fast"], [1, 1, 1], ["write", "sortedset", "fast"]),
  spec("zscore", 3, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zmscore", -3, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zcard", 2, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zcount", 4, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zlexcount", 4, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zrank", -3, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zrevrank", -3, ["readonly", "fast"], [1, 1, 1], ["read", "sortedset", "fast"]),
  spec("zrange", -4, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zrevrange", -4, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zrangebyscore", -4, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zrevrangebyscore", -4, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zrangebylex", -4, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zrevrangebylex", -4, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zrangestore", -5, ["write", "denyoom"], [1, 2, 1], ["write", "sortedset", "slow"]),
  spec("zremrangebyrank", 4, ["write"], [1, 1, 1], ["write", "sortedset", "slow"]),
  spec("zremrangebyscore", 4, ["write"], [1, 1, 1], ["write", "sortedset", "slow"]),
  spec("zremrangebylex", 4, ["write"], [1, 1, 1], ["write", "sortedset", "slow"]),
  spec("zpopmin", -2, ["write", "fast"], [1, 1, 1], ["write", "sortedset", "fast"]),
  spec("zpopmax", -2, ["write", "fast"], [1, 1, 1], ["write", "sortedset", "fast"]),
  spec("bzpopmin", -3, ["write", "noscript", "blocking", "fast"], [1, -2, 1], ["write", "sortedset", "fast", "blocking"]),
  spec("bzpopmax", -3, ["write", "noscript", "blocking", "fast"], [1, -2, 1], ["write", "sortedset", "fast", "blocking"]),
  spec("zmpop", -4, ["write"], [0, 0, 0], ["write", "sortedset", "slow"], { keys: numkeysAt(1) }),
  spec("bzmpop", -5, ["write", "blocking"], [0, 0, 0], ["write", "sortedset", "slow", "blocking"], { keys: numkeysAt(2) }),
  spec("zunionstore", -4, ["write", "denyoom"], [1, 1, 1], ["write", "sortedset", "slow"], { keys: STORE_KEYS }),
  spec("zinterstore", -4, ["write", "denyoom"], [1, 1, 1], ["write", "sortedset", "slow"], { keys: STORE_KEYS }),
  spec("zdiffstore", -4, ["write", "denyoom"], [1, 1, 1], ["write", "sortedset", "slow"], { keys: STORE_KEYS }),
  spec("zunion", -3, ["readonly"], [0, 0, 0], ["read", "sortedset", "slow"], { keys: READ_KEYS }),
  spec("zinter", -3, ["readonly"], [0, 0, 0], ["read", "sortedset", "slow"], { keys: READ_KEYS }),
  spec("zdiff", -3, ["readonly"], [0, 0, 0], ["read", "sortedset", "slow"], { keys: READ_KEYS }),
  spec("zintercard", -3, ["readonly"], [0, 0, 0], ["read", "sortedset", "slow"], { keys: READ_KEYS }),
  spec("zrandmember", -2, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
  spec("zscan", -3, ["readonly"], [1, 1, 1], ["read", "sortedset", "slow"]),
];
