/**
 * The command table: every command this node knows, merged from the modules that implement them.
 * The gateway uses it to find keys (and so slots) without running anything; the node uses it to
 * check arity and flags before running a handler.
 */
import type { BStr } from "../resp/bytes";
import { stringCommands } from "../keyspace/strings";
import { keyCommands } from "../keyspace/keys";
import { hashCommands } from "../keyspace/hashes";
import { listCommands } from "../keyspace/lists";
import { setCommands } from "../keyspace/sets";
import { zsetCommands } from "../keyspace/zsets";
import { serverCommands } from "../node/server-commands";
import { connectionCommands } from "./connection";
import type { CommandDef } from "./types";

const ALL: CommandDef[] = [
  ...stringCommands, ...keyCommands, ...hashCommands, ...listCommands, ...setCommands, ...zsetCommands,
  ...serverCommands, ...connectionCommands,
];

export const COMMANDS: ReadonlyMap<string, CommandDef> = new Map(ALL.map((d) => [d.name, d]));

export function lookupCommand(name: BStr): CommandDef | undefined {
  return COMMANDS.get(name.toLowerCase());
}

export function arityOk(def: CommandDef, argc: number): boolean {
  return def.arity > 0 ? argc === def.arity : argc >= -def.arity;
}

/** The argv indexes that hold keys (legacy first/last/step spec, or the command's own finder). */
export function keyIndexes(def: CommandDef, argv: BStr[]): number[] {
  if (def.keys) return def.keys(argv);
  if (def.firstKey <= 0) return [];
  const last = def.lastKey < 0 ? argv.length + def.lastKey : def.lastKey;
  const out: number[] = [];
  for (let i = def.firstKey; i <= last && i < argv.length; i += def.step) out.push(i);
  return out;
}
