/**
 * HyperLogLog values as the commands use them: read one from the keyspace (an ordinary string,
 * checked as isHLLObjectOrReply does), add elements to it (hllAdd), merge registers (hllMerge),
 * write it back. The keyspace knows nothing of HLLs: a PFADD is a string read and a string write.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import type { CommandContext } from "../keyspace/handler";
import { HLL_REGISTERS, patLen } from "./murmur";
import { denseGet, denseRaise, HLL_DENSE, HLL_HDR_SIZE, HLL_WRONGTYPE, Hll, isHllString } from "./layout";
import { sparseMergeInto, sparseSet } from "./sparse";

/** Redis's default for hll-sparse-max-bytes: past this size a sparse HLL turns dense. */
export const HLL_SPARSE_MAX_BYTES = 3000;

/** What the HLL commands read from the node's services (ctx.server), when there is a node. */
interface HllConfig {
  config?: { get(name: "hll-sparse-max-bytes"): number };
}

/** hll-sparse-max-bytes as configured on the node (the default outside a node). */
export function sparseMaxBytes(ctx: CommandContext): number {
  return (ctx.server as HllConfig | undefined)?.config?.get("hll-sparse-max-bytes") ?? HLL_SPARSE_MAX_BYTES;
}

/**
 * The HLL at `key`, null if there is none. WRONGTYPE (the usual text) for a key of another type,
 * Redis's HLL WRONGTYPE text for a string that is not an HLL.
 */
export function lookupHll(ctx: CommandContext, key: BStr): Hll | null {
  const s = ctx.db.getString(key);
  if (s === null) return null;
  if (!isHllString(s)) throw new ReplyError(HLL_WRONGTYPE);
  return Hll.fromString(s);
}

/** Writes `h` to `key`, keeping its TTL (Redis modifies the string in place). */
export function storeHll(ctx: CommandContext, key: BStr, h: Hll): void {
  ctx.db.setString(key, h.toString(), "keep");
}

/** hllAdd: 1 if a register rose, 0 if not, -1 if the sparse body is corrupt. */
export function hllAdd(h: Hll, ele: BStr, maxBytes: number): 1 | 0 | -1 {
  const packed = patLen(ele);
  const index = packed >>> 6;
  const count = packed & 63;
  if (h.encoding === HLL_DENSE) return denseRaise(h.b, index, count) ? 1 : 0;
  return sparseSet(h, index, count, maxBytes);
}

/** hllMerge: max[i] = MAX(max[i], register i of `h`); false when `h` is corrupt. */
export function hllMergeInto(max: Uint8Array, h: Hll): boolean {
  if (h.encoding !== HLL_DENSE) return sparseMergeInto(max, h);
  for (let i = 0; i < HLL_REGISTERS; i++) {
    const v = denseGet(h.b, HLL_HDR_SIZE, i);
    if (v > max[i]!) max[i] = v;
  }
  return true;
}
