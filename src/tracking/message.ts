/**
 * The contract between the nodes, which know which keys a tracking connection read and which keys
 * change, and the gateway's tracking connections: the node publishes one Pub/Sub message per
 * invalidation on the connection's own channel (`channelOf(id)`, a hub channel like any other),
 * the connection's subscription (tracking/session.ts) turns it into Redis's `invalidate` push.
 * A neutral module: the node and the gateway import it without loading each other's code.
 *
 * BCAST: the connection's commands carry its prefixes (`bcast`), and every node they reach keeps
 * them (the gateway sends one keyspace-wide command when tracking turns on, so every master has
 * them); such a node publishes every change of a matching key.
 *
 * Message: 'k' <writer id> '|' <key> for a key read in default mode, 'b' ... for a key under a
 * BCAST prefix (a connection hears only those of its current mode, as Redis skips default-mode
 * entries of a client now in BCAST), 'f' <writer id> for "everything" (FLUSHALL, a node that
 * restarted and forgot what it tracked: Redis's null invalidation). The writer id is
 * the tracking id of the connection whose command caused it ("" otherwise): NOLOOP drops its own.
 */
import type { BStr } from "../resp/bytes";

/** What a tracking connection tells the node with each command (ConnState.tracking). */
export interface TrackingConn {
  /** The connection's tracking id (a random UUID, unique across gateway instances). */
  id: string;
  /** Remember the keys this command reads (default mode; OPTIN/OPTOUT per CLIENT CACHING). */
  reads: boolean;
  /** BCAST mode: the prefixes of the keys whose every change the connection hears of ("" for all). */
  bcast?: BStr[];
}

/** Redis's invalidation channel (RESP2 clients get messages there through REDIRECT). */
export const INVALIDATE_CHANNEL = "__redis__:invalidate";

export const channelOf = (id: string): string => `__redis__:tracking:${id}`;

export const keyMessage = (writer: string, key: BStr, bcast = false): BStr => `${bcast ? "b" : "k"}${writer}|${key}`;
export const flushMessage = (writer: string): BStr => `f${writer}`;

export type Invalidation = { writer: string; key: BStr | null; bcast: boolean };

export function parseMessage(m: BStr): Invalidation | null {
  if (m[0] === "f") return { writer: m.slice(1), key: null, bcast: false };
  if (m[0] !== "k" && m[0] !== "b") return null;
  const bar = m.indexOf("|");
  return bar < 0 ? null : { writer: m.slice(1, bar), key: m.slice(bar + 1), bcast: m[0] === "b" };
}
