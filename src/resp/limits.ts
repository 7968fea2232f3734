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
