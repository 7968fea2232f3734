/**
 * The gateway's own limits (the protocol ones shared with nodes are in src/resp/limits.ts). Each
 * bounds what one client can make a gateway isolate (128 MB, shared by all its requests and
 * connections) hold or do; see README "Limits".
 */
import type { Env } from "../env";
import { PROTO_MAX_BULK_LEN } from "../resp/limits";

/**
 * Commands per REST `/pipeline` or `/multi-exec` request. Redis has no such limit (TCP flow control
 * bounds a pipeline); here the whole batch is in memory at once and runs in one call per node.
 * 10 000 leaves room for @upstash/redis auto-pipelining, which batches every call of a tick.
 */
export const REST_MAX_COMMANDS = 10_000;

/**
 * Parsed commands a WebSocket connection queues while a batch runs (they form the next batch, one
 * call per node). A Worker cannot stop reading a WebSocket, so past this the parser just stops:
 * further bytes wait unparsed in the query buffer, which client-query-buffer-limit bounds.
 */
export const INBOX_MAX_COMMANDS = 1024;

/**
 * Failed AUTH / HELLO ... AUTH attempts a WebSocket connection may make before it is closed. Redis
 * has no such limit (ACL log only); a socket that guesses tokens is not a client worth keeping.
 */
export const MAX_AUTH_FAILURES = 10;

/**
 * WebSocket close codes and reasons of the limits (1008: policy violation). Redis closes such a
 * client without a reply; the reason carries what its log line would say.
 */
export const CLOSE_QUERY_BUFFER = { code: 1008, reason: "max query buffer length reached" } as const;
export const CLOSE_OUTPUT_BUFFER = { code: 1008, reason: "closed for overcoming of output buffer limits" } as const;
export const CLOSE_AUTH_FAILURES = { code: 1008, reason: "too many failed authentication attempts" } as const;

/** proto-max-bulk-len as the gateway applies it: the `PROTO_MAX_BULK_LEN` var, or Redis's default. */
export function protoMaxBulkLen(env: Pick<Env, "PROTO_MAX_BULK_LEN">): number {
  const n = Number(env.PROTO_MAX_BULK_LEN);
  return Number.isFinite(n) && n > 0 ? n : PROTO_MAX_BULK_LEN;
}
