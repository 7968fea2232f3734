/**
 * Reply → JSON, the Upstash REST way: RESP2 shapes (maps flattened, doubles as strings, booleans as
 * 1/0, sets as arrays), bulk strings as UTF-8 text. With `Upstash-Encoding: base64` every string is
 * base64 of its bytes, recursively, except a top-level "OK" status; numbers and null unchanged;
 * errors are never encoded.
 */
import { toText, type BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import { formatDouble } from "../commands/args";

export type Json = string | number | null | Json[];

const str = (s: BStr, b64: boolean): string => (b64 ? btoa(s) : toText(s));

/** One reply as a JSON value (nested: no "OK" exemption). */
export function jsonValue(r: Reply, b64: boolean): Json {
  switch (r.t) {
    case "simple":
      return b64 ? btoa(r.v) : r.v;
    case "bulk":
    case "verbatim":
      return str(r.v, b64);
    case "bignum":
      return b64 ? btoa(r.v) : r.v;
    case "error":
      return toText(r.v);
    case "int":
      // JSON has no exact integers beyond 2^53; clients read them as doubles anyway.
      return Number(r.v);
    case "double":
      return b64 ? btoa(r.text ?? formatDouble(r.v)) : (r.text ?? formatDouble(r.v));
    case "bool":
      return r.v ? 1 : 0;
    case "null":
    case "nullarray":
      return null;
    case "array":
    case "set":
    case "push": {
      const out = new Array<Json>(r.v.length);
      for (let i = 0; i < r.v.length; i++) out[i] = jsonValue(r.v[i]!, b64);
      return out;
    }
    case "map": {
      const out = new Array<Json>(r.v.length * 2);
      for (let i = 0; i < r.v.length; i++) {
        out[2 * i] = jsonValue(r.v[i]![0], b64);
        out[2 * i + 1] = jsonValue(r.v[i]![1], b64);
      }
      return out;
    }
  }
}

/** A top-level result: like jsonValue, but a top-level "OK" status stays as is. */
export function jsonResult(r: Reply, b64: boolean): Json {
  if (b64 && r.t === "simple" && r.v === "OK") return "OK";
  return jsonValue(r, b64);
}

/** A pipeline / multi-exec entry: `{"result": ...}` or `{"error": "..."}`. */
export function jsonEntry(r: Reply, b64: boolean): { result: Json } | { error: string } {
  return r.t === "error" ? { error: toText(r.v) } : { result: jsonResult(r, b64) };
}
