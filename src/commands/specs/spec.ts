/**
 * One row of the command table, written the way COMMAND INFO reads: name, arity, flags,
 * [first key, last key, step], ACL categories, then the extras (movable keys, subcommands).
 */
import type { CommandFlag, CommandSpec } from "../types";

export type LegacyKeys = readonly [firstKey: number, lastKey: number, step: number];

export function spec(
  name: string, arity: number, flags: readonly CommandFlag[], [firstKey, lastKey, step]: LegacyKeys,
  categories: readonly string[], more: Pick<CommandSpec, "keys" | "subcommands"> = {},
): CommandSpec {
  return { name, arity, flags, firstKey, lastKey, step, categories, ...more };
}
