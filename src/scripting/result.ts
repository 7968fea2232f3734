/**
 * A script's result as the Lua glue writes it (native/lua/redis-lua.c lua_to_resp: RESP3 bytes,
 * trusted, complete) → a Reply. The client's connection then downgrades RESP3 types for RESP2
 * clients as for any command (maps flatten, doubles become bulk strings, booleans 1/0).
 */
import type { BStr } from "../resp/bytes";
import { arr, bool, bulk, double, error, int, map, NULL, set, simple, verbatim, type Reply } from "../resp/reply";

export function parseScriptResult(s: BStr): Reply {
  let at = 0;
  const line = (): string => {
    const end = s.indexOf("\r\n", at);
    const text = s.slice(at + 1, end);
    at = end + 2;
    return text;
  };
  const one = (): Reply => {
    const type = s[at];
    const text = line();
    switch (type) {
      case "+": return simple(text);
      case "-": return error(text);
      case ":": {
        const n = BigInt(text);
        return int(n);
      }
      case "$": {
        const n = Number(text);
        const v = s.slice(at, at + n);
        at += n + 2;
        return bulk(v);
      }
      case "=": {
        const n = Number(text);
        const v = s.slice(at, at + n);
        at += n + 2;
        return verbatim(v.slice(4), v.slice(0, 3));
      }
      case "*": case "~": {
        const items: Reply[] = [];
        for (let i = Number(text); i > 0; i--) items.push(one());
        return type === "*" ? arr(items) : set(items);
      }
      case "%": {
        const pairs: [Reply, Reply][] = [];
        for (let i = Number(text); i > 0; i--) pairs.push([one(), one()]);
        return map(pairs);
      }
      case ",": {
        const v = text === "inf" ? Infinity : text === "-inf" ? -Infinity : Number(text);
        return Number.isNaN(v) ? { t: "double", v, text } : double(v);
      }
      case "#": return bool(text === "t");
      case "(": return { t: "bignum", v: text };
      default: return NULL;
    }
  };
  return one();
}
