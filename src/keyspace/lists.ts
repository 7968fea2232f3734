/**
 * List commands (Redis 7.0 t_list.c) over the `lists` table: see list-store.ts for the layout.
 * Pushes, pops, reads and in-place edits live here; moves, LMPOP and the blocking variants in
 * list-blocking.ts. Argument checks follow Redis's order, so the same bad call fails the same way.
 */
import type { BStr } from "../resp/bytes";
import {
  arr, bulk, bulks, EMPTY_ARRAY, ERR, int, NULL, NULL_ARRAY, OK, ReplyError, type Reply,
} from "../resp/reply";
import { intArg, isOpt, normRange, positiveArg } from "../commands/args";
import type { CommandContext, Handler, HandlerTable } from "./handler";
import {
  elementAt, findFirst, insertBeside, normIndex, popValues, positionsOf, pushValues, rangeValues,
  removeValue, trimTo, type End,
} from "./list-store";
import { param } from "./db";
import { checkElementSize } from "./element-limit";

const RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

// ---- push / pop ---------------------------------------------------------------------------------

/** LPUSH/RPUSH (and the X forms, which only push onto an existing list). */
function push(end: End, onlyExisting: boolean): Handler {
  return (ctx, argv) => {
    const key = argv[1]!;
    const meta = ctx.db.metaOf(key, "list");
    if (!meta && onlyExisting) return int(0);
    const list = meta ?? ctx.db.create(key, "list");
    const values = argv.slice(2);
    pushValues(ctx.db, list, values, end);
    ctx.db.setCount(key, list, list.count + values.length);
    return int(list.count);
  };
}

/** LPOP/RPOP key [count]. */
function pop(end: End): Handler {
  return (ctx, argv) => {
    if (argv.length > 3) throw new ReplyError(ERR.wrongArity(argv[0]!.toLowerCase()));
    const hasCount = argv.length === 3;
    const count = hasCount ? positiveArg(argv[2]!) : 1;
    const key = argv[1]!;
    const meta = ctx.db.metaOf(key, "list");
    if (!meta) return hasCount ? NULL_ARRAY : NULL;
    if (hasCount && count === 0) return EMPTY_ARRAY;
    const values = popValues(ctx.db, meta, count, end);
    ctx.db.setCount(key, meta, meta.count - values.length);
    return hasCount ? bulks(values) : bulk(values[0]!);
  };
}

// ---- reads --------------------------------------------------------------------------------------

function llen(ctx: CommandContext, argv: BStr[]): Reply {
  return int(ctx.db.metaOf(argv[1]!, "list")?.count ?? 0);
}

function lrange(ctx: CommandContext, argv: BStr[]): Reply {
  const start = intArg(argv[2]!);
  const stop = intArg(argv[3]!);
  const meta = ctx.db.metaOf(argv[1]!, "list");
  if (!meta) return EMPTY_ARRAY;
  const range = normRange(meta.count, start, stop);
  return range ? bulks(rangeValues(ctx.db, meta, range[0], range[1])) : EMPTY_ARRAY;
}

function lindex(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "list");
  if (!meta) return NULL;
  const i = normIndex(meta.count, intArg(argv[2]!));
  return i === null ? NULL : bulk(elementAt(ctx.db, meta, i).value);
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
function lpos(ctx: CommandContext, argv: BStr[]): Reply {
  let rank = 1;
  let count = -1; // -1: no COUNT option (reply a single index or null)
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = j + 1 < argv.length;
    if (isOpt(opt, "rank") && more) {
      const text = argv[++j]!;
      rank = intArg(text);
      // -2^63 cannot be negated in C: Redis ends up matching from the tail at the first hit.
      if (text === "-9223372036854775808") rank = -1;
      if (rank === 0) throw new ReplyError(RANK_ZERO);
    } else if (isOpt(opt, "count") && more) {
      count = positiveArg(argv[++j]!, "ERR COUNT can't be negative");
    } else if (isOpt(opt, "maxlen") && more) {
      maxlen = positiveArg(argv[++j]!, "ERR MAXLEN can't be negative");
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const meta = ctx.db.metaOf(argv[1]!, "list");
  if (!meta) return count === -1 ? NULL : EMPTY_ARRAY;
  const found = positionsOf(ctx.db, meta, argv[2]!, {
    rank: Math.abs(rank), count: count === -1 ? 1 : count, maxlen, fromTail: rank < 0,
  });
  if (count === -1) return found.length ? int(found[0]!) : NULL;
  return arr(found.map(int));
}

// ---- in-place edits -----------------------------------------------------------------------------

function lset(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const meta = ctx.db.metaOf(key, "list");
  if (!meta) throw new ReplyError(ERR.noSuchKey);
  const i = normIndex(meta.count, intArg(argv[2]!));
  if (i === null) throw new ReplyError(ERR.outOfRange);
  const { pos } = elementAt(ctx.db, meta, i);
  checkElementSize(argv[3]!.length);
  ctx.db.run("UPDATE lists SET value = ? WHERE kid = ? AND pos = ?", param(argv[3]!), meta.id, pos);
  ctx.db.setCount(key, meta, meta.count);
  return OK;
}

/** LINSERT key BEFORE|AFTER pivot element. */
function linsert(ctx: CommandContext, argv: BStr[]): Reply {
  let before: boolean;
  if (isOpt(argv[2], "after")) before = false;
  else if (isOpt(argv[2], "before")) before = true;
  else throw new ReplyError(ERR.syntax);
  const key = argv[1]!;
  const meta = ctx.db.metaOf(key, "list");
  if (!meta) return int(0);
  const pivot = findFirst(ctx.db, meta, argv[3]!);
  if (pivot === null) return int(-1);
  insertBeside(ctx.db, meta, pivot, argv[4]!, before);
  ctx.db.setCount(key, meta, meta.count + 1);
  return int(meta.count);
}

/** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
function lrem(ctx: CommandContext, argv: BStr[]): Reply {
  const count = intArg(argv[2]!);
  const key = argv[1]!;
  const meta = ctx.db.metaOf(key, "list");
  if (!meta) return int(0);
  const removed = removeValue(ctx.db, meta, argv[3]!, Math.abs(count), count >= 0);
  // Redis signals (and so propagates) LREM only when it removed something.
  if (removed > 0) ctx.db.setCount(key, meta, meta.count - removed);
  return int(removed);
}

function ltrim(ctx: CommandContext, argv: BStr[]): Reply {
  const start = intArg(argv[2]!);
  const stop = intArg(argv[3]!);
  const key = argv[1]!;
  const meta = ctx.db.metaOf(key, "list");
  if (!meta) return OK;
  const range = normRange(meta.count, start, stop);
  const removed = range ? trimTo(ctx.db, meta, range[0], range[1]) : meta.count;
  // Redis always signals the key, but only a trim that removed elements counts as a write.
  if (removed === 0) {
    ctx.db.modified(key);
    ctx.propagate();
  } else {
    ctx.db.setCount(key, meta, meta.count - removed);
  }
  return OK;
}

export const listHandlers: HandlerTable = {
  lpush: push("left", false),
  rpush: push("right", false),
  lpushx: push("left", true),
  rpushx: push("right", true),
  lpop: pop("left"),
  rpop: pop("right"),
  llen,
  lrange,
  lindex,
  lpos,
  lset,
  linsert,
  lrem,
  ltrim,
};
