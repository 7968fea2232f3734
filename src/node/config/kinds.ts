/**
 * The kinds of CONFIG parameter (config.c's bool, numeric, enum, string and special configs): how
 * each one parses a CONFIG SET value, with Redis 7.0's rules and error texts, and prints it for
 * CONFIG GET. A value is kept as its CONFIG GET text plus, for the node's own reads, a number.
 */

/** A parsed value: its CONFIG GET text and the number the node reads (bools 1/0, enums their value). */
export interface Parsed {
  text: string;
  num: number;
}

/** A refusal: the text after "CONFIG SET failed (possibly related to argument '<name>') - ". */
export interface Refusal {
  err: string;
}

export type ParseResult = Parsed | Refusal;

const U64 = 2n ** 64n;
const I64_MAX = 2n ** 63n - 1n;
/** "0", or an optional '-' then 1-9 then digits (util.c string2ll). */
const LL = /^(0|-?[1-9][0-9]*)$/;

/** util.c memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb); wraps like the C code. Null: err. */
export function memtoull(s: string): bigint | null {
  if (s.startsWith("-")) return null;
  const m = /^([0-9]*)(.*)$/s.exec(s)!;
  const unit = m[2]!.toLowerCase();
  const mul = ({ "": 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n ** 2n, mb: 1024n ** 2n, g: 1000n ** 3n, gb: 1024n ** 3n } as Record<string, bigint>)[unit];
  if (mul === undefined || m[1]!.length >= 128) return null;
  // strtoull saturates at ULLONG_MAX (ERANGE is not checked); the product wraps modulo 2^64.
  let v = m[1] === "" ? 0n : BigInt(m[1]!);
  if (v >= U64) v = U64 - 1n;
  return (v * mul) % U64;
}

/** string2ll over the whole 64-bit range; null if invalid. */
function string2ll(s: string): bigint | null {
  if (s.length === 0 || s.length > 20 || !LL.test(s)) return null;
  const n = BigInt(s);
  return n > I64_MAX || n < -I64_MAX - 1n ? null : n;
}

/** strtoll(s, &end, 10) with *end == '\0' required: leading spaces and a sign allowed, saturating. */
export function strtollWhole(s: string): bigint | null {
  if (s === "") return 0n; // no digits: strtoll reads 0 and stops at the terminator
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (!m) return null;
  let v = BigInt(m[2]!);
  if (v > I64_MAX) v = m[1] === "-" ? I64_MAX + 1n : I64_MAX;
  return m[1] === "-" ? -v : v;
}

export interface NumSpec {
  t: "num";
  def: bigint;
  min: bigint;
  max: bigint;
  /** size_t, unsigned int and unsigned long long: the bounds are compared as unsigned. */
  unsigned?: boolean;
  /** MEMORY_CONFIG: units accepted (1gb), a plain integer only through memtoull. */
  mem?: boolean;
  /** PERCENT_CONFIG: "10%" is stored as -10 and printed back as "10%". */
  percent?: boolean;
  /** OCTAL_CONFIG (unixsocketperm). */
  octal?: boolean;
  /** What Redis's apply function does to a value out of its working range (hz 1..500, repl-backlog-size >= 16kb). */
  clamp?: [bigint, bigint];
}

/** numericParseString + numericBoundaryCheck + the apply's clamp. */
export function parseNum(spec: NumSpec, s: string): ParseResult {
  let ll: bigint | null = null;
  if (spec.mem) {
    const m = memtoull(s);
    if (m !== null) ll = m > I64_MAX ? m - U64 : m; // stored through a long long
  }
  if (ll === null && spec.percent && s.length > 1 && s.endsWith("%")) {
    const p = string2ll(s.slice(0, -1));
    if (p !== null && p >= 0n) ll = -p;
  }
  if (ll === null && spec.octal && /^[ \t]*[+-]?[0-7]+$/.test(s)) ll = BigInt(`0o${s.trim().replace(/^[+-]/, "")}`) * (s.trim().startsWith("-") ? -1n : 1n);
  if (ll === null && !spec.mem && !spec.percent && !spec.octal) ll = string2ll(s);
  if (ll === null) {
    return {
      err: spec.mem && spec.percent ? "argument must be a memory or percent value"
        : spec.mem ? "argument must be a memory value"
        : spec.octal ? "argument couldn't be parsed as an octal number"
        : "argument couldn't be parsed into an integer",
    };
  }
  if (spec.unsigned) {
    const ull = ll < 0n ? ll + U64 : ll;
    if (ull > spec.max || ull < spec.min) {
      const f = (n: bigint) => (spec.octal ? n.toString(8) : n.toString());
      return { err: `argument must be between ${f(spec.min)} and ${f(spec.max)} inclusive` };
    }
    ll = ull;
  } else if (spec.percent && ll < 0n) {
    if (ll < spec.min) return { err: `percentage argument must be less or equal to ${-spec.min}` };
  } else if (ll > spec.max || ll < spec.min) {
    return { err: `argument must be between ${spec.min} and ${spec.max} inclusive` };
  }
  if (spec.clamp) ll = ll < spec.clamp[0] ? spec.clamp[0] : ll > spec.clamp[1] ? spec.clamp[1] : ll;
  return { text: formatNum(spec, ll), num: Number(ll) };
}

export function formatNum(spec: NumSpec, v: bigint): string {
  if (spec.percent && v < 0n) return `${-v}%`;
  return spec.octal ? v.toString(8) : v.toString();
}

export interface EnumSpec {
  t: "enum";
  /** Names and values in config.c's order (several names may share a value: CONFIG GET prints the first). */
  values: readonly (readonly [string, number])[];
  def: number;
  /** MULTI_ARG_CONFIG: space-separated names OR'ed together (shutdown-on-sigint). */
  multi?: boolean;
  validate?: (v: number) => string | null;
}

/** configEnumGetValue + enumConfigSet's error. */
export function parseEnum(spec: EnumSpec, s: string): ParseResult {
  const args = spec.multi ? s.split(" ") : [s];
  let v = 0;
  let ok = args.length > 0;
  for (const a of args) {
    const hit = spec.values.filter(([n]) => n.toLowerCase() === a.toLowerCase());
    if (hit.length === 0) ok = false;
    for (const [, x] of hit) v |= x;
  }
  if (!ok) return { err: `argument(s) must be one of the following: ${spec.values.map(([n]) => n).join(", ")}` };
  const bad = spec.validate?.(v);
  if (bad) return { err: bad };
  return { text: enumName(spec, v), num: v };
}

/** configEnumGetName: the first exact match; for bit flags, the names of the bits set. */
export function enumName(spec: EnumSpec, v: number): string {
  const names: string[] = [];
  let unmatched = v;
  for (const [n, x] of spec.values) {
    if (x === v) return n;
    if (spec.multi && x !== 0 && (unmatched & x) === x) {
      names.push(n);
      unmatched &= ~x;
    }
  }
  return names.length === 0 || unmatched !== 0 ? "unknown" : names.join(" ");
}

export function parseBool(s: string): ParseResult {
  const l = s.toLowerCase();
  if (l === "yes") return { text: "yes", num: 1 };
  if (l === "no") return { text: "no", num: 0 };
  return { err: "argument must be 'yes' or 'no'" };
}
