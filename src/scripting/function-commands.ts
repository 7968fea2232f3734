/**
 * FUNCTION and FCALL/FCALL_RO (functions.c). Library changes replicate as the FUNCTION command
 * itself (a replica loads the same code); calls replicate as their effects.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, int, map, NULL, OK, ReplyError, set, simple, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { globMatch } from "../keyspace/glob";
import { FUNCTION_STATE } from "./lua-vm";
import { keysAndArgs, runScript, scriptHost } from "./run";
import { flagNames } from "./shebang";
import { dumpFunctions, parseFunctionDump } from "./function-dump";
import { subcommandError } from "./eval-commands";
import type { Scripting } from "./scripting";

const NOTBUSY = "NOTBUSY No scripts in execution right now.";
const SUBCOMMANDS = ["load", "delete", "flush", "list", "dump", "restore", "stats", "kill", "help"];

function fcall(ctx: CommandContext, argv: BStr[], readOnlyCommand: boolean): Reply {
  const { scripting } = scriptHost(ctx);
  const fn = scripting.functions.find(argv[1]!);
  if (!fn) throw new ReplyError("ERR Function not found");
  const { keys, args } = keysAndArgs(argv, "ERR Bad number of keys provided");
  scripting.stats.fcallCalls++;
  return runScript(ctx, { state: FUNCTION_STATE, target: String(fn.ref), name: fn.name, keys, args, flags: fn.flags, readOnlyCommand });
}

function list(scripting: Scripting, argv: BStr[]): Reply {
  let withCode = false;
  let pattern: BStr | null = null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (!withCode && a === "withcode") withCode = true;
    else if (pattern === null && a === "libraryname") {
      if (i >= argv.length - 1) throw new ReplyError("ERR library name argument was not given");
      pattern = argv[++i]!;
    } else throw new ReplyError(`ERR Unknown argument ${argv[i]}`);
  }
  const libs = scripting.functions.libraries().filter((l) => pattern === null || globMatch(pattern, l.name, true));
  return arr(libs.map((l) => {
    const fields: [Reply, Reply][] = [
      [bulk("library_name"), bulk(l.name)],
      [bulk("engine"), bulk("LUA")],
      [bulk("functions"), arr([...l.functions.values()].map((f) => map([
        [bulk("name"), bulk(f.name)],
        [bulk("description"), f.description === null ? NULL : bulk(f.description)],
        [bulk("flags"), set(flagNames(f.flags).map(simple))],
      ])))],
    ];
    if (withCode) fields.push([bulk("library_code"), bulk(l.code)]);
    return map(fields);
  }));
}

function restore(ctx: CommandContext, scripting: Scripting, argv: BStr[]): Reply {
  const policy = (argv[3] ?? "append").toLowerCase();
  if (argv.length > 4 || !["append", "replace", "flush"].includes(policy)) {
    throw new ReplyError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
  }
  const codes = parseFunctionDump(argv[2]!);
  if (codes === null) throw new ReplyError("ERR DUMP payload version or checksum are wrong");
  if (!Array.isArray(codes)) throw new ReplyError(`ERR ${codes.error}`);
  if (policy === "flush") {
    scripting.functions.flush();
    scripting.resetFunctionState();
  }
  const existing = new Set(scripting.functions.libraries().map((l) => l.name));
  if (policy === "append") {
    for (const code of codes) {
      const name = /^#!\S*\s[^\n]*?name=(\S+)/.exec(code)?.[1];
      if (name !== undefined && existing.has(name)) throw new ReplyError(`ERR Library ${name} already exists`);
    }
  }
  for (const code of codes) scripting.functions.load(code, policy !== "append");
  ctx.propagate(argv);
  return OK;
}

/** FUNCTION HELP's reply (addReplyHelp's layout: its lines, then HELP). */
const FUNCTION_HELP = [
  "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "LOAD [REPLACE] <FUNCTION CODE>",
  "    Create a new library with the given library name and code.",
  "DELETE <LIBRARY NAME>",
  "    Delete the given library.",
  "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
  "    Return general information on all the libraries:",
  "    * Library name",
  "    * The engine used to run the Library",
  "    * Library description",
  "    * Functions list",
  "    * Library code (if WITHCODE is given)",
  "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
  "STATS",
  "    Return information about the current function running:",
  "    * Function name",
  "    * Command used to run the function",
  "    * Duration in MS that the function is running",
  "    If no function is running, return nil",
  "    In addition, returns a list of available engines.",
  "KILL",
  "    Kill the current running function.",
  "FLUSH [ASYNC|SYNC]",
  "    Delete all the libraries.",
  "    When called without the optional mode argument, the behavior is determined by the",
  "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
  "    * ASYNC: Asynchronously flush the libraries.",
  "    * SYNC: Synchronously flush the libraries.",
  "DUMP",
  "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
  "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
  "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
  "    control how to handle existing libraries (default APPEND):",
  "    * FLUSH: delete all existing libraries.",
  "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
  "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
  "      libraries with the new libraries (notice that even on this option there is a chance of failure",
  "      in case of functions name collision with another library).",
  "HELP",
  "    Prints this help.",
];

function functionCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const { scripting } = scriptHost(ctx);
  const sub = argv[1]!.toLowerCase();
  switch (sub) {
    case "load": {
      if (argv.length < 3) break;
      let replace = false;
      let i = 2;
      for (; i < argv.length - 1; i++) {
        if (argv[i]!.toLowerCase() === "replace") replace = true;
        else throw new ReplyError(`ERR Unknown option given: ${argv[i]}`);
      }
      const name = scripting.functions.load(argv[argv.length - 1]!, replace);
      ctx.propagate(argv);
      return bulk(name);
    }
    case "delete":
      if (argv.length !== 3) break;
      scripting.functions.delete(argv[2]!);
      ctx.propagate(argv);
      return OK;
    case "flush": {
      const mode = argv[2]?.toLowerCase();
      if (argv.length > 3 || (argv.length === 3 && mode !== "sync" && mode !== "async")) {
        throw new ReplyError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
      }
      scripting.functions.flush();
      scripting.resetFunctionState();
      ctx.propagate(argv);
      return OK;
    }
    case "list":
      return list(scripting, argv);
    case "dump":
      if (argv.length !== 2) break;
      return bulk(dumpFunctions(scripting.functions.libraries().map((l) => l.code)));
    case "restore":
      if (argv.length < 3 || argv.length > 4) break;
      return restore(ctx, scripting, argv);
    case "stats":
      if (argv.length !== 2) break;
      return map([
        [bulk("running_script"), NULL],
        [bulk("engines"), map([[bulk("LUA"), map([
          [bulk("libraries_count"), int(scripting.functions.size)],
          [bulk("functions_count"), int(scripting.functions.functionCount)],
        ])]])],
      ]);
    case "kill":
      if (argv.length !== 2) break;
      throw new ReplyError(NOTBUSY);
    case "help":
      if (argv.length !== 2) break;
      return arr(FUNCTION_HELP.map(simple));
  }
  throw new ReplyError(subcommandError(argv, "FUNCTION", SUBCOMMANDS));
}

export const functionHandlers: HandlerTable = {
  function: functionCommand,
  fcall: (ctx, argv) => fcall(ctx, argv, false),
  fcall_ro: (ctx, argv) => fcall(ctx, argv, true),
};
