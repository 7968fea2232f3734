/**
 * ZRANDMEMBER (zrandmemberCommand / zrandmemberWithCountCommand) and ZSCAN. Random members are
 * picked by rank (ctx.rand), read with an OFFSET query when there are few picks or with one
 * ordered read of the set when there are many, which is what Redis's own cases cost.
 */
import type { BStr } from "../resp/bytes";
import { bulk, EMPTY_ARRAY, ERR, NULL, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { isOpt, randomCountArg } from "../commands/args";
import type { KeyMeta } from "./db";
import { readAll, rowsReply } from "./zset-core";
import { rangeByRank, type ZRow } from "./zset-range";
import { checkPairCount, floydSample, positionsWithRepeats } from "./set-random";
import { zscan } from "./zset-scan";

/** Above this many picks, one ordered read of the set beats an OFFSET query per pick. */
const OFFSET_PICKS = 4;

/** The rows at the given ascending ranks, in the order of `ranks`. */
function rowsAt(ctx: CommandContext, meta: KeyMeta, ranks: number[]): ZRow[] {
  if (ranks.length <= OFFSET_PICKS) return ranks.map((r) => rangeByRank(ctx.db, meta.id, r, 1, false, meta.count)[0]!);
  const all = readAll(ctx.db, meta.id);
  return ranks.map((r) => all[r]!);
}

const randomRank = (ctx: CommandContext, size: number): number => Math.floor(ctx.rand() * size);

/** `count` distinct ranks in [0, size) (Floyd's sampling), shuffled. */
function distinctRanks(ctx: CommandContext, size: number, count: number): number[] {
  const out = floydSample(size, count, ctx.rand);
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(ctx.rand() * (i + 1));
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

function zrandmemberWithCount(ctx: CommandContext, key: BStr, l: number, withscores: boolean): Reply {
  const meta = ctx.db.metaOf(key, "zset");
  if (!meta) return EMPTY_ARRAY;
  const size = meta.count;
  const count = Math.abs(l);
  if (count === 0) return EMPTY_ARRAY;
  let rows: ZRow[];
  if (l < 0 || count === 1) {
    // Case 1: independent picks, repetitions allowed, random order.
    rows = rowsAt(ctx, meta, positionsWithRepeats(size, count, ctx.rand));
  } else if (count >= size) {
    // Case 2: the whole set, highest first (Redis 7.0 walks it from the tail here).
    rows = readAll(ctx.db, meta.id).reverse();
  } else {
    // Cases 3 and 4: distinct members.
    rows = rowsAt(ctx, meta, distinctRanks(ctx, size, count));
  }
  return rowsReply(ctx, rows, withscores);
}

function zrandmember(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  if (argv.length >= 3) {
    const l = randomCountArg(argv[2]!);
    if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], "withscores"))) throw new ReplyError(ERR.syntax);
    const withscores = argv.length === 4;
    if (withscores) checkPairCount(argv[2]!);
    return zrandmemberWithCount(ctx, key, l, withscores);
  }
  const meta = ctx.db.metaOf(key, "zset");
  if (!meta) return NULL;
  return bulk(rangeByRank(ctx.db, meta.id, randomRank(ctx, meta.count), 1, false, meta.count)[0]!.member);
}

export const zsetRandomHandlers: HandlerTable = {
  zrandmember,
  zscan,
};
