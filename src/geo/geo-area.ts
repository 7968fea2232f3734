/**
 * The cells a search reads (geohash_helper.c geohashCalculateAreasByShapeWGS84): a step estimated
 * from the radius, the centre's cell at that step and its eight neighbours, one step coarser when
 * a neighbour does not reach the shape's bounding box, minus the neighbours that lie wholly
 * outside it. Redis's order of the nine cells (centre, N, S, E, W, NE, NW, SE, SW) is the order
 * of an unsorted reply, so it is kept.
 */
import { EARTH_RADIUS_IN_METERS, degRad, radDeg, type GeoShape } from "./geo-distance";
import {
  GEO_STEP_MAX, WGS84_LAT, WGS84_LONG, ZERO_HASH, decode, encode, neighbors, type GeoArea, type GeoHashBits, type GeoNeighbors,
} from "./geohash";

/** Redis's MERCATOR_MAX: half the world's width in metres, where the step estimate starts. */
const MERCATOR_MAX = 20037726.37;

/** geohashEstimateStepsByRadius: the finest step whose cell still covers `rangeMeters`. */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return GEO_STEP_MAX;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2; // so that the range fits in most cases
  // Meridians converge towards the poles: wider cells there.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  return Math.min(Math.max(step, 1), GEO_STEP_MAX);
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat] around the shape. */
export function boundingBox(shape: GeoShape): [number, number, number, number] {
  const [longitude, latitude] = shape.xy;
  const height = shape.conversion * (shape.type === "circle" ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === "circle" ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  // The parallel farther from the equator is the shorter one: it bounds the longitudes.
  const southern = latitude < 0;
  return [
    southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

/** The centre cell and its neighbours (some zeroed: not searched). */
export interface GeoSearchAreas {
  hash: GeoHashBits;
  neighbors: GeoNeighbors;
  area: GeoArea;
}

function cellsAt(lon: number, lat: number, step: number): GeoSearchAreas {
  // The centre is within the WGS84 limits (validated or decoded), so neither call fails.
  const hash = encode(WGS84_LONG, WGS84_LAT, lon, lat, step)!;
  return { hash, neighbors: neighbors(hash), area: decode(WGS84_LONG, WGS84_LAT, hash)! };
}

/** geohashCalculateAreasByShapeWGS84. */
export function areasByShape(shape: GeoShape): GeoSearchAreas {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const [longitude, latitude] = shape.xy;
  // A box is searched like the circle through its corners.
  let radiusMeters = shape.type === "circle"
    ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;

  let steps = estimateStepsByRadius(radiusMeters, latitude);
  let cells = cellsAt(longitude, latitude, steps);

  // Near a cell's edge the estimate can be one step too fine: a neighbour then falls short of the
  // bounding box on its side.
  const n = cells.neighbors;
  const areaOf = (h: GeoHashBits): GeoArea => decode(WGS84_LONG, WGS84_LAT, h)!;
  const decrease = areaOf(n.north).latitude.max < maxLat || areaOf(n.south).latitude.min > minLat ||
    areaOf(n.east).longitude.max < maxLon || areaOf(n.west).longitude.min > minLon;
  if (steps > 1 && decrease) {
    steps--;
    cells = cellsAt(longitude, latitude, steps);
  }

  // Drop the neighbours beyond the bounding box.
  if (steps >= 2) {
    const { area } = cells;
    const nb = cells.neighbors;
    if (area.latitude.min < minLat) nb.south = nb.southWest = nb.southEast = ZERO_HASH;
    if (area.latitude.max > maxLat) nb.north = nb.northEast = nb.northWest = ZERO_HASH;
    if (area.longitude.min < minLon) nb.west = nb.southWest = nb.northWest = ZERO_HASH;
    if (area.longitude.max > maxLon) nb.east = nb.southEast = nb.northEast = ZERO_HASH;
  }
  return cells;
}

/** The nine cells in the order Redis searches them (membersOfAllNeighbors). */
export function searchOrder(a: GeoSearchAreas): GeoHashBits[] {
  const n = a.neighbors;
  return [a.hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}
