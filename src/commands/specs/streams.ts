/**
 * Stream commands (t_stream.c). Rows as COMMAND INFO shows them (Redis 7.0's values), except that
 * the XGROUP container carries its subcommands' "write" flag (this table has one row per
 * container): replicas refuse it and the node runs it in a transaction.
 */
import type { BStr } from "../../resp/bytes";
import type { CommandSpec } from "../types";
import { spec } from "./spec";

/** XGROUP subcommands that name a key (argv[2]); HELP is the only other one. */
export const XGROUP_KEY_SUBCOMMANDS: ReadonlySet<string> = new Set(["create", "createconsumer", "delconsumer", "destroy", "setid"]);
/** XINFO subcommands that name a key (argv[2]). */
export const XINFO_KEY_SUBCOMMANDS: ReadonlySet<string> = new Set(["consumers", "groups", "stream"]);

const subKey = (subs: ReadonlySet<string>) => (argv: readonly BStr[]): number[] =>
  argv.length >= 3 && subs.has(argv[1]!.toLowerCase()) ? [2] : [];

/**
 * XREAD/XREADGROUP keys (xreadGetKeys): options up to STREAMS, then half of what follows. An
 * unbalanced list has no keys (the command then answers its own error).
 */
export function xreadKeys(argv: readonly BStr[]): number[] {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === "block" || a === "count") i++;
    else if (a === "group") i += 2;
    else if (a === "noack") continue;
    else {
      if (a === "streams") streams = i;
      break;
    }
  }
  const n = argv.length - streams - 1;
  if (streams < 0 || n === 0 || n % 2 !== 0) return [];
  return Array.from({ length: n / 2 }, (_, j) => streams + 1 + j);
}

export const streamSpecs: readonly CommandSpec[] = [
  spec("xadd", -5, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "stream", "fast"]),
  spec("xrange", -4, ["readonly"], [1, 1, 1], ["read", "stream", "slow"]),
  spec("xrevrange", -4, ["readonly"], [1, 1, 1], ["read", "stream", "slow"]),
  spec("xlen", 2, ["readonly", "fast"], [1, 1, 1], ["read", "stream", "fast"]),
  spec("xread", -4, ["readonly", "blocking", "movablekeys"], [0, 0, 0], ["read", "stream", "slow", "blocking"], { keys: xreadKeys }),
  spec("xreadgroup", -7, ["write", "blocking", "movablekeys"], [0, 0, 0], ["write", "stream", "slow", "blocking"], { keys: xreadKeys }),
  spec("xgroup", -2, ["write"], [0, 0, 0], ["slow"], {
    keys: subKey(XGROUP_KEY_SUBCOMMANDS), subcommands: [...XGROUP_KEY_SUBCOMMANDS, "help"],
  }),
  spec("xsetid", -3, ["write", "denyoom", "fast"], [1, 1, 1], ["write", "stream", "fast"]),
  spec("xack", -4, ["write", "fast"], [1, 1, 1], ["write", "stream", "fast"]),
  spec("xpending", -3, ["readonly"], [1, 1, 1], ["read", "stream", "slow"]),
  spec("xclaim", -6, ["write", "fast"], [1, 1, 1], ["write", "stream", "fast"]),
  spec("xautoclaim", -6, ["write", "fast"], [1, 1, 1], ["write", "stream", "fast"]),
  spec("xinfo", -2, [], [0, 0, 0], ["slow"], {
    keys: subKey(XINFO_KEY_SUBCOMMANDS), subcommands: [...XINFO_KEY_SUBCOMMANDS, "help"],
  }),
  spec("xdel", -3, ["write", "fast"], [1, 1, 1], ["write", "stream", "fast"]),
  spec("xtrim", -4, ["write"], [1, 1, 1], ["write", "stream", "slow"]),
];
