/**
 * Random command sequences for the bitmaps differential test (bitmaps-differential.test.ts): the
 * bit commands mixed with SET/APPEND/SETRANGE/GETRANGE on a tiny key set, offsets both small and
 * near the project's chunk boundaries (STRING_CHUNK_BYTES: values there span two SQLite rows),
 * WRONGTYPE collisions with a list, and malformed arguments now and then. Keys are the plain names
 * of KEYS; the test prefixes its hash tag. Deterministic from one seed.
 */
import { STRING_CHUNK_BYTES as CHUNK } from "../../src/keyspace/db";
import { Rng } from "../sim/rng";

export const KEYS = ["k1", "k2", "k3", "L"];
const STRINGS = ["k1", "k2", "k3"];

export type Rand = () => number;

/** The seeded generator of the simulator (sfc32) as a plain function. */
export function rng(seed: number): Rand {
  const g = new Rng(seed);
  return () => g.next();
}

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** Mostly a string key, sometimes the list (WRONGTYPE). */
const key = (r: Rand) => (r() < 0.06 ? "L" : pick(r, STRINGS));

/** A byte offset: small, or a few bytes around the first or second chunk boundary. */
function bytePos(r: Rand): number {
  const p = r();
  if (p < 0.5) return int(r, 12);
  if (p < 0.85) return CHUNK + int(r, 12) - 6;
  if (p < 0.95) return 2 * CHUNK + int(r, 12) - 6;
  return int(r, 5000);
}

/** Bit offsets used lately: reading and writing them again makes set bits and overflows common. */
const recent: number[] = [];

/** A bit offset around `bytePos` or one used lately, or (rarely) one Redis refuses. */
function bitOffset(r: Rand): string {
  if (r() < 0.03) return pick(r, ["-1", "4294967296", "abc", "#3", "1.5", "", "+5", "01"]);
  if (recent.length > 0 && r() < 0.4) return String(pick(r, recent) + int(r, 3) - 1 || 0);
  const off = bytePos(r) * 8 + int(r, 8);
  recent.push(off);
  if (recent.length > 8) recent.shift();
  return String(off);
}

/** A short value: printable, or any bytes (NUL, 0xff, ...). */
function value(r: Rand): string {
  const n = int(r, 6);
  if (r() < 0.5) return Array.from({ length: n }, () => String.fromCharCode(97 + int(r, 4))).join("");
  return Array.from({ length: n }, () => String.fromCharCode(pick(r, [0, 1, 0x0f, 0x55, 0x80, 0xaa, 0xf0, 0xfe, 0xff, int(r, 256)]))).join("");
}

/** 16 to 40 bytes with many bits set (a run that BITCOUNT and BITPOS ranges then cut into). */
const dense = (r: Rand): string => Array.from({ length: 16 + int(r, 25) }, () => String.fromCharCode(pick(r, [0xff, 0xfe, 0x7f, 0xaa, 0x0f, 0xf0, int(r, 256)]))).join("");

/** A range index: small, negative, near a boundary (bytes or bits), huge, or (rarely) not a number. */
function index(r: Rand, inBits: boolean): string {
  const p = r();
  const scale = inBits ? 8 : 1;
  if (p < 0.03) return pick(r, ["x", "1.5", ""]);
  if (p < 0.35) return String(int(r, 10 * scale));
  if (p < 0.6) return String(-1 - int(r, 10 * scale));
  if (p < 0.9) return String(bytePos(r) * scale + int(r, scale));
  return pick(r, ["9223372036854775807", "-9223372036854775808", "-100000000", "100000000"]);
}

/** start and end: independent, or a short window (so ranges are often not empty). */
function window(r: Rand, inBits: boolean): [string, string] {
  const start = index(r, inBits);
  const n = Number(start);
  if (r() < 0.5 || !Number.isSafeInteger(n)) return [start, index(r, inBits)];
  const end = n + int(r, 40 * (inBits ? 8 : 1));
  return [start, String(n < 0 && end >= 0 ? -1 : end)];
}

const unit = (r: Rand): string[] => {
  const p = r();
  if (p < 0.35) return [];
  if (p < 0.65) return [pick(r, ["BIT", "bit", "Bit"])];
  if (p < 0.95) return [pick(r, ["BYTE", "byte"])];
  return ["BITS"];
};

/** One BITFIELD type: mostly valid (i1..i64, u1..u63), sometimes not. */
function fieldType(r: Rand): string {
  if (r() < 0.04) return pick(r, ["u64", "i65", "i0", "I8", "x8", "u", "i-1"]);
  const signed = r() < 0.5;
  const bits = pick(r, [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 32, 33, 63, signed ? 64 : 62, 1 + int(r, 63)]);
  return `${signed ? "i" : "u"}${bits}`;
}

/** A BITFIELD value or increment, small or at the int64 edges. */
function fieldValue(r: Rand): string {
  const p = r();
  if (p < 0.02) return "nope";
  if (p < 0.55) return String(int(r, 600) - 300);
  if (p < 0.8) return String((int(r, 2) ? 1 : -1) * 2 ** int(r, 53));
  return pick(r, ["9223372036854775807", "-9223372036854775808", "9223372036854775806", "-9223372036854775807", "4611686018427387904"]);
}

function fieldOffset(r: Rand): string {
  if (r() < 0.3) return `#${int(r, 40)}`;
  if (r() < 0.02) return pick(r, ["#-1", "-8", "4294967296", "x"]);
  return bitOffset(r);
}

/** BITFIELD's subcommands: a few GET/SET/INCRBY, OVERFLOW switches among them. */
function fieldOps(r: Rand, readOnly: boolean): string[] {
  const out: string[] = [];
  const n = int(r, 5);
  for (let i = 0; i < n; i++) {
    const p = r();
    if (p < 0.15) out.push("OVERFLOW", r() < 0.03 ? "BOUNCE" : pick(r, ["WRAP", "SAT", "FAIL", "fail", "sat"]));
    const t = fieldType(r);
    if (readOnly ? r() < 0.9 : p < 0.4) out.push(pick(r, ["GET", "get"]), t, fieldOffset(r));
    else out.push(pick(r, ["SET", "INCRBY", "incrby", "INCRBY"]), t, fieldOffset(r), fieldValue(r));
  }
  if (r() < 0.03) out.push(pick(r, ["GET", "SET", "FOO", "OVERFLOW"]));
  return out;
}

/** One command (plain key names). */
export function command(r: Rand): string[] {
  const k = key(r);
  const w = int(r, 100);
  if (w < 8) return ["SET", pick(r, STRINGS), value(r)];
  if (w < 12) return ["APPEND", k, value(r)];
  if (w < 17) return ["SETRANGE", k, r() < 0.03 ? "-1" : String(bytePos(r) - (r() < 0.4 ? 20 : 0)), r() < 0.4 ? dense(r) : value(r)];
  if (w < 23) return ["GETRANGE", k, ...window(r, false)];
  if (w < 25) return [pick(r, ["STRLEN", "DEL"]), k];
  if (w < 26) return ["RPUSH", pick(r, KEYS), "x"];
  if (w < 40) return ["SETBIT", k, bitOffset(r), r() < 0.04 ? pick(r, ["2", "-1", "x", "01"]) : r() < 0.75 ? "1" : "0"];
  if (w < 48) return ["GETBIT", k, bitOffset(r)];
  if (w < 58) {
    const n = int(r, 10);
    if (n === 0) return ["BITCOUNT", k];
    if (n === 1) return ["BITCOUNT", k, index(r, false)];
    const inBits = r() < 0.5;
    return ["BITCOUNT", k, ...window(r, inBits), ...(inBits ? [pick(r, ["BIT", "bit"])] : unit(r))];
  }
  if (w < 68) {
    const bit = r() < 0.04 ? pick(r, ["2", "-1", "x"]) : String(int(r, 2));
    const n = int(r, 10);
    if (n === 0) return ["BITPOS", k, bit];
    if (n < 3) return ["BITPOS", k, bit, index(r, false)];
    const inBits = r() < 0.5;
    return ["BITPOS", k, bit, ...window(r, inBits), ...(inBits ? [pick(r, ["BIT", "bit"])] : unit(r)), ...(r() < 0.02 ? ["x"] : [])];
  }
  if (w < 76) {
    const op = r() < 0.03 ? "NAND" : pick(r, ["AND", "OR", "XOR", "NOT", "and", "xor"]);
    const n = op.toUpperCase() === "NOT" ? (r() < 0.08 ? 2 : 1) : 1 + int(r, 3);
    return ["BITOP", op, pick(r, STRINGS), ...Array.from({ length: n }, () => key(r))];
  }
  if (w < 92) return ["BITFIELD", k, ...fieldOps(r, false)];
  return ["BITFIELD_RO", k, ...fieldOps(r, true)];
}
