/**
 * Server commands that need the node rather than the keyspace: PING, ECHO, TIME, SELECT, INFO,
 * CONFIG, CLUSTER, COMMAND, and replication's ROLE, WAIT and REPLICAOF/SLAVEOF. (Connection
 * commands such as HELLO, AUTH, MULTI are answered by the gateway.) Their table rows are in
 * commands/specs/server.ts.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, map, OK, ReplyError, simple, verbatim, type Reply } from "../resp/reply";
import type { ConnState } from "../commands/types";
import { isOpt, toInt } from "../commands/args";
import { commandReply } from "../commands/command-info";
import type { CommandContext, Handler, HandlerTable } from "../keyspace/handler";

/** CONFIG GET/SET's view of the node's tunables (NodeConfig implements it). */
export interface ServerConfig {
  /** CONFIG GET pattern...: [name, value] pairs. */
  match(patterns: string[]): [string, string][];
  /** CONFIG SET: all or nothing; throws ReplyError with Redis's text. */
  set(pairs: [string, string][]): void;
}

/** What server commands need from the node (implemented by RedisNode). */
export interface ServerApi {
  readonly nodeId: string;
  readonly config: ServerConfig;
  info(sections: string[]): string;
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

function configCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const server = serverOf(ctx);
  const sub = argv[1]!.toLowerCase();
  if (sub === "get" && argv.length >= 3) {
    const pairs = server.config.match(argv.slice(2));
    return map(pairs.map(([k, v]) => [bulk(k), bulk(v)]));
  }
  if (sub === "set" && argv.length >= 4 && argv.length % 2 === 0) {
    const pairs: [string, string][] = [];
    for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
    server.config.set(pairs);
    server.saveConfig();
    return OK;
  }
  if (isOpt(argv[1], "resetstat") && argv.length === 2) return OK;
  if (isOpt(argv[1], "rewrite") && argv.length === 2) return OK;
  if (isOpt(argv[1], "help")) return arr(["CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "GET <pattern>", "SET <directive> <value>", "RESETSTAT", "REWRITE"].map(simple));
  throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CONFIG HELP.`);
}
