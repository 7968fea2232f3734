/**
 * Bitmap commands (bitops.c): bits of string values.
 * Rows as COMMAND INFO shows them (Redis 7.0's values).
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

export const bitmapSpecs: readonly CommandSpec[] = [
  spec("setbit", 4, ["write", "denyoom"], [1, 1, 1], ["write", "bitmap", "slow"]),
  spec("getbit", 3, ["readonly", "fast"], [1, 1, 1], ["read", "bitmap", "fast"]),
  spec("bitcount", -2, ["readonly"], [1, 1, 1], ["read", "bitmap", "slow"]),
  spec("bitpos", -3, ["readonly"], [1, 1, 1], ["read", "bitmap", "slow"]),
  spec("bitop", -4, ["write", "denyoom"], [2, -1, 1], ["write", "bitmap", "slow"]),
  spec("bitfield", -2, ["write", "denyoom"], [1, 1, 1], ["write", "bitmap", "slow"]),
  spec("bitfield_ro", -2, ["readonly", "fast"], [1, 1, 1], ["read", "bitmap", "fast"]),
];
