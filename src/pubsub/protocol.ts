/**
 * The contract between the pubsub hubs (pubsub/hub.ts, one Durable Object per shard) and their
 * two kinds of caller: publishers (nodes, over RPC) and subscriber connections (the gateway, over
 * one hibernatable WebSocket per connection and hub). A neutral module: the gateway and the node
 * import it without loading each other's code or the hub's.
 *
 * Sharding: a channel lives on hub `keyHashSlot(channel) % hubs`, so a shard channel's hub is a
 * function of its slot. Pattern subscriptions are registered on every hub (any channel may match).
 */
import type { BStr } from "../resp/bytes";
import { keyHashSlot } from "../commands/slot";

/** c: channel (SUBSCRIBE), p: pattern (PSUBSCRIBE), s: shard channel (SSUBSCRIBE). */
export type SubKind = "c" | "p" | "s";

/** What a connection asks of a hub; `seq` comes back in an ack once the hub has applied it. */
export interface HubControl {
  op: "sub" | "unsub";
  kind: SubKind;
  names: BStr[];
  seq: number;
}

/**
 * What a hub sends a connection: ["a", seq] acks a control message; ["m", channel, message],
 * ["p", pattern, channel, message], ["s", channel, message] deliver a message.
 */
export type HubFrame = ["a", number] | ["m", BStr, BStr] | ["p", BStr, BStr, BStr] | ["s", BStr, BStr];

/** One PUBLISH (kind c) or SPUBLISH (kind s). */
export type Publication = [kind: "c" | "s", channel: BStr, message: BStr];

/** PUBSUB introspection asked of one hub. */
export type HubQuery =
  | { q: "channels"; kind: "c" | "s"; pattern: BStr | null }
  | { q: "numsub"; kind: "c" | "s"; channels: BStr[] }
  | { q: "numpat" };

/** A hub's counters (PubSubHub.stats). */
export interface HubStats {
  instance: string;
  invocations: number;
  sockets: number;
  connections: number;
}

/** The hub's RPC methods. */
export interface HubRpc {
  publish(pubs: Publication[]): Promise<number[]>;
  query(q: HubQuery): Promise<(BStr | number)[]>;
  stats(): Promise<HubStats>;
  fetch(req: Request): Promise<Response>;
}

/** The part of the Worker's Env that reaches the hubs. */
export interface HubNamespace {
  PUBSUB?: { idFromName(name: string): DurableObjectId; get(id: DurableObjectId): unknown };
  /** How many hub shards (wrangler.toml [vars] PUBSUB_HUBS). */
  PUBSUB_HUBS?: string;
}

/**
 * Default shard count. Each hub is one Durable Object (one thread, ~1000 requests/s soft limit), so
 * publishing scales with hubs; a pattern subscriber costs one socket per hub, so keep it small.
 */
export const DEFAULT_HUBS = 4;

export function hubCount(env: HubNamespace): number {
  const n = Number(env.PUBSUB_HUBS ?? "");
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : DEFAULT_HUBS;
}

export function hubOf(channel: BStr, hubs: number): number {
  return keyHashSlot(channel) % hubs;
}

export function hubStub(env: HubNamespace, index: number): HubRpc {
  const ns = env.PUBSUB;
  if (!ns) throw new Error("no PUBSUB binding (wrangler.toml [[durable_objects.bindings]])");
  return ns.get(ns.idFromName(`hub-${index}`)) as HubRpc;
}
