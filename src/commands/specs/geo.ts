/**
 * Geo commands (geo.c): sorted sets of geohash scores. Rows as COMMAND INFO shows them (Redis
 * 7.0's values). GEORADIUS and GEORADIUSBYMEMBER may write a STORE/STOREDIST key: their keys move.
 */
import type { BStr } from "../../resp/bytes";
import type { CommandSpec } from "../types";
import { spec } from "./spec";

/**
 * georadiusGetKeys: argv[1], and the key after the last STORE or STOREDIST from argv[5] on
 * (GEORADIUSBYMEMBER's options start there, GEORADIUS's at 6: a STORE at 5 is its unit).
 */
export function georadiusKeys(argv: readonly BStr[]): number[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if ((a === "store" || a === "storedist") && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  return stored === -1 ? [1] : [1, stored];
}

const WRITE = ["write", "geo", "slow"];
const READ = ["read", "geo", "slow"];

export const geoSpecs: readonly CommandSpec[] = [
  spec("geoadd", -5, ["write", "denyoom"], [1, 1, 1], WRITE),
  spec("geodist", -4, ["readonly"], [1, 1, 1], READ),
  spec("geohash", -2, ["readonly"], [1, 1, 1], READ),
  spec("geopos", -2, ["readonly"], [1, 1, 1], READ),
  spec("geosearch", -7, ["readonly"], [1, 1, 1], READ),
  spec("geosearchstore", -8, ["write", "denyoom"], [1, 2, 1], WRITE),
  spec("georadius", -6, ["write", "denyoom"], [1, 1, 1], WRITE, { keys: georadiusKeys }),
  spec("georadiusbymember", -5, ["write", "denyoom"], [1, 1, 1], WRITE, { keys: georadiusKeys }),
  spec("georadius_ro", -6, ["readonly"], [1, 1, 1], READ),
  spec("georadiusbymember_ro", -5, ["readonly"], [1, 1, 1], READ),
];
