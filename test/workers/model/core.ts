/**
 * Shared pieces of the reference model (see model.ts): values, errors, Redis's number parsing and
 * formatting, and the keyspace with its WRONGTYPE check.
 */

/**
 * The model's replies: RESP2 shapes only, integers exact (bigint beyond 2^53), independent of
 * src/resp so that a lossy Reply encoding in the project shows up as a difference.
 */
export type MReply =
  | { t: "simple" | "error" | "bulk"; v: string }
  | { t: "int"; v: number | bigint }
  | { t: "null" | "nullarray" }
  | { t: "array"; v: MReply[] };

export type Value =
  | { t: "string"; v: string }
  | { t: "hash"; v: Map<string, string> }
  | { t: "list"; v: string[] }
  | { t: "set"; v: Set<string> }
  | { t: "zset"; v: Map<string, number> };

export class ModelError extends Error {}

export const E = {
  syntax: "ERR syntax error",
  notInt: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  overflow: "ERR increment or decrement would overflow",
  notPositive: "ERR value is out of range, must be positive",
  arity: (name: string) => `ERR wrong number of arguments for '${name}' command`,
};

export const R = {
  ok: { t: "simple", v: "OK" } as MReply,
  nil: { t: "null" } as MReply,
  nilArray: { t: "nullarray" } as MReply,
  int: (v: number | bigint): MReply => ({ t: "int", v }),
  bulk: (v: string): MReply => ({ t: "bulk", v }),
  bulks: (v: string[]): MReply => ({ t: "array", v: v.map((x) => ({ t: "bulk", v: x }) as MReply) }),
  score: (d: number): MReply => ({ t: "bulk", v: fmtDouble(d) }),
  array: (v: MReply[]): MReply => ({ t: "array", v }),
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Redis's string2ll: no sign '+', no leading zeros or spaces, within int64. */
export function parseLL(s: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s)) return null;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

export function intArg(s: string): number {
  const n = parseLL(s);
  if (n === null) throw new ModelError(E.notInt);
  return Number(n);
}

/** `getPositiveLongFromObjectOrReply` (count of LPOP, ZPOPMIN, ...). */
export function countArg(s: string): number {
  const n = parseLL(s);
  if (n === null || n < 0n) throw new ModelError(E.notPositive);
  return Number(n);
}

/**
 * C's strtod over the whole string (the subset the generator produces: decimal, integer hex,
 * inf/infinity, nan): the value, or null when characters are left over. `erange` as strtod's errno.
 */
export function strtod(s: string): { value: number; erange: boolean } | null {
  const t = s.replace(/^[ \t\n\v\f\r]+/, "");
  if (t === "") return s === "" ? { value: 0, erange: false } : null;
  if (/^[+-]?inf(inity)?$/i.test(t)) return { value: t.startsWith("-") ? -Infinity : Infinity, erange: false };
  if (/^[+-]?nan$/i.test(t)) return { value: NaN, erange: false };
  const hex = /^([+-]?)0x([0-9a-f]+)$/i.exec(t);
  if (hex) return { value: (hex[1] === "-" ? -1 : 1) * parseInt(hex[2]!, 16), erange: false };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const value = Number(t);
  const nonZero = /[1-9]/.test(t.split(/[eE]/)[0]!);
  return { value, erange: !Number.isFinite(value) || (value === 0 && nonZero) };
}

/** Redis's getDoubleFromObject: no leading space, no overflow/underflow to 0, no NaN. */
export function parseDouble(s: string): number | null {
  const r = strtod(s);
  if (s === "" || /^\s/.test(s) || !r || Number.isNaN(r.value)) return null;
  if (r.erange && (!Number.isFinite(r.value) || r.value === 0)) return null;
  return r.value;
}

export function floatArg(s: string): number {
  const d = parseDouble(s);
  if (d === null) throw new ModelError(E.notFloat);
  return d;
}

/** printf("%.17g"), Redis 7.0's double replies; infinities as "inf"/"-inf". */
export function fmtDouble(d: number): string {
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const [mant, ex] = d.toExponential(16).split("e") as [string, string];
  const x = Number(ex);
  const strip = (m: string) => (m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m);
  if (x < -4 || x >= 17) return `${strip(mant)}e${x < 0 ? "-" : "+"}${String(Math.abs(x)).padStart(2, "0")}`;
  return strip(d.toFixed(16 - x));
}

/** Redis's index sanitizing for LRANGE/ZRANGE by rank: [start, end] inclusive, or null if empty. */
export function rankRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  return [start, Math.min(end, len - 1)];
}

export type Handler = (m: Store, a: string[]) => MReply;
export interface ModelCommand { arity: number; run: Handler }

export class Store {
  readonly keys = new Map<string, Value>();

  /** The value at `key` if it has type `t`, undefined if absent; WRONGTYPE otherwise. */
  get<T extends Value["t"]>(key: string, t: T): Extract<Value, { t: T }> | undefined {
    const v = this.keys.get(key);
    if (v && v.t !== t) throw new ModelError(E.wrongType);
    return v as Extract<Value, { t: T }> | undefined;
  }

  getOrCreate<T extends Value["t"]>(key: string, t: T, make: () => Extract<Value, { t: T }>["v"]): Extract<Value, { t: T }> {
    let v = this.get(key, t);
    if (!v) {
      v = { t, v: make() } as unknown as Extract<Value, { t: T }>;
      this.keys.set(key, v);
    }
    return v;
  }

  /** Deletes a collection left empty, as Redis does after every removal. */
  dropIfEmpty(key: string): void {
    const v = this.keys.get(key);
    if (!v || v.t === "string") return;
    const size = v.t === "list" ? v.v.length : v.v.size;
    if (size === 0) this.keys.delete(key);
  }
}

export function incrBy(old: bigint, by: bigint): bigint {
  const r = old + by;
  if (r < INT64_MIN || r > INT64_MAX) throw new ModelError(E.overflow);
  return r;
}
