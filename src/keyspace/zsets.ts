/**
 * Sorted sets: one row per member in `zsets(kid, member, score)`, ranges on the score index.
 * This module holds the point commands (ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZCARD, ZCOUNT,
 * ZLEXCOUNT, ZRANK, ZREVRANK); the others have modules of their own: ranges
 * (zset-commands-range.ts), pops (zset-pop.ts), set algebra (zset-store.ts), ZRANDMEMBER and
 * ZSCAN (zset-random.ts, zset-scan.ts).
 * Shared pieces: zset-core.ts (member rows, replies), zset-range.ts (range parsing and SQL).
 * Scores go through getDoubleFromObject (`floatArg`: hex floats and "inf" accepted).
 */
import type { BStr } from "../resp/bytes";
import { arr, ERR, int, NULL, NULL_ARRAY, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { floatArg, isOpt } from "../commands/args";
import { deleteMember, getScore, insertMember, rankOf, scoreReply, updateScore } from "./zset-core";
import { countByScore, parseLexRange, parseScoreRange } from "./zset-range";
import { countByLex } from "./zset-lex";

const NAN_SCORE = "ERR resulting score is not a number (NaN)";

/** ZADD and ZINCRBY (zaddGenericCommand): flags, then score/member pairs. */
function zadd(ctx: CommandContext, argv: BStr[], incrCommand: boolean): Reply {
  const key = argv[1]!;
  let nx = false, xx = false, gt = false, lt = false, ch = false, incr = incrCommand;
  let i = 2;
  for (; i < argv.length; i++) {
    const o = argv[i]!.toLowerCase();
    if (o === "nx") nx = true;
    else if (o === "xx") xx = true;
    else if (o === "ch") ch = true;
    else if (o === "incr") incr = true;
    else if (o === "gt") gt = true;
    else if (o === "lt") lt = true;
    else break;
  }
  const elements = argv.length - i;
  if (elements === 0 || elements % 2 !== 0) throw new ReplyError(ERR.syntax);
  if (nx && xx) throw new ReplyError("ERR XX and NX options at the same time are not compatible");
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    throw new ReplyError("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (incr && elements > 2) throw new ReplyError("ERR INCR option supports a single increment-element pair");
  const pairs: { score: number; member: BStr }[] = [];
  for (let j = i; j < argv.length; j += 2) pairs.push({ score: floatArg(argv[j]!), member: argv[j + 1]! });

  const { db } = ctx;
  let meta = db.metaOf(key, "zset");
  let added = 0, updated = 0, processed = 0;
  let newScore = 0;
  if (meta || !xx) {
    meta ??= db.create(key, "zset");
    for (const { score, member } of pairs) {
      const cur = getScore(db, meta.id, member);
      if (cur !== null) {
        if (nx) continue;
        let s = score;
        if (incr) {
          s = cur + score;
          if (Number.isNaN(s)) throw new ReplyError(NAN_SCORE);
        }
        if ((lt && s >= cur) || (gt && s <= cur)) continue;
        newScore = s;
        processed++;
        if (s !== cur) {
          updateScore(db, meta.id, member, s);
          updated++;
        }
      } else if (!xx) {
        newScore = score;
        processed++;
        insertMember(db, meta.id, member, score);
        added++;
      }
    }
    // A write that changed nothing signals nothing (and so is not propagated), as in Redis.
    if (added || updated) db.setCount(key, meta, meta.count + added);
  }
  if (incr) return processed ? scoreReply(ctx, newScore) : NULL;
  return int(ch ? added + updated : added);
}

function zrem(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "zset");
  if (!meta) return int(0);
  let deleted = 0;
  for (let i = 2; i < argv.length && deleted < meta.count; i++) {
    if (deleteMember(ctx.db, meta.id, argv[i]!)) deleted++;
  }
  if (deleted) ctx.db.setCount(argv[1]!, meta, meta.count - deleted);
  return int(deleted);
}

/** ZRANK / ZREVRANK key member [WITHSCORE] (WITHSCORE as in Redis 7.2). */
function zrank(ctx: CommandContext, argv: BStr[], rev: boolean): Reply {
  if (argv.length > 4) throw new ReplyError(ERR.wrongArity(argv[0]!.toLowerCase()));
  const withscore = argv.length === 4;
  if (withscore && !isOpt(argv[3], "withscore")) throw new ReplyError(ERR.syntax);
  const none = withscore ? NULL_ARRAY : NULL;
  const meta = ctx.db.metaOf(argv[1]!, "zset");
  if (!meta) return none;
  const score = getScore(ctx.db, meta.id, argv[2]!);
  if (score === null) return none;
  const rank = int(rankOf(ctx.db, meta.id, argv[2]!, score, rev));
  return withscore ? arr([rank, scoreReply(ctx, score)]) : rank;
}

export const zsetHandlers: HandlerTable = {
  zadd: (ctx, argv) => zadd(ctx, argv, false),
  zincrby: (ctx, argv) => zadd(ctx, argv, true),
  zrem,
  zscore: (ctx, argv) => {
    const meta = ctx.db.metaOf(argv[1]!, "zset");
    const score = meta ? getScore(ctx.db, meta.id, argv[2]!) : null;
    return score === null ? NULL : scoreReply(ctx, score);
  },
  zmscore: (ctx, argv) => {
    const meta = ctx.db.metaOf(argv[1]!, "zset");
    return arr(argv.slice(2).map((m) => {
      const score = meta ? getScore(ctx.db, meta.id, m) : null;
      return score === null ? NULL : scoreReply(ctx, score);
    }));
  },
  zcard: (ctx, argv) => int(ctx.db.metaOf(argv[1]!, "zset")?.count ?? 0),
  zcount: (ctx, argv) => {
    const range = parseScoreRange(argv[2]!, argv[3]!);
    const meta = ctx.db.metaOf(argv[1]!, "zset");
    return int(meta ? countByScore(ctx.db, meta.id, range) : 0);
  },
  zlexcount: (ctx, argv) => {
    const range = parseLexRange(argv[2]!, argv[3]!);
    const meta = ctx.db.metaOf(argv[1]!, "zset");
    return int(meta ? countByLex(ctx.db, meta.id, range) : 0);
  },
  zrank: (ctx, argv) => zrank(ctx, argv, false),
  zrevrank: (ctx, argv) => zrank(ctx, argv, true),
};
