/**
 * Set commands over `sets(kid, member)`: one row per member, SCARD from the key's count.
 * Replies list members in member (memcmp) order where Redis's order is unspecified; the
 * multi-key operations live in set-ops.ts.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, EMPTY_ARRAY, ERR, int, NULL, ReplyError, set, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "./handler";
import { positiveArg, randomCountArg } from "../commands/args";
import { scanCommand } from "./collection-scan";
import { setOpCommand, setOpStoreCommand, sintercard } from "./set-ops";
import { checkSampleSize, distinctPositions, elementsAt, positionsWithRepeats } from "./set-random";
import { addMember, allMembers, isMember, membersAt, readMembers, removeMember } from "./set-store";


/** SPOP with a count is replicated as SREMs of at most this many members each. */
const SREM_BATCH = 1024;

function sadd(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const meta = ctx.db.getOrCreate(key, "set");
  let added = 0;
  for (const m of argv.slice(2)) if (addMember(ctx.db, meta.id, m)) added++;
  if (added > 0) ctx.db.setCount(key, meta, meta.count + added);
  return int(added);
}

function srem(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const meta = ctx.db.metaOf(key, "set");
  if (!meta) return int(0);
  let removed = 0;
  for (const m of argv.slice(2)) if (removeMember(ctx.db, meta.id, m)) removed++;
  if (removed > 0) ctx.db.setCount(key, meta, meta.count - removed);
  return int(removed);
}

function smembers(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "set");
  return set(meta ? allMembers(ctx.db, meta.id).map(bulk) : []);
}

function sismember(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "set");
  return int(meta && isMember(ctx.db, meta.id, argv[2]!) ? 1 : 0);
}

function smismember(ctx: CommandContext, argv: BStr[]): Reply {
  const meta = ctx.db.metaOf(argv[1]!, "set");
  return arr(argv.slice(2).map((m) => int(meta && isMember(ctx.db, meta.id, m) ? 1 : 0)));
}

function scard(ctx: CommandContext, argv: BStr[]): Reply {
  return int(ctx.db.metaOf(argv[1]!, "set")?.count ?? 0);
}

/** A uniformly random member of a non-empty set. */
function randomMember(ctx: CommandContext, kid: number, size: number): BStr {
  const [pos] = positionsWithRepeats(size, 1, ctx.rand);
  return membersAt(ctx.db, kid, pos!, 1)[0]!;
}

/** SPOP key [count]: replicated as SREM of the popped members, or DEL when the whole set went. */
function spop(ctx: CommandContext, argv: BStr[]): Reply {
  if (argv.length > 3) throw new ReplyError(ERR.syntax);
  const key = argv[1]!;
  if (argv.length === 3) return spopCount(ctx, key, positiveArg(argv[2]!));
  const meta = ctx.db.metaOf(key, "set");
  if (!meta) return NULL;
  const member = randomMember(ctx, meta.id, meta.count);
  removeMember(ctx.db, meta.id, member);
  ctx.db.setCount(key, meta, meta.count - 1);
  ctx.propagate(["SREM", key, member]);
  return bulk(member);
}

function spopCount(ctx: CommandContext, key: BStr, count: number): Reply {
  const meta = ctx.db.metaOf(key, "set");
  if (!meta || count === 0) return set([]);
  if (count >= meta.count) {
    const all = allMembers(ctx.db, meta.id);
    ctx.db.delete(key);
    ctx.propagate(["DEL", key]);
    return set(all.map(bulk));
  }
  const popped = elementsAt(distinctPositions(meta.count, count, ctx.rand), (limit) => readMembers(ctx.db, meta.id, limit));
  for (const m of popped) removeMember(ctx.db, meta.id, m);
  ctx.db.setCount(key, meta, meta.count - popped.length);
  const effects: BStr[][] = [];
  for (let i = 0; i < popped.length; i += SREM_BATCH) effects.push(["SREM", key, ...popped.slice(i, i + SREM_BATCH)]);
  ctx.propagate(...effects);
  return set(popped.map(bulk));
}

/** SRANDMEMBER key [count]: a negative count allows repeats. */
function srandmember(ctx: CommandContext, argv: BStr[]): Reply {
  if (argv.length > 3) throw new ReplyError(ERR.syntax);
  const key = argv[1]!;
  if (argv.length === 2) {
    const meta = ctx.db.metaOf(key, "set");
    return meta ? bulk(randomMember(ctx, meta.id, meta.count)) : NULL;
  }
  const l = randomCountArg(argv[2]!);
  const meta = ctx.db.metaOf(key, "set");
  if (!meta || l === 0) return EMPTY_ARRAY;
  const count = Math.abs(l);
  const read = (limit: number) => readMembers(ctx.db, meta.id, limit);
  if (l < 0 || count === 1) {
    checkSampleSize(count);
    return bulks(elementsAt(positionsWithRepeats(meta.count, count, ctx.rand), read));
  }
  if (count >= meta.count) return bulks(allMembers(ctx.db, meta.id));
  return bulks(elementsAt(distinctPositions(meta.count, count, ctx.rand), read));
}

/** SMOVE source destination member */
function smove(ctx: CommandContext, argv: BStr[]): Reply {
  const [, src, dst, member] = argv as [BStr, BStr, BStr, BStr];
  const db = ctx.db;
  const from = db.meta(src);
  const to = db.meta(dst);
  if (!from) return int(0);
  if (from.type !== "set" || (to && to.type !== "set")) throw new ReplyError(ERR.wrongType);
  if (src === dst) return int(isMember(db, from.id, member) ? 1 : 0);
  if (!removeMember(db, from.id, member)) return int(0);
  db.setCount(src, from, from.count - 1);
  const target = to ?? db.create(dst, "set");
  if (addMember(db, target.id, member)) db.setCount(dst, target, target.count + 1);
  return int(1);
}

function sscan(ctx: CommandContext, argv: BStr[]): Reply {
  return scanCommand(ctx, argv, "set", (meta, offset, limit) =>
    membersAt(ctx.db, meta.id, offset, limit).map((m) => ({ name: m, replies: [bulk(m)] })));
}

export const setHandlers: HandlerTable = {
  sadd,
  srem,
  smembers,
  sismember,
  smismember,
  scard,
  spop,
  srandmember,
  smove,
  sinter: setOpCommand("inter"),
  sintercard,
  sunion: setOpCommand("union"),
  sdiff: setOpCommand("diff"),
  sinterstore: setOpStoreCommand("inter"),
  sunionstore: setOpStoreCommand("union"),
  sdiffstore: setOpStoreCommand("diff"),
  sscan,
};
