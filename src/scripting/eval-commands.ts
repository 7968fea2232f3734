/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (eval.c), over the node's Scripting state.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, int, OK, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { EVAL_STATE, keysAndArgs, runScript, scriptHost } from "./run";
import { parseShebang } from "./shebang";

const NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
const NOTBUSY = "NOTBUSY No scripts in execution right now.";

function evalGeneric(ctx: CommandContext, argv: BStr[], bySha: boolean, readOnlyCommand: boolean): Reply {
  const { scripting } = scriptHost(ctx);
  // Redis checks numkeys before looking the script up.
  const { keys, args } = keysAndArgs(argv);
  let sha: string;
  if (bySha) {
    sha = argv[1]!.toLowerCase();
    if (sha.length !== 40 || !scripting.scripts.has(sha)) throw new ReplyError(NOSCRIPT);
  } else {
    const body = argv[1]!;
    const cachedSha = scripting.vm().sha1hex(body);
    if (!scripting.scripts.has(cachedSha)) {
      const { flags, length } = parseShebang(body);
      scripting.cache(body, flags, length);
    }
    sha = cachedSha;
  }
  const script = scripting.scripts.get(sha)!;
  scripting.stats.evalCalls++;
  return runScript(ctx, { state: EVAL_STATE, target: `f_${sha}`, name: sha, keys, args, flags: script.flags, readOnlyCommand });
}

const SCRIPT_HELP = [
  "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "DEBUG (YES|SYNC|NO)",
  "    Set the debug mode for subsequent scripts executed.",
  "EXISTS <sha1> [<sha1> ...]",
  "    Return information about the existence of the scripts in the script cache.",
  "FLUSH [ASYNC|SYNC]",
  "    Flush the Lua scripts cache. Very dangerous on replicas.",
  "    When called without the optional mode argument, the behavior is determined by the",
  "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
  "    * ASYNC: Asynchronously flush the scripts cache.",
  "    * SYNC: Synchronously flush the scripts cache.",
  "KILL",
  "    Kill the currently executing Lua script.",
  "LOAD <script>",
  "    Load a script into the scripts cache without executing it.",
  "HELP",
  "    Prints this help.",
];

function scriptCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const sub = argv[1]!.toLowerCase();
  const { scripting } = scriptHost(ctx);
  if (sub === "help" && argv.length === 2) return arr(SCRIPT_HELP.map((l) => ({ t: "simple", v: l })));
  if (sub === "flush") {
    const mode = argv[2]?.toLowerCase();
    if (argv.length > 3 || (argv.length === 3 && mode !== "sync" && mode !== "async")) {
      throw new ReplyError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    }
    scripting.flushScripts();
    ctx.propagate();
    return OK;
  }
  if (sub === "exists" && argv.length >= 3) {
    return arr(argv.slice(2).map((sha) => int(scripting.scripts.has(sha.toLowerCase()) ? 1 : 0)));
  }
  if (sub === "load" && argv.length === 3) {
    const body = argv[2]!;
    const { flags, length } = parseShebang(body);
    return bulk(scripting.cache(body, flags, length));
  }
  if (sub === "kill" && argv.length === 2) throw new ReplyError(NOTBUSY);
  if (sub === "debug" && argv.length === 3) {
    // Debugging off is what every script here runs with; the debugger itself (LDB) is not served.
    if (argv[2]!.toLowerCase() === "no") return OK;
    throw new ReplyError("ERR SCRIPT DEBUG YES|SYNC is not supported here: scripts run synchronously inside a Durable Object");
  }
  throw new ReplyError(subcommandError(argv, "SCRIPT", ["load", "exists", "flush", "kill", "help", "debug"]));
}

/** processCommand's errors for a container command: a known subcommand's arity, or an unknown one. */
export function subcommandError(argv: BStr[], container: string, known: string[]): string {
  const sub = argv[1]!.toLowerCase();
  return known.includes(sub)
    ? `ERR wrong number of arguments for '${container.toLowerCase()}|${sub}' command`
    : `ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try ${container} HELP.`;
}

export const evalHandlers: HandlerTable = {
  eval: (ctx, argv) => evalGeneric(ctx, argv, false, false),
  evalsha: (ctx, argv) => evalGeneric(ctx, argv, true, false),
  eval_ro: (ctx, argv) => evalGeneric(ctx, argv, false, true),
  evalsha_ro: (ctx, argv) => evalGeneric(ctx, argv, true, true),
  script: scriptCommand,
};
