/**
 * XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER / HELP (xgroupCommand), with
 * Redis's order of checks: options, key type, key existence (unless MKSTREAM), group existence.
 * Replicated as sent ("$" names the same last ID on a replica, which holds the same stream).
 */
import type { BStr } from "../../resp/bytes";
import { arr, ERR, int, OK, ReplyError, simple, type Reply } from "../../resp/reply";
import { bigIntArg, isOpt } from "../../commands/args";
import { XGROUP_KEY_SUBCOMMANDS } from "../../commands/specs/streams";
import type { CommandContext, HandlerTable } from "../handler";
import { parseId, parseStrictId, type StreamId } from "./id";
import { Group, INVALID_ENTRIES_READ } from "./groups";
import { Stream } from "./store";

const HELP = [
  "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CREATE <key> <groupname> <id|$> [option]",
  "    Create a new consumer group. Options are:",
  "    * MKSTREAM",
  "      Create the empty stream if it does not exist.",
  "    * ENTRIESREAD entries_read",
  "      Set the group's entries_read counter (internal use).",
  "CREATECONSUMER <key> <groupname> <consumer>",
  "    Create a new consumer in the specified group.",
  "DELCONSUMER <key> <groupname> <consumer>",
  "    Remove the specified consumer.",
  "DESTROY <key> <groupname>",
  "    Remove the specified group.",
  "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
  "    Set the current group ID and entries_read counter.",
  "HELP",
  "    Prints this help.",
];

/** Redis 7.0's arity of each XGROUP subcommand (checked before the command runs). */
const ARITY: Record<string, number> = { create: -5, createconsumer: 5, delconsumer: 5, destroy: 4, setid: -5, help: 2 };

/** addReplySubcommandSyntaxError. */
export const subcommandSyntaxError = (cmd: BStr, sub: BStr): ReplyError =>
  new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`);

/** The container's checks (processCommand): a known subcommand, then its arity. */
export function checkSubcommand(argv: BStr[], known: ReadonlySet<string>, arity: Record<string, number>): string {
  const sub = argv[1]!.toLowerCase();
  if (!known.has(sub)) throw new ReplyError(`ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try ${argv[0]!.toUpperCase()} HELP.`);
  const n = arity[sub]!;
  if (n > 0 ? argv.length !== n : argv.length < -n) throw new ReplyError(ERR.wrongArity(`${argv[0]!.toLowerCase()}|${sub}`));
  return sub;
}

const KNOWN = new Set([...XGROUP_KEY_SUBCOMMANDS, "help"]);

function xgroup(ctx: CommandContext, argv: BStr[]): Reply {
  const sub = checkSubcommand(argv, KNOWN, ARITY);
  if (sub === "help") return arr(HELP.map(simple));
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  for (let i = 5; i < argv.length; ) {
    if (sub === "create" && isOpt(argv[i], "mkstream")) {
      mkstream = true;
      i++;
    } else if ((sub === "create" || sub === "setid") && isOpt(argv[i], "entriesread") && i + 1 < argv.length) {
      entriesRead = bigIntArg(argv[i + 1]!);
      if (entriesRead < 0n && entriesRead !== INVALID_ENTRIES_READ) throw new ReplyError("ERR value for ENTRIESREAD must be positive or -1");
      i += 2;
    } else {
      throw subcommandSyntaxError(argv[0]!, argv[1]!);
    }
  }
  const key = argv[2]!;
  const name = argv[3]!;
  let s = Stream.open(ctx.db, key);
  let g: Group | null = null;
  if (!mkstream) {
    if (!s) {
      throw new ReplyError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
    }
    g = Group.lookup(s, name);
    if (!g && sub !== "create" && sub !== "destroy") throw new ReplyError(`NOGROUP No such consumer group '${name}' for key name '${key}'`);
  }
  const lastIdArg = (): StreamId => (argv[4] === "$" ? (s?.lastId ?? { ms: 0n, seq: 0n }) : sub === "create" ? parseStrictId(argv[4]!) : parseId(argv[4]!));
  switch (sub) {
    case "create": {
      if (argv.length > 8) throw subcommandSyntaxError(argv[0]!, argv[1]!);
      const id = lastIdArg();
      if (!s) {
        s = Stream.create(ctx.db, key);
        s.save();
      }
      if (!Group.create(s, name, id, entriesRead)) throw new ReplyError("BUSYGROUP Consumer Group name already exists");
      ctx.db.dirty++;
      return OK;
    }
    case "setid": {
      if (argv.length !== 5 && argv.length !== 7) throw subcommandSyntaxError(argv[0]!, argv[1]!);
      g!.lastId = lastIdArg();
      g!.entriesRead = entriesRead;
      g!.save();
      ctx.db.dirty++;
      return OK;
    }
    case "destroy":
      if (!g) return int(0);
      g.destroy();
      // Wakes XREADGROUP clients blocked on this group (they now get NOGROUP).
      ctx.db.modified(key);
      return int(1);
    case "createconsumer": {
      const created = g!.createConsumer(argv[4]!, ctx.now);
      if (created) ctx.db.dirty++;
      return int(created ? 1 : 0);
    }
    default: {
      const pending = g!.deleteConsumer(argv[4]!);
      if (pending !== null) ctx.db.dirty++;
      return int(pending ?? 0);
    }
  }
}

export const streamGroupHandlers: HandlerTable = { xgroup };
