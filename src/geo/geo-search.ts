/**
 * Geo searches (georadiusGeneric after parsing): the nine cells of geo-area.ts read as score
 * ranges of the sorted set (min inclusive, max exclusive, in the set's (score, member) order),
 * each point decoded and kept when inside the shape, then sorted by distance (a stable sort, as
 * glibc's qsort is a merge sort; Redis's partial quicksort when COUNT returns fewer than found)
 * and replied or stored. Unsorted replies are in the order the cells were read, which is Redis's.
 * With COUNT ANY the reading stops as soon as COUNT points are found.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, EMPTY_ARRAY, int, type Reply } from "../resp/reply";
import { blob, type Keyspace } from "../keyspace/db";
import type { CommandContext } from "../keyspace/handler";
import { storeRows } from "../keyspace/zset-core";
import { areasByShape, searchOrder } from "./geo-area";
import { distanceIfWithin, type GeoShape } from "./geo-distance";
import { distanceText, humanDouble } from "./geo-format";
import { align52, decodeScore, isZeroHash, type GeoHashBits } from "./geohash";
import { pqsort } from "./pqsort";
import type { SearchRequest } from "./geo-search-options";

/** A point found inside the shape (geoPoint). */
export interface GeoPoint {
  member: BStr;
  score: number;
  longitude: number;
  latitude: number;
  /** Metres from the centre. */
  dist: number;
}

/**
 * geoGetPointsInRange: appends to `out` the points with min <= score < max that lie inside the
 * shape, stopping once `out` holds `limit` points (0: no limit). The cursor is read lazily, so an
 * early stop reads no further rows.
 */
function pointsInRange(db: Keyspace, kid: number, min: number, max: number, shape: GeoShape, out: GeoPoint[], limit: number): void {
  const rows = db.sql.exec(
    "SELECT member, score FROM zsets WHERE kid = ? AND score >= ? AND score < ? ORDER BY score, member", kid, min, max,
  );
  for (const r of rows) {
    const score = r.score as number;
    const [longitude, latitude] = decodeScore(score);
    const dist = distanceIfWithin(shape, longitude, latitude);
    if (dist !== null) out.push({ member: blob(r.member!), score, longitude, latitude, dist });
    if (out.length && limit && out.length >= limit) break;
  }
}

/** membersOfAllNeighbors: the cells in Redis's order, a cell equal to the last one read skipped. */
export function pointsInShape(db: Keyspace, kid: number, shape: GeoShape, limit: number): GeoPoint[] {
  const cells = searchOrder(areasByShape(shape));
  const out: GeoPoint[] = [];
  let last: GeoHashBits | null = null; // Redis never compares with the centre cell (index 0)
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (isZeroHash(cell)) continue;
    if (last !== null && cell.bits === last.bits && cell.step === last.step) continue;
    if (out.length && limit && out.length >= limit) break;
    // scoresOfGeoHashBox: the cell's 52-bit prefix range.
    const min = Number(align52(cell));
    const max = Number(align52({ bits: cell.bits + 1n, step: cell.step }));
    pointsInRange(db, kid, min, max, shape, out, limit);
    if (i > 0) last = cell;
  }
  return out;
}

/** sort_gp_asc: by distance, ties equal. */
const byDistance = (a: GeoPoint, b: GeoPoint): number => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);
const byDistanceDesc = (a: GeoPoint, b: GeoPoint): number => -byDistance(a, b);

/** One result as the WITH* options shape it. */
function pointReply(p: GeoPoint, req: SearchRequest): Reply {
  if (!req.withDist && !req.withHash && !req.withCoord) return bulk(p.member);
  const item: Reply[] = [bulk(p.member)];
  if (req.withDist) item.push(bulk(distanceText(p.dist / req.conversion)));
  if (req.withHash) item.push(int(Math.trunc(p.score)));
  if (req.withCoord) {
    item.push(arr([
      { t: "double", v: p.longitude, text: humanDouble(p.longitude) },
      { t: "double", v: p.latitude, text: humanDouble(p.latitude) },
    ]));
  }
  return arr(item);
}

/** Runs a parsed search: its reply (the points, or the stored count). */
export function runSearch(ctx: CommandContext, req: SearchRequest): Reply {
  const { meta } = req;
  if (meta === null) {
    if (req.storeKey === null) return EMPTY_ARRAY;
    ctx.db.delete(req.storeKey);
    return int(0);
  }
  // COUNT without an order means the nearest COUNT (unless ANY).
  const sort = req.count !== 0 && req.sort === "none" && !req.any ? "asc" : req.sort;
  const shape: GeoShape = req.area.type === "circle"
    ? { type: "circle", xy: req.xy, radius: req.area.radius, conversion: req.conversion }
    : { type: "box", xy: req.xy, width: req.area.width, height: req.area.height, conversion: req.conversion };
  const points = pointsInShape(ctx.db, meta.id, shape, req.any ? req.count : 0);
  if (points.length === 0 && req.storeKey === null) return EMPTY_ARRAY;

  const returned = req.count === 0 || points.length < req.count ? points.length : req.count;
  if (sort !== "none") {
    const cmp = sort === "asc" ? byDistance : byDistanceDesc;
    if (returned === points.length) points.sort(cmp);
    else pqsort(points, cmp, 0, returned - 1);
  }
  const results = points.slice(0, returned);
  if (req.storeKey === null) return arr(results.map((p) => pointReply(p, req)));

  const seen = new Set<BStr>(); // never more than once in practice; a set cannot hold it twice
  const rows = [];
  for (const p of results) {
    if (seen.has(p.member)) continue;
    seen.add(p.member);
    rows.push({ member: p.member, score: req.storeDist ? p.dist / req.conversion : p.score });
  }
  storeRows(ctx.db, req.storeKey, rows);
  return int(returned);
}
