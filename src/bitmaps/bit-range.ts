/**
 * BITCOUNT and BITPOS (bitops.c bitcountCommand, bitposCommand): a range of a string's bits, in
 * bytes or (BIT) in bits, negative indexes from the end, read a row at a time (byteSegments), so
 * a range costs what it covers, not what the string holds.
 *
 * Both look the key up before reading the range arguments, as Redis does: a missing key answers
 * 0 (BITPOS: -1 for a set bit, 0 for a clear one) whatever the other arguments say.
 */
import type { BStr } from "../resp/bytes";
import { ERR, int, ReplyError, type Reply } from "../resp/reply";
import { intArg, toBigInt } from "../commands/args";
import type { CommandContext } from "../keyspace/handler";
import { bitUnitArg } from "./bit-args";
import { countInRange, firstBitInRange, type BitRange } from "./bit-scan";
import { byteSegments, stringLayout, type StringLayout } from "./string-bytes";

/**
 * The bit range that start/end (inclusive, negative from the end) select in a value of `length`
 * bytes, counted in bits when `inBits`, clipped to the value; null when it is empty.
 */
export function clipRange(length: number, start: number, end: number, inBits: boolean): BitRange | null {
  const total = inBits ? length * 8 : length;
  if (start < 0) start += total;
  if (end < 0) end += total;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  if (start > end) return null;
  return inBits ? [start, end] : [start * 8, end * 8 + 7];
}

/** The whole value's bits (null when it is empty). */
const wholeRange = (s: StringLayout): BitRange | null => (s.length > 0 ? [0, s.length * 8 - 1] : null);

/** The bytes holding `range`, piece by piece. */
const segmentsOf = (ctx: CommandContext, s: StringLayout, [first, last]: BitRange) =>
  byteSegments(ctx.db, s.id, first >> 3, (last >> 3) + 1);

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcountCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const s = stringLayout(ctx.db, argv[1]!);
  if (!s) return int(0);
  let range: BitRange | null;
  if (argv.length === 4 || argv.length === 5) {
    const start = intArg(argv[2]!);
    const end = intArg(argv[3]!);
    // Checked before the unit: both negative and crossed is 0 even with a bad unit.
    if (start < 0 && end < 0 && start > end) return int(0);
    range = clipRange(s.length, start, end, argv.length === 5 && bitUnitArg(argv[4]!));
  } else if (argv.length === 2) {
    range = wholeRange(s);
  } else {
    throw new ReplyError(ERR.syntax);
  }
  let n = 0;
  if (range) for (const seg of segmentsOf(ctx, s, range)) n += countInRange(seg.data, seg.offset, range);
  return int(n);
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitposCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const b = toBigInt(argv[2]!);
  if (b === null) throw new ReplyError(ERR.notInteger);
  if (b !== 0n && b !== 1n) throw new ReplyError("ERR The bit argument must be 1 or 0.");
  const bit = b === 1n ? 1 : 0;
  const s = stringLayout(ctx.db, argv[1]!);
  // A missing key is an endless run of clear bits.
  if (!s) return int(bit ? -1 : 0);
  let range: BitRange | null;
  const endGiven = argv.length >= 5;
  if (argv.length >= 4 && argv.length <= 6) {
    const start = intArg(argv[3]!);
    const inBits = argv.length === 6 && bitUnitArg(argv[5]!);
    range = clipRange(s.length, start, endGiven ? intArg(argv[4]!) : s.length - 1, inBits);
  } else if (argv.length === 3) {
    range = wholeRange(s);
  } else {
    throw new ReplyError(ERR.syntax);
  }
  if (!range) return int(-1);
  for (const seg of segmentsOf(ctx, s, range)) {
    const pos = firstBitInRange(seg.data, seg.offset, range, bit);
    if (pos !== -1) return int(pos);
  }
  // No clear bit in the range: past its end when no end was given (the value goes on as zeros).
  return int(bit === 0 && !endGiven ? range[1] + 1 : -1);
}

export const bitRangeHandlers = { bitcount: bitcountCommand, bitpos: bitposCommand };
