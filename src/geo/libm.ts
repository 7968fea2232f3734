/**
 * sin, cos and asin rounded like glibc's (Redis's libm on x86-64). V8's Math.sin/cos/asin are
 * fdlibm's: within an ulp, but not the correctly rounded result glibc returns in all but the
 * hardest cases, and a distance one ulp off shows in the 17 digits of a STOREDIST score. These
 * evaluate in double-double (about 106 bits: argument reduction by a three-part π/2, Taylor
 * series, one Newton step for asin) and round once, so they return the correctly rounded value.
 * About ten times the cost of Math's; searches use them only for the points they keep.
 */

/** A double-double: the unevaluated sum hi + lo, |lo| <= ulp(hi) / 2. */
type DD = [hi: number, lo: number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

/** Veltkamp's split: a = hi + lo with 26-bit halves (exact products without an FMA). */
const SPLITTER = 134217729; // 2^27 + 1
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a[0], b[0]);
  const t = twoSum(a[1], b[1]);
  let r = quickTwoSum(s[0], s[1] + t[0]);
  r = quickTwoSum(r[0], r[1] + t[1]);
  return r;
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a[0], b[0]);
  return quickTwoSum(p[0], p[1] + (a[0] * b[1] + a[1] * b[0]));
}

function divNumber(a: DD, b: number): DD {
  const q1 = a[0] / b;
  const p = twoProd(q1, b);
  const q2 = (((a[0] - p[0]) - p[1]) + a[1]) / b;
  return quickTwoSum(q1, q2);
}

const neg = (a: DD): DD => [-a[0], -a[1]];

/** π/2 in three parts (hi is Math.PI / 2). */
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const PIO2: DD = [PIO2_1, PIO2_2];

/** Taylor coefficients (-1)^n / (2n+1)! and (-1)^n / (2n)!, n = 0..14: 1e-33 at |r| = π/4. */
const TERMS = 15;
const SIN_COEF: DD[] = [];
const COS_COEF: DD[] = [];
{
  let f: DD = [1, 0]; // 1/k!
  for (let k = 0; k <= 2 * TERMS; k++) {
    if (k > 0) f = divNumber(f, k);
    const signed: DD = (k >> 1) % 2 === 0 ? f : neg(f);
    (k % 2 === 0 ? COS_COEF : SIN_COEF).push(signed);
  }
}

/** Σ coef[n] r^(2n) by Horner in r². */
function series(coef: DD[], r2: DD): DD {
  let s = coef[coef.length - 1]!;
  for (let n = coef.length - 2; n >= 0; n--) s = add(coef[n]!, mul(s, r2));
  return s;
}

const sinReduced = (r: DD): DD => mul(r, series(SIN_COEF, mul(r, r)));
const cosReduced = (r: DD): DD => series(COS_COEF, mul(r, r));

/** Beyond this the reduction below is not exact (geo arguments stay within ±π). */
const REDUCED_RANGE = 4;

/** x = k·π/2 + r, |r| <= π/4, r in double-double. x - k·PIO2_1 is exact (Sterbenz) for |k| <= 2. */
function reduce(x: number): { k: number; r: DD } {
  const k = Math.round(x / PIO2_1);
  if (k === 0) return { k, r: [x, 0] };
  const r = add(twoSum(x - k * PIO2_1, -k * PIO2_2), [-k * PIO2_3, 0]);
  return { k, r };
}

/** sin(x) in double-double (|x| <= REDUCED_RANGE). */
function sinDD(x: number): DD {
  const { k, r } = reduce(x);
  switch (((k % 4) + 4) % 4) {
    case 0: return sinReduced(r);
    case 1: return cosReduced(r);
    case 2: return neg(sinReduced(r));
    default: return neg(cosReduced(r));
  }
}

function cosDD(x: number): DD {
  const { k, r } = reduce(x);
  switch (((k % 4) + 4) % 4) {
    case 0: return cosReduced(r);
    case 1: return neg(sinReduced(r));
    case 2: return neg(cosReduced(r));
    default: return sinReduced(r);
  }
}

export function sin(x: number): number {
  if (!(Math.abs(x) <= REDUCED_RANGE)) return Math.sin(x);
  const [hi, lo] = sinDD(x);
  return hi + lo;
}

export function cos(x: number): number {
  if (!(Math.abs(x) <= REDUCED_RANGE)) return Math.cos(x);
  const [hi, lo] = cosDD(x);
  return hi + lo;
}

/** asin of t (double-double, |t| small or moderate) by one Newton step from Math.asin. */
function asinDD(t: DD): DD {
  const y0 = Math.asin(t[0]);
  const residual = add(t, neg(sinDD(y0)));
  return twoSum(y0, (residual[0] + residual[1]) / Math.cos(y0));
}

/** Above this, asin(s) = π/2 - 2·asin(√((1-s)/2)): Newton's step divides by cos, near 0 there. */
const ASIN_NEAR_ONE = 0.98;

export function asin(s: number): number {
  if (!(Math.abs(s) <= 1) || s === 0) return Math.asin(s);
  if (s < 0) return -asin(-s);
  if (s <= ASIN_NEAR_ONE) {
    const [hi, lo] = asinDD([s, 0]);
    return hi + lo;
  }
  const z = (1 - s) / 2; // exact
  const t0 = Math.sqrt(z);
  const sq = twoProd(t0, t0);
  const t = quickTwoSum(t0, ((z - sq[0]) - sq[1]) / (2 * t0 || 1));
  const u = asinDD(t);
  const [hi, lo] = add(PIO2, neg(add(u, u)));
  return hi + lo;
}
