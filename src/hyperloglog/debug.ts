/**
 * PFDEBUG and PFSELFTEST (hyperloglog.c's testing and debugging commands).
 *
 * PFDEBUG GETREG|DECODE|ENCODING|TODENSE <key>. GETREG and TODENSE turn a sparse HLL dense; that
 * write replicates as the PFDEBUG command itself (Redis: server.dirty++ "to force propagation").
 * PFSELFTEST checks the register accessors and the estimator's error bounds, as Redis's does, with
 * fewer rounds (PFSELFTEST_* below): a node must not spend seconds of CPU on one command.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, int, OK, ReplyError, simple, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { HLL_REGISTERS } from "./murmur";
import { denseGet, denseSet, emptyHll, HLL_DENSE, HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_INVALID, HLL_REGISTER_MAX, HLL_SPARSE, Hll } from "./layout";
import { sparseDecode, sparseToDense } from "./sparse";
import { hllCount } from "./estimate";
import { hllAdd, lookupHll, sparseMaxBytes, storeHll } from "./hll";

/** Sparse → dense for GETREG/TODENSE: whether it converted (stored then), INVALIDOBJ if corrupt. */
function toDense(ctx: CommandContext, key: BStr, h: Hll): boolean {
  if (h.encoding === HLL_DENSE) return false;
  if (!sparseToDense(h)) throw new ReplyError(HLL_INVALID);
  storeHll(ctx, key, h);
  return true;
}

function pfdebugCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const sub = argv[1]!;
  const key = argv[2]!;
  const h = lookupHll(ctx, key);
  if (h === null) throw new ReplyError("ERR The specified key does not exist");
  switch (sub.toLowerCase()) {
    case "getreg": {
      toDense(ctx, key, h);
      const regs: Reply[] = [];
      for (let i = 0; i < HLL_REGISTERS; i++) regs.push(int(denseGet(h.b, HLL_HDR_SIZE, i)));
      return arr(regs);
    }
    case "decode":
      if (h.encoding !== HLL_SPARSE) throw new ReplyError("ERR HLL encoding is not sparse");
      return bulk(sparseDecode(h));
    case "encoding":
      return simple(h.encoding === HLL_DENSE ? "dense" : "sparse");
    case "todense":
      return int(toDense(ctx, key, h) ? 1 : 0);
    default:
      throw new ReplyError(`ERR Unknown PFDEBUG subcommand '${sub}'`);
  }
}

/** Rounds of test 1 (Redis: 1000), each setting and reading back all 16384 registers. */
export const PFSELFTEST_REGISTER_ROUNDS = 20;
/** Elements test 2 adds (Redis: 10,000,000), checking the estimate at every power of ten. */
export const PFSELFTEST_ELEMENTS = 1_000_000;
/** Test 2's tolerance: 6 standard errors (1.04 / sqrt(m)), as Redis. */
const RELATIVE_ERROR = 1.04 / Math.sqrt(HLL_REGISTERS);

/** The 8 little-endian bytes of the 64-bit integer hi:lo (test 2's elements, as Redis's). */
const u64le = (hi: number, lo: number): BStr =>
  String.fromCharCode(lo & 255, (lo >>> 8) & 255, (lo >>> 16) & 255, lo >>> 24, hi & 255, (hi >>> 8) & 255, (hi >>> 16) & 255, hi >>> 24);

function registerTest(ctx: CommandContext): Reply | null {
  const dense = new Uint8Array(HLL_DENSE_SIZE);
  const bytes = new Uint8Array(HLL_REGISTERS);
  for (let round = 0; round < PFSELFTEST_REGISTER_ROUNDS; round++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = Math.floor(ctx.rand() * 256) & HLL_REGISTER_MAX;
      bytes[i] = r;
      denseSet(dense, HLL_HDR_SIZE, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(dense, HLL_HDR_SIZE, i);
      if (v !== bytes[i]) return error(`TESTFAILED Register ${i} should be ${bytes[i]} but is ${v}`);
    }
  }
  return null;
}

function estimateTest(ctx: CommandContext): Reply | null {
  const maxBytes = sparseMaxBytes(ctx);
  const dense = emptyHll();
  sparseToDense(dense);
  const sparse = emptyHll();
  const seedHi = Math.floor(ctx.rand() * 2 ** 32) >>> 0;
  const seedLo = Math.floor(ctx.rand() * 2 ** 32) >>> 0;
  let checkpoint = 1;
  for (let j = 1; j <= PFSELFTEST_ELEMENTS; j++) {
    const ele = u64le(seedHi, (j ^ seedLo) >>> 0);
    hllAdd(dense, ele, maxBytes);
    hllAdd(sparse, ele, maxBytes);
    if (j !== checkpoint) continue;
    if (j < maxBytes / 2 && sparse.encoding === HLL_DENSE) return error("TESTFAILED sparse encoding not used");
    const card = hllCount(dense)!;
    if (card !== hllCount(sparse)) return error("TESTFAILED dense/sparse disagree");
    const maxErr = j === 10 ? 1 : Math.ceil(RELATIVE_ERROR * 6 * checkpoint);
    const absErr = Math.abs(checkpoint - card);
    if (absErr > maxErr) return error(`TESTFAILED Too big error. card:${checkpoint} abserr:${absErr}`);
    checkpoint *= 10;
  }
  return null;
}

function pfselftestCommand(ctx: CommandContext): Reply {
  return registerTest(ctx) ?? estimateTest(ctx) ?? OK;
}

export const hllDebugHandlers: HandlerTable = {
  pfdebug: pfdebugCommand,
  pfselftest: pfselftestCommand,
};
