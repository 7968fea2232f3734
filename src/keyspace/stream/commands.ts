/**
 * XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID (t_stream.c).
 *
 * Replication: XADD reaches replicas with the ID it generated and an exact trim (MAXLEN = <length
 * after trimming> or MINID = <first ID>, as Redis rewrites "~"), never with LIMIT; XTRIM likewise.
 */
import type { BStr } from "../../resp/bytes";
import { bulk, ERR, int, NULL, NULL_ARRAY, OK, ReplyError, type Reply } from "../../resp/reply";
import { bigIntArg, intArg, isOpt } from "../../commands/args";
import type { CommandContext, Handler, HandlerTable } from "../handler";
import { compareId, formatId, isZeroId, nextId, parseStrictId, rangeEnd, rangeStart, U64_MAX, ZERO_ID, type StreamId } from "./id";
import { entriesReply } from "./reply";
import { Stream } from "./store";
import { parseAddTrimArgs, type AddTrimArgs } from "./trim-args";
import { checkElementSize } from "../element-limit";

const TOP_ITEM = "ERR The ID specified in XADD is equal or smaller than the target stream top item";

/** streamAppendItem's ID choice: null when no valid ID follows the stream's last one. */
function newId(s: Stream, args: AddTrimArgs, now: number): StreamId | null {
  const last = s.lastId;
  let id: StreamId | null;
  if (args.id === null) {
    const ms = BigInt(now);
    id = ms > last.ms ? { ms, seq: 0n } : nextId(last);
  } else if (!args.seqGiven && args.id.ms === last.ms) {
    id = last.seq === U64_MAX ? null : { ms: last.ms, seq: last.seq + 1n };
  } else {
    id = args.id;
  }
  return id && compareId(id, last) > 0 ? id : null;
}

/** The trim part of a propagated XADD/XTRIM: exact, the threshold the trim actually reached. */
function trimEffect(s: Stream, args: AddTrimArgs): BStr[] {
  const t = args.trim!;
  if (!t.approx) return [t.strategy.toUpperCase(), "=", t.strategy === "maxlen" ? String(t.maxlen) : formatId(t.minid)];
  if (t.strategy === "maxlen") return ["MAXLEN", "=", String(s.length)];
  return ["MINID", "=", formatId(s.edgeId(false) ?? ZERO_ID)];
}

const xadd: Handler = (ctx, argv) => {
  const args = parseAddTrimArgs(argv, true);
  const fieldsAt = args.idIdx + 1;
  const n = argv.length - fieldsAt;
  if (n < 2 || n % 2 === 1) throw new ReplyError(ERR.wrongArity("xadd"));
  if (args.id && args.seqGiven && isZeroId(args.id)) throw new ReplyError("ERR The ID specified in XADD must be greater than 0-0");
  const key = argv[1]!;
  const existing = Stream.open(ctx.db, key);
  if (!existing && args.noMkStream) return NULL;
  const items = argv.slice(fieldsAt);
  checkElementSize(items.reduce((t, x) => t + x.length, 0));
  const s = existing ?? Stream.create(ctx.db, key);
  if (s.lastId.ms === U64_MAX && s.lastId.seq === U64_MAX) {
    throw new ReplyError("ERR The stream has exhausted the last possible ID, unable to add more items");
  }
  const id = newId(s, args, ctx.now);
  if (!id) throw new ReplyError(TOP_ITEM);
  s.append(id, items);
  if (args.trim) s.trim(args.trim);
  s.save();
  ctx.propagate(["XADD", key, ...(args.noMkStream ? ["NOMKSTREAM"] : []), ...(args.trim ? trimEffect(s, args) : []), formatId(id), ...items]);
  return bulk(formatId(id));
};

const xtrim: Handler = (ctx, argv) => {
  const args = parseAddTrimArgs(argv, false);
  const s = Stream.open(ctx.db, argv[1]!);
  if (!s) return int(0);
  const deleted = s.trim(args.trim!);
  if (deleted) {
    s.save();
    ctx.propagate(["XTRIM", argv[1]!, ...trimEffect(s, args)]);
  }
  return int(deleted);
};

const xlen: Handler = (ctx, argv) => int(Stream.open(ctx.db, argv[1]!)?.length ?? 0);

/** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]. */
function xrange(rev: boolean): Handler {
  return (ctx, argv) => {
    const start = rangeStart(argv[rev ? 3 : 2]!);
    const end = rangeEnd(argv[rev ? 2 : 3]!);
    let count = -1;
    for (let j = 4; j < argv.length; j++) {
      if (isOpt(argv[j], "count") && j + 1 < argv.length) {
        count = Math.max(0, intArg(argv[++j]!));
      } else {
        throw new ReplyError(ERR.syntax);
      }
    }
    const s = Stream.open(ctx.db, argv[1]!);
    if (!s) return { t: "array", v: [] };
    if (count === 0) return NULL_ARRAY;
    return entriesReply(s.range(start, end, count < 0 ? 0 : count, rev));
  };
}

const xdel: Handler = (ctx, argv) => {
  const s = Stream.open(ctx.db, argv[1]!);
  if (!s) return int(0);
  const ids = argv.slice(2).map((a) => parseStrictId(a));
  let deleted = 0;
  let first = false;
  for (const id of ids) {
    if (!s.delete(id)) continue;
    if (compareId(id, s.firstId) === 0) first = true;
    if (compareId(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted) {
    if (s.length === 0) s.firstId = ZERO_ID;
    else if (first) s.refreshFirstId();
    s.save();
  }
  return int(deleted);
};

function xsetid(ctx: CommandContext, argv: BStr[]): Reply {
  const id = parseStrictId(argv[2]!);
  let entriesAdded = -1n;
  let maxDeleted = ZERO_ID;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i;
    if (isOpt(argv[i], "entriesadded") && more > 0) {
      entriesAdded = bigIntArg(argv[i + 1]!);
      if (entriesAdded < 0n) throw new ReplyError("ERR entries_added must be positive");
    } else if (isOpt(argv[i], "maxdeletedid") && more > 0) {
      maxDeleted = parseStrictId(argv[i + 1]!);
      if (compareId(id, maxDeleted) < 0) {
        throw new ReplyError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
      }
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const s = Stream.open(ctx.db, argv[1]!);
  if (!s) throw new ReplyError(ERR.noSuchKey);
  if (s.length > 0) {
    if (compareId(id, s.edgeId(true)!) < 0) throw new ReplyError("ERR The ID specified in XSETID is smaller than the target stream top item");
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) {
      throw new ReplyError("ERR The entries_added specified in XSETID is smaller than the target stream length");
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (!isZeroId(maxDeleted)) s.maxDeletedId = maxDeleted;
  s.save();
  return OK;
}

export const streamBasicHandlers: HandlerTable = {
  xadd,
  xtrim,
  xlen,
  xrange: xrange(false),
  xrevrange: xrange(true),
  xdel,
  xsetid,
};
