/**
 * Reply: the value every command produces, independent of the wire protocol.
 * The RESP encoder turns it into RESP2 or RESP3 bytes (downgrading maps, doubles, booleans the way
 * Redis does); the REST gateway turns it into JSON. Bulk strings are byte strings (see bytes.ts).
 * Replies cross Durable Object RPC boundaries, so they are plain structured-cloneable objects.
 */
import type { BStr } from "./bytes";

export type Reply =
  | { t: "simple"; v: string }
  | { t: "error"; v: string } // full text without the leading '-', e.g. "ERR syntax error"
  | { t: "int"; v: number | bigint } // bigint only beyond 2^53 (INCR near the int64 limits)
  | { t: "bulk"; v: BStr }
  | { t: "null" } // RESP2 "$-1" (null bulk); RESP3 "_"
  | { t: "nullarray" } // RESP2 "*-1"; RESP3 "_"
  // `count`: a header that differs from v.length. Only EXEC of a block with (un)subscribe commands,
  // which Redis writes with one element per channel but counts one per command.
  | { t: "array"; v: Reply[]; count?: number }
  | { t: "set"; v: Reply[] } // RESP3 '~', RESP2 array
  | { t: "map"; v: [Reply, Reply][] } // RESP3 '%', RESP2 flat array
  // `text`: the exact digits when a JS number cannot carry them (a NaN's sign: Redis prints "-nan").
  | { t: "double"; v: number; text?: string } // RESP3 ',', RESP2 bulk string
  | { t: "bool"; v: boolean } // RESP3 '#', RESP2 integer 1/0
  | { t: "verbatim"; format: string; v: BStr } // RESP3 '=', RESP2 bulk string
  | { t: "bignum"; v: string } // RESP3 '(' (digits, maybe a sign), RESP2 bulk string
  | { t: "push"; v: Reply[] }; // RESP3 '>', RESP2 array

export const OK: Reply = { t: "simple", v: "OK" };
export const QUEUED: Reply = { t: "simple", v: "QUEUED" };
export const NULL: Reply = { t: "null" };
export const NULL_ARRAY: Reply = { t: "nullarray" };
export const EMPTY_ARRAY: Reply = { t: "array", v: [] };

export const simple = (v: string): Reply => ({ t: "simple", v });
/** Integer reply; a bigint inside the safe range becomes a number, so only huge values stay bigint. */
export const int = (v: number | bigint): Reply =>
  ({ t: "int", v: typeof v === "bigint" && v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v });
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const bulk = (v: BStr): Reply => ({ t: "bulk", v });
export const bulkOrNull = (v: BStr | null | undefined): Reply => (v == null ? NULL : { t: "bulk", v });
export const arr = (v: Reply[]): Reply => ({ t: "array", v });
export const bulks = (v: BStr[]): Reply => ({ t: "array", v: v.map(bulk) });
export const map = (v: [Reply, Reply][]): Reply => ({ t: "map", v });
export const set = (v: Reply[]): Reply => ({ t: "set", v });
export const double = (v: number): Reply => ({ t: "double", v });
export const bool = (v: boolean): Reply => ({ t: "bool", v });
export const verbatim = (v: BStr, format = "txt"): Reply => ({ t: "verbatim", format, v });
/**
 * About how many bytes `r` takes encoded or serialized (16 per element header): what the output
 * and node-reply limits measure, not an exact size.
 */
export function replySize(r: Reply): number {
  switch (r.t) {
    case "simple": case "error": case "bulk": case "verbatim": case "bignum": return 16 + r.v.length;
    case "array": case "set": case "push": return r.v.reduce((n, x) => n + replySize(x), 16);
    case "map": return r.v.reduce((n, [k, v]) => n + replySize(k) + replySize(v), 16);
    default: return 16;
  }
}

/** An error reply; `text` starts with its code, e.g. "ERR syntax error", "WRONGTYPE Operation ...". */
export const error = (text: string): Reply => ({ t: "error", v: text });

/**
 * Thrown by command code for an error reply. The dispatcher catches it, rolls the command's
 * storage writes back (each command runs in its own SQLite transaction) and replies with it.
 */
export class ReplyError extends Error {
  constructor(readonly text: string) {
    super(text);
  }
  get reply(): Reply {
    return error(this.text);
  }
}

/** Redis's shared error texts (server.c createSharedObjects), so every command words them alike. */
export const ERR = {
  syntax: "ERR syntax error",
  notInteger: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  noSuchKey: "ERR no such key",
  outOfRange: "ERR index out of range",
  overflow: "ERR increment or decrement would overflow",
  crossSlot: "CROSSSLOT Keys in request don't hash to the same slot",
  noAuth: "NOAUTH Authentication required.",
  wrongPass: "WRONGPASS invalid username-password pair or user is disabled.",
  wrongArity: (name: string) => `ERR wrong number of arguments for '${name}' command`,
} as const;
