/**
 * Scripting commands (eval.c, functions.c): EVAL/EVALSHA and their _RO forms, SCRIPT, FUNCTION,
 * FCALL/FCALL_RO. Rows as COMMAND INFO shows them (Redis 7.0's values); keys follow numkeys.
 */
import type { CommandSpec } from "../types";
import { numkeysAt } from "../key-finders";
import { spec } from "./spec";

const SCRIPT_FLAGS = ["noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"] as const;
const keys = { keys: numkeysAt(2) };

export const scriptingSpecs: readonly CommandSpec[] = [
  spec("eval", -3, [...SCRIPT_FLAGS, "may_replicate"], [0, 0, 0], ["slow", "scripting"], keys),
  spec("evalsha", -3, [...SCRIPT_FLAGS, "may_replicate"], [0, 0, 0], ["slow", "scripting"], keys),
  spec("eval_ro", -3, ["readonly", ...SCRIPT_FLAGS], [0, 0, 0], ["slow", "scripting"], keys),
  spec("evalsha_ro", -3, ["readonly", ...SCRIPT_FLAGS], [0, 0, 0], ["slow", "scripting"], keys),
  spec("fcall", -3, [...SCRIPT_FLAGS, "may_replicate"], [0, 0, 0], ["slow", "scripting"], keys),
  spec("fcall_ro", -3, ["readonly", ...SCRIPT_FLAGS], [0, 0, 0], ["slow", "scripting"], keys),
  spec("script", -2, ["noscript", "may_replicate"], [0, 0, 0], ["slow", "scripting"], {
    subcommands: ["load", "exists", "flush", "kill", "help"],
  }),
  spec("function", -2, ["noscript", "may_replicate"], [0, 0, 0], ["slow", "scripting"], {
    subcommands: ["load", "delete", "flush", "list", "dump", "restore", "stats", "kill", "help"],
  }),
];
