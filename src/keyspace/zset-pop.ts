/**
 * Pops: ZPOPMIN/ZPOPMAX, ZMPOP and the blocking BZPOPMIN/BZPOPMAX/BZMPOP (genericZpopCommand,
 * blockingGenericZpopCommand, zmpopGenericCommand). Pops read the first/last rows on the score
 * index and delete exactly those with one range DELETE. Blocking forms that find nothing return a
 * BlockRequest; what they pop is propagated as ZPOPMIN/ZPOPMAX, as Redis rewrites them.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, EMPTY_ARRAY, ERR, NULL_ARRAY, ReplyError, type Reply } from "../resp/reply";
import type { BlockRequest, CommandContext, HandlerTable } from "./handler";
import { mpopArgs, positiveArg } from "../commands/args";
import { timeoutArg } from "../commands/numbers";
import { param, type KeyMeta } from "./db";
import { rowsReply, scoreReply } from "./zset-core";
import { rangeByRank, type ZRow } from "./zset-range";

/** Removes and returns up to `count` members from the low (or, with `max`, high) end. */
function popRows(ctx: CommandContext, key: BStr, meta: KeyMeta, max: boolean, count: number): ZRow[] {
  const rows = rangeByRank(ctx.db, meta.id, 0, Math.min(count, meta.count), max);
  const last = rows[rows.length - 1];
  if (!last) return rows;
  ctx.db.run(
    `DELETE FROM zsets WHERE kid = ? AND (score, member) ${max ? ">=" : "<="} (?, ?)`,
    meta.id, last.score, param(last.member),
  );
  ctx.db.setCount(key, meta, meta.count - rows.length);
  return rows;
}

/** The first existing key among `keys` (WRONGTYPE if it is not a sorted set), as Redis scans them. */
function firstZset(ctx: CommandContext, keys: BStr[]): { key: BStr; meta: KeyMeta } | null {
  for (const key of keys) {
    const meta = ctx.db.metaOf(key, "zset");
    if (meta) return { key, meta };
  }
  return null;
}

/** ZPOPMIN/ZPOPMAX key [count]: flat pairs, or RESP3 nested pairs when a count is given. */
function zpop(ctx: CommandContext, argv: BStr[], max: boolean): Reply {
  if (argv.length > 3) throw new ReplyError(ERR.syntax);
  const count = argv.length === 3 ? positiveArg(argv[2]!) : -1;
  const found = firstZset(ctx, [argv[1]!]);
  if (!found || count === 0) return EMPTY_ARRAY;
  const rows = popRows(ctx, found.key, found.meta, max, count === -1 ? 1 : count);
  return ctx.conn.resp === 3 && count !== -1 ? rowsReply(ctx, rows, true) : flatPairs(ctx, rows);
}

function flatPairs(ctx: CommandContext, rows: ZRow[], key?: BStr): Reply {
  const out: Reply[] = key === undefined ? [] : [bulk(key)];
  for (const r of rows) out.push(bulk(r.member), scoreReply(ctx, r.score));
  return arr(out);
}

/** [key, [[member, score], ...]] in both protocols (ZMPOP/BZMPOP). */
function keyAndPairs(ctx: CommandContext, key: BStr, rows: ZRow[]): Reply {
  return arr([bulk(key), arr(rows.map((r) => arr([bulk(r.member), scoreReply(ctx, r.score)])))]);
}

const popName = (max: boolean): BStr => (max ? "ZPOPMAX" : "ZPOPMIN");

/** BZPOPMIN/BZPOPMAX key [key ...] timeout. */
function bzpop(ctx: CommandContext, argv: BStr[], max: boolean): Reply | BlockRequest {
  const timeoutMs = timeoutArg(argv[argv.length - 1]!);
  const keys = argv.slice(1, -1);
  const found = firstZset(ctx, keys);
  if (!found) return { t: "block", keys, timeoutMs, timeoutReply: NULL_ARRAY };
  const rows = popRows(ctx, found.key, found.meta, max, 1);
  ctx.propagate([popName(max), found.key]);
  return flatPairs(ctx, rows, found.key);
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]; BZMPOP has the timeout first. */
function zmpop(ctx: CommandContext, argv: BStr[], block: boolean): Reply | BlockRequest {
  const { keys, where, count } = mpopArgs(argv, block ? 2 : 1, ["min", "max"]);
  const max = where === "max";
  const timeoutMs = block ? timeoutArg(argv[1]!) : 0;
  const found = firstZset(ctx, keys);
  if (!found) return block ? { t: "block", keys, timeoutMs, timeoutReply: NULL_ARRAY } : NULL_ARRAY;
  const rows = popRows(ctx, found.key, found.meta, max, count);
  ctx.propagate([popName(max), found.key, String(count)]);
  return keyAndPairs(ctx, found.key, rows);
}

export const zsetPopHandlers: HandlerTable = {
  zpopmin: (ctx, argv) => zpop(ctx, argv, false),
  zpopmax: (ctx, argv) => zpop(ctx, argv, true),
  bzpopmin: (ctx, argv) => bzpop(ctx, argv, false),
  bzpopmax: (ctx, argv) => bzpop(ctx, argv, true),
  zmpop: (ctx, argv) => zmpop(ctx, argv, false),
  bzmpop: (ctx, argv) => zmpop(ctx, argv, true),
};
