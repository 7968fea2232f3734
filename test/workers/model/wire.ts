/**
 * Comparing replies as RESP2 bytes ("wire" strings, one char per byte), so that every detail a
 * client sees counts: simple vs bulk strings, `$-1` vs `*-1`, integers beyond 2^53 digit for digit.
 * Only replies whose order Redis leaves unspecified are normalized (sorted): SMEMBERS, SINTER,
 * SUNION members and HGETALL field/value pairs.
 */
import { RespReplyParser } from "../../../src/resp/parser";
import type { Reply } from "../../../src/resp/reply";
import type { MReply } from "./core";
import type { Command } from "./generator";

export function toResp2(r: MReply): string {
  switch (r.t) {
    case "simple": return `+${r.v}\r\n`;
    case "error": return `-${r.v}\r\n`;
    case "int": return `:${r.v}\r\n`;
    case "bulk": return `$${r.v.length}\r\n${r.v}\r\n`;
    case "null": return "$-1\r\n";
    case "nullarray": return "*-1\r\n";
    case "array": return `*${r.v.length}\r\n${r.v.map(toResp2).join("")}`;
  }
}

export const bytesToWire = (b: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

const wireToBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** One whole reply parsed by the project's client parser (throws on anything else). */
function parseOne(wire: string): Reply {
  const p = new RespReplyParser();
  p.push(wireToBytes(wire));
  const r = p.next();
  if (r === null || !("t" in r)) throw new Error(`not one RESP reply: ${JSON.stringify(wire)}`);
  return r;
}

const UNORDERED = new Set(["SMEMBERS", "SINTER", "SUNION"]);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The reply's RESP2 bytes, with the unordered replies (arrays of bulks) put in sorted order. */
export function canonical(argv: Command, wire: string): string {
  const name = argv[0]!.toUpperCase();
  if (!UNORDERED.has(name) && name !== "HGETALL") return wire;
  const r = parseOne(wire);
  if (r.t !== "array" || !r.v.every((x) => x.t === "bulk")) return wire;
  const items = r.v.map((x) => (x as { v: string }).v);
  let sorted: string[];
  if (name === "HGETALL") {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i]!, items[i + 1]!]);
    sorted = pairs.sort((a, b) => cmp(a[0], b[0])).flat();
    if (items.length % 2) sorted.push(items[items.length - 1]!);
  } else {
    sorted = [...items].sort(cmp);
  }
  return toResp2({ t: "array", v: sorted.map((v) => ({ t: "bulk", v })) });
}

/** redis-cli-like one-line rendering of RESP2 bytes (integers exact). */
export function showWire(wire: string): string {
  let pos = 0;
  const line = () => {
    const end = wire.indexOf("\r\n", pos);
    const s = wire.slice(pos, end < 0 ? wire.length : end);
    pos = end < 0 ? wire.length : end + 2;
    return s;
  };
  const one = (): string => {
    const l = line();
    const body = l.slice(1);
    switch (l[0]) {
      case "+": return body;
      case "-": return `(error) ${body}`;
      case ":": return `(integer) ${body}`;
      case "$": {
        if (body === "-1") return "(nil)";
        const s = wire.slice(pos, pos + Number(body));
        pos += Number(body) + 2;
        return s.length <= 80 ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, 24))}...${JSON.stringify(s.slice(-24))} (${s.length} bytes)`;
      }
      case "*": {
        if (body === "-1") return "(nil array)";
        return `[${Array.from({ length: Number(body) }, one).join(", ")}]`;
      }
      default: return `(raw) ${JSON.stringify(wire)}`;
    }
  };
  const out = one();
  return pos === wire.length ? out : `${out} (+ trailing ${JSON.stringify(wire.slice(pos))})`;
}
