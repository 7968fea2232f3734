/**
 * The pending entries lists: XACK, XPENDING, XCLAIM, XAUTOCLAIM (t_stream.c).
 * XCLAIM and XAUTOCLAIM replicate as one absolute XCLAIM per entry they changed (deliver.ts).
 */
import type { BStr } from "../../resp/bytes";
import { arr, bulk, ERR, int, NULL, NULL_ARRAY, ReplyError, type Reply } from "../../resp/reply";
import { intArg, isOpt, rangeArg } from "../../commands/args";
import type { CommandContext, HandlerTable } from "../handler";
import { compareId, formatId, MAX_ID, parseIdFull, parseStrictId, rangeEnd, rangeStart, ZERO_ID, type StreamId } from "./id";
import { Group, type Nack } from "./groups";
import { setIdEffect, xclaimEffect } from "./deliver";
import { entryReply, idReply } from "./reply";
import { NOGROUP_KEY, Stream } from "./store";

function xack(ctx: CommandContext, argv: BStr[]): Reply {
  const s = Stream.open(ctx.db, argv[1]!);
  const g = s ? Group.lookup(s, argv[2]!) : null;
  if (!g) return int(0);
  const ids = argv.slice(3).map((a) => parseStrictId(a));
  let acked = 0;
  for (const id of ids) if (g.deleteNack(id)) acked++;
  ctx.db.dirty += acked;
  return int(acked);
}

function xpending(ctx: CommandContext, argv: BStr[]): Reply {
  const [key, name] = [argv[1]!, argv[2]!];
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) throw new ReplyError(ERR.syntax);
  let range: { start: StreamId; end: StreamId; count: number; minIdle: number; consumer?: BStr } | null = null;
  if (argv.length >= 6) {
    let at = 3;
    let minIdle = 0;
    if (isOpt(argv[3], "idle")) {
      minIdle = intArg(argv[4]!);
      if (argv.length < 8) throw new ReplyError(ERR.syntax);
      at += 2;
    }
    const count = Math.max(0, intArg(argv[at + 2]!));
    const start = rangeStart(argv[at]!);
    const end = rangeEnd(argv[at + 1]!);
    range = { start, end, count, minIdle, ...(at + 3 < argv.length ? { consumer: argv[at + 3]! } : {}) };
  }
  const s = Stream.open(ctx.db, key);
  const g = s ? Group.lookup(s, name) : null;
  if (!g) throw NOGROUP_KEY(key, name);
  if (!range) {
    const sum = g.pendingSummary();
    if (!sum) return arr([int(0), NULL, NULL, NULL_ARRAY]);
    return arr([
      int(g.pendingCount()), idReply(sum.first), idReply(sum.last),
      arr(sum.consumers.map(([c, n]) => arr([bulk(c), bulk(String(n))]))),
    ]);
  }
  if (range.consumer !== undefined && !g.hasConsumer(range.consumer)) return arr([]);
  const out: Reply[] = [];
  // IDLE filters while walking: read in batches until COUNT rows pass or the range ends.
  let from = range.start;
  while (out.length < range.count && compareId(from, range.end) <= 0) {
    const limit = Math.max(range.count - out.length, 100);
    const batch = g.pending(from, range.end, limit, range.consumer);
    for (const n of batch) {
      if (out.length >= range.count) break;
      if (range.minIdle && ctx.now - n.deliveryTime < range.minIdle) continue;
      out.push(arr([idReply(n.id), bulk(n.consumer), int(Math.max(0, ctx.now - n.deliveryTime)), int(n.deliveryCount)]));
    }
    const last = batch[batch.length - 1];
    if (!last || batch.length < limit) break;
    const next = last.id.seq < MAX_ID.seq ? { ms: last.id.ms, seq: last.id.seq + 1n } : last.id.ms < MAX_ID.ms ? { ms: last.id.ms + 1n, seq: 0n } : null;
    if (!next) break;
    from = next;
  }
  return arr(out);
}

interface ClaimOptions {
  force: boolean;
  justid: boolean;
  deliveryTime: number | null;
  retryCount: bigint | null;
  lastId: StreamId;
}

/** XCLAIM's options after the IDs (the first argument that is not an ID starts them). */
function claimOptions(argv: BStr[], from: number, now: number): ClaimOptions {
  const o: ClaimOptions = { force: false, justid: false, deliveryTime: null, retryCount: null, lastId: ZERO_ID };
  for (let j = from; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (isOpt(opt, "force")) o.force = true;
    else if (isOpt(opt, "justid")) o.justid = true;
    else if (isOpt(opt, "idle") && more > 0) o.deliveryTime = now - intArg(argv[++j]!, "ERR Invalid IDLE option argument for XCLAIM");
    else if (isOpt(opt, "time") && more > 0) o.deliveryTime = intArg(argv[++j]!, "ERR Invalid TIME option argument for XCLAIM");
    else if (isOpt(opt, "retrycount") && more > 0) o.retryCount = BigInt(intArg(argv[++j]!, "ERR Invalid RETRYCOUNT option argument for XCLAIM"));
    else if (isOpt(opt, "lastid") && more > 0) o.lastId = parseStrictId(argv[++j]!);
    else throw new ReplyError(`ERR Unrecognized XCLAIM option '${opt}'`);
  }
  return o;
}

function xclaim(ctx: CommandContext, argv: BStr[]): Reply {
  const [key, name, consumer] = [argv[1]!, argv[2]!, argv[3]!];
  const s = Stream.open(ctx.db, key);
  const g = s ? Group.lookup(s, name) : null;
  if (!s || !g) throw NOGROUP_KEY(key, name);
  const minIdle = Math.max(0, intArg(argv[4]!, "ERR Invalid min-idle-time argument for XCLAIM"));
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    try {
      ids.push(parseIdFull(argv[j]!, 0n, true).id);
    } catch {
      break;
    }
  }
  const o = claimOptions(argv, j, ctx.now);
  const effects: BStr[][] = [];
  let propagateLastId = false;
  if (compareId(o.lastId, g.lastId) > 0) {
    g.lastId = o.lastId;
    g.save();
    propagateLastId = true;
  }
  // A replica applies its master's commands with the clock at 0 (runtime.ts applyFromMaster): the
  // XCLAIMs it receives carry absolute TIMEs, taken as they are (and as the consumer's seen-time).
  const masterClient = ctx.now === 0;
  const time = masterClient ? Math.max(0, o.deliveryTime ?? 0)
    : o.deliveryTime === null || o.deliveryTime < 0 || o.deliveryTime > ctx.now ? ctx.now : o.deliveryTime;
  const replies: Reply[] = [];
  let touched = false;
  for (const id of ids) {
    let nack = g.nack(id);
    const entry = o.justid ? (s.has(id) ? { id, items: [] } : null) : s.get(id);
    if (!entry) {
      if (nack) {
        effects.push(xclaimEffect(key, g, nack));
        propagateLastId = false;
        g.deleteNack(id);
      }
      continue;
    }
    const forced = !nack && o.force;
    if (!nack && !forced) continue;
    if (nack && minIdle && ctx.now - nack.deliveryTime < minIdle) continue;
    if (!touched) {
      g.touchConsumer(consumer, masterClient ? time : ctx.now);
      touched = true;
    }
    // A PEL entry FORCE creates starts at one delivery (streamCreateNACK).
    const count = nack?.deliveryCount ?? 1n;
    nack = { id, consumer, deliveryTime: time, deliveryCount: o.retryCount !== null && o.retryCount >= 0n ? o.retryCount : o.justid ? count : count + 1n };
    g.putNack(nack);
    replies.push(o.justid ? idReply(id) : entryReply(entry));
    effects.push(xclaimEffect(key, g, nack));
    propagateLastId = false;
  }
  if (propagateLastId) effects.push(setIdEffect(key, g));
  ctx.db.dirty += effects.length;
  ctx.propagate(...effects);
  return arr(replies);
}

/** XAUTOCLAIM's COUNT bound: LONG_MAX / max(sizeof(streamID), attempts factor 10). */
const AUTOCLAIM_MAX_COUNT = 9223372036854775807n / 16n;
const ATTEMPTS_FACTOR = 10;

function xautoclaim(ctx: CommandContext, argv: BStr[]): Reply {
  const [key, name, consumer] = [argv[1]!, argv[2]!, argv[3]!];
  const minIdle = Math.max(0, intArg(argv[4]!, "ERR Invalid min-idle-time argument for XAUTOCLAIM"));
  const start = rangeStart(argv[5]!);
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    if (isOpt(argv[j], "count") && j + 1 < argv.length) count = rangeArg(argv[++j]!, 1n, AUTOCLAIM_MAX_COUNT, "ERR COUNT must be > 0");
    else if (isOpt(argv[j], "justid")) justid = true;
    else throw new ReplyError(ERR.syntax);
  }
  const s = Stream.open(ctx.db, key);
  const g = s ? Group.lookup(s, name) : null;
  if (!s || !g) throw NOGROUP_KEY(key, name);
  let attempts = count * ATTEMPTS_FACTOR;
  const replies: Reply[] = [];
  const deleted: Reply[] = [];
  const effects: BStr[][] = [];
  let touched = false;
  let cursor: StreamId = ZERO_ID;
  // Walk the PEL from `start` in pages; `next` is the first entry not examined.
  let from: StreamId | null = start;
  outer: while (from) {
    const page: Nack[] = g.pending(from, MAX_ID, Math.min(attempts + 1, 1000));
    if (page.length === 0) break;
    for (const nack of page) {
      if (attempts === 0 || count === 0) {
        cursor = nack.id;
        break outer;
      }
      attempts--;
      const entry = justid ? (s.has(nack.id) ? { id: nack.id, items: [] } : null) : s.get(nack.id);
      if (!entry) {
        effects.push(xclaimEffect(key, g, nack));
        g.deleteNack(nack.id);
        deleted.push(idReply(nack.id));
        count--;
        continue;
      }
      if (minIdle && ctx.now - nack.deliveryTime < minIdle) continue;
      if (!touched) {
        g.touchConsumer(consumer, ctx.now);
        touched = true;
      }
      const claimed: Nack = { id: nack.id, consumer, deliveryTime: ctx.now, deliveryCount: justid ? nack.deliveryCount : nack.deliveryCount + 1n };
      g.putNack(claimed);
      replies.push(justid ? idReply(nack.id) : entryReply(entry));
      count--;
      effects.push(xclaimEffect(key, g, claimed));
    }
    const last = page[page.length - 1]!.id;
    from = last.seq < MAX_ID.seq ? { ms: last.ms, seq: last.seq + 1n } : last.ms < MAX_ID.ms ? { ms: last.ms + 1n, seq: 0n } : null;
  }
  ctx.db.dirty += effects.length;
  ctx.propagate(...effects);
  return arr([bulk(formatId(cursor)), arr(replies), arr(deleted)]);
}

export const streamPendingHandlers: HandlerTable = { xack, xpending, xclaim, xautoclaim };
