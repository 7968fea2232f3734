/**
 * Generic key commands (db.c, expire.c, cluster.c's DUMP/RESTORE, object.c's OBJECT and MEMORY USAGE).
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { BStr } from "../../resp/bytes";
import type { CommandSpec } from "../types";
import { spec } from "./spec";
import { migrateKeys } from "../key-finders";

/** OBJECT subcommands that name a key (argv[2]); HELP is the only other one. */
export const OBJECT_KEY_SUBCOMMANDS: ReadonlySet<string> = new Set(["encoding", "freq", "idletime", "refcount"]);

/** OBJECT is a container command in Redis (OBJECT ENCODING <key>): the key routes it. */
const objectKeys = (argv: readonly BStr[]): number[] =>
  argv.length >= 3 && OBJECT_KEY_SUBCOMMANDS.has(argv[1]!.toLowerCase()) ? [2] : [];

/** MEMORY USAGE names a key (argv[2]); HELP names none. */
const memoryKeys = (argv: readonly BStr[]): number[] => (argv.length >= 3 && argv[1]!.toLowerCase() === "usage" ? [2] : []);

export const keySpecs: readonly CommandSpec[] = [
  spec("del", -2, ["write"], [1, -1, 1], ["keyspace", "write", "slow"]),
  spec("unlink", -2, ["write", "fast"], [1, -1, 1], ["keyspace", "write", "fast"]),
  spec("exists", -2, ["readonly", "fast"], [1, -1, 1], ["keyspace", "read", "fast"]),
  spec("touch", -2, ["readonly", "fast"], [1, -1, 1], ["keyspace", "read", "fast"]),
  spec("type", 2, ["readonly", "fast"], [1, 1, 1], ["keyspace", "read", "fast"]),
  spec("rename", 3, ["write"], [1, 2, 1], ["keyspace", "write", "slow"]),
  spec("renamenx", 3, ["write", "fast"], [1, 2, 1], ["keyspace", "write", "fast"]),
  spec("copy", -3, ["write", "denyoom"], [1, 2, 1], ["keyspace", "write", "slow"]),
  spec("dbsize", 1, ["readonly", "fast"], [0, 0, 0], ["keyspace", "read", "fast"]),
  spec("flushall", -1, ["write"], [0, 0, 0], ["keyspace", "write", "slow", "dangerous"]),
  spec("flushdb", -1, ["write"], [0, 0, 0], ["keyspace", "write", "slow", "dangerous"]),
  spec("keys", 2, ["readonly"], [0, 0, 0], ["keyspace", "read", "slow", "dangerous"]),
  spec("scan", -2, ["readonly"], [0, 0, 0], ["keyspace", "read", "slow"]),
  spec("randomkey", 1, ["readonly"], [0, 0, 0], ["keyspace", "read", "slow"]),
  spec("expire", -3, ["write", "fast"], [1, 1, 1], ["keyspace", "write", "fast"]),
  spec("pexpire", -3, ["write", "fast"], [1, 1, 1], ["keyspace", "write", "fast"]),
  spec("expireat", -3, ["write", "fast"], [1, 1, 1], ["keyspace", "write", "fast"]),
  spec("pexpireat", -3, ["write", "fast"], [1, 1, 1], ["keyspace", "write", "fast"]),
  spec("ttl", 2, ["readonly", "fast"], [1, 1, 1], ["keyspace", "read", "fast"]),
  spec("pttl", 2, ["readonly", "fast"], [1, 1, 1], ["keyspace", "read", "fast"]),
  spec("expiretime", 2, ["readonly", "fast"], [1, 1, 1], ["keyspace", "read", "fast"]),
  spec("pexpiretime", 2, ["readonly", "fast"], [1, 1, 1], ["keyspace", "read", "fast"]),
  spec("persist", 2, ["write", "fast"], [1, 1, 1], ["keyspace", "write", "fast"]),
  spec("dump", 2, ["readonly"], [1, 1, 1], ["keyspace", "read", "slow"]),
  spec("restore", -4, ["write", "denyoom"], [1, 1, 1], ["keyspace", "write", "slow", "dangerous"]),
  spec("migrate", -6, ["write", "movablekeys"], [3, 3, 1], ["keyspace", "write", "slow", "dangerous"], { keys: migrateKeys }),
  spec("object", -2, [], [0, 0, 0], ["slow"], { keys: objectKeys, subcommands: [...OBJECT_KEY_SUBCOMMANDS, "help"] }),
  spec("memory", -2, [], [0, 0, 0], ["slow"], { keys: memoryKeys, subcommands: ["doctor", "malloc-stats", "purge", "stats", "usage", "help"] }),
];
