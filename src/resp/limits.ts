/**
 * Protocol limits, named and sized as in Redis 7.0 (server.h / config.c), so error behaviour at the
 * edges matches a real server. Parsers take overrides through `RespLimits` (e.g. a node's
 * `proto-max-bulk-len` config).
 */

/** Largest bulk string a client may send (config `proto-max-bulk-len`, default 512 MiB). */
export const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;

/** Longest inline request / count line Redis buffers while looking for its end of line. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;

/** Bulk arguments at least this long get their whole buffer reserved up front (as Redis does). */
export const PROTO_MBULK_BIG_ARG = 32 * 1024;

/**
 * Largest multibulk count accepted. Redis 7 only rejects counts > INT_MAX (and > 10 before AUTH);
 * we cap lower because every argument costs a JS string, and 1M arguments is already far beyond
 * any real command.
 */
export const MAX_MULTIBULK_LEN = 1024 * 1024;

/**
 * Before a connection has authenticated, Redis accepts at most this many arguments per command and
 * bulks of at most PROTO_UNAUTH_MAX_BULK_LEN bytes (networking.c, authRequired): a client without
 * the password cannot make the server buffer much.
 */
export const PROTO_UNAUTH_MAX_MULTIBULK_LEN = 10;
export const PROTO_UNAUTH_MAX_BULK_LEN = 16 * 1024;

/**
 * client-query-buffer-limit: input a connection may have received and not yet run (raw bytes, a
 * command half-read, parsed commands waiting for the running batch); over it the connection is
 * closed, as Redis does ("Closing client that reached max query buffer length"). Redis allows
 * 1 GiB; a Worker isolate has 128 MB shared by all of its connections, and each byte of a command
 * exists two or three times on its way (query buffer, argument strings, the RPC's serialized copy),
 * so 16 MiB keeps one connection well under half of it. It also bounds a REST request body (a
 * one-shot client's query buffer), and keeps every batch under the 32 MiB RPC limit.
 */
export const CLIENT_QUERY_BUFFER_LIMIT = 16 * 1024 * 1024;

/**
 * client-output-buffer-limit for the normal class: reply bytes a connection holds unsent (the
 * replies of the batch being assembled, plus the socket's send queue where the runtime reports
 * it). Over it the connection is closed, as Redis closes a client "for overcoming of output buffer
 * limits". Redis's normal class has no limit (0); one node call cannot return more than the 32 MiB
 * RPC limit anyway, so more pending than that is a client that sends faster than it reads.
 */
export const CLIENT_OUTPUT_BUFFER_LIMIT = 32 * 1024 * 1024;

/**
 * The largest reply one command may produce on a node. A node call's result crosses an RPC, which
 * refuses values over 32 MiB (and the failed call would lose every reply of its batch); a command
 * with a larger reply fails instead, rolled back if it wrote (think GETDEL or LPOP count), leaving
 * room in the call for its other replies and for the serialization's overhead.
 */
export const NODE_REPLY_MAX_BYTES = 24 * 1024 * 1024;

/** Deepest aggregate nesting the reply parser accepts (hiredis uses 7; Redis replies rarely exceed 3). */
export const MAX_NESTING_DEPTH = 128;

export interface RespLimits {
  /** proto-max-bulk-len: largest accepted bulk length. */
  maxBulkLen?: number;
  /** Largest accepted multibulk / aggregate element count. */
  maxMultibulkLen?: number;
  /** Max bytes buffered while waiting for an inline request or count line to end. */
  inlineMaxSize?: number;
  /** Reply parser only: deepest aggregate nesting. */
  maxDepth?: number;
}

/** All limits with defaults filled in. */
export function resolveLimits(l: RespLimits = {}): Required<RespLimits> {
  return {
    maxBulkLen: l.maxBulkLen ?? PROTO_MAX_BULK_LEN,
    maxMultibulkLen: l.maxMultibulkLen ?? MAX_MULTIBULK_LEN,
    inlineMaxSize: l.inlineMaxSize ?? PROTO_INLINE_MAX_SIZE,
    maxDepth: l.maxDepth ?? MAX_NESTING_DEPTH,
  };
}
