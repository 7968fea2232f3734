/**
 * What a command is: its table entry (as COMMAND INFO shows it) plus the handler that runs it on
 * the node. Each keyspace module exports its own `CommandDef[]`; `registry.ts` merges them.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { Keyspace } from "../keyspace/db";

/** Redis 7 command flags (COMMAND INFO), the ones this project uses for routing and permissions. */
export type CommandFlag =
  | "write" | "readonly" | "denyoom" | "admin" | "pubsub" | "noscript" | "blocking" | "loading"
  | "stale" | "skip_monitor" | "fast" | "no_auth" | "may_replicate" | "no_multi" | "allow_busy"
  | "movablekeys";

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
}

/** Everything a handler may touch. No clock or randomness of its own: both come from here. */
export interface CommandContext {
  db: Keyspace;
  /** Milliseconds since the epoch, fixed for the whole command. */
  now: number;
  /** Uniform random number in [0, 1) (SPOP, SRANDMEMBER, RANDOMKEY, ...). */
  rand: () => number;
  conn: ConnState;
  /**
   * Replaces what replicas receive for this command (the default is the command itself when it
   * wrote something). Non-deterministic or relative commands call it with their effect, e.g.
   * SET k v EX 10 → SET k v PXAT <abs>, SPOP → SREM, INCRBYFLOAT → SET k <result> KEEPTTL.
   * Call it several times to propagate several commands; call it with nothing to propagate none.
   */
  propagate(...argv: BStr[][]): void;
  /** Node-level services (INFO, CONFIG, CLUSTER, ...) for server commands; absent in pure tests. */
  server?: unknown;
}

/**
 * A blocking command (BLPOP, BLMOVE, ...) that found nothing to serve returns this instead of a
 * reply. The node then waits until one of `keys` is modified and runs the command again, or
 * replies `timeoutReply` after `timeoutMs` (0 = forever). Where the connection cannot block
 * (HTTP, MULTI), the node replies `timeoutReply` at once.
 */
export interface BlockRequest {
  t: "block";
  keys: BStr[];
  timeoutMs: number;
  timeoutReply: Reply;
}

export type Handler = (ctx: CommandContext, argv: BStr[]) => Reply | BlockRequest;

export interface CommandDef {
  /** Lower-case name. */
  name: string;
  /** Redis arity: N means exactly N arguments including the name; -N means at least N. */
  arity: number;
  flags: CommandFlag[];
  /** Legacy key spec (COMMAND INFO): first key index, last (negative counts from the end), step. */
  firstKey: number;
  lastKey: number;
  step: number;
  /** For commands whose keys move (numkeys, STREAMS, ...): the argv indexes holding keys. */
  keys?: (argv: BStr[]) => number[];
  /** Redis ACL categories without the '@', e.g. ["write", "string", "slow"]; shown by COMMAND INFO. */
  categories?: string[];
  handler: Handler;
}
