/**
 * Random sequences of bit and string commands on values that straddle chunk boundaries, against
 * a plain byte-array model: replies, lengths and the whole values must agree, and the layout's
 * rules (inline up to one chunk, chunks full but the last) must hold after every command. The
 * replies' Redis semantics are pinned elsewhere (replies.test.ts, the e2e differential); this
 * checks that the row-level reads and writes see and change exactly the right bytes.
 * Replay: BITMAP_MODEL_SEED=<n> npx vitest run --project unit test/unit/bitmaps/model.test.ts
 */
import { describe, expect, it } from "vitest";
import { STRING_CHUNK_BYTES as CHUNK } from "../../../src/keyspace/db";
import { harness, plain, type Harness, type Plain } from "./harness";
import { Rng } from "../../sim/rng";

const SEED = Number(process.env.BITMAP_MODEL_SEED ?? 7);
const STEPS = Number(process.env.BITMAP_MODEL_STEPS ?? 300);
const KEYS = ["{m}a", "{m}b", "{m}c"];

/** The values as plain byte arrays, and each command's reply computed bit by bit. */
class Model {
  values = new Map<string, Uint8Array>();
  private get(k: string): Uint8Array {
    return this.values.get(k) ?? new Uint8Array(0);
  }
  private grow(k: string, len: number): Uint8Array {
    const v = this.get(k);
    if (v.length >= len && this.values.has(k)) return v;
    const out = new Uint8Array(Math.max(len, v.length));
    out.set(v);
    this.values.set(k, out);
    return out;
  }
  bit(k: string, i: number): number {
    const v = this.get(k);
    return i >> 3 < v.length ? (v[i >> 3]! >> (7 - (i & 7))) & 1 : 0;
  }
  setbit(k: string, i: number, on: number): number {
    const old = this.bit(k, i);
    const v = this.grow(k, (i >> 3) + 1);
    v[i >> 3] = on ? v[i >> 3]! | (0x80 >> (i & 7)) : v[i >> 3]! & ~(0x80 >> (i & 7));
    return old;
  }
  setrange(k: string, off: number, data: Uint8Array): number {
    if (data.length === 0) return this.get(k).length;
    this.grow(k, off + data.length).set(data, off);
    return this.get(k).length;
  }
  append(k: string, data: Uint8Array): number {
    const v = this.get(k);
    const out = new Uint8Array(v.length + data.length);
    out.set(v);
    out.set(data, v.length);
    this.values.set(k, out);
    return out.length;
  }
  /** The inclusive bit range, as Redis clips start/end; null when empty. */
  range(k: string, start: number, end: number, inBits: boolean): [number, number] | null {
    const total = this.get(k).length * (inBits ? 8 : 1);
    if (start < 0) start += total;
    if (end < 0) end += total;
    start = Math.max(0, start);
    end = Math.min(Math.max(0, end), total - 1);
    if (start > end) return null;
    return inBits ? [start, end] : [start * 8, end * 8 + 7];
  }
  bitcount(k: string, r: [number, number] | null): number {
    if (!r) return 0;
    let n = 0;
    const v = this.get(k);
    for (let i = r[0]; i <= r[1]; i++) {
      if ((i & 7) === 0 && i + 7 <= r[1] && v[i >> 3] === 0) { i += 7; continue; }
      n += this.bit(k, i);
    }
    return n;
  }
  bitpos(k: string, bit: number, r: [number, number] | null, endGiven: boolean): number {
    if (!r) return -1;
    const v = this.get(k);
    for (let i = r[0]; i <= r[1]; i++) {
      if ((i & 7) === 0 && i + 7 <= r[1] && v[i >> 3] === (bit ? 0 : 0xff)) { i += 7; continue; }
      if (this.bit(k, i) === bit) return i;
    }
    return bit === 0 && !endGiven ? r[1] + 1 : -1;
  }
  bitop(op: string, dest: string, srcs: string[]): number {
    const vs = srcs.map((s) => this.get(s));
    const len = Math.max(0, ...vs.map((v) => v.length));
    if (len === 0) { this.values.delete(dest); return 0; }
    const out = new Uint8Array(len);
    for (let j = 0; j < len; j++) {
      let x = vs[0]![j] ?? 0;
      if (op === "NOT") x = ~x & 0xff;
      for (const v of vs.slice(1)) x = op === "AND" ? x & (v[j] ?? 0) : op === "OR" ? x | (v[j] ?? 0) : x ^ (v[j] ?? 0);
      out[j] = x;
    }
    this.values.set(dest, out);
    return len;
  }
  /** BITFIELD SET (WRAP) of a `bits`-bit field: the old value as the type reads it. */
  fieldSet(k: string, signed: boolean, bits: number, off: number, value: bigint): string | number {
    let old = 0n;
    for (let j = 0; j < bits; j++) old = (old << 1n) | BigInt(this.bit(k, off + j));
    this.grow(k, ((off + bits - 1) >> 3) + 1);
    const raw = BigInt.asUintN(bits, value);
    for (let j = 0; j < bits; j++) this.setbit(k, off + j, Number((raw >> BigInt(bits - 1 - j)) & 1n));
    const typed = signed ? BigInt.asIntN(bits, old) : old;
    return Number.isSafeInteger(Number(typed)) ? Number(typed) : `${typed}n`;
  }
}

/** A byte position near the start, around a chunk boundary, or anywhere in a few chunks. */
function bytePos(r: () => number): number {
  const pick = r();
  if (pick < 0.25) return Math.floor(r() * 16);
  if (pick < 0.8) return (1 + Math.floor(r() * 2)) * CHUNK + Math.floor(r() * 8) - 4;
  return Math.floor(r() * 2.3 * CHUNK);
}

function step(h: Harness, m: Model, r: () => number): { argv: string[]; want: Plain } {
  const k = KEYS[Math.floor(r() * KEYS.length)]!;
  const any = () => KEYS[Math.floor(r() * KEYS.length)]!;
  const kind = Math.floor(r() * 9);
  const small = () => Buffer.from(Array.from({ length: 1 + Math.floor(r() * 6) }, () => Math.floor(r() * 256)));
  const signedInt = () => Math.floor(r() * 200000) - 100000;
  switch (kind) {
    case 0: case 1: {
      const i = bytePos(r) * 8 + Math.floor(r() * 8);
      const on = r() < 0.7 ? 1 : 0;
      return { argv: ["SETBIT", k, String(i), String(on)], want: m.setbit(k, i, on) };
    }
    case 2: {
      const i = bytePos(r) * 8 + Math.floor(r() * 8);
      return { argv: ["GETBIT", k, String(i)], want: m.bit(k, i) };
    }
    case 3: {
      const d = small();
      const off = bytePos(r);
      return { argv: ["SETRANGE", k, String(off), d.toString("latin1")], want: m.setrange(k, off, d) };
    }
    case 4: {
      const d = small();
      return { argv: ["APPEND", k, d.toString("latin1")], want: m.append(k, d) };
    }
    case 5: {
      const inBits = r() < 0.5;
      const s = r() < 0.3 ? signedInt() : (inBits ? 8 : 1) * bytePos(r) + Math.floor(r() * 8);
      const e = r() < 0.3 ? signedInt() : s + Math.floor(r() * (inBits ? 80 : 10) * (r() < 0.2 ? CHUNK / 4 : 1));
      return { argv: ["BITCOUNT", k, String(s), String(e), inBits ? "BIT" : "BYTE"], want: m.bitcount(k, m.range(k, s, e, inBits)) };
    }
    case 6: {
      const bit = r() < 0.5 ? 1 : 0;
      const inBits = r() < 0.5;
      const s = (inBits ? 8 : 1) * bytePos(r);
      if (r() < 0.3) return { argv: ["BITPOS", k, String(bit), String(s)], want: m.bitpos(k, bit, m.range(k, s, -1, false), false) };
      const e = s + Math.floor(r() * (inBits ? 800 : 100));
      return { argv: ["BITPOS", k, String(bit), String(s), String(e), inBits ? "BIT" : "BYTE"], want: m.bitpos(k, bit, m.range(k, s, e, inBits), true) };
    }
    case 7: {
      const op = ["AND", "OR", "XOR", "NOT"][Math.floor(r() * 4)]!;
      const srcs = op === "NOT" ? [any()] : [any(), any(), ...(r() < 0.3 ? [any()] : [])];
      return { argv: ["BITOP", op, k, ...srcs], want: m.bitop(op, k, srcs) };
    }
    default: {
      const signed = r() < 0.5;
      const bits = 1 + Math.floor(r() * (signed ? 64 : 63));
      const off = bytePos(r) * 8 + Math.floor(r() * 8);
      const value = BigInt(signedInt()) * BigInt(Math.floor(r() * 1e6));
      return { argv: ["BITFIELD", k, "SET", `${signed ? "i" : "u"}${bits}`, String(off), String(value)], want: [m.fieldSet(k, signed, bits, off, value)] };
    }
  }
}

describe(`bit commands against a byte-array model across chunk boundaries (seed ${SEED})`, () => {
  it(`${STEPS} random commands agree with the model, byte for byte`, { timeout: 60_000 }, () => {
    const h = harness();
    const m = new Model();
    const g = new Rng(SEED);
    const r = () => g.next();
    // Start from values around the boundary so growth, in-place writes and BITOP all cross it.
    for (const [k, n] of [["{m}a", CHUNK - 3], ["{m}b", CHUNK + 5]] as const) {
      const v = Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff);
      h.cmd("SET", k, Buffer.from(v).toString("latin1"));
      m.values.set(k, v);
    }
    const log: string[] = [];
    for (let i = 0; i < STEPS; i++) {
      const { argv, want } = step(h, m, r);
      log.push(argv.map((a) => (a.length > 20 ? `<${a.length} bytes>` : a)).join(" "));
      const where = `step ${i} (seed ${SEED}): ${log.slice(-5).join(" | ")}`;
      expect(plain(h.cmd(...argv)), where).toEqual(want);
      for (const key of KEYS) {
        const v = m.values.get(key);
        expect(plain(h.cmd("STRLEN", key)), `${where}: STRLEN ${key}`).toBe(v?.length ?? 0);
        if (i % 25 === 24 || i === STEPS - 1) expect(plain(h.cmd("GET", key)) === (v ? Buffer.from(v).toString("latin1") : null), `${where}: GET ${key}`).toBe(true);
        checkRows(h, key);
      }
    }
  });
});

/** inline ⇔ at most one chunk; chunks numbered from 0, full but the last. */
function checkRows(h: Harness, key: string): void {
  const row = h.db.one("SELECT id, LENGTH(value) AS n FROM keys WHERE key = ?", Buffer.from(key, "latin1"));
  if (!row) return;
  const chunks = h.db.rows("SELECT idx, LENGTH(data) AS n FROM string_chunks WHERE kid = ? ORDER BY idx", row.id);
  if (row.n !== null) {
    expect(chunks.length === 0 && (row.n as number) <= CHUNK, `${key}: inline`).toBe(true);
    return;
  }
  const ok = chunks.every((c, i) => c.idx === i && (i === chunks.length - 1 || c.n === CHUNK));
  expect(ok && chunks.reduce((n, c) => n + (c.n as number), 0) > CHUNK, `${key}: chunks ${JSON.stringify(chunks)}`).toBe(true);
}
