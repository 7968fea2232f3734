/**
 * List commands that take from one list and hand over elsewhere: LMOVE, RPOPLPUSH, LMPOP and the
 * blocking family (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
 *
 * A blocking command with something to serve behaves exactly like its non-blocking form and is
 * replicated as that form (BLPOP → LPOP key, BLMOVE → LMOVE ..., BLMPOP → LPOP key count), as
 * Redis rewrites it. With nothing to serve it returns a BlockRequest: the node re-runs it when one
 * of its keys is modified, or replies the timeout reply (a null array, as Redis 7.0 does for every
 * list-blocked client). Where the client may not block (HTTP, MULTI) the handler answers at once
 * the way Redis does for CLIENT_DENY_BLOCKING: BLMOVE/BRPOPLPUSH a null bulk, the others a null array.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, NULL, NULL_ARRAY, ReplyError, type Reply } from "../resp/reply";
import { isOpt, mpopArgs } from "../commands/args";
import { timeoutArg } from "../commands/numbers";
import type { BlockRequest, CommandContext, Handler, HandlerTable } from "./handler";
import type { Keyspace } from "./db";
import { popValues, pushValues, type End } from "./list-store";

/** LEFT|RIGHT (case-insensitive), else a syntax error. */
function endArg(s: BStr): End {
  if (isOpt(s, "left")) return "left";
  if (isOpt(s, "right")) return "right";
  throw new ReplyError(ERR.syntax);
}

/**
 * Pops one element from `src` and pushes it onto `dst` (LMOVE). Null if `src` does not exist.
 * `dst` is type-checked before anything is written; src === dst rotates the list.
 */
function moveOne(db: Keyspace, src: BStr, dst: BStr, from: End, to: End): BStr | null {
  const sm = db.metaOf(src, "list");
  if (!sm) return null;
  const dm = src === dst ? sm : db.metaOf(dst, "list");
  const [value] = popValues(db, sm, 1, from);
  if (value === undefined) return null;
  if (dm === sm) {
    pushValues(db, sm, [value], to);
    db.setCount(src, sm, sm.count);
    return value;
  }
  const target = dm ?? db.create(dst, "list");
  pushValues(db, target, [value], to);
  db.setCount(dst, target, target.count + 1);
  db.setCount(src, sm, sm.count - 1);
  return value;
}

/** Pops up to `count` elements from the first non-empty list of `keys`: [key, values] or null. */
function popFirst(ctx: CommandContext, keys: BStr[], end: End, count: number): [BStr, BStr[]] | null {
  for (const key of keys) {
    const meta = ctx.db.metaOf(key, "list");
    if (!meta) continue;
    const values = popValues(ctx.db, meta, count, end);
    ctx.db.setCount(key, meta, meta.count - values.length);
    return [key, values];
  }
  return null;
}

const popName = (end: End): BStr => (end === "left" ? "LPOP" : "RPOP");

function block(ctx: CommandContext, keys: BStr[], timeoutMs: number, denied: Reply): Reply | BlockRequest {
  if (!ctx.conn.canBlock) return denied;
  return { t: "block", keys, timeoutMs, timeoutReply: NULL_ARRAY };
}

// ---- handlers -----------------------------------------------------------------------------------

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT, RPOPLPUSH source destination. */
function lmove(fixed?: [End, End]): Handler {
  return (ctx, argv) => {
    const [from, to] = fixed ?? [endArg(argv[3]!), endArg(argv[4]!)];
    const value = moveOne(ctx.db, argv[1]!, argv[2]!, from, to);
    return value === null ? NULL : bulk(value);
  };
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout, BRPOPLPUSH source destination timeout. */
function blmove(rpoplpush: boolean): Handler {
  return (ctx, argv) => {
    const [from, to] = rpoplpush ? (["right", "left"] as const) : [endArg(argv[3]!), endArg(argv[4]!)];
    const timeoutMs = timeoutArg(argv[rpoplpush ? 3 : 5]!);
    const [src, dst] = [argv[1]!, argv[2]!];
    const value = moveOne(ctx.db, src, dst, from, to);
    if (value === null) return block(ctx, [src], timeoutMs, NULL);
    ctx.propagate(rpoplpush ? ["RPOPLPUSH", src, dst] : ["LMOVE", src, dst, argv[3]!, argv[4]!]);
    return bulk(value);
  };
}

/** BLPOP/BRPOP key [key ...] timeout: [key, element] from the first non-empty list. */
function bpop(end: End): Handler {
  return (ctx, argv) => {
    const timeoutMs = timeoutArg(argv[argv.length - 1]!);
    const keys = argv.slice(1, -1);
    const served = popFirst(ctx, keys, end, 1);
    if (!served) return block(ctx, keys, timeoutMs, NULL_ARRAY);
    ctx.propagate([popName(end), served[0]]);
    return arr([bulk(served[0]), bulk(served[1][0]!)]);
  };
}

/**
 * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count], and BLMPOP (timeout first). Everything
 * is parsed (numkeys, direction, COUNT, then the timeout) before any key is looked at.
 */
function lmpop(blocking: boolean): Handler {
  return (ctx, argv) => {
    const { keys, where: end, count } = mpopArgs(argv, blocking ? 2 : 1, ["left", "right"]);
    const timeoutMs = blocking ? timeoutArg(argv[1]!) : 0;
    const served = popFirst(ctx, keys, end, count);
    if (!served) return blocking ? block(ctx, keys, timeoutMs, NULL_ARRAY) : NULL_ARRAY;
    ctx.propagate([popName(end), served[0], String(served[1].length)]);
    return arr([bulk(served[0]), bulks(served[1])]);
  };
}

// ---- table -------------------------------------------------------------------------------------

export const listMoveHandlers: HandlerTable = {
  lmove: lmove(),
  rpoplpush: lmove(["right", "left"]),
  lmpop: lmpop(false),
  blpop: bpop("left"),
  brpop: bpop("right"),
  blmove: blmove(false),
  brpoplpush: blmove(true),
  blmpop: lmpop(true),
};
