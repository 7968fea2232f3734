/**
 * COMMAND, COMMAND COUNT|INFO|LIST|GETKEYS|DOCS: the command table as clients (redis-cli, cluster
 * clients) read it. Reply shape of COMMAND INFO is Redis 7's: name, arity, flags, first key,
 * last key, step, ACL categories, tips, key specs, subcommands. A pure function of argv: the node
 * binds it as the COMMAND handler.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, int, map, NULL, ReplyError, simple, type Reply } from "../resp/reply";
import type { CommandSpec } from "./types";
import { COMMANDS, arityOk, keyIndexes, lookupCommand } from "./registry";

function describe(def: CommandSpec): Reply {
  const flags = def.keys && !def.flags.includes("movablekeys") ? [...def.flags, "movablekeys"] : def.flags;
  return arr([
    bulk(def.name),
    int(def.arity),
    { t: "set", v: flags.map(simple) },
    int(def.firstKey),
    int(def.lastKey),
    int(def.step),
    { t: "set", v: def.categories.map((c) => simple(`@${c}`)) },
    arr([]),
    arr([]),
    arr([]),
  ]);
}

/** `argv` is the whole command, COMMAND included. Throws ReplyError like a handler. */
export function commandReply(argv: readonly BStr[]): Reply {
  if (argv.length === 1) return arr([...COMMANDS.values()].map(describe));
  const sub = argv[1]!.toLowerCase();
  switch (sub) {
    case "count":
      return int(COMMANDS.size);
    case "info": {
      const names = argv.length === 2 ? [...COMMANDS.keys()] : argv.slice(2);
      return arr(names.map((n) => {
        const def = lookupCommand(n);
        return def ? describe(def) : NULL;
      }));
    }
    case "list":
      return bulks([...COMMANDS.keys()]);
    case "docs": {
      const names = argv.length === 2 ? [...COMMANDS.keys()] : argv.slice(2).map((n) => n.toLowerCase());
      return map(names.filter((n) => COMMANDS.has(n)).map((n) => [bulk(n), map([[bulk("summary"), bulk("")]])]));
    }
    case "getkeys": {
      if (argv.length < 3) throw new ReplyError(ERR.wrongArity("command|getkeys"));
      const target = argv.slice(2);
      const def = lookupCommand(target[0]!);
      if (!def) throw new ReplyError("ERR Invalid command specified");
      if (!arityOk(def, target.length)) throw new ReplyError("ERR Invalid number of arguments specified for command");
      const keys = keyIndexes(def, target);
      if (keys.length === 0) throw new ReplyError("ERR The command has no key arguments");
      return bulks(keys.map((i) => target[i]!));
    }
    default:
      throw new ReplyError(`ERR unknown subcommand '${argv[1]}'. Try COMMAND HELP.`);
  }
}
