/**
 * COMMAND, COMMAND COUNT|INFO|LIST|DOCS|GETKEYS|GETKEYSANDFLAGS|HELP: the command table as
 * clients (redis-cli, cluster clients) read it, in Redis 7.0's shapes. Each row comes from the
 * table (name, arity, flags, legacy key range, ACL categories) and from Redis's own metadata
 * (docs/redis-7.0.json: tips, key specs, documentation, the subcommands' rows). A pure function of
 * argv: the node binds it as the COMMAND handler.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, int, map, NULL, ReplyError, simple, type Reply } from "./../resp/reply";
import type { CommandSpec } from "./types";
import { COMMANDS, arityOk, keyIndexes, lookupCommand } from "./registry";
import { globMatch } from "../keyspace/glob";
import {
  aclCategories, commandDoc, docsReply, keyFlagNames, keySpecFor, keySpecsReply, subcommandInfo, subcommandRefusal, tipsReply,
} from "./docs/command-docs";

/** The fullnames ("config|get") of the subcommands this project serves, in the table's order. */
const subcommandsOf = (def: CommandSpec): string[] => (def.subcommands ?? []).map((s) => `${def.name}|${s}`).filter((f) => commandDoc(f));

function describe(def: CommandSpec): Reply {
  const flags = def.keys && !def.flags.includes("movablekeys") ? [...def.flags, "movablekeys"] : def.flags;
  const doc = commandDoc(def.name);
  return arr([
    bulk(def.name),
    int(def.arity),
    { t: "set", v: flags.filter((f) => f !== "may_replicate").map(simple) },
    int(def.firstKey),
    int(def.lastKey),
    int(def.step),
    { t: "set", v: def.categories.map((c) => simple(`@${c}`)) },
    tipsReply(doc),
    keySpecsReply(doc?.key_specs),
    def.subcommands ? arr(subcommandsOf(def).map((f) => subcommandInfo(f, commandDoc(f)!))) : { t: "set", v: [] },
  ]);
}

/** lookupCommandBySds: "name" or "container|sub" (a subcommand only where it is served). */
function infoOf(name: BStr): Reply {
  const [cmd, sub, extra] = name.toLowerCase().split("|");
  const def = lookupCommand(cmd!);
  if (!def || extra !== undefined) return NULL;
  if (sub === undefined) return describe(def);
  const full = `${def.name}|${sub}`;
  const doc = def.subcommands?.includes(sub) ? commandDoc(full) : undefined;
  return doc ? subcommandInfo(full, doc) : NULL;
}

function docsOf(name: string): [Reply, Reply] | null {
  const [cmd, sub] = name.toLowerCase().split("|");
  const def = lookupCommand(cmd!);
  if (!def) return null;
  const full = sub === undefined ? def.name : `${def.name}|${sub}`;
  if (sub !== undefined && !def.subcommands?.includes(sub)) return null;
  const doc = commandDoc(full) ?? { group: "server", arity: def.arity };
  return [bulk(full), docsReply(doc, sub === undefined ? subcommandsOf(def) : [])];
}

const HELP = [
  "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
  "HELP",
  "    Prints this help.",
];

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: commands and served subcommands. */
function list(argv: readonly BStr[]): Reply {
  let keep: (full: string, def: CommandSpec) => boolean = () => true;
  for (let i = 2; i < argv.length; i += 3) {
    if (argv[i]!.toLowerCase() !== "filterby" || argv.length - 1 - i !== 2) throw new ReplyError(ERR.syntax);
    const type = argv[i + 1]!.toLowerCase();
    const arg = argv[i + 2]!;
    if (type === "module") keep = () => false; // no modules here
    else if (type === "aclcat") {
      const cat = arg.toLowerCase();
      keep = (full, def) => (full === def.name ? def.categories : aclCategories(commandDoc(full)!)).includes(cat);
    } else if (type === "pattern") keep = (full) => globMatch(arg.toLowerCase(), full);
    else throw new ReplyError(ERR.syntax);
  }
  const out: string[] = [];
  for (const def of COMMANDS.values()) {
    for (const full of [def.name, ...subcommandsOf(def)]) if (keep(full, def)) out.push(full);
  }
  return bulks(out);
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS <full command>. */
function getKeys(target: readonly BStr[], withFlags: boolean): Reply {
  const def = lookupCommand(target[0]!);
  if (!def) throw new ReplyError("ERR Invalid command specified");
  const doc = commandDoc(def.name);
  const hasKeys = def.firstKey > 0 || def.keys !== undefined || (doc?.key_specs?.length ?? 0) > 0;
  if (!hasKeys) throw new ReplyError("ERR The command has no key arguments");
  if (!arityOk(def, target.length)) throw new ReplyError("ERR Invalid number of arguments specified for command");
  const keys = keyIndexes(def, target);
  if (keys.length === 0 && !def.flags.includes("no_mandatory_keys")) throw new ReplyError("ERR Invalid arguments specified for command");
  if (!withFlags) return bulks(keys.map((i) => target[i]!));
  return arr(keys.map((i) => {
    const spec = doc ? keySpecFor(doc, target, i) : undefined;
    return arr([bulk(target[i]!), { t: "set", v: keyFlagNames(spec?.flags ?? []).map(simple) }]);
  }));
}

/** `argv` is the whole command, COMMAND included. Throws ReplyError like a handler. */
export function commandReply(argv: readonly BStr[]): Reply {
  if (argv.length === 1) return arr([...COMMANDS.values()].map(describe));
  const sub = argv[1]!.toLowerCase();
  const refusal = subcommandRefusal("command", argv);
  if (refusal) throw new ReplyError(refusal);
  switch (sub) {
    case "count":
      return int(COMMANDS.size);
    case "info":
      return arr((argv.length === 2 ? [...COMMANDS.keys()] : argv.slice(2)).map(infoOf));
    case "list":
      return list(argv);
    case "docs": {
      const names = argv.length === 2 ? [...COMMANDS.keys()] : argv.slice(2);
      return map(names.map(docsOf).filter((e): e is [Reply, Reply] => e !== null));
    }
    case "getkeys":
      return getKeys(argv.slice(2), false);
    case "getkeysandflags":
      return getKeys(argv.slice(2), true);
    case "help":
      return arr(HELP.map(simple));
    default:
      throw new ReplyError(`ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try COMMAND HELP.`);
  }
}
