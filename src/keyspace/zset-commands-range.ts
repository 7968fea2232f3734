/**
 * Range commands: ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and its legacy forms
 * (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX), ZRANGESTORE, and ZREMRANGEBY{RANK,SCORE,LEX}.
 * Parsing follows zrangeGenericCommand step by step so errors come in Redis's order.
 */
import type { BStr } from "../resp/bytes";
import { EMPTY_ARRAY, ERR, int, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { intArg, isOpt, normRange } from "../commands/args";
import { rowsReply, storeRows } from "./zset-core";
import { deleteByRank, deleteByScore, parseLexRange, parseScoreRange, rangeByRank, rangeByScore, type ZRow } from "./zset-range";
import { deleteByLex, rangeByLex } from "./zset-lex";

type RangeType = "auto" | "rank" | "score" | "lex";

/**
 * zrangeGenericCommand. `keyIdx` is the source key's index (1, or 2 for ZRANGESTORE whose
 * destination is argv[1]); the legacy commands fix `type` and `rev` up front.
 */
function zrangeGeneric(ctx: CommandContext, argv: BStr[], keyIdx: number, type: RangeType, rev: boolean | null): Reply {
  const store = keyIdx === 2;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  for (let j = keyIdx + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    if (!store && isOpt(argv[j], "withscores")) {
      withscores = true;
    } else if (isOpt(argv[j], "limit") && left >= 2) {
      offset = intArg(argv[j + 1]!);
      limit = intArg(argv[j + 2]!);
      j += 2;
    } else if (rev === null && isOpt(argv[j], "rev")) {
      rev = true;
    } else if (type === "auto" && isOpt(argv[j], "bylex")) {
      type = "lex";
    } else if (type === "auto" && isOpt(argv[j], "byscore")) {
      type = "score";
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const reverse = rev ?? false;
  const kind = type === "auto" ? "rank" : type;
  if (limit !== -1 && kind === "rank") {
    throw new ReplyError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  }
  if (withscores && kind === "lex") {
    throw new ReplyError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  // With REV, BYSCORE and BYLEX ranges are given as max then min.
  let minArg = argv[keyIdx + 1]!;
  let maxArg = argv[keyIdx + 2]!;
  if (reverse && kind !== "rank") [minArg, maxArg] = [maxArg, minArg];

  let query: (kid: number, len: number) => ZRow[];
  if (kind === "rank") {
    const start = intArg(minArg);
    const end = intArg(maxArg);
    query = (kid, len) => {
      const r = normRange(len, start, end);
      return r ? rangeByRank(ctx.db, kid, r[0], r[1] - r[0] + 1, reverse, len) : [];
    };
  } else if (kind === "score") {
    const range = parseScoreRange(minArg, maxArg);
    query = (kid) => rangeByScore(ctx.db, kid, range, reverse, offset, limit);
  } else {
    const range = parseLexRange(minArg, maxArg);
    query = (kid) => rangeByLex(ctx.db, kid, range, reverse, offset, limit);
  }

  const meta = ctx.db.metaOf(argv[keyIdx]!, "zset");
  const rows = meta ? query(meta.id, meta.count) : [];
  if (store) return int(storeRows(ctx.db, argv[1]!, rows));
  return rows.length === 0 ? EMPTY_ARRAY : rowsReply(ctx, rows, withscores);
}

type RemoveKind = "rank" | "score" | "lex";

/** zremrangeGenericCommand: parse the range, then look the key up, then delete. */
function zremrange(ctx: CommandContext, argv: BStr[], kind: RemoveKind): Reply {
  const key = argv[1]!;
  let remove: (kid: number, len: number) => number;
  if (kind === "rank") {
    const start = intArg(argv[2]!);
    const end = intArg(argv[3]!);
    remove = (kid, len) => {
      const r = normRange(len, start, end);
      return r ? deleteByRank(ctx.db, kid, r[0], r[1] - r[0] + 1, len) : 0;
    };
  } else if (kind === "score") {
    const range = parseScoreRange(argv[2]!, argv[3]!);
    remove = (kid) => deleteByScore(ctx.db, kid, range);
  } else {
    const range = parseLexRange(argv[2]!, argv[3]!);
    remove = (kid) => deleteByLex(ctx.db, kid, range);
  }
  const meta = ctx.db.metaOf(key, "zset");
  if (!meta) return int(0);
  const deleted = remove(meta.id, meta.count);
  if (deleted) ctx.db.setCount(key, meta, meta.count - deleted);
  return int(deleted);
}

export const zsetRangeHandlers: HandlerTable = {
  zrange: (ctx, argv) => zrangeGeneric(ctx, argv, 1, "auto", null),
  zrevrange: (ctx, argv) => zrangeGeneric(ctx, argv, 1, "rank", true),
  zrangebyscore: (ctx, argv) => zrangeGeneric(ctx, argv, 1, "score", false),
  zrevrangebyscore: (ctx, argv) => zrangeGeneric(ctx, argv, 1, "score", true),
  zrangebylex: (ctx, argv) => zrangeGeneric(ctx, argv, 1, "lex", false),
  zrevrangebylex: (ctx, argv) => zrangeGeneric(ctx, argv, 1, "lex", true),
  zrangestore: (ctx, argv) => zrangeGeneric(ctx, argv, 2, "auto", null),
  zremrangebyrank: (ctx, argv) => zremrange(ctx, argv, "rank"),
  zremrangebyscore: (ctx, argv) => zremrange(ctx, argv, "score"),
  zremrangebylex: (ctx, argv) => zremrange(ctx, argv, "lex"),
};
