/**
 * A cluster event: one thing that changed in a node's view of the cluster or in its replication,
 * worth an operator's attention (a failure detected, an election, a promotion, an epoch bump, a
 * slot changing owner, a resync). Each is one JSON object: it is written as one log line
 * (`wrangler tail` / Workers Logs) and kept in the node's bounded history (CLUSTER EVENTS).
 *
 * Fields every event has: `event` (a stable name from EVENT_NAMES), `node` (the Durable Object
 * name of the node that saw it), `nodeId`, `epoch` (its currentEpoch after the change),
 * `configEpoch` (its own), `ts` (ms since the epoch) and `seq` (per node, increasing). The rest
 * depend on the event (docs/observability.md lists them).
 */

/**
 * Events kept per node (event-log.ts): enough for a few failovers with their elections, epoch
 * bumps and resyncs. Here, in the neutral module, because the gateway caps its requests with it
 * and must not load node code.
 */
export const EVENT_HISTORY_MAX = 256;

export const EVENT_NAMES = [
  "pfail", "pfail-cleared", "fail", "fail-cleared",
  "election-started", "election-won", "election-lost", "vote-granted",
  "promotion", "demotion", "replica-of",
  "current-epoch", "config-epoch",
  "slots-moved",
  "full-resync", "partial-resync",
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** The event-specific fields: plain JSON values. */
export type EventFields = Record<string, string | number | boolean | null | (number | string)[] | number[][]>;

export interface ClusterEvent extends Record<string, unknown> {
  event: EventName;
  node: string;
  nodeId: string;
  epoch: number;
  configEpoch: number;
  ts: number;
  seq: number;
}

/** Where events go besides the history: the Durable Object logs them; the simulator passes nothing. */
export type EventSink = (e: ClusterEvent) => void;

/** The log sink of a deployed node: one JSON line per event, as Workers Logs index them. */
export const consoleSink: EventSink = (e) => console.log(JSON.stringify(e));

/** What an event derivation produces: a name and its own fields (the log adds the common ones). */
export interface EventDraft {
  event: EventName;
  fields: EventFields;
}
