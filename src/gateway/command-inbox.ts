/**
 * The input side of a RESP connection: the streaming parser and the parsed commands waiting for
 * the running batch to finish, with the limits on both.
 *
 * - `queryBufferBytes` counts what Redis's `querybuf` would hold: raw bytes, the arguments of a
 *   command half-read, and parsed commands in the queue (the connection applies
 *   client-query-buffer-limit to it, plus what MULTI queued).
 * - The queue holds at most `maxCommands` commands (INBOX_MAX_COMMANDS). A Worker cannot pause a
 *   WebSocket, so that is the backpressure: parsing stops and further bytes stay raw in the query
 *   buffer, whose limit then applies.
 * - Before authentication Redis parses a command only after running the previous one (so AUTH's
 *   success lifts the unauthenticated limits for the next command): `parse(false)` parses at most
 *   one command into an empty queue, with the parser's unauthenticated limits on.
 */
import type { BStr } from "../resp/bytes";
import { ProtocolError, RespCommandParser } from "../resp/parser";

export interface InboxLimits {
  /** proto-max-bulk-len. */
  maxBulkLen?: number;
  /** Parsed commands queued at most. */
  maxCommands: number;
}

export class CommandInbox {
  private readonly parser: RespCommandParser;
  private queue: BStr[][] = [];
  private queuedBytes = 0;
  /** The protocol error that ends the stream (after the commands parsed before it). */
  fatal: ProtocolError | null = null;

  constructor(private readonly limits: InboxLimits) {
    this.parser = new RespCommandParser(limits.maxBulkLen ? { maxBulkLen: limits.maxBulkLen } : {});
  }

  push(chunk: Uint8Array): void {
    if (!this.fatal) this.parser.push(chunk);
  }

  /** Bytes received and not yet run (Redis's query buffer length). */
  get queryBufferBytes(): number {
    return this.parser.pendingBytes + this.queuedBytes;
  }

  /** Commands parsed and waiting. */
  get length(): number {
    return this.queue.length;
  }

  /** Parses buffered bytes into the queue as far as the limits allow (see the file comment). */
  parse(authenticated: boolean): void {
    this.parser.authRequired = !authenticated;
    while (!this.fatal && this.queue.length < this.limits.maxCommands && (authenticated || this.queue.length === 0)) {
      const c = this.parser.next();
      if (c === null) return;
      if (c instanceof ProtocolError) {
        this.fatal = c;
        return;
      }
      this.queue.push(c);
      for (const a of c) this.queuedBytes += a.length;
    }
  }

  /** Removes and returns every queued command. */
  take(): BStr[][] {
    const q = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    return q;
  }
}
