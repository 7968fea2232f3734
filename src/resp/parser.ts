/**
 * Incremental RESP parsers, sans-I/O: `push(bytes)` whatever arrived (frames may be split at any
 * byte, several may share a chunk), then call `next()` until it returns null.
 * - RespCommandParser: the server side, a port of Redis's processMultibulkBuffer /
 *   processInlineBuffer (networking.c) with the same limits and error texts.
 * - RespReplyParser: the client side (tests, operator tools), every RESP2/RESP3 reply type.
 * Both keep consumed-offset state so a frame trickling in byte by byte is parsed in linear time.
 */
import type { BStr } from "./bytes";
import { ByteQueue, MAX_PREALLOC, parseLL } from "./byte-queue";
import { splitArgs } from "./inline";
import {
  PROTO_MBULK_BIG_ARG, PROTO_UNAUTH_MAX_BULK_LEN, PROTO_UNAUTH_MAX_MULTIBULK_LEN, resolveLimits, type RespLimits,
} from "./limits";
import { int, type Reply } from "./reply";

/** A fatal protocol error: the stream is unusable afterwards (Redis replies `-<text>` and closes). */
export class ProtocolError {
  constructor(readonly text: string) {}
  get reply(): Reply {
    return { t: "error", v: this.text };
  }
}

const CR = 13;
const LF = 10;

const PROTO = "ERR Protocol error: ";

/** Server-side parser of client commands (multibulk and inline). */
export class RespCommandParser {
  private readonly q = new ByteQueue();
  private readonly maxBulkLen: number;
  private readonly maxMultibulkLen: number;
  private readonly inlineMaxSize: number;
  private argv: BStr[] = [];
  private argvBytes = 0; // bytes of the arguments in `argv`
  private multibulkLen = 0; // arguments still expected in the current multibulk command
  private bulkLen = -1; // length of the bulk being read, -1 while its "$len" line is pending
  private scanned = 0; // bytes after q.start already known not to hold the line end we wait for
  private error: ProtocolError | null = null;
  /**
   * Redis's authRequired: while set, commands of more than PROTO_UNAUTH_MAX_MULTIBULK_LEN arguments
   * or bulks over PROTO_UNAUTH_MAX_BULK_LEN bytes are protocol errors. The connection sets it
   * before parsing each command, from its state at that point.
   */
  authRequired = false;

  constructor(limits: RespLimits = {}) {
    const l = resolveLimits(limits);
    this.maxBulkLen = l.maxBulkLen;
    this.maxMultibulkLen = l.maxMultibulkLen;
    this.inlineMaxSize = l.inlineMaxSize;
  }

  /** Bytes received but not yet returned as commands (Redis's query buffer length). */
  get buffered(): number {
    return this.q.length;
  }

  /** Input held and not yet returned as commands: `buffered` plus the arguments of a command half-read. */
  get pendingBytes(): number {
    return this.q.length + this.argvBytes;
  }

  push(chunk: Uint8Array): void {
    if (!this.error) this.q.push(chunk);
  }

  /** The next complete command, a (sticky) protocol error, or null when more bytes are needed. */
  next(): BStr[] | ProtocolError | null {
    if (this.error) return this.error;
    const q = this.q;
    for (;;) {
      if (this.multibulkLen === 0) {
        if (q.length === 0) return null;
        if (q.buf[q.start] !== 42 /* * */) {
          const r = this.inline();
          if (r === null || r instanceof ProtocolError) return r;
          if (r.length > 0) return r;
          continue; // empty line: skipped, as Redis does
        }
        const cr = this.findLine(CR);
        if (cr < 0) return this.waitLine(cr, "too big mbulk count string");
        const n = parseLL(q.buf, q.start + 1, cr);
        if (n === null || n > this.maxMultibulkLen) return this.fail("invalid multibulk length");
        if (this.authRequired && n > PROTO_UNAUTH_MAX_MULTIBULK_LEN) return this.fail("unauthenticated multibulk length");
        this.consume(cr + 2 - q.start);
        if (n <= 0) continue; // "*0" and "*-1" are no-ops
        this.multibulkLen = n;
        this.argv = [];
        this.argvBytes = 0;
      }
      while (this.multibulkLen > 0) {
        if (this.bulkLen === -1) {
          const cr = this.findLine(CR);
          if (cr < 0) return this.waitLine(cr, "too big bulk count string");
          const first = q.buf[q.start]!;
          if (first !== 36 /* $ */) return this.fail(`expected '$', got '${String.fromCharCode(first)}'`);
          const n = parseLL(q.buf, q.start + 1, cr);
          if (n === null || n < 0 || n > this.maxBulkLen) return this.fail("invalid bulk length");
          if (this.authRequired && n > PROTO_UNAUTH_MAX_BULK_LEN) return this.fail("unauthenticated bulk length");
          this.consume(cr + 2 - q.start);
          this.bulkLen = n;
          if (n >= PROTO_MBULK_BIG_ARG) q.reserve(Math.min(n + 2, MAX_PREALLOC));
        }
        // Like Redis, the two bytes after the data are skipped unchecked.
        if (q.length < this.bulkLen + 2) return null;
        this.argv.push(q.str(q.start, q.start + this.bulkLen));
        this.argvBytes += this.bulkLen;
        this.consume(this.bulkLen + 2);
        this.bulkLen = -1;
        this.multibulkLen--;
      }
      const argv = this.argv;
      this.argv = [];
      this.argvBytes = 0;
      return argv;
    }
  }

  private inline(): BStr[] | ProtocolError | null {
    const q = this.q;
    const lf = this.findLine(LF);
    if (lf < 0) return this.waitLine(lf, "too big inline request");
    const end = lf > q.start && q.buf[lf - 1] === CR ? lf - 1 : lf;
    const argv = splitArgs(q.str(q.start, end));
    if (argv === null) return this.fail("unbalanced quotes in request");
    this.consume(lf + 1 - q.start);
    return argv;
  }

  /**
   * Absolute index of the line end `byte` (CR for count lines, LF for inline requests); -1 if absent,
   * -2 for a CR that is still the last byte (Redis waits for one more). Remembers how far it looked,
   * so a line arriving byte by byte is scanned once.
   */
  private findLine(byte: number): number {
    const q = this.q;
    const i = q.indexOf(byte, q.start + this.scanned);
    if (i < 0) {
      this.scanned = q.length;
      return -1;
    }
    if (byte === CR && i + 1 >= q.end) {
      this.scanned = i - q.start;
      return -2;
    }
    return i;
  }

  /** Like Redis: only a buffer without any line end that outgrew the inline limit is an error. */
  private waitLine(found: number, what: string): ProtocolError | null {
    return found === -1 && this.q.length > this.inlineMaxSize ? this.fail(what) : null;
  }

  private consume(n: number): void {
    this.q.consume(n);
    this.scanned = 0;
  }

  private fail(what: string): ProtocolError {
    this.error = new ProtocolError(PROTO + what);
    this.q.consume(this.q.length);
    this.argv = [];
    this.argvBytes = 0;
    return this.error;
  }
}

type Frame = { kind: "array" | "set" | "push" | "map" | "attr"; left: number; items: Reply[] };

const AGGREGATES: Record<number, Frame["kind"]> = { 42: "array", 126: "set", 62: "push", 37: "map", 124: "attr" };
const DOUBLE_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;

/** Client-side parser of RESP2/RESP3 replies into Reply values. Attributes (`|`) are skipped. */
export class RespReplyParser {
  private readonly q = new ByteQueue();
  private readonly maxBulkLen: number;
  private readonly maxElements: number;
  private readonly maxDepth: number;
  private readonly stack: Frame[] = [];
  private scanned = 0;
  private error: ProtocolError | null = null;

  constructor(limits: RespLimits = {}) {
    const l = resolveLimits(limits);
    this.maxBulkLen = l.maxBulkLen;
    this.maxElements = l.maxMultibulkLen;
    this.maxDepth = l.maxDepth;
  }

  push(chunk: Uint8Array): void {
    if (!this.error) this.q.push(chunk);
  }

  /** The next complete reply, a (sticky) protocol error, or null when more bytes are needed. */
  next(): Reply | ProtocolError | null {
    if (this.error) return this.error;
    for (;;) {
      const r = this.readOne();
      if (r === null || r instanceof ProtocolError) return r;
      if (r === PUSHED) continue;
      // Attach the value to open aggregates, closing every one it completes.
      let v: Reply | undefined = r;
      while (v !== undefined) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) return v;
        top.items.push(v);
        if (--top.left > 0) break;
        this.stack.pop();
        v = close(top);
      }
    }
  }

  /** Reads one leaf (or empty aggregate) or opens an aggregate (PUSHED); consumes only whole items. */
  private readOne(): Reply | typeof PUSHED | ProtocolError | null {
    const q = this.q;
    if (q.length === 0) return null;
    const cr = q.indexOf(CR, q.start + this.scanned);
    if (cr < 0 || cr + 1 >= q.end) {
      this.scanned = cr < 0 ? q.length : cr - q.start;
      return null;
    }
    if (q.buf[cr + 1] !== LF) return this.fail("expected CRLF after a line");
    const type = q.buf[q.start]!;
    const line = q.str(q.start + 1, cr);
    const lineEnd = cr + 2;
    let reply: Reply;
    switch (type) {
      case 43 /* + */:
        reply = { t: "simple", v: line };
        break;
      case 45 /* - */:
        reply = { t: "error", v: line };
        break;
      case 58 /* : */:
        if (!INT_RE.test(line)) return this.fail(`invalid integer '${line}'`);
        reply = int(BigInt(line));
        break;
      case 95 /* _ */:
        reply = { t: "null" };
        break;
      case 35 /* # */:
        if (line !== "t" && line !== "f") return this.fail(`invalid boolean '${line}'`);
        reply = { t: "bool", v: line === "t" };
        break;
      case 44 /* , */: {
        const v = parseDouble(line);
        if (v === null) return this.fail(`invalid double '${line}'`);
        reply = { t: "double", v };
        break;
      }
      case 40 /* ( */:
        if (!INT_RE.test(line)) return this.fail(`invalid big number '${line}'`);
        reply = { t: "bignum", v: line };
        break;
      case 36 /* $ */:
      case 33 /* ! */:
      case 61 /* = */: {
        const n = parseLL(q.buf, q.start + 1, cr);
        if (n === -1 && type === 36) {
          reply = { t: "null" };
          break;
        }
        if (n === null || n < 0 || n > this.maxBulkLen) return this.fail("invalid bulk length");
        if (q.end - lineEnd < n + 2) {
          q.reserve(Math.min(lineEnd - q.start + n + 2, MAX_PREALLOC));
          return null; // the header is re-read next time: cheap, and nothing half-consumed
        }
        if (q.buf[lineEnd + n] !== CR || q.buf[lineEnd + n + 1] !== LF) return this.fail("expected CRLF after bulk");
        const data = q.str(lineEnd, lineEnd + n);
        if (type === 36) reply = { t: "bulk", v: data };
        else if (type === 33) reply = { t: "error", v: data };
        else if (n < 4 || data[3] !== ":") return this.fail("invalid verbatim string");
        else reply = { t: "verbatim", format: data.slice(0, 3), v: data.slice(4) };
        this.consume(lineEnd + n + 2 - q.start);
        return reply;
      }
      default: {
        const kind = AGGREGATES[type];
        if (kind === undefined) return this.fail(`unexpected reply type byte '${String.fromCharCode(type)}'`);
        const n = parseLL(q.buf, q.start + 1, cr);
        if (n === null || n < -1 || n > this.maxElements) return this.fail("invalid aggregate length");
        this.consume(lineEnd - q.start);
        if (n === -1) return kind === "attr" ? this.fail("invalid aggregate length") : { t: "nullarray" };
        if (n === 0) return kind === "attr" ? PUSHED : close({ kind, left: 0, items: [] })!;
        if (this.stack.length >= this.maxDepth) return this.fail("too many nested aggregates");
        this.stack.push({ kind, left: kind === "map" || kind === "attr" ? 2 * n : n, items: [] });
        return PUSHED;
      }
    }
    this.consume(lineEnd - q.start);
    return reply;
  }

  private consume(n: number): void {
    this.q.consume(n);
    this.scanned = 0;
  }

  private fail(what: string): ProtocolError {
    this.error = new ProtocolError("Protocol error: " + what);
    this.q.consume(this.q.length);
    return this.error;
  }
}

const PUSHED = Symbol("pushed");

/** The Reply of a completed aggregate; undefined for an attribute, whose content is dropped. */
function close(f: Frame): Reply | undefined {
  switch (f.kind) {
    case "attr":
      return undefined;
    case "map": {
      const pairs: [Reply, Reply][] = [];
      for (let i = 0; i < f.items.length; i += 2) pairs.push([f.items[i]!, f.items[i + 1]!]);
      return { t: "map", v: pairs };
    }
    default:
      return { t: f.kind, v: f.items };
  }
}

function parseDouble(s: string): number | null {
  const l = s.toLowerCase();
  if (l === "inf" || l === "+inf") return Infinity;
  if (l === "-inf") return -Infinity;
  if (l === "nan" || l === "-nan") return NaN;
  return DOUBLE_RE.test(s) ? Number(s) : null;
}
