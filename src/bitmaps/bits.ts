/**
 * SETBIT and GETBIT (bitops.c): one bit of a string, bit 0 being the most significant bit of the
 * first byte. Each reads the one byte it needs, without asking the value's length (a byte past
 * the end is simply not there); SETBIT rewrites only the row holding it (plus, when the value
 * grows, the rows the zero padding adds), and writes nothing at all when the bit
 * already has its value and the value does not grow: no dirty, no replication, WATCH untouched.
 */
import type { BStr } from "../resp/bytes";
import { int, type Reply } from "../resp/reply";
import type { CommandContext } from "../keyspace/handler";
import { bitOffsetArg, bitValueArg } from "./bit-args";
import { createEmptyString, patchInPlace, storedByte, stringLayout, writePatches } from "./string-bytes";

/** The byte holding bit `offset` and the bit's mask in it. */
const locate = (offset: number): [byte: number, mask: number] => [Math.floor(offset / 8), 0x80 >> (offset % 8)];

/** SETBIT key offset value: the bit's previous value. */
function setbitCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const db = ctx.db;
  const key = argv[1]!;
  const offset = bitOffsetArg(ctx, argv[2]!);
  const on = bitValueArg(argv[3]!);
  const [byte, mask] = locate(offset);
  const id = db.metaOf(key, "string")?.id ?? null;
  const stored = id === null ? null : storedByte(db, id, byte);
  const old = stored ?? 0;
  const next = on ? old | mask : old & ~mask;
  const patch = [{ offset: byte, data: Uint8Array.of(next) }];
  // Within the value: rewrite the one row that holds the byte, if the bit changes at all.
  if (stored !== null && next !== old) patchInPlace(db, key, id!, patch);
  // Past its end (or no value): the value grows, zero-filled, up to the byte.
  if (stored === null) writePatches(db, key, (id === null ? null : stringLayout(db, key)) ?? createEmptyString(db, key), patch);
  return int(old & mask ? 1 : 0);
}

/** GETBIT key offset: 0 past the end of the value or for a missing key. */
function getbitCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const offset = bitOffsetArg(ctx, argv[2]!);
  const [byte, mask] = locate(offset);
  const id = ctx.db.metaOf(argv[1]!, "string")?.id ?? null;
  return int((id === null ? 0 : storedByte(ctx.db, id, byte) ?? 0) & mask ? 1 : 0);
}

export const bitHandlers = { setbit: setbitCommand, getbit: getbitCommand };
