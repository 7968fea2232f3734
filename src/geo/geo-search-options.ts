/**
 * The arguments of the search commands (georadiusGeneric's parsing): GEORADIUS and
 * GEORADIUSBYMEMBER (and their _RO forms, which refuse STORE), GEOSEARCH and GEOSEARCHSTORE. The
 * order of checks and errors is Redis's: the source key's type first, the centre and radius of
 * the GEORADIUS forms, then the options left to right (each validated as it is met), then the
 * combinations. A missing source key skips what needs it (a FROMMEMBER, GEORADIUSBYMEMBER's
 * member and radius), so such commands still answer their empty reply.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { intArg } from "../commands/args";
import type { KeyMeta } from "../keyspace/db";
import type { CommandContext } from "../keyspace/handler";
import { getScore } from "../keyspace/zset-core";
import { boxArg, cOpt, distanceArg, longLatArg } from "./geo-args";
import { decodeScore } from "./geohash";

/** Which command: where its arguments start and which options it takes. */
export type SearchVariant = "georadius" | "georadiusbymember" | "georadius_ro" | "georadiusbymember_ro" | "geosearch" | "geosearchstore";

export type SortOrder = "none" | "asc" | "desc";

export interface SearchRequest {
  /** The source set; null when it does not exist (the reply is then empty, or 0 with a store key). */
  meta: KeyMeta | null;
  /** Centre [longitude, latitude] and area; meaningful only when `meta` is set. */
  xy: [number, number];
  area: { type: "circle"; radius: number } | { type: "box"; width: number; height: number };
  conversion: number;
  withDist: boolean;
  withHash: boolean;
  withCoord: boolean;
  sort: SortOrder;
  /** 0: no limit. */
  count: number;
  any: boolean;
  storeKey: BStr | null;
  storeDist: boolean;
}

const NOT_DECODED = "ERR could not decode requested zset member";

/** longLatFromMember: the member's decoded position, or Redis's error. */
function memberXY(ctx: CommandContext, meta: KeyMeta, member: BStr): [number, number] {
  const score = getScore(ctx.db, meta.id, member);
  if (score === null) throw new ReplyError(NOT_DECODED);
  return decodeScore(score);
}

/** Parses `argv` of `variant` (arity already checked). */
export function parseSearch(ctx: CommandContext, argv: BStr[], variant: SearchVariant): SearchRequest {
  const isSearch = variant === "geosearch" || variant === "geosearchstore";
  const searchStore = variant === "geosearchstore";
  const noStore = variant.endsWith("_ro");
  const srcIdx = searchStore ? 2 : 1;
  const meta = ctx.db.metaOf(argv[srcIdx]!, "zset");
  const req: SearchRequest = {
    meta, xy: [0, 0], area: { type: "circle", radius: 0 }, conversion: 0,
    withDist: false, withHash: false, withCoord: false, sort: "none", count: 0, any: false,
    storeKey: searchStore ? argv[1]! : null, storeDist: false,
  };
  let base: number;
  if (variant === "georadius" || variant === "georadius_ro") {
    base = 6;
    req.xy = longLatArg(argv, 2);
    const d = distanceArg(argv, 4);
    req.area = { type: "circle", radius: d.radius };
    req.conversion = d.conversion;
  } else if (!isSearch) {
    base = 5;
    if (meta) {
      req.xy = memberXY(ctx, meta, argv[2]!);
      const d = distanceArg(argv, 3);
      req.area = { type: "circle", radius: d.radius };
      req.conversion = d.conversion;
    }
  } else {
    base = searchStore ? 3 : 2;
  }

  let fromMember = false, fromLonLat = false, byRadius = false, byBox = false;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const j = base + i;
    const opt = cOpt(argv[j]!);
    if (opt === "withdist") req.withDist = true;
    else if (opt === "withhash") req.withHash = true;
    else if (opt === "withcoord") req.withCoord = true;
    else if (opt === "any") req.any = true;
    else if (opt === "asc") req.sort = "asc";
    else if (opt === "desc") req.sort = "desc";
    else if (opt === "count" && i + 1 < remaining) {
      req.count = intArg(argv[j + 1]!);
      if (req.count <= 0) throw new ReplyError("ERR COUNT must be > 0");
      i++;
    } else if ((opt === "store" || opt === "storedist") && i + 1 < remaining && !noStore && !isSearch) {
      req.storeKey = argv[j + 1]!;
      req.storeDist = opt === "storedist";
      i++;
    } else if (opt === "storedist" && searchStore) {
      req.storeDist = true;
    } else if (opt === "frommember" && i + 1 < remaining && isSearch && !fromLonLat) {
      if (meta) req.xy = memberXY(ctx, meta, argv[j + 1]!);
      fromMember = true;
      i++;
    } else if (opt === "fromlonlat" && i + 2 < remaining && isSearch && !fromMember) {
      req.xy = longLatArg(argv, j + 1);
      fromLonLat = true;
      i += 2;
    } else if (opt === "byradius" && i + 2 < remaining && isSearch && !byBox) {
      const d = distanceArg(argv, j + 1);
      req.area = { type: "circle", radius: d.radius };
      req.conversion = d.conversion;
      byRadius = true;
      i += 2;
    } else if (opt === "bybox" && i + 3 < remaining && isSearch && !byRadius) {
      const b = boxArg(argv, j + 1);
      req.area = { type: "box", width: b.width, height: b.height };
      req.conversion = b.conversion;
      byBox = true;
      i += 3;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }

  if (req.storeKey !== null && (req.withDist || req.withHash || req.withCoord)) {
    const what = searchStore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS";
    throw new ReplyError(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (isSearch && !(fromMember || fromLonLat)) {
    throw new ReplyError(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
  }
  if (isSearch && !(byRadius || byBox)) {
    throw new ReplyError(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
  }
  if (req.any && req.count === 0) throw new ReplyError("ERR the ANY argument requires COUNT argument");
  return req;
}
