/**
 * The command table: every command this project knows, as data (specs/). The gateway uses it to
 * find keys (and so slots), check arity and permissions without running anything; the node uses
 * it to check a command before running the handler it binds to the name (node/handlers.ts).
 * Imports no handler: loading the table loads no keyspace code.
 */
import type { BStr } from "../resp/bytes";
import { error, type Reply } from "../resp/reply";
import { connectionSpecs } from "./specs/connection";
import { geoSpecs } from "./specs/geo";
import { hashSpecs } from "./specs/hashes";
import { hllSpecs } from "./specs/hyperloglog";
import { hashTtlSpecs } from "./specs/hash-ttl";
import { keySpecs } from "./specs/keys";
import { listSpecs } from "./specs/lists";
import { pubsubSpecs } from "./specs/pubsub";
import { scriptingSpecs } from "./specs/scripting";
import { serverSpecs } from "./specs/server";
import { setSpecs } from "./specs/sets";
import { sortSpecs } from "./specs/sort";
import { streamSpecs } from "./specs/streams";
import { stringSpecs } from "./specs/strings";
import { zsetSpecs } from "./specs/zsets";
import { bitmapSpecs } from "./specs/bitmaps";
import type { CommandFlag, CommandSpec } from "./types";

/** In COMMAND's order (COMMAND, COMMAND LIST and COMMAND INFO list them so). */
const ALL: readonly CommandSpec[] = [
  ...stringSpecs,
  ...keySpecs,
  ...hashSpecs,
  ...listSpecs,
  ...setSpecs,
  ...zsetSpecs,
  ...geoSpecs,
  ...serverSpecs,
  ...connectionSpecs,
  ...pubsubSpecs,
  ...hashTtlSpecs,
  ...scriptingSpecs,
  ...hllSpecs,
  ...sortSpecs,
  ...streamSpecs,
  ...bitmapSpecs,
];

export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(ALL.map((d) => [d.name, d]));

export function lookupCommand(name: BStr): CommandSpec | undefined {
  return COMMANDS.get(name.toLowerCase());
}

export function arityOk(def: CommandSpec, argc: number): boolean {
  return def.arity > 0 ? argc === def.arity : argc >= -def.arity;
}

/** The argv indexes that hold keys (legacy first/last/step spec, or the command's own finder). */
/** The keys of `cmds` (commands the table does not know have none). */
export function commandKeys(cmds: readonly BStr[][]): BStr[] {
  const keys: BStr[] = [];
  for (const argv of cmds) {
    const def = lookupCommand(argv[0] ?? "");
    if (def) for (const i of keyIndexes(def, argv)) keys.push(argv[i]!);
  }
  return keys;
}

export function keyIndexes(def: CommandSpec, argv: readonly BStr[]): number[] {
  if (def.keys) return def.keys(argv);
  if (def.firstKey <= 0) return [];
  const last = def.lastKey < 0 ? argv.length + def.lastKey : def.lastKey;
  const out: number[] = [];
  for (let i = def.firstKey; i <= last && i < argv.length; i += def.step) out.push(i);
  return out;
}

/** Redis's reply to a name the table lacks (at most 128 bytes of the name and of the arguments). */
export function unknownCommandError(argv: readonly BStr[]): Reply {
  let args = "";
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${argv[i]!.slice(0, 128 - args.length)}' `;
  return error(`ERR unknown command '${argv[0]!.slice(0, 128)}', with args beginning with: ${args}`.replace(/[\r\n]/g, " "));
}

const namesWith = (flag: CommandFlag): ReadonlySet<string> => new Set(ALL.filter((d) => d.flags.includes(flag)).map((d) => d.name));

/** Commands an unauthenticated connection may run (flag no_auth). */
export const NO_AUTH_COMMANDS = namesWith("no_auth");

/**
 * Commands that never go to a node: the connection commands, whose state (protocol, MULTI queue,
 * WATCH tokens, ...) the gateway keeps per connection.
 */
export const GATEWAY_COMMANDS: ReadonlySet<string> = new Set(connectionSpecs.map((d) => d.name));

/** Commands with subcommands: Redis names them 'cmd|sub' in NOPERM errors. */
export const CONTAINER_COMMANDS: ReadonlySet<string> = new Set(ALL.filter((d) => d.subcommands).map((d) => d.name));
