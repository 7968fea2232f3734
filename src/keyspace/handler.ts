/**
 * What runs a command on the node: a handler gets the context below and argv, and returns the
 * reply. Defined here because the keyspace modules are its main consumer; the command table
 * (src/commands/) knows nothing of handlers, and the node binds one to every name.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { CommandSpec, ConnState } from "../commands/types";
import type { Keyspace } from "./db";

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
  /**
   * Node-level services (INFO, CONFIG, CLUSTER, ...); absent in pure tests. Each consumer states
   * what it needs of it (ServerApi in node/server-commands.ts, the bulk limit in strings.ts).
   */
  server?: unknown;
  /** The node's outgoing Pub/Sub (PUBLISH, SPUBLISH, PUBSUB: pubsub/outbox.ts); absent in pure tests. */
  pubsub?: unknown;
  /** Commands run inside this one (a script's redis.call), in its transaction; absent in pure tests. */
  nested?: () => NestedCommands;
}

/** How a script runs the commands it calls (node/dispatch.ts provides it; scripting/ uses it). */
export interface NestedCommands {
  /** Null when this node may serve `key` for `def` here, else the refusal's text (MOVED ..., CLUSTERDOWN ...). */
  refusal(def: CommandSpec, key: BStr, conn: ConnState): string | null;
  /** Runs `argv` (arity checked) on `conn`: its reply and effects, its writes rolled back alone if it fails. */
  run(def: CommandSpec, argv: BStr[], conn: ConnState): { reply: Reply | BlockRequest; effects: BStr[][] };
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
  /** What to run when woken, if not the command itself (XREAD's "$" becomes the ID it stood for). */
  argv?: BStr[];
}

/** Synchronous: `argv[0]` is the command name; arity, CROSSSLOT and the slot are already checked. */
export type Handler = (ctx: CommandContext, argv: BStr[]) => Reply | BlockRequest;

/** The handlers one module implements, by lower-case command name. */
export type HandlerTable = Readonly<Record<string, Handler>>;
