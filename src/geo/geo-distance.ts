/**
 * Distances on the sphere as Redis computes them (geohash_helper.c): the haversine formula with
 * Redis's earth radius, the shortcut along a meridian, and the in-shape tests of searches. The
 * same double operations in the same order, with sin/cos/asin rounded like glibc's (libm.ts), so
 * distances match Redis's to the last bit (but for glibc's rare misroundings: docs/geo.md).
 * Searches test each candidate with V8's faster Math functions first and recompute the distance
 * of the points that are in (or within a hair of the edge) the careful way.
 */
import * as libm from "./libm";

/** The trigonometry a distance is computed with. */
interface Trig {
  sin(x: number): number;
  cos(x: number): number;
  asin(x: number): number;
}
const FAST: Trig = Math;
const EXACT: Trig = libm;
/** Relative margin of the fast test: far above the few ulps V8's functions may be off by. */
const FAST_MARGIN = 1e-9;

/** Earth's quadratic mean radius for WGS-84 (EARTH_RADIUS_IN_METERS). */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;

/** D_R: degrees to radians, computed as Redis's macro does (M_PI / 180.0). */
const D_R = Math.PI / 180.0;
export const degRad = (ang: number): number => ang * D_R;
export const radDeg = (ang: number): number => ang / D_R;

/** geohashGetLatDistance: the distance between two latitudes on one meridian. */
export function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

function haversine(m: Trig, lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = m.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = m.sin((lat2r - lat1r) / 2);
  const a = u * u + m.cos(lat1r) * m.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * m.asin(Math.sqrt(a));
}

/** geohashGetDistance: the haversine distance in metres. */
export const distance = (lon1d: number, lat1d: number, lon2d: number, lat2d: number): number =>
  haversine(EXACT, lon1d, lat1d, lon2d, lat2d);

/**
 * Whether the distance is within `limit`, deciding with the fast functions when they are clear
 * of the edge: the exact distance when it is, null when it is not.
 */
function within(lon1d: number, lat1d: number, lon2d: number, lat2d: number, limit: number): number | null {
  const fast = haversine(FAST, lon1d, lat1d, lon2d, lat2d);
  if (fast > limit * (1 + FAST_MARGIN)) return null;
  const d = distance(lon1d, lat1d, lon2d, lat2d);
  return d > limit ? null : d;
}

/** A search area: a circle or an axis-aligned box around a centre (GeoShape). */
export type GeoShape =
  | { type: "circle"; xy: [number, number]; radius: number; conversion: number }
  | { type: "box"; xy: [number, number]; width: number; height: number; conversion: number };

/**
 * geoWithinShape's test on a decoded point: its distance from the centre in metres when inside
 * the shape, else null. The box test is Redis's: latitude distance, then the distance along the
 * point's parallel, each against half the box.
 */
export function distanceIfWithin(shape: GeoShape, lon: number, lat: number): number | null {
  const [x1, y1] = shape.xy;
  if (shape.type === "circle") return within(x1, y1, lon, lat, shape.radius * shape.conversion);
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  if (latDistance(lat, y1) > heightM / 2) return null;
  if (within(lon, lat, x1, lat, widthM / 2) === null) return null;
  return distance(x1, y1, lon, lat);
}
