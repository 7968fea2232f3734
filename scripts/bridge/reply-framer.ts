/**
 * Finds where each top-level RESP reply starts and ends in a stream of reply bytes, without
 * building values, so the bridge can pass replies through byte for byte and capture only the few
 * it rewrites (those are then decoded by RespReplyParser, src/resp/parser.ts). The reply parser
 * is not enough on its own: it builds every value and keeps its byte offsets private, and a large
 * GET or LRANGE would be decoded only to be re-encoded. Linear time: bulk bodies are skipped by
 * length, header lines are scanned once, state survives across chunks split at any byte.
 */

/** What the framer's owner decides and receives. */
export interface FrameHandler {
  /** A top-level reply starts with this type byte: true captures it whole, false passes it through. */
  begin(type: number): boolean;
  /** Bytes of a reply being passed through (called as they arrive). */
  pass(bytes: Uint8Array): void;
  /** A top-level reply ended; `captured` holds its bytes when begin() chose to capture it. */
  end(type: number, captured: Uint8Array | null): void;
}

const LF = 10;
/** Aggregate type bytes: array, set, push, map, attribute. */
const AGGREGATE = new Set([42, 126, 62, 37, 124]);
const BULK = new Set([36, 33, 61]); // $ ! =
const MAP = 37;
const ATTR = 124;

interface Frame {
  left: number;
  attr: boolean;
}

export class ReplyFramer {
  private readonly stack: Frame[] = [];
  private lineParts: Uint8Array[] = [];
  private bulkLeft = 0; // bytes of a bulk body (with its CRLF) still to skip
  private type = -1; // type byte of the top-level reply in progress, -1 between replies
  private capturing = false;
  private captured: Uint8Array[] = [];

  constructor(private readonly handler: FrameHandler) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    let segStart = 0;
    while (i < chunk.length) {
      if (this.bulkLeft > 0) {
        const take = Math.min(this.bulkLeft, chunk.length - i);
        i += take;
        this.bulkLeft -= take;
        if (this.bulkLeft === 0 && this.itemDone()) segStart = this.finish(chunk, segStart, i);
        continue;
      }
      if (this.type === -1 && this.lineParts.length === 0) {
        this.type = chunk[i]!;
        this.capturing = this.handler.begin(this.type);
        segStart = i;
      }
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) {
        this.lineParts.push(chunk.subarray(i));
        i = chunk.length;
        break;
      }
      this.lineParts.push(chunk.subarray(i, lf + 1));
      i = lf + 1;
      if (this.header(Buffer.concat(this.lineParts))) segStart = this.finish(chunk, segStart, i);
      this.lineParts = [];
    }
    if (this.type !== -1 && segStart < chunk.length) this.emit(chunk.subarray(segStart));
  }

  /** Handles one header line ("<type>...\r\n"); true when it completes the top-level reply. */
  private header(line: Buffer): boolean {
    const type = line[0]!;
    const n = Number(line.toString("latin1", 1, line.length - 2));
    if (BULK.has(type)) {
      if (n < 0 || !Number.isInteger(n)) return this.itemDone(); // null bulk
      this.bulkLeft = n + 2;
      return false;
    }
    if (AGGREGATE.has(type) && Number.isInteger(n) && n > 0) {
      this.stack.push({ left: type === MAP || type === ATTR ? 2 * n : n, attr: type === ATTR });
      return false;
    }
    if (type === ATTR) return false; // an empty attribute: the reply itself follows
    return this.itemDone();
  }

  /** One item finished: closes the aggregates it completes; true when the top-level reply is done. */
  private itemDone(): boolean {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) return true;
      if (--top.left > 0) return false;
      this.stack.pop();
      if (top.attr) return false; // an attribute annotates the next item; it is not one
    }
  }

  /** Ends the top-level reply whose bytes in `chunk` run from `from` to `to`; returns the next start. */
  private finish(chunk: Uint8Array, from: number, to: number): number {
    this.emit(chunk.subarray(from, to));
    const captured = this.capturing ? Buffer.concat(this.captured) : null;
    const type = this.type;
    this.captured = [];
    this.capturing = false;
    this.type = -1;
    this.handler.end(type, captured);
    return to;
  }

  private emit(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.capturing) this.captured.push(bytes);
    else this.handler.pass(bytes);
  }
}
