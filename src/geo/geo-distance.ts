/**
 * Distances on the sphere as Redis computes them (geohash_helper.c): the haversine formula with
 * Redis's earth radius, the shortcut along a meridian, and the in-shape tests of searches. The
 * same double operations in the same order, so results match Redis's to the last bit wherever
 * V8's sin/cos/asin agree with glibc's (they are both within an ulp; see docs/geo.md).
 */

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

/** geohashGetDistance: the haversine distance in metres. */
export function distance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
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
  if (shape.type === "circle") {
    const d = distance(x1, y1, lon, lat);
    return d > shape.radius * shape.conversion ? null : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  if (latDistance(lat, y1) > heightM / 2) return null;
  if (distance(lon, lat, x1, lat) > widthM / 2) return null;
  return distance(x1, y1, lon, lat);
}
