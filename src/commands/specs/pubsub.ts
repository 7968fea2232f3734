/**
 * Pub/Sub commands, as Redis 7.0's COMMAND INFO shows them. The gateway keeps a connection's
 * subscriptions (gateway/pubsub-session.ts); PUBLISH, SPUBLISH and PUBSUB run on a node, which
 * hands them to the pubsub hubs (pubsub/outbox.ts). SSUBSCRIBE/SUNSUBSCRIBE/SPUBLISH name their
 * shard channels as keys, so they hash to a slot and are routed (and refused) like keyed commands.
 */
import type { CommandSpec } from "../types";
import { spec } from "./spec";

const SUB = ["pubsub", "noscript", "loading", "stale"] as const;

export const pubsubSpecs: readonly CommandSpec[] = [
  spec("subscribe", -2, SUB, [0, 0, 0], ["pubsub", "slow"]),
  spec("unsubscribe", -1, SUB, [0, 0, 0], ["pubsub", "slow"]),
  spec("psubscribe", -2, SUB, [0, 0, 0], ["pubsub", "slow"]),
  spec("punsubscribe", -1, SUB, [0, 0, 0], ["pubsub", "slow"]),
  spec("ssubscribe", -2, SUB, [1, -1, 1], ["pubsub", "slow"]),
  spec("sunsubscribe", -1, SUB, [1, -1, 1], ["pubsub", "slow"]),
  spec("publish", 3, ["pubsub", "loading", "stale", "fast", "may_replicate"], [0, 0, 0], ["pubsub", "fast"]),
  spec("spublish", 3, ["pubsub", "loading", "stale", "fast", "may_replicate"], [1, 1, 1], ["pubsub", "fast"]),
  spec("pubsub", -2, [], [0, 0, 0], ["slow"], {
    subcommands: ["channels", "numpat", "numsub", "shardchannels", "shardnumsub", "help"],
  }),
];

/** The commands a connection runs itself: they change what it is subscribed to. */
export const SUBSCRIBE_COMMANDS: ReadonlySet<string> = new Set([
  "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe",
]);
