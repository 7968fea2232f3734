/**
 * SORT and SORT_RO (sort.c).
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { BStr } from "../../resp/bytes";
import type { CommandSpec } from "../types";
import { spec } from "./spec";

/** Options of SORT that take arguments, and how many (sortGetKeys's skip list). */
const SKIP: ReadonlyMap<string, number> = new Map([["limit", 2], ["get", 1], ["by", 1]]);

/**
 * sortGetKeys: the key to sort, and the last STORE's destination. As Redis's, the scan skips the
 * arguments of LIMIT/GET/BY and looks at every other word, the STORE key included, as an option.
 */
export function sortKeys(argv: readonly BStr[]): number[] {
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    const skip = SKIP.get(opt);
    if (skip !== undefined) i += skip;
    else if (opt === "store" && i + 1 < argv.length) store = i + 1;
  }
  return store < 0 ? [1] : [1, store];
}

export const sortSpecs: readonly CommandSpec[] = [
  spec("sort", -2, ["write", "denyoom", "movablekeys"], [1, 1, 1], ["write", "set", "sortedset", "list", "slow", "dangerous"], { keys: sortKeys }),
  spec("sort_ro", -2, ["readonly", "movablekeys"], [1, 1, 1], ["read", "set", "sortedset", "list", "slow", "dangerous"]),
];
