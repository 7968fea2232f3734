/**
 * Server commands that need the node rather than the keyspace: PING, ECHO, TIME, SELECT, INFO,
 * CONFIG, CLUSTER, COMMAND, and replication's ROLE, WAIT and REPLICAOF/SLAVEOF. (Connection
 * commands such as HELLO, AUTH, MULTI are answered by the gateway.) Their table rows are in
 * commands/specs/server.ts.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, map, OK, ReplyError, simple, verbatim, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import { toInt } from "../commands/args";
import { commandReply } from "../commands/command-info";
import type { CommandContext, Handler, HandlerTable } from "../keyspace/handler";
import type { NodeObserver } from "./stats/observer";

/** CONFIG GET/SET's view of the node's tunables (NodeConfig implements it). */
export interface ServerConfig {
  /** CONFIG GET pattern...: [name, value] pairs. */
  match(patterns: string[]): [string, string][];
  /** CONFIG SET: all or nothing; throws ReplyError with Redis's text. */
  set(pairs: [string, string][]): void;
  /** A parameter's number (bools 1/0, enums their value). */
  get(name: string): number;
  /** A parameter's CONFIG GET text. */
  text(name: string): string;
}

/** What server commands need from the node (implemented by RedisNode). */
export interface ServerApi {
  readonly nodeId: string;
  readonly config: ServerConfig;
  /** commandstats, errorstats, SLOWLOG, LATENCY (stats/observer.ts). */
  readonly observer: NodeObserver;
  info(sections: string[]): string;
  /** MEMORY STATS / DOCTOR: what the node stores. */
  memoryStats(): { storedBytes: number; backlogBytes: number; luaCaches: number; functionsCaches: number };
  /** CONFIG RESETSTAT: INFO's counters, commandstats and errorstats back to zero. */
  resetStats(): void;
  saveConfig(): void;
  /** CLUSTER ... and REPLICAOF/SLAVEOF: the cluster core's commands. */
  clusterCommand(argv: BStr[]): Reply;
  /** ROLE. */
  role(): Reply;
  /** WAIT without waiting (inside MULTI, or when it need not block): the acks counted now. */
  waitNow(numReplicas: number): Reply;
  /** DEBUG <subcommand> (only with DEBUG_COMMANDS=true). */
  debug(argv: BStr[], conn: ConnState): Reply;
}

/** WAIT numreplicas timeout: validated arguments (Redis's errors). */
export function parseWait(argv: BStr[]): { numReplicas: number; timeoutMs: number } {
  const n = toInt(argv[1]!);
  if (n === null) throw new ReplyError(ERR.notInteger);
  const t = toInt(argv[2]!);
  if (t === null) throw new ReplyError("ERR timeout is not an integer or out of range");
  if (t < 0) throw new ReplyError("ERR timeout is negative");
  return { numReplicas: n, timeoutMs: t };
}

export function serverOf(ctx: CommandContext): ServerApi {
  if (!ctx.server) throw new ReplyError("ERR this command needs a node");
  return ctx.server as ServerApi;
}

function pingCommand(_ctx: CommandContext, argv: BStr[]): Reply {
  if (argv.length > 2) throw new ReplyError(ERR.wrongArity("ping"));
  return argv.length === 2 ? bulk(argv[1]!) : simple("PONG");
}

function selectCommand(_ctx: CommandContext, argv: BStr[]): Reply {
  const db = toInt(argv[1]!);
  if (db === null) throw new ReplyError(ERR.notInteger);
  if (db !== 0) throw new ReplyError("ERR SELECT is not allowed in cluster mode");
  return OK;
}

/** CLUSTER ..., and REPLICAOF <node-name> <port> | NO ONE, which the cluster core maps onto cluster roles (node-commands.ts). */
const clusterCommand: Handler = (ctx, argv) => serverOf(ctx).clusterCommand(argv);

export const serverHandlers: HandlerTable = {
  ping: pingCommand,
  echo: (_ctx, argv) => bulk(argv[1]!),
  time: (ctx) => bulks([String(Math.floor(ctx.now / 1000)), String((ctx.now % 1000) * 1000)]),
  select: selectCommand,
  info: (ctx, argv) => verbatim(serverOf(ctx).info(argv.slice(1))),
  config: configCommand,
  cluster: clusterCommand,
  role: (ctx) => serverOf(ctx).role(),
  // The node runs the blocking form itself (RedisNode.execute); this handler answers at once.
  wait: (ctx, argv) => serverOf(ctx).waitNow(parseWait(argv).numReplicas),
  debug: (ctx, argv) => serverOf(ctx).debug(argv, ctx.conn),
  replicaof: clusterCommand,
  slaveof: clusterCommand,
  command: (_ctx, argv) => commandReply(argv),
};

const CONFIG_HELP = [
  "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GET <pattern>",
  "    Return parameters matching the glob-like <pattern> and their values.",
  "SET <directive> <value>",
  "    Set the configuration <directive> to <value>.",
  "RESETSTAT",
  "    Reset statistics reported by the INFO command.",
  "REWRITE",
  "    Rewrite the configuration file.",
  "HELP",
  "    Prints this help.",
];

/** CONFIG GET/SET/RESETSTAT/REWRITE/HELP (config.c). */
function configCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const server = serverOf(ctx);
  const sub = argv[1]!.toLowerCase();
  const arity = (ok: boolean): void => {
    if (!ok) throw new ReplyError(ERR.wrongArity(`config|${sub}`));
  };
  switch (sub) {
    case "get": {
      arity(argv.length >= 3);
      return map(server.config.match(argv.slice(2)).map(([k, v]) => [bulk(k), bulk(v)]));
    }
    case "set": {
      arity(argv.length >= 4);
      if (argv.length % 2 !== 0) throw new ReplyError(ERR.syntax);
      const pairs: [string, string][] = [];
      for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
      server.config.set(pairs);
      server.saveConfig();
      return OK;
    }
    case "resetstat":
      arity(argv.length === 2);
      server.resetStats();
      return OK;
    case "rewrite":
      arity(argv.length === 2);
      // Redis's answer without a config file: parameters set here are persisted by the node itself.
      throw new ReplyError("ERR The server is running without a config file");
    case "help":
      arity(argv.length === 2);
      return arr(CONFIG_HELP.map(simple));
    default:
      throw new ReplyError(`ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try CONFIG HELP.`);
  }
}
