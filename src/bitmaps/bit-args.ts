/**
 * Arguments of the bit commands, parsed and refused as bitops.c does: bit offsets (with BITFIELD's
 * `#n` form), bit values, BITFIELD integer types, and the BYTE|BIT unit of BITCOUNT and BITPOS.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { isOpt, toBigInt } from "../commands/args";
import { maxBulkLen } from "../keyspace/strings";
import type { CommandContext } from "../keyspace/handler";

export const BIT_OFFSET_ERROR = "ERR bit offset is not an integer or out of range";
export const BIT_VALUE_ERROR = "ERR bit is not an integer or out of range";
export const BITFIELD_TYPE_ERROR = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

/** Widest BITFIELD integers: i64, and u63 (an unsigned 64-bit value could not be replied as a RESP integer). */
export const MAX_SIGNED_BITS = 64;
export const MAX_UNSIGNED_BITS = 63;

/**
 * getBitOffsetFromArgument: a bit offset whose byte lies within proto-max-bulk-len. With `bits`
 * (BITFIELD), `#n` means n * bits, multiplied in 64-bit arithmetic as Redis does (an overflow wraps).
 */
export function bitOffsetArg(ctx: CommandContext, arg: BStr, bits = 0): number {
  const hash = bits > 0 && arg.startsWith("#");
  let n = toBigInt(hash ? arg.slice(1) : arg);
  if (n === null) throw new ReplyError(BIT_OFFSET_ERROR);
  if (hash) n = BigInt.asIntN(64, n * BigInt(bits));
  if (n < 0n || n >> 3n >= BigInt(maxBulkLen(ctx))) throw new ReplyError(BIT_OFFSET_ERROR);
  return Number(n);
}

/** SETBIT's value: 0 or 1. */
export function bitValueArg(arg: BStr): 0 | 1 {
  const n = toBigInt(arg);
  if (n !== 0n && n !== 1n) throw new ReplyError(BIT_VALUE_ERROR);
  return n === 1n ? 1 : 0;
}

/** A BITFIELD integer type: i1..i64, u1..u63 (case-sensitive, as Redis). */
export interface BitfieldType {
  signed: boolean;
  bits: number;
}

/** getBitfieldTypeFromArgument. */
export function bitfieldTypeArg(arg: BStr): BitfieldType {
  const signed = arg[0] === "i";
  if (!signed && arg[0] !== "u") throw new ReplyError(BITFIELD_TYPE_ERROR);
  // Redis reads the digits as a C string: they end at the first NUL byte.
  const digits = arg.slice(1).split("\0")[0]!;
  const n = toBigInt(digits);
  if (n === null || n < 1n || n > BigInt(signed ? MAX_SIGNED_BITS : MAX_UNSIGNED_BITS)) throw new ReplyError(BITFIELD_TYPE_ERROR);
  return { signed, bits: Number(n) };
}

/** BITCOUNT / BITPOS range unit: true for BIT, false for BYTE; a syntax error otherwise. */
export function bitUnitArg(arg: BStr): boolean {
  if (isOpt(arg, "bit")) return true;
  if (isOpt(arg, "byte")) return false;
  throw new ReplyError(ERR.syntax);
}
