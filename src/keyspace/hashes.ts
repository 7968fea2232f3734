/**
 * Hash commands over `hashes(kid, field, value)`: one row per field, HLEN from the key's count.
 * Replies list fields in field (memcmp) order where Redis's order is unspecified.
 */
import type { BStr } from "../resp/bytes";
import {
  arr, bulk, bulkOrNull, bulks, EMPTY_ARRAY, ERR, int, map, NULL, OK, ReplyError, type Reply,
} from "../resp/reply";
import { bigIntArg, isOpt, LLONG_MAX, LLONG_MIN, randomCountArg, toBigInt } from "../commands/args";
import type { CommandContext, HandlerTable } from "./handler";
import { scanCommand } from "./collection-scan";
import {
  allFields, deleteField, fieldsAt, getField, hasField, insertField, pairsReply, readFields, setField,
} from "./hash-store";
import { incrByFloat, parseLongDouble } from "./longdouble";
import { checkPairCount, checkSampleSize, distinctPositions, elementsAt, positionsWithRepeats } from "./set-random";


function hset(ctx: CommandContext, argv: BStr[]): Reply {
  const name = argv[0]!.toLowerCase();
  if (argv.length % 2 !== 0) throw new ReplyError(ERR.wrongArity(name));
  const key = argv[1]!;
  const meta = ctx.db.getOrCreate(key, "hash");
  let added = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (setField(ctx.db, meta.id, argv[i]!, argv[i + 1]!)) added++;
  }
  ctx.db.setCount(key, meta, meta.count + added);
  return name === "hmset" ? OK : int(added);
}

function hsetnx(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const meta = ctx.db.getOrCreate(key, "hash");
  if (!insertField(ctx.db, meta.id, argv[2]!, argv[3]!)) return int(0);
  ctx.db.setCount(key, meta, meta.count + 1);
  return int(1);
}

function hget(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  return meta ? bulkOrNull(getField(ctx.db, meta.id, argv[2]!)) : NULL;
}

function hmget(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  return arr(argv.slice(2).map((f) => (meta ? bulkOrNull(getField(ctx.db, meta.id, f)) : NULL)));
}

function hgetall(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  if (!meta) return map([]);
  return map(allFields(ctx.db, meta.id).map(([f, v]) => [bulk(f), bulk(v)]));
}

function hkeysOrVals(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  if (!meta) return EMPTY_ARRAY;
  const col = argv[0]!.toLowerCase() === "hkeys" ? 0 : 1;
  return bulks(allFields(ctx.db, meta.id).map((pair) => pair[col]));
}

function hdel(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const meta = ctx.db.metaOf(key, "hash");
  if (!meta) return int(0);
  let deleted = 0;
  for (const f of argv.slice(2)) if (deleteField(ctx.db, meta.id, f)) deleted++;
  if (deleted > 0) ctx.db.setCount(key, meta, meta.count - deleted);
  return int(deleted);
}

function hexists(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  return int(meta && hasField(ctx.db, meta.id, argv[2]!) ? 1 : 0);
}

function hlen(ctx: CommandContext, argv: BStr[]): Reply {
  return int(ctx.db.metaOf(argv[1]!, "hash")?.count ?? 0);
}

function hstrlen(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  return int(meta ? (getField(ctx.db, meta.id, argv[2]!)?.length ?? 0) : 0);
}

function hincrby(ctx: CommandContext, argv: BStr[]): Reply {
  const [, key, field] = argv as [BStr, BStr, BStr];
  const incr = bigIntArg(argv[3]!);
  const meta = ctx.db.getOrCreate(key, "hash");
  const old = getField(ctx.db, meta.id, field);
  let value = 0n;
  if (old !== null) {
    const parsed = toBigInt(old);
    if (parsed === null) throw new ReplyError("ERR hash value is not an integer");
    value = parsed;
  }
  const result = value + incr;
  if (result > LLONG_MAX || result < LLONG_MIN) throw new ReplyError(ERR.overflow);
  const added = setField(ctx.db, meta.id, field, result.toString());
  ctx.db.setCount(key, meta, meta.count + (added ? 1 : 0));
  return int(result);
}

/** HINCRBYFLOAT: 80-bit long double arithmetic and formatting, as Redis on x86-64 (longdouble.ts). */
function hincrbyfloat(ctx: CommandContext, argv: BStr[]): Reply {
  const [, key, field, incr] = argv as [BStr, BStr, BStr, BStr];
  const parsed = parseLongDouble(incr);
  if (parsed === null) throw new ReplyError(ERR.notFloat);
  if (parsed.inf) throw new ReplyError("ERR value is NaN or Infinity");
  const meta = ctx.db.getOrCreate(key, "hash");
  const old = getField(ctx.db, meta.id, field);
  if (old !== null && parseLongDouble(old) === null) throw new ReplyError("ERR hash value is not a float");
  const text = incrByFloat(old, incr);
  const added = setField(ctx.db, meta.id, field, text);
  ctx.db.setCount(key, meta, meta.count + (added ? 1 : 0));
  // Replicas get the result, never the increment: float formatting must not make them diverge.
  ctx.propagate(["HSET", key, field, text]);
  return bulk(text);
}

/** HRANDFIELD key [count [WITHVALUES]] */
function hrandfield(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  if (argv.length === 2) {
    const meta = ctx.db.metaOf(key, "hash");
    if (!meta) return NULL;
    const [pos] = positionsWithRepeats(meta.count, 1, ctx.rand);
    return bulk(fieldsAt(ctx.db, meta.id, pos!, 1)[0]![0]);
  }
  const l = randomCountArg(argv[2]!);
  if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], "withvalues"))) throw new ReplyError(ERR.syntax);
  const withValues = argv.length === 4;
  if (withValues) checkPairCount(argv[2]!);
  const meta = ctx.db.metaOf(key, "hash");
  if (!meta) return EMPTY_ARRAY;
  const count = Math.abs(l);
  if (count === 0) return EMPTY_ARRAY;
  const size = meta.count;
  let pairs: [BStr, BStr][];
  const read = (limit: number) => readFields(ctx.db, meta.id, limit);
  if (l < 0 || count === 1) {
    // Repeats allowed: `count` independent draws, in draw order.
    checkSampleSize(count);
    pairs = elementsAt(positionsWithRepeats(size, count, ctx.rand), read);
  } else if (count >= size) {
    pairs = allFields(ctx.db, meta.id);
  } else {
    pairs = elementsAt(distinctPositions(size, count, ctx.rand), read);
  }
  if (!withValues) return bulks(pairs.map(([f]) => f));
  return arr(pairsReply(pairs.map(([f, v]) => [bulk(f), bulk(v)]), ctx.conn.resp));
}

function hscan(ctx: CommandContext, argv: BStr[]): Reply {
  return scanCommand(ctx, argv, "hash", (meta, offset, limit) =>
    fieldsAt(ctx.db, meta.id, offset, limit).map(([f, v]) => ({ name: f, replies: [bulk(f), bulk(v)] })));
}

export const hashHandlers: HandlerTable = {
  hset,
  hmset: hset,
  hsetnx,
  hget,
  hmget,
  hgetall,
  hdel,
  hexists,
  hlen,
  hkeys: hkeysOrVals,
  hvals: hkeysOrVals,
  hincrby,
  hincrbyfloat,
  hstrlen,
  hrandfield,
  hscan,
};
