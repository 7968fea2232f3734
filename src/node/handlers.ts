/**
 * The node's half of the command table: a handler for every command the table (commands/)
 * lists, merged from the modules that implement them. Checked when this module loads: a command
 * without a handler, a handler without a command, or two handlers for one name is a bug that
 * must fail every test (and the deploy), not the first client that sends that command.
 */
import { COMMANDS } from "../commands/registry";
import { statelessConnectionReplies } from "../commands/connection";
import type { CommandSpec } from "../commands/types";
import type { Handler, HandlerTable } from "../keyspace/handler";
import { expireHandlers } from "../keyspace/expire";
import { geoHandlers } from "../geo/geo-commands";
import { hashHandlers } from "../keyspace/hashes";
import { hashTtlHandlers } from "../keyspace/hash-ttl";
import { hashGetSetExHandlers } from "../keyspace/hash-getset-ex";
import { keyHandlers } from "../keyspace/keys";
import { listMoveHandlers } from "../keyspace/list-blocking";
import { listHandlers } from "../keyspace/lists";
import { serializeHandlers } from "../keyspace/serialize";
import { setHandlers } from "../keyspace/sets";
import { stringHandlers } from "../keyspace/strings";
import { streamHandlers } from "../keyspace/stream/handlers";
import { zsetRangeHandlers } from "../keyspace/zset-commands-range";
import { zsetPopHandlers } from "../keyspace/zset-pop";
import { zsetRandomHandlers } from "../keyspace/zset-random";
import { zsetStoreHandlers } from "../keyspace/zset-store";
import { zsetHandlers } from "../keyspace/zsets";
import { serverHandlers } from "./server-commands";
import { serverAdminHandlers } from "./server-admin";
import { objectMemoryHandlers } from "./object-memory";
import { migrateHandlers } from "./migrate-command";
import { pubsubHandlers } from "../pubsub/handlers";
import { evalHandlers } from "../scripting/eval-commands";
import { functionHandlers } from "../scripting/function-commands";
import { hllHandlers } from "../hyperloglog/commands";
import { hllDebugHandlers } from "../hyperloglog/debug";
import { sortHandlers } from "../sort/sort-command";
import { bitmapHandlers } from "../bitmaps/handlers";

/** A node reached directly answers connection commands statelessly (the gateway keeps their state). */
const connectionHandlers: HandlerTable = Object.fromEntries(
  Object.entries(statelessConnectionReplies).map(([name, reply]): [string, Handler] => [name, (ctx, argv) => reply(argv, ctx.conn, ctx.now)]),
);

/** Thrown at load time when the table and the handlers disagree. */
export class HandlerTableError extends Error {
  readonly code = "HANDLER_TABLE_MISMATCH";
}

/**
 * Binds `tables` (module name → its handlers) to `specs`: exactly one handler per spec, no
 * handler without a spec. Throws HandlerTableError naming every mismatch.
 */
export function bindHandlers(specs: ReadonlyMap<string, CommandSpec>, tables: Readonly<Record<string, HandlerTable>>): Map<string, Handler> {
  const bound = new Map<string, Handler>();
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const [module, table] of Object.entries(tables)) {
    for (const [name, handler] of Object.entries(table)) {
      const first = owner.get(name);
      if (first !== undefined) problems.push(`'${name}' has handlers in ${first} and ${module}`);
      else if (!specs.has(name)) problems.push(`'${name}' (${module}) is not in the command table`);
      owner.set(name, first ?? module);
      bound.set(name, handler);
    }
  }
  for (const name of specs.keys()) if (!bound.has(name)) problems.push(`'${name}' has no handler`);
  if (problems.length > 0) throw new HandlerTableError(`command table and handlers disagree: ${problems.join("; ")}`);
  return bound;
}

export const HANDLERS: ReadonlyMap<string, Handler> = bindHandlers(COMMANDS, {
  "keyspace/strings": stringHandlers,
  "keyspace/keys": keyHandlers,
  "keyspace/expire": expireHandlers,
  "keyspace/serialize": serializeHandlers,
  "keyspace/hashes": hashHandlers,
  "keyspace/hash-ttl": hashTtlHandlers,
  "keyspace/hash-getset-ex": hashGetSetExHandlers,
  "keyspace/lists": listHandlers,
  "keyspace/list-blocking": listMoveHandlers,
  "keyspace/sets": setHandlers,
  "keyspace/zsets": zsetHandlers,
  "keyspace/zset-commands-range": zsetRangeHandlers,
  "keyspace/zset-pop": zsetPopHandlers,
  "keyspace/zset-store": zsetStoreHandlers,
  "keyspace/zset-random": zsetRandomHandlers,
  "geo/geo-commands": geoHandlers,
  "node/server-commands": serverHandlers,
  "node/server-admin": serverAdminHandlers,
  "node/object-memory": objectMemoryHandlers,
  "node/migrate-command": migrateHandlers,
  "commands/connection": connectionHandlers,
  "pubsub/handlers": pubsubHandlers,
  "scripting/eval-commands": evalHandlers,
  "scripting/function-commands": functionHandlers,
  "hyperloglog/commands": hllHandlers,
  "hyperloglog/debug": hllDebugHandlers,
  "sort/sort-command": sortHandlers,
  "keyspace/stream": streamHandlers,
  "bitmaps/handlers": bitmapHandlers,
});
