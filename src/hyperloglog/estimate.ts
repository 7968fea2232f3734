/**
 * hllCount: the cardinality estimate from the registers' histogram, with the estimator Redis 7.0
 * uses (Otmar Ertl, "New cardinality estimation algorithms for HyperLogLog sketches",
 * arXiv:1702.01284: sigma and tau corrections, no bias tables). Every step is the same IEEE double
 * operation in the same order as Redis's C, so the count is the same integer.
 */
import { HLL_Q, HLL_REGISTERS } from "./murmur";
import { denseGet, HLL_DENSE, HLL_HDR_SIZE, type Hll } from "./layout";
import { sparseHisto } from "./sparse";

/** 0.5 / ln(2), HLL_ALPHA_INF. */
const ALPHA_INF = 0.72134752044448170368;

/** Histogram slots: register values fit 6 bits, so a corrupt dense register still lands inside. */
const HISTO_SIZE = 64;

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let zPrime: number;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let zPrime: number;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** The estimate from a histogram of the 16384 registers' values. */
export function estimate(histo: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histo[j]!;
    z *= 0.5;
  }
  z += m * sigma(histo[0]! / m);
  // llroundl: half away from zero; the value is never negative, so Math.round's half-up agrees.
  return Math.round((ALPHA_INF * m * m) / z);
}

/** The estimate for `h`, or null when its sparse body is corrupt. */
export function hllCount(h: Hll): number | null {
  const histo = new Int32Array(HISTO_SIZE);
  if (h.encoding === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) histo[denseGet(h.b, HLL_HDR_SIZE, i)]++;
  } else if (!sparseHisto(h, histo)) {
    return null;
  }
  return estimate(histo);
}

/** The estimate for raw registers, one byte each (PFCOUNT of several keys merges into these). */
export function rawCount(registers: Uint8Array): number {
  const histo = new Int32Array(HISTO_SIZE);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[registers[i]!]++;
  return estimate(histo);
}
