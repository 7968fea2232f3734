/**
 * Byte strings. Redis strings are binary-safe byte arrays; inside this project they travel as
 * "byte strings" (BStr): JS strings whose every UTF-16 code unit is one byte (0..255). That keeps
 * them cheap to compare, hash into Maps, slice and send over RPC, and their code-unit order is
 * memcmp order, the order Redis sorts members in. Conversions happen only at the edges:
 * SQLite BLOBs, RESP sockets (Uint8Array) and JSON (UTF-8 text).
 */
export type BStr = string;

const CHUNK = 0x8000;

/** C isspace() in the "C" locale, for one byte (a code unit; NaN, past a string's end, is not). */
export const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

const asciiDecoder = new TextDecoder();

/** Every byte below 0x80: then UTF-8 decoding is the identity, and the runtime's decoder is the fast way. */
function isAscii(u8: Uint8Array): boolean {
  for (let i = 0; i < u8.length; i++) if (u8[i]! > 0x7f) return false;
  return true;
}

/** Uint8Array/ArrayBuffer → byte string. */
export function fromBytes(data: Uint8Array | ArrayBuffer): BStr {
  const u8 = data instanceof Uint8Array ? data : new Uint8Array(data);
  // Most stored bytes are text, and the runtime's decoder beats fromCharCode.apply on workerd.
  if (isAscii(u8)) return asciiDecoder.decode(u8);
  if (u8.length <= CHUNK) return String.fromCharCode.apply(null, u8 as unknown as number[]);
  let out = "";
  for (let i = 0; i < u8.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, u8.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

/** Byte string → Uint8Array. */
export function toBytes(s: BStr): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Text (any JS string, e.g. from JSON) → byte string of its UTF-8 encoding. */
export function fromText(text: string): BStr {
  // Pure ASCII is already its own byte string: skip the round trip on the hot path.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return fromBytes(utf8Encoder.encode(text));
}

/** Byte string → text, decoding UTF-8 (invalid sequences become U+FFFD, as JSON clients expect). */
export function toText(s: BStr): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return utf8Decoder.decode(toBytes(s));
}
