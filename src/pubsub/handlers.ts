/**
 * The node's Pub/Sub handlers. PUBLISH and SPUBLISH queue their message in the node's outbox
 * (outbox.ts), PUBSUB queues its question; the runtime flushes the outbox after the batch and
 * the placeholder replies are filled in. SPUBLISH's channel is its key: the dispatcher's slot
 * gate has already refused it (MOVED, ASK, CLUSTERDOWN) unless this node serves the slot.
 *
 * The subscribe commands belong to a connection (the gateway keeps its subscriptions); a node
 * reached without one (REST, a node-to-node call) refuses them, except that the gateway sends
 * SSUBSCRIBE / SUNSUBSCRIBE through the router to learn whether the owner serves the channels'
 * slot: the slot gate answers first, and NOT_HERE (not a redirect) means "served".
 */
import type { BStr } from "../resp/bytes";
import { error, ReplyError, simple, arr, type Reply } from "../resp/reply";
import type { CommandContext, Handler, HandlerTable } from "../keyspace/handler";
import type { PubSubOutbox, PubsubAsk } from "./outbox";

export const NOT_HERE = "ERR the subscribe commands need a connection: use the WebSocket API (/ws) or POST /subscribe/<channel>";

const outbox = (ctx: CommandContext): PubSubOutbox => {
  const o = (ctx as { pubsub?: unknown }).pubsub as PubSubOutbox | undefined;
  if (!o) throw new ReplyError("ERR Pub/Sub is not available on this node");
  return o;
};

const HELP = [
  "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
  "HELP",
  "    Prints this help.",
];

/**
 * PUBSUB's subcommand as a hub question, or its Redis 7.0 error: the subcommand table's (unknown
 * subcommand, arity of NUMPAT and HELP), then pubsubCommand's own (CHANNELS with two patterns).
 */
export function parsePubsub(argv: BStr[]): PubsubAsk | "help" | Reply {
  const sub = argv[1]!.toLowerCase();
  const n = argv.length;
  if (!SUBCOMMANDS.has(sub)) return error(`ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try PUBSUB HELP.`);
  if ((sub === "help" || sub === "numpat") && n !== 2) return error(`ERR wrong number of arguments for 'pubsub|${sub}' command`);
  if (sub === "help") return "help";
  if (sub === "numpat") return { q: "numpat" };
  if (sub === "numsub" || sub === "shardnumsub") return { q: "numsub", kind: sub === "numsub" ? "c" : "s", channels: argv.slice(2) };
  if (n > 3) return error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try PUBSUB HELP.`);
  return { q: "channels", kind: sub === "channels" ? "c" : "s", pattern: n === 3 ? argv[2]! : null };
}

const SUBCOMMANDS = new Set(["channels", "numpat", "numsub", "shardchannels", "shardnumsub", "help"]);

const refuse: Handler = () => error(NOT_HERE);

export const pubsubHandlers: HandlerTable = {
  publish: (ctx, argv) => outbox(ctx).publish("c", argv[1]!, argv[2]!),
  spublish: (ctx, argv) => outbox(ctx).publish("s", argv[1]!, argv[2]!),
  pubsub: (ctx, argv) => {
    const p = parsePubsub(argv);
    if (p === "help") return arr(HELP.map(simple));
    return "t" in p ? p : outbox(ctx).pubsub(p);
  },
  subscribe: refuse,
  unsubscribe: refuse,
  psubscribe: refuse,
  punsubscribe: refuse,
  ssubscribe: refuse,
  sunsubscribe: refuse,
};
