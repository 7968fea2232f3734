/**
 * PFADD, PFCOUNT, PFMERGE (hyperloglog.c). An HLL is a string value, so GET/SET/DUMP/COPY/RENAME
 * carry it like any other and a string copied from a real Redis works here, and back.
 *
 * Replication: PFADD and PFMERGE replicate as themselves (deterministic: the same bytes result on
 * the replica). PFCOUNT of one key whose cached cardinality was stale stores the new count in the
 * string's header; as in Redis 7.0 (server.dirty++ on a may_replicate command) that PFCOUNT is
 * propagated, so the replica's header is updated the same way and its bytes stay the master's.
 * A corrupt HLL fails the command with INVALIDOBJ and changes nothing (Redis may leave the
 * registers set before the corruption was met).
 */
import type { BStr } from "../resp/bytes";
import { int, OK, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { HLL_REGISTERS } from "./murmur";
import { denseRaise, emptyHll, HLL_DENSE, HLL_INVALID, type Hll } from "./layout";
import { hllCount, rawCount } from "./estimate";
import { sparseSet, sparseToDense } from "./sparse";
import { hllAdd, hllMergeInto, lookupHll, sparseMaxBytes, storeHll } from "./hll";

/** PFADD key [element ...] → 1 if the HLL changed (or was created), else 0. */
function pfaddCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  let h = lookupHll(ctx, key);
  let updated = 0;
  if (h === null) {
    h = emptyHll();
    updated++;
  }
  const maxBytes = sparseMaxBytes(ctx);
  for (let j = 2; j < argv.length; j++) {
    const r = hllAdd(h, argv[j]!, maxBytes);
    if (r === -1) throw new ReplyError(HLL_INVALID);
    updated += r;
  }
  if (updated === 0) return int(0);
  h.invalidateCache();
  storeHll(ctx, key, h);
  return int(1);
}

/** PFCOUNT key [key ...] → the estimated cardinality (of the union, for several keys). */
function pfcountCommand(ctx: CommandContext, argv: BStr[]): Reply {
  if (argv.length > 2) {
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const h = lookupHll(ctx, argv[j]!);
      if (h !== null && !hllMergeInto(max, h)) throw new ReplyError(HLL_INVALID);
    }
    return int(rawCount(max));
  }
  const key = argv[1]!;
  const h = lookupHll(ctx, key);
  if (h === null) return int(0);
  if (h.cacheValid()) return int(h.cachedCard());
  const card = hllCount(h);
  if (card === null) throw new ReplyError(HLL_INVALID);
  h.setCachedCard(card);
  storeHll(ctx, key, h);
  ctx.propagate(argv);
  return int(card);
}

/** PFMERGE destkey [sourcekey ...]: destkey's registers become the maximum over all of them. */
function pfmergeCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  let dest: Hll | null = null;
  for (let j = 1; j < argv.length; j++) {
    const h = lookupHll(ctx, argv[j]!);
    if (h === null) continue;
    if (j === 1) dest = h;
    // One dense input makes the destination dense at once (no promotion half-way).
    if (h.encoding === HLL_DENSE) useDense = true;
    if (!hllMergeInto(max, h)) throw new ReplyError(HLL_INVALID);
  }
  const out = dest ?? emptyHll();
  if (useDense && !sparseToDense(out)) throw new ReplyError(HLL_INVALID);
  const maxBytes = sparseMaxBytes(ctx);
  for (let i = 0; i < HLL_REGISTERS; i++) {
    if (max[i] === 0) continue;
    // Redis ignores a corrupt result here: the destination was already merged without error above.
    if (out.encoding === HLL_DENSE) denseRaise(out.b, i, max[i]!);
    else sparseSet(out, i, max[i]!, maxBytes);
  }
  out.invalidateCache();
  storeHll(ctx, argv[1]!, out);
  return OK;
}

export const hllHandlers: HandlerTable = {
  pfadd: pfaddCommand,
  pfcount: pfcountCommand,
  pfmerge: pfmergeCommand,
};
