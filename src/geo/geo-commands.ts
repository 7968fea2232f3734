/**
 * The geo commands (geo.c). A geo set is a sorted set whose scores are 52-bit geohashes
 * (geohash.ts), so GEOADD is ZADD with encoded scores (Redis rewrites it to ZADD too), and every
 * sorted-set command works on geo sets. GEOPOS and WITHCOORD answer the centre of the member's
 * cell, as Redis does; GEODIST and WITHDIST use Redis's haversine and print 4 decimals.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, ERR, NULL, NULL_ARRAY, ReplyError, type Reply } from "../resp/reply";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { getScore } from "../keyspace/zset-core";
import { zsetHandlers } from "../keyspace/zsets";
import { cOpt, longLatArg, unitArg } from "./geo-args";
import { distance } from "./geo-distance";
import { distanceText, humanDouble } from "./geo-format";
import { GEO_STEP_MAX, decodeScore, encode, pointScore } from "./geohash";
import { parseSearch, type SearchVariant } from "./geo-search-options";
import { runSearch } from "./geo-search";

/** GEOADD key [NX|XX] [CH] longitude latitude member [...]: checked, then run as ZADD. */
function geoadd(ctx: CommandContext, argv: BStr[]): Reply {
  let nx = false, xx = false;
  let longIdx = 2;
  for (; longIdx < argv.length; longIdx++) {
    const opt = cOpt(argv[longIdx]!);
    if (opt === "nx") nx = true;
    else if (opt === "xx") xx = true;
    else if (opt !== "ch") break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) throw new ReplyError(ERR.syntax);
  const zadd: BStr[] = ["zadd", argv[1]!, ...argv.slice(2, longIdx).map(cOpt)];
  for (let i = longIdx; i < argv.length; i += 3) {
    const [x, y] = longLatArg(argv, i);
    zadd.push(String(pointScore(x, y)), argv[i + 2]!);
  }
  return zsetHandlers.zadd!(ctx, zadd) as Reply;
}

/** The positions of `members` (null where absent) in the set at `key`, WRONGTYPE checked first. */
function positions(ctx: CommandContext, key: BStr, members: BStr[]): ([number, number] | null)[] {
  const meta = ctx.db.metaOf(key, "zset");
  return members.map((m) => {
    const score = meta ? getScore(ctx.db, meta.id, m) : null;
    return score === null ? null : decodeScore(score);
  });
}

const GEOHASH_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";
/** Characters of a GEOHASH reply: 52 bits give 10, the 11th is always '0' (Redis's compatibility). */
const GEOHASH_CHARS = 11;

/** The standard geohash of a decoded position (re-encoded over latitudes ±90, not ±85.05). */
function geohashString([lon, lat]: [number, number]): BStr {
  const bits = encode({ min: -180, max: 180 }, { min: -90, max: 90 }, lon, lat, GEO_STEP_MAX)!.bits;
  let out = "";
  for (let i = 0; i < GEOHASH_CHARS; i++) {
    const idx = i === GEOHASH_CHARS - 1 ? 0 : Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += GEOHASH_ALPHABET[idx];
  }
  return out;
}

const coordinate = (v: number): Reply => ({ t: "double", v, text: humanDouble(v) });

function geodist(ctx: CommandContext, argv: BStr[]): Reply {
  let toMeter = 1;
  if (argv.length === 5) toMeter = unitArg(argv[4]!);
  else if (argv.length > 5) throw new ReplyError(ERR.syntax);
  const meta = ctx.db.metaOf(argv[1]!, "zset");
  if (!meta) return NULL;
  const s1 = getScore(ctx.db, meta.id, argv[2]!);
  const s2 = s1 === null ? null : getScore(ctx.db, meta.id, argv[3]!);
  if (s1 === null || s2 === null) return NULL;
  const [x1, y1] = decodeScore(s1);
  const [x2, y2] = decodeScore(s2);
  return bulk(distanceText(distance(x1, y1, x2, y2) / toMeter));
}

const search = (variant: SearchVariant) => (ctx: CommandContext, argv: BStr[]): Reply =>
  runSearch(ctx, parseSearch(ctx, argv, variant));

export const geoHandlers: HandlerTable = {
  geoadd,
  geodist,
  geohash: (ctx, argv) => arr(positions(ctx, argv[1]!, argv.slice(2)).map((p) => (p ? bulk(geohashString(p)) : NULL))),
  geopos: (ctx, argv) =>
    arr(positions(ctx, argv[1]!, argv.slice(2)).map((p) => (p ? arr([coordinate(p[0]), coordinate(p[1])]) : NULL_ARRAY))),
  georadius: search("georadius"),
  georadiusbymember: search("georadiusbymember"),
  georadius_ro: search("georadius_ro"),
  georadiusbymember_ro: search("georadiusbymember_ro"),
  geosearch: search("geosearch"),
  geosearchstore: search("geosearchstore"),
};
