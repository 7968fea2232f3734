/**
 * The CLIENT subcommands that see the isolate's other connections (LIST, INFO, KILL, PAUSE,
 * UNPAUSE) and MONITOR, for a WebSocket connection; the rest of CLIENT is commands/connection.ts's.
 * REST requests and nodes have no registry (stateless.ts).
 */
import type { BStr } from "../../resp/bytes";
import { ERR, error, int, OK, ReplyError, verbatim, type Reply } from "../../resp/reply";
import { lookupCommand } from "../../commands/registry";
import { noPerm } from "../auth";
import { clientLine } from "./client-line";
import { killMatches, listMatches, parseKillFilter, parseListFilter } from "./filters";
import { parsePause } from "./pause";
import type { ClientHandle, ClientRegistry } from "./registry";

/** Subcommand arities (Redis 7.0's table). */
const ARITY: Readonly<Record<string, number>> = { list: -2, info: 2, kill: -3, pause: -3, unpause: 2 };
/** Subcommands flagged admin in Redis 7.0: the data token gets NOPERM. */
const ADMIN = new Set(["list", "kill", "pause", "unpause"]);

export const REGISTRY_SUBCOMMANDS: ReadonlySet<string> = new Set(Object.keys(ARITY));

export interface RegistryReply {
  reply: Reply;
  /** CLIENT KILL matched the caller: close it once the reply is sent (CLIENT_CLOSE_AFTER_REPLY). */
  closeSelf?: boolean;
}

function checkArity(sub: string, argc: number): void {
  const a = ARITY[sub]!;
  if (a > 0 ? argc !== a : argc < -a) throw new ReplyError(ERR.wrongArity(`client|${sub}`));
}

/** The subcommands with a wrong argument count Redis reports as a subcommand syntax error. */
function subcommandSyntax(argv: readonly BStr[]): ReplyError {
  return new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`);
}

/**
 * CLIENT LIST/INFO/KILL/PAUSE/UNPAUSE from connection `self`, or null for another subcommand.
 * `admin`: the connection holds the admin token.
 */
export function registryClientCommand(argv: BStr[], self: ClientHandle, reg: ClientRegistry, admin: boolean, now: number): RegistryReply | null {
  const sub = argv[1]!.toLowerCase();
  if (!REGISTRY_SUBCOMMANDS.has(sub)) return null;
  try {
    checkArity(sub, argv.length);
    if (ADMIN.has(sub) && !admin) return { reply: noPerm(lookupCommand("client")!, argv) };
    switch (sub) {
      case "info":
        return { reply: verbatim(clientLine(self.snapshot(), now)) };
      case "list":
        return { reply: verbatim(list(argv, reg, now)) };
      case "kill":
        return kill(argv, self, reg, now);
      case "pause": {
        if (argv.length > 4) throw subcommandSyntax(argv);
        const p = parsePause(argv, now);
        reg.pause.pause(p.end, p.mode, now);
        return { reply: OK };
      }
      default:
        reg.pause.unpause();
        return { reply: OK };
    }
  } catch (e) {
    if (e instanceof ReplyError) return { reply: e.reply };
    throw e;
  }
}

function list(argv: readonly BStr[], reg: ClientRegistry, now: number): string {
  const f = parseListFilter(argv);
  let out = "";
  if (f !== null && "ids" in f) {
    for (const id of f.ids) {
      const c = reg.get(id);
      if (c) out += clientLine(c.snapshot(), now);
    }
    return out;
  }
  for (const c of reg.all()) {
    const s = c.snapshot();
    if (listMatches(f, s)) out += clientLine(s, now);
  }
  return out;
}

function kill(argv: readonly BStr[], self: ClientHandle, reg: ClientRegistry, now: number): RegistryReply {
  const f = parseKillFilter(argv);
  let killed = 0;
  let closeSelf = false;
  for (const c of [...reg.all()]) {
    if (!killMatches(f, c.snapshot(), self.info.id, now)) continue;
    if (c === self) closeSelf = true;
    else c.kill();
    killed++;
  }
  const reply = f.oldForm ? (killed === 0 ? error("ERR No such client") : OK) : int(killed);
  return { reply, closeSelf };
}
