/**
 * Geo argument parsing with Redis's rules, order and texts (geo.c extractLongLatOrReply,
 * extractUnitOrReply, extractDistanceOrReply, extractBoxOrReply). Option names compare like C's
 * strcasecmp on the argument's C string: up to its first NUL byte.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";
import { floatArg } from "../commands/args";
import { GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN } from "./geohash";
import { printfFixed } from "./geo-format";

/** Metres per unit (extractUnitOrReply). */
const UNITS: Readonly<Record<string, number>> = { m: 1, km: 1000, ft: 0.3048, mi: 1609.34 };

export const UNSUPPORTED_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";

/** The argument as strcasecmp sees it: lower-cased, cut at the first NUL. */
export function cOpt(arg: BStr): string {
  const nul = arg.indexOf("\0");
  return (nul < 0 ? arg : arg.slice(0, nul)).toLowerCase();
}

/** extractLongLatOrReply: [longitude, latitude] from argv[i], argv[i+1]. */
export function longLatArg(argv: BStr[], i: number): [number, number] {
  const x = floatArg(argv[i]!);
  const y = floatArg(argv[i + 1]!);
  if (x < GEO_LONG_MIN || x > GEO_LONG_MAX || y < GEO_LAT_MIN || y > GEO_LAT_MAX) {
    throw new ReplyError(`ERR invalid longitude,latitude pair ${printfFixed(x, 6)},${printfFixed(y, 6)}`);
  }
  return [x, y];
}

/** extractUnitOrReply: metres per unit. */
export function unitArg(arg: BStr): number {
  const unit = cOpt(arg);
  if (!Object.hasOwn(UNITS, unit)) throw new ReplyError(UNSUPPORTED_UNIT);
  return UNITS[unit]!;
}

/** extractDistanceOrReply: `<radius> <unit>` at argv[i]. */
export function distanceArg(argv: BStr[], i: number): { radius: number; conversion: number } {
  const radius = floatArg(argv[i]!, "ERR need numeric radius");
  if (radius < 0) throw new ReplyError("ERR radius cannot be negative");
  return { radius, conversion: unitArg(argv[i + 1]!) };
}

/** extractBoxOrReply: `<width> <height> <unit>` at argv[i]. */
export function boxArg(argv: BStr[], i: number): { width: number; height: number; conversion: number } {
  const width = floatArg(argv[i]!, "ERR need numeric width");
  const height = floatArg(argv[i + 1]!, "ERR need numeric height");
  if (height < 0 || width < 0) throw new ReplyError("ERR height or width cannot be negative");
  return { width, height, conversion: unitArg(argv[i + 2]!) };
}
