/**
 * Hash commands over `hashes(kid, field, value, expires_at)`: one row per field, HLEN from the
 * key's count. Replies list fields in field (memcmp) order where Redis's order is unspecified.
 *
 * Fields may have TTLs (hash-ttl.ts sets them): as in Redis 8.0, commands that name a field
 * expire it lazily (hash-view.ts), commands that walk the hash skip expired fields without
 * deleting them, HLEN and HDEL count them until they are deleted, HSET clears a field's TTL and
 * HINCRBY/HINCRBYFLOAT keep it.
 */
import type { BStr } from "../resp/bytes";
import {
  arr, bulk, bulkOrNull, bulks, EMPTY_ARRAY, ERR, int, map, NULL, OK, ReplyError, type Reply,
} from "../resp/reply";
import { bigIntArg, isOpt, LLONG_MAX, LLONG_MIN, randomCountArg, toBigInt } from "../commands/args";
import type { CommandContext, HandlerTable } from "./handler";
import { scanCommand } from "./collection-scan";
import { allFields, deleteField, fieldsAt, insertField, pairsReply, readFields, setField } from "./hash-store";
import { HashView } from "./hash-view";
import type { HashEntry } from "./db";
import type { FieldRow } from "./hash-ttl-store";
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

/**
 * A write that reads one field first (HSETNX, HINCRBY, HINCRBYFLOAT): the field as the command
 * sees it, and the hash to write into. When the read expired the hash's last field, the hash was
 * deleted (key TTL and all) and a new one is created, as Redis does (GETF_EXPIRED_HASH).
 */
function readForWrite(ctx: CommandContext, key: BStr, field: BStr): { view: HashView; row: FieldRow | null } {
  const old = HashView.read(ctx, key);
  const row = old?.get(field) ?? null;
  if (old && old.meta.count > 0) return { view: old, row };
  old?.settle();
  const view = new HashView(ctx, key, ctx.db.create(key, "hash"));
  for (const f of old?.expired ?? []) view.expired.push(f);
  return { view, row };
}

function hsetnx(ctx: CommandContext, argv: BStr[]): Reply {
  const [, key, field, value] = argv as [BStr, BStr, BStr, BStr];
  const { view, row } = readForWrite(ctx, key, field);
  if (row) return int(0);
  insertField(ctx.db, view.meta.id, field, value);
  view.wrote(1);
  view.done([argv]);
  return int(1);
}

/** HGET, HEXISTS, HSTRLEN: one field, expired lazily. */
function readOne(ctx: CommandContext, argv: BStr[]): FieldRow | null {
  const view = HashView.read(ctx, argv[1]!);
  if (!view) return null;
  const row = view.get(argv[2]!);
  view.done([]);
  return row;
}

function hmget(ctx: CommandContext, argv: BStr[]): Reply {
  const view = HashView.read(ctx, argv[1]!);
  const replies = argv.slice(2).map((f) => bulkOrNull(view?.get(f)?.value ?? null));
  view?.done([]);
  return arr(replies);
}

function hgetall(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  if (!meta) return map([]);
  return map(allFields(ctx.db, meta.id, ctx.now).map(([f, v]) => [bulk(f), bulk(v)]));
}

function hkeysOrVals(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "hash");
  if (!meta) return EMPTY_ARRAY;
  const col = argv[0]!.toLowerCase() === "hkeys" ? 0 : 1;
  return bulks(allFields(ctx.db, meta.id, ctx.now).map((pair) => pair[col]));
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


function hlen(ctx: CommandContext, argv: BStr[]): Reply {
  return int(ctx.db.metaOf(argv[1]!, "hash")?.count ?? 0);
}

function hincrby(ctx: CommandContext, argv: BStr[]): Reply {
  const [, key, field] = argv as [BStr, BStr, BStr];
  const incr = bigIntArg(argv[3]!);
  const { view, row } = readForWrite(ctx, key, field);
  let value = 0n;
  if (row !== null) {
    const parsed = toBigInt(row.value);
    if (parsed === null) throw new ReplyError("ERR hash value is not an integer");
    value = parsed;
  }
  const result = value + incr;
  if (result > LLONG_MAX || result < LLONG_MIN) throw new ReplyError(ERR.overflow);
  view.wrote(setField(ctx.db, view.meta.id, field, result.toString(), true) ? 1 : 0);
  view.done([argv]);
  return int(result);
}

/** HINCRBYFLOAT: 80-bit long double arithmetic and formatting, as Redis on x86-64 (longdouble.ts). */
function hincrbyfloat(ctx: CommandContext, argv: BStr[]): Reply {
  const [, key, field, incr] = argv as [BStr, BStr, BStr, BStr];
  const parsed = parseLongDouble(incr);
  if (parsed === null) throw new ReplyError(ERR.notFloat);
  if (parsed.inf) throw new ReplyError("ERR value is NaN or Infinity");
  const { view, row } = readForWrite(ctx, key, field);
  const old = row?.value ?? null;
  if (old !== null && parseLongDouble(old) === null) throw new ReplyError("ERR hash value is not a float");
  const text = incrByFloat(old, incr);
  view.wrote(setField(ctx.db, view.meta.id, field, text, true) ? 1 : 0);
  // Replicas get the result, never the increment (float formatting must not make them diverge),
  // and the field keeps its TTL: Redis 8.0 rewrites it as HSETEX ... KEEPTTL.
  view.done([["HSETEX", key, "KEEPTTL", "FIELDS", "1", field, text]]);
  return bulk(text);
}

/** HRANDFIELD key [count [WITHVALUES]] */
function hrandfield(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  if (argv.length === 2) {
    const view = sampledView(ctx, key);
    if (!view) return NULL;
    const [pos] = positionsWithRepeats(view.liveCount(), 1, ctx.rand);
    return bulk(fieldsAt(ctx.db, view.meta.id, pos!, 1, ctx.now)[0]![0]);
  }
  const l = randomCountArg(argv[2]!);
  if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], "withvalues"))) throw new ReplyError(ERR.syntax);
  const withValues = argv.length === 4;
  if (withValues) checkPairCount(argv[2]!);
  const view = sampledView(ctx, key);
  if (!view) return EMPTY_ARRAY;
  const meta = view.meta;
  const count = Math.abs(l);
  if (count === 0) return EMPTY_ARRAY;
  const size = view.liveCount();
  let pairs: HashEntry[];
  const read = (limit: number) => readFields(ctx.db, meta.id, limit, ctx.now);
  if (l < 0 || count === 1) {
    // Repeats allowed: `count` independent draws, in draw order.
    checkSampleSize(count);
    pairs = elementsAt(positionsWithRepeats(size, count, ctx.rand), read);
  } else if (count >= size) {
    pairs = allFields(ctx.db, meta.id, ctx.now);
  } else {
    pairs = elementsAt(distinctPositions(size, count, ctx.rand), read);
  }
  if (!withValues) return bulks(pairs.map(([f]) => f));
  return arr(pairsReply(pairs.map(([f, v]) => [bulk(f), bulk(v)]), ctx.conn.resp));
}

/**
 * HRANDFIELD's hash: on a master its expired fields are deleted first (Redis 8.0's
 * hashTypeExpireIfNeeded), so it samples live fields only; null if no field was left.
 */
function sampledView(ctx: CommandContext, key: BStr): HashView | null {
  const view = HashView.read(ctx, key);
  if (!view) return null;
  view.purgeExpired();
  view.done([]);
  return view.meta.count > 0 ? view : null;
}

/** The cursor counts every stored field (so it stays put as fields expire); expired ones are not shown. */
function hscan(ctx: CommandContext, argv: BStr[]): Reply {
  return scanCommand(ctx, argv, "hash", (meta, offset, limit) =>
    fieldsAt(ctx.db, meta.id, offset, limit)
      .filter(([, , t]) => t === undefined || t === null || t >= ctx.now)
      .map(([f, v]) => ({ name: f, replies: [bulk(f), bulk(v)] })));
}

export const hashHandlers: HandlerTable = {
  hset,
  hmset: hset,
  hsetnx,
  hget: (ctx, argv) => bulkOrNull(readOne(ctx, argv)?.value ?? null),
  hmget,
  hgetall,
  hdel,
  hexists: (ctx, argv) => int(readOne(ctx, argv) ? 1 : 0),
  hlen,
  hkeys: hkeysOrVals,
  hvals: hkeysOrVals,
  hincrby,
  hincrbyfloat,
  hstrlen: (ctx, argv) => int(readOne(ctx, argv)?.value.length ?? 0),
  hrandfield,
  hscan,
};
