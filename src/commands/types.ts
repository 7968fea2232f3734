/**
 * What a command is, as data: its table entry as COMMAND INFO shows it. The gateway routes with
 * it (keys → slot, flags → permissions, blocking) and the node checks arity with it; neither needs
 * the code that runs a command. The node binds a handler to every name (src/node/handlers.ts).
 */
import type { BStr } from "../resp/bytes";
import type { TrackingConn } from "../tracking/message";

/** Redis 7 command flags (COMMAND INFO), the ones this project uses for routing and permissions. */
export type CommandFlag =
  | "write" | "readonly" | "denyoom" | "admin" | "pubsub" | "noscript" | "blocking" | "loading"
  | "stale" | "skip_monitor" | "fast" | "no_auth" | "may_replicate" | "no_multi" | "allow_busy"
  | "movablekeys" | "no_mandatory_keys" | "no_async_loading" | "skip_slowlog";

/** Per-connection state the node needs to run a command (kept by the gateway, sent per call). */
export interface ConnState {
  /** RESP protocol of the connection (HELLO 2|3). */
  resp: 2 | 3;
  /** READONLY was sent: a replica may serve reads for its master's slots. */
  readonly?: boolean;
  /** ASKING was sent just before this command (one-shot). */
  asking?: boolean;
  /** The connection can wait (WebSocket). Over HTTP, blocking commands time out at once. */
  canBlock?: boolean;
  /** Authenticated with the admin token (admin, cluster-changing and DEBUG commands). */
  admin?: boolean;
  /**
   * SCAN covers only slots this node serves, from the cursor's on: MOVED when it does not serve the
   * cursor's slot, and a cursor at the first slot it does not serve (the gateway's keyspace-wide
   * SCAN, which must not trust a slot map that a migration may have made stale).
   */
  ownedSlotsOnly?: boolean;
  /**
   * The client is on the gateway's one-database routes: a script may touch keys of several slots
   * (those this node serves), as on a single Redis, instead of Redis Cluster's same-slot rule.
   */
  oneDatabase?: boolean;
  /**
   * The caller runs a script again across nodes when it answers SCRIPTKEYS (keys it touched but
   * did not declare live elsewhere): the gateway's pipelines, not MULTI blocks (scripting/discovery.ts).
   */
  retriesScripts?: boolean;
  /** CLIENT TRACKING is on: the connection's invalidation id, and whether its reads are remembered (tracking/). */
  tracking?: TrackingConn;
}

/** For commands whose keys move (numkeys, STREAMS, ...): the argv indexes holding keys. Pure. */
export type KeyFinder = (argv: readonly BStr[]) => number[];

export interface CommandSpec {
  /** Lower-case name. */
  readonly name: string;
  /** Redis arity: N means exactly N arguments including the name; -N means at least N. */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /** Legacy key spec (COMMAND INFO): first key index, last (negative counts from the end), step. */
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  /** Movable keys: overrides the legacy key spec for finding keys (COMMAND INFO adds "movablekeys"). */
  readonly keys?: KeyFinder;
  /** Redis ACL categories without the '@', e.g. ["write", "string", "slow"]; shown by COMMAND INFO. */
  readonly categories: readonly string[];
  /**
   * A container command's subcommands that this project serves (Redis's `cmd|sub` entries). Not
   * shown by COMMAND INFO (its subcommand element stays empty, as it always was here).
   */
  readonly subcommands?: readonly string[];
}
