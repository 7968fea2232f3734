/**
 * Server administration commands the node answers: SLOWLOG, LATENCY, ACL, LASTSAVE/SAVE/BGSAVE/
 * BGREWRITEAOF, and the commands that cannot apply here (MODULE, SYNC/PSYNC, SWAPDB, MOVE,
 * SHUTDOWN, standalone FAILOVER), each with Redis's reply or error for that case (docs/server.md).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, int, map, OK, ReplyError, simple, verbatim, type Reply } from "../resp/reply";
import { rangeArg } from "../commands/args";
import { lookupCommand } from "../commands/registry";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { serverOf } from "./server-commands";
import { LATENCY_TS_LEN } from "./stats/slowlog";
import { aclCommand } from "./acl";
import { subcommandRefusal } from "../commands/docs/command-docs";

/** addReplyHelp: Redis's header, the lines, then HELP. */
export function helpReply(cmd: string, lines: readonly string[]): Reply {
  return arr([`${cmd} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, "HELP", "    Prints this help."].map(simple));
}

/** addReplySubcommandSyntaxError. */
export function badSubcommand(cmd: string, argv: readonly BStr[]): ReplyError {
  return new ReplyError(`ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try ${cmd} HELP.`);
}

const SLOWLOG_HELP = [
  "GET [<count>]",
  "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
  "    Entries are made of:",
  "    id, timestamp, time in microseconds, arguments array, client IP and port,",
  "    client name",
  "LEN",
  "    Return the length of the slowlog.",
  "RESET",
  "    Reset the slowlog.",
];

function slowlogCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const refusal = subcommandRefusal("slowlog", argv);
  if (refusal) throw new ReplyError(refusal);
  const log = serverOf(ctx).observer.slowlog;
  const sub = argv[1]!.toLowerCase();
  if (argv.length === 2 && sub === "help") return helpReply("SLOWLOG", SLOWLOG_HELP);
  if (argv.length === 2 && sub === "reset") {
    log.reset();
    return OK;
  }
  if (argv.length === 2 && sub === "len") return int(log.entries.length);
  if ((argv.length === 2 || argv.length === 3) && sub === "get") {
    let count = argv.length === 3 ? rangeArg(argv[2]!, -1n, 9223372036854775807n, "ERR count should be greater than or equal to -1") : 10;
    if (count === -1) count = log.entries.length;
    return arr(log.entries.slice(0, count).map((e) => arr([int(e.id), int(e.time), int(e.usec), bulks(e.argv), bulk(e.peer), bulk(e.name)])));
  }
  throw badSubcommand("SLOWLOG", argv);
}

const LATENCY_HELP = [
  "DOCTOR",
  "    Return a human readable latency analysis report.",
  "GRAPH <event>",
  "    Return an ASCII latency graph for the <event> class.",
  "HISTORY <event>",
  "    Return time-latency samples for the <event> class.",
  "LATEST",
  "    Return the latest latency samples for all events.",
  "RESET [<event> ...]",
  "    Reset latency data of one or more <event> classes.",
  "    (default: reset all data for all event classes)",
  "HISTOGRAM [COMMAND ...]",
  "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
  "    If no commands are specified then all histograms are replied.",
];

const DOCTOR_OFF =
  "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
const DOCTOR_QUIET =
  "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n";

function latencyCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const refusal = subcommandRefusal("latency", argv);
  if (refusal) throw new ReplyError(refusal);
  const server = serverOf(ctx);
  const mon = server.observer.latency;
  const sub = argv[1]!.toLowerCase();
  if (sub === "history" && argv.length === 3) {
    const s = mon.events.get(argv[2]!);
    return arr((s?.samples ?? []).slice(-LATENCY_TS_LEN).map((x) => arr([int(x.time), int(x.latency)])));
  }
  if (sub === "graph" && argv.length === 3) {
    const s = mon.events.get(argv[2]!);
    if (!s) throw new ReplyError(`ERR No samples available for event '${argv[2]}'`);
    const lat = s.samples.map((x) => x.latency);
    return verbatim(`${argv[2]} - high ${Math.max(...lat)} ms, low ${Math.min(...lat)} ms (all time high ${s.max} ms)\n${"-".repeat(80)}\n`);
  }
  if (sub === "latest" && argv.length === 2) {
    return arr([...mon.events].map(([name, s]) => {
      const last = s.samples[s.samples.length - 1]!;
      return arr([bulk(name), int(last.time), int(last.latency), int(s.max)]);
    }));
  }
  if (sub === "doctor" && argv.length === 2) {
    if (server.config.get("latency-monitor-threshold") === 0 && mon.events.size === 0) return verbatim(DOCTOR_OFF);
    if (mon.events.size === 0) return verbatim(DOCTOR_QUIET);
    const lines = [...mon.events].map(([name, s]) => {
      const avg = Math.round(s.samples.reduce((a, x) => a + x.latency, 0) / s.samples.length);
      return `1. ${name}: ${s.samples.length} latency spikes (average ${avg}ms, mean deviation 0ms, period 0 sec). Worst all time event ${s.max}ms.`;
    });
    return verbatim(`Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n${lines.join("\n")}\n`);
  }
  if (sub === "reset" && argv.length >= 2) return int(mon.reset(argv.slice(2)));
  if (sub === "histogram" && argv.length >= 2) return latencyHistogram(ctx, argv.slice(2));
  if (sub === "help" && argv.length === 2) return helpReply("LATENCY", LATENCY_HELP);
  throw badSubcommand("LATENCY", argv);
}

/** LATENCY HISTOGRAM [command ...]: calls and cumulative counts per power-of-two microsecond bucket. */
function latencyHistogram(ctx: CommandContext, names: BStr[]): Reply {
  const stats = serverOf(ctx).observer.stats.commands;
  const wanted = names.length === 0 ? [...stats.keys()]
    : [...stats.keys()].filter((full) => names.some((n) => {
      const def = lookupCommand(n);
      return def !== undefined && (full === def.name || full.startsWith(`${def.name}|`));
    }));
  return map(wanted.filter((n) => stats.get(n)!.calls > 0).map((n) => {
    const s = stats.get(n)!;
    const buckets: [Reply, Reply][] = [];
    let cumulative = 0;
    s.histogram.forEach((count, i) => {
      cumulative += count;
      if (count > 0) buckets.push([int(2 ** i), int(cumulative)]);
    });
    return [bulk(n), map([[bulk("calls"), int(s.calls)], [bulk("histogram_usec"), map(buckets)]])];
  }));
}

const MODULE_HELP = [
  "LIST",
  "    Return a list of loaded modules.",
  "LOAD <path> [<arg> ...]",
  "    Load a module library from <path>, passing to it any optional arguments.",
  "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
  "    Load a module library from <path>, while passing it module configurations and optional arguments.",
  "UNLOAD <name>",
  "    Unload a module.",
];
/** enable-module-command is "no" (immutable): Redis's refusal. There is no module loader in a Worker. */
const MODULE_DISABLED = "ERR MODULE command not allowed. If the enable-module-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";

function moduleCommand(_ctx: CommandContext, argv: BStr[]): Reply {
  const refusal = subcommandRefusal("module", argv);
  if (refusal) throw new ReplyError(refusal);
  const sub = argv[1]!.toLowerCase();
  if (sub === "help") return helpReply("MODULE", MODULE_HELP);
  if (sub === "list") return arr([]);
  // LOAD, LOADEX, UNLOAD are protected commands (enable-module-command no).
  throw new ReplyError(MODULE_DISABLED);
}

/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: a Durable Object cannot be shut down by a client. */
function shutdownCommand(_ctx: CommandContext, argv: BStr[]): Reply {
  let abort = false;
  let save = false;
  let nosave = false;
  for (const a of argv.slice(1)) {
    const o = a.toLowerCase();
    if (o === "nosave") nosave = true;
    else if (o === "save") save = true;
    else if (o === "abort") abort = true;
    else if (o !== "now" && o !== "force") throw new ReplyError(ERR.syntax);
  }
  if ((abort && argv.length > 2) || (save && nosave)) throw new ReplyError(ERR.syntax);
  if (abort) throw new ReplyError("ERR No shutdown in progress.");
  throw new ReplyError("ERR Errors trying to SHUTDOWN. Check logs.");
}

/** Every write is committed to durable storage before its reply: the dataset is always saved. */
const lastSave = (ctx: CommandContext): Reply => int(Math.floor(ctx.now / 1000));

function bgsaveCommand(_ctx: CommandContext, argv: BStr[]): Reply {
  if (argv.length === 2 && argv[1]!.toLowerCase() !== "schedule") throw new ReplyError(ERR.syntax);
  if (argv.length > 2) throw new ReplyError(ERR.syntax);
  return simple("Background saving started");
}

export const serverAdminHandlers: HandlerTable = {
  slowlog: slowlogCommand,
  latency: latencyCommand,
  acl: aclCommand,
  module: moduleCommand,
  lastsave: lastSave,
  save: () => OK,
  bgsave: bgsaveCommand,
  bgrewriteaof: () => simple("Background append only file rewriting started"),
  shutdown: shutdownCommand,
  swapdb: () => {
    throw new ReplyError("ERR SWAPDB is not allowed in cluster mode");
  },
  move: () => {
    throw new ReplyError("ERR MOVE is not allowed in cluster mode");
  },
  failover: () => {
    throw new ReplyError("ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead.");
  },
  sync: replicationOnly,
  psync: replicationOnly,
};

/** A client cannot become a replica: replication runs between nodes, over their own transport. */
function replicationOnly(): Reply {
  throw new ReplyError("ERR SYNC and PSYNC are not available to clients: replicas are cluster nodes (CLUSTER REPLICATE)");
}
