/**
 * Redis's geohash (geohash.c): a point is two 26-bit fixed-point offsets, latitude in the even
 * bits and longitude in the odd bits of a 52-bit integer, which a geo set keeps as its member's
 * score. Latitudes are limited to ±85.05112878 (EPSG:900913's square world), longitudes to ±180.
 *
 * Hashes of any step are BigInts (encode, neighbours: a handful per command). Decoding a score is
 * the hot path of every search (once per candidate point), so it works on two 32-bit halves.
 * Every double operation is the one Redis does, in the same order, so decoded coordinates are
 * bit-identical to Redis's.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** A hash of `step` bits per coordinate. bits 0n with step 0 is "no hash" (a discarded neighbour). */
export interface GeoHashBits {
  bits: bigint;
  step: number;
}

export interface GeoRange {
  min: number;
  max: number;
}

/** The cell a hash names. */
export interface GeoArea {
  longitude: GeoRange;
  latitude: GeoRange;
}

export const WGS84_LONG: GeoRange = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
export const WGS84_LAT: GeoRange = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

export const ZERO_HASH: GeoHashBits = { bits: 0n, step: 0 };
export const isZeroHash = (h: GeoHashBits): boolean => h.bits === 0n && h.step === 0;

const U64 = (1n << 64n) - 1n;
const EVEN_BITS = 0x5555555555555555n;
const ODD_BITS = 0xaaaaaaaaaaaaaaaan;
const TWO_32 = 2 ** 32;
const TWO_63 = 2 ** 63;

/** The low 16 bits of `x` moved to the even bits of a 32-bit word. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

/** The even bits of a 32-bit word packed into 16 bits (spread16's inverse). */
function compact16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  return (x | (x >>> 8)) & 0xffff;
}

/** interleave64: two uint32 values, `even` in the even bits and `odd` in the odd bits. */
export function interleave(even: number, odd: number): bigint {
  const lo = (spread16(even) | (spread16(odd) << 1)) >>> 0;
  const hi = (spread16(even >>> 16) | (spread16(odd >>> 16) << 1)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** A double converted to uint32_t where it is known to lie in [0, 2^32): truncation. */
const toUint32 = (x: number): number => Math.trunc(x) >>> 0;

/**
 * geohashEncode: the hash of (longitude, latitude) at `step` bits per coordinate within the given
 * ranges, or null where Redis fails (outside the WGS84 limits or the ranges).
 */
export function encode(longRange: GeoRange, latRange: GeoRange, longitude: number, latitude: number, step: number): GeoHashBits | null {
  if (step > 32 || step === 0) return null;
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) return null;
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) return null;
  let latOffset = (latitude - latRange.min) / (latRange.max - latRange.min);
  let longOffset = (longitude - longRange.min) / (longRange.max - longRange.min);
  const scale = 2 ** step;
  latOffset *= scale;
  longOffset *= scale;
  return { bits: interleave(toUint32(latOffset), toUint32(longOffset)), step };
}

export const encodeWGS84 = (longitude: number, latitude: number, step: number): GeoHashBits | null =>
  encode(WGS84_LONG, WGS84_LAT, longitude, latitude, step);

/** geohashDecode over the two deinterleaved offsets. */
function areaOf(longRange: GeoRange, latRange: GeoRange, ilato: number, ilono: number, step: number): GeoArea {
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  const cells = 2 ** step;
  // `+ 1` is uint32 arithmetic in Redis: 0xffffffff + 1 wraps to 0.
  return {
    latitude: {
      min: latRange.min + (ilato / cells) * latScale,
      max: latRange.min + (((ilato + 1) >>> 0) / cells) * latScale,
    },
    longitude: {
      min: longRange.min + (ilono / cells) * longScale,
      max: longRange.min + (((ilono + 1) >>> 0) / cells) * longScale,
    },
  };
}

/** The (hi, lo) 32-bit words of a uint64 given as a BigInt. */
const words = (v: bigint): [number, number] => [Number((v >> 32n) & 0xffffffffn), Number(v & 0xffffffffn)];

/** geohashDecode of a hash (null for the zero hash, as Redis refuses it). */
export function decode(longRange: GeoRange, latRange: GeoRange, hash: GeoHashBits): GeoArea | null {
  if (isZeroHash(hash)) return null;
  const [hi, lo] = words(hash.bits & U64);
  return areaOf(longRange, latRange, deinterleaveEven(hi, lo), deinterleaveEven(hi >>> 1, lo >>> 1), hash.step);
}

const deinterleaveEven = (hi: number, lo: number): number => ((compact16(hi) << 16) | compact16(lo)) >>> 0;

/**
 * `(uint64_t)score` as x86-64 code compiled by gcc computes it: exact for the scores GEOADD
 * writes (integers below 2^53); other scores (a ZADD on a geo set) convert as that machine does
 * (negative values wrap, out-of-range values become 2^63 or 0). As (hi, lo) 32-bit words.
 */
export function scoreToUint64(score: number): [number, number] {
  if (score >= 0 && score < 2 ** 53) {
    const t = Math.trunc(score);
    const hi = Math.floor(t / TWO_32);
    return [hi, t - hi * TWO_32];
  }
  const cvttsd2si = (v: number): bigint =>
    Number.isNaN(v) || v >= TWO_63 || v < -TWO_63 ? 1n << 63n : BigInt(Math.trunc(v)) & U64;
  const v = score < TWO_63 ? cvttsd2si(score) : cvttsd2si(score - TWO_63) ^ (1n << 63n);
  return words(v);
}

/** geohashDecodeAreaToLongLat: the cell's centre, clamped to the WGS84 limits. */
export function areaCenter(area: GeoArea): [number, number] {
  let x = (area.longitude.min + area.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (area.latitude.min + area.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

/** decodeGeohash (geo.c): a geo set score → [longitude, latitude] of its cell's centre. */
export function decodeScore(score: number): [number, number] {
  const [hi, lo] = scoreToUint64(score);
  return areaCenter(areaOf(WGS84_LONG, WGS84_LAT, deinterleaveEven(hi, lo), deinterleaveEven(hi >>> 1, lo >>> 1), GEO_STEP_MAX));
}

/** geohashAlign52Bits: the hash shifted to a 52-bit score prefix (uint64 arithmetic). */
export const align52 = (h: GeoHashBits): bigint => (h.bits << BigInt(52 - h.step * 2)) & U64;

/** The score of a point GEOADD stores: its 26-step hash, as a double (exact below 2^53). */
export function pointScore(longitude: number, latitude: number): bigint | null {
  const h = encodeWGS84(longitude, latitude, GEO_STEP_MAX);
  return h === null ? null : align52(h);
}

/** geohash_move_x / geohash_move_y: one cell east (+1) or west (-1), north or south, wrapping. */
function move(h: GeoHashBits, d: number, movingBits: bigint, fixedBits: bigint): GeoHashBits {
  if (d === 0) return h;
  const shift = BigInt(64 - h.step * 2);
  let m = h.bits & movingBits;
  const fixed = h.bits & fixedBits;
  const zz = fixedBits >> shift; // the other coordinate's bits, set: a carry runs through them
  if (d > 0) m = m + (zz + 1n);
  else m = (m | zz) - (zz + 1n);
  m &= movingBits >> shift;
  return { bits: (m | fixed) & U64, step: h.step };
}

const moveX = (h: GeoHashBits, d: number): GeoHashBits => move(h, d, ODD_BITS, EVEN_BITS);
const moveY = (h: GeoHashBits, d: number): GeoHashBits => move(h, d, EVEN_BITS, ODD_BITS);

export interface GeoNeighbors {
  north: GeoHashBits;
  south: GeoHashBits;
  east: GeoHashBits;
  west: GeoHashBits;
  northEast: GeoHashBits;
  northWest: GeoHashBits;
  southEast: GeoHashBits;
  southWest: GeoHashBits;
}

/** geohashNeighbors: the eight cells around `h` at its step. */
export function neighbors(h: GeoHashBits): GeoNeighbors {
  const at = (dx: number, dy: number): GeoHashBits => moveY(moveX(h, dx), dy);
  return {
    east: at(1, 0), west: at(-1, 0), south: at(0, -1), north: at(0, 1),
    northWest: at(-1, 1), northEast: at(1, 1), southEast: at(1, -1), southWest: at(-1, -1),
  };
}
