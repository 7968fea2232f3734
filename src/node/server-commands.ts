/**
 * Server commands that need the node rather than the keyspace: PING, ECHO, TIME, SELECT, INFO,
 * CONFIG, CLUSTER, and replication's ROLE, WAIT and REPLICAOF/SLAVEOF. (Connection commands such
 * as HELLO, AUTH, MULTI are answered by the gateway.)
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, map, OK, ReplyError, simple, verbatim, type Reply } from "../resp/reply";
import type { CommandContext, CommandDef, ConnState } from "../commands/types";
import { isOpt, toInt } from "../commands/args";
import type { NodeConfig } from "./config";
import { commandCommand } from "../commands/command-info";

/** What server commands need from the node (implemented by RedisNode). */
export interface ServerApi {
  readonly nodeId: string;
  readonly config: NodeConfig;
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

/** REPLICAOF <node-name> <port> | NO ONE: the cluster core maps it onto cluster roles (node-commands.ts). */
const replicaofCommand = (name: string): CommandDef => ({
  name, arity: 3, flags: ["admin", "noscript", "stale"], ...noKeys, categories: ["admin", "slow", "dangerous"],
  handler: (ctx, argv) => serverOf(ctx).clusterCommand(argv),
});

export function serverOf(ctx: CommandContext): ServerApi {
  if (!ctx.server) throw new ReplyError("ERR this command needs a node");
  return ctx.server as ServerApi;
}

const noKeys = { firstKey: 0, lastKey: 0, step: 0 };

export const serverCommands: CommandDef[] = [
  {
    name: "ping", arity: -1, flags: ["fast", "stale"], ...noKeys, categories: ["fast", "connection"],
    handler: (_ctx, argv) => {
      if (argv.length > 2) throw new ReplyError(ERR.wrongArity("ping"));
      return argv.length === 2 ? bulk(argv[1]!) : simple("PONG");
    },
  },
  {
    name: "echo", arity: 2, flags: ["fast", "stale"], ...noKeys, categories: ["fast", "connection"],
    handler: (_ctx, argv) => bulk(argv[1]!),
  },
  {
    name: "time", arity: 1, flags: ["fast", "loading", "stale"], ...noKeys, categories: ["fast"],
    handler: (ctx) => bulks([String(Math.floor(ctx.now / 1000)), String((ctx.now % 1000) * 1000)]),
  },
  {
    name: "select", arity: 2, flags: ["loading", "stale", "fast"], ...noKeys, categories: ["fast", "connection"],
    handler: (_ctx, argv) => {
      const db = toInt(argv[1]!);
      if (db === null) throw new ReplyError(ERR.notInteger);
      if (db !== 0) throw new ReplyError("ERR SELECT is not allowed in cluster mode");
      return OK;
    },
  },
  {
    name: "info", arity: -1, flags: ["loading", "stale"], ...noKeys, categories: ["slow", "dangerous"],
    handler: (ctx, argv) => verbatim(serverOf(ctx).info(argv.slice(1))),
  },
  {
    name: "config", arity: -2, flags: ["admin", "noscript", "loading", "stale"], ...noKeys, categories: ["slow", "admin", "dangerous"],
    handler: configCommand,
  },
  {
    name: "cluster", arity: -2, flags: ["loading", "stale"], ...noKeys, categories: ["slow"],
    handler: (ctx, argv) => serverOf(ctx).clusterCommand(argv),
  },
  {
    name: "role", arity: 1, flags: ["noscript", "loading", "stale", "fast"], ...noKeys, categories: ["admin", "fast", "dangerous"],
    handler: (ctx) => serverOf(ctx).role(),
  },
  {
    // The node runs the blocking form itself (RedisNode.execute); this handler answers at once.
    name: "wait", arity: 3, flags: ["noscript"], ...noKeys, categories: ["slow", "connection"],
    handler: (ctx, argv) => serverOf(ctx).waitNow(parseWait(argv).numReplicas),
  },
  {
    name: "debug", arity: -2, flags: ["admin", "noscript", "loading", "stale"], ...noKeys, categories: ["admin", "slow", "dangerous"],
    handler: (ctx, argv) => serverOf(ctx).debug(argv, ctx.conn),
  },
  replicaofCommand("replicaof"),
  replicaofCommand("slaveof"),
  commandCommand,
];

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
