/**
 * Set algebra on sorted sets (zunionInterDiffGenericCommand): ZUNION, ZINTER, ZDIFF, their STORE
 * forms and ZINTERCARD. Plain sets count as sorted sets whose scores are all 1. Scores are combined
 * in JS with Redis's exact arithmetic (weights multiply, NaN becomes 0, sources taken smallest
 * first for union/inter), so SUM results match Redis to the last bit. Intersections and
 * differences only read, from the other sources, the members the first source has.
 */
import type { BStr } from "../resp/bytes";
import { EMPTY_ARRAY, ERR, int, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { floatArg, intArg, isOpt, positiveArg } from "../commands/args";
import { blob, type KeyMeta } from "./db";
import { rowsReply, storeRows } from "./zset-core";
import type { ZRow } from "./zset-range";

type Op = "union" | "inter" | "diff";
type Aggregate = "sum" | "min" | "max";

interface Source {
  meta: KeyMeta | null; // null: the key does not exist (an empty set)
  weight: number;
}

const card = (s: Source): number => s.meta?.count ?? 0;

/** The SELECT listing a source's (member, score) rows, its kid as the only parameter. */
function selectOf(meta: KeyMeta): string {
  return meta.type === "zset"
    ? "SELECT member, score FROM zsets WHERE kid = ?"
    : "SELECT member, 1.0 AS score FROM sets WHERE kid = ?";
}

function load(ctx: CommandContext, s: Source): Map<BStr, number> {
  const out = new Map<BStr, number>();
  if (!s.meta) return out;
  for (const r of ctx.db.rows(selectOf(s.meta), s.meta.id)) out.set(blob(r.member), r.score as number);
  return out;
}

/** The rows of `s` whose member is also in `first` (a join on the primary keys). */
function loadCommon(ctx: CommandContext, s: Source, first: KeyMeta): Map<BStr, number> {
  const out = new Map<BStr, number>();
  if (!s.meta) return out;
  const firstTable = first.type === "zset" ? "zsets" : "sets";
  const rows = ctx.db.rows(
    `SELECT member, score FROM (${selectOf(s.meta)}) WHERE member IN (SELECT member FROM ${firstTable} WHERE kid = ?)`,
    s.meta.id, first.id,
  );
  for (const r of rows) out.set(blob(r.member), r.score as number);
  return out;
}

/** zunionInterAggregate. */
function aggregate(target: number, val: number, agg: Aggregate): number {
  if (agg === "sum") {
    const t = target + val;
    return Number.isNaN(t) ? 0 : t; // inf + -inf: Redis's convention is 0
  }
  if (agg === "min") return val < target ? val : target;
  return val > target ? val : target;
}

const weighted = (score: number, weight: number): number => {
  const v = weight * score;
  return Number.isNaN(v) ? 0 : v;
};

function computeUnion(ctx: CommandContext, srcs: Source[], agg: Aggregate): Map<BStr, number> {
  const acc = new Map<BStr, number>();
  for (const s of srcs) {
    for (const [m, score] of load(ctx, s)) {
      const v = weighted(score, s.weight);
      const cur = acc.get(m);
      acc.set(m, cur === undefined ? v : aggregate(cur, v, agg));
    }
  }
  return acc;
}

/** The intersection; with `limit` (ZINTERCARD, > 0) it may stop once that many are found. */
function computeInter(ctx: CommandContext, srcs: Source[], agg: Aggregate, limit = 0): Map<BStr, number> {
  const out = new Map<BStr, number>();
  const first = srcs[0]!;
  if (!first.meta || card(first) === 0) return out;
  const others = srcs.slice(1).map((s) => ({ s, rows: loadCommon(ctx, s, first.meta!) }));
  for (const [m, s0] of load(ctx, first)) {
    let score = weighted(s0, first.weight);
    let inAll = true;
    for (const { s, rows } of others) {
      const v = rows.get(m);
      if (v === undefined) {
        inAll = false;
        break;
      }
      score = aggregate(score, v * s.weight, agg);
    }
    if (!inAll) continue;
    out.set(m, score);
    if (limit > 0 && out.size >= limit) break;
  }
  return out;
}

function computeDiff(ctx: CommandContext, srcs: Source[]): Map<BStr, number> {
  const first = srcs[0]!;
  if (!first.meta || card(first) === 0) return new Map();
  const out = load(ctx, first);
  for (const s of srcs.slice(1)) {
    if (out.size === 0) break;
    for (const m of loadCommon(ctx, s, first.meta).keys()) out.delete(m);
  }
  return out;
}

/**
 * The shared parser and driver. `numkeysIdx` is where numkeys sits; `dst` is set for the STORE
 * forms; `cardOnly` for ZINTERCARD.
 */
function zsetOp(ctx: CommandContext, argv: BStr[], op: Op, numkeysIdx: number, dst: BStr | null, cardOnly = false): Reply {
  const name = argv[0]!.toLowerCase();
  const setnum = intArg(argv[numkeysIdx]!);
  if (setnum < 1) throw new ReplyError(`ERR at least 1 input key is needed for '${name}' command`);
  if (setnum > argv.length - numkeysIdx - 1) throw new ReplyError(ERR.syntax);
  const srcs: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const meta = ctx.db.meta(argv[j]!);
    if (meta && meta.type !== "zset" && meta.type !== "set") throw new ReplyError(ERR.wrongType);
    srcs.push({ meta, weight: 1 });
  }
  let agg: Aggregate = "sum";
  let withscores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    if (op !== "diff" && !cardOnly && remaining >= setnum + 1 && isOpt(argv[j], "weights")) {
      j++;
      for (const s of srcs) s.weight = floatArg(argv[j++]!, "ERR weight value is not a float");
    } else if (op !== "diff" && !cardOnly && remaining >= 2 && isOpt(argv[j], "aggregate")) {
      const a = argv[j + 1]!.toLowerCase();
      if (a !== "sum" && a !== "min" && a !== "max") throw new ReplyError(ERR.syntax);
      agg = a;
      j += 2;
    } else if (dst === null && !cardOnly && isOpt(argv[j], "withscores")) {
      withscores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && isOpt(argv[j], "limit")) {
      limit = positiveArg(argv[j + 1]!, "ERR LIMIT can't be negative");
      j += 2;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  // Smallest source first (a stable sort, like glibc's qsort): fewer lookups, and the order in
  // which Redis adds the weighted scores up.
  if (op !== "diff") srcs.sort((a, b) => card(a) - card(b));

  if (cardOnly) return int(computeInter(ctx, srcs, agg, limit).size);
  const result =
    op === "union" ? computeUnion(ctx, srcs, agg) : op === "inter" ? computeInter(ctx, srcs, agg) : computeDiff(ctx, srcs);
  const rows: ZRow[] = [];
  for (const [member, score] of result) rows.push({ member, score });
  if (dst !== null) return int(storeRows(ctx.db, dst, rows));
  if (rows.length === 0) return EMPTY_ARRAY;
  rows.sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  return rowsReply(ctx, rows, withscores);
}

export const zsetStoreHandlers: HandlerTable = {
  zunionstore: (ctx, argv) => zsetOp(ctx, argv, "union", 2, argv[1]!),
  zinterstore: (ctx, argv) => zsetOp(ctx, argv, "inter", 2, argv[1]!),
  zdiffstore: (ctx, argv) => zsetOp(ctx, argv, "diff", 2, argv[1]!),
  zunion: (ctx, argv) => zsetOp(ctx, argv, "union", 1, null),
  zinter: (ctx, argv) => zsetOp(ctx, argv, "inter", 1, null),
  zdiff: (ctx, argv) => zsetOp(ctx, argv, "diff", 1, null),
  zintercard: (ctx, argv) => zsetOp(ctx, argv, "inter", 1, null, true),
};
