/**
 * Arguments shared by the hash-field TTL commands (Redis 8.0 t_hash.c): `FIELDS numfields field...`
 * and the expire time, with Redis's checks and error texts.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { bigIntArg, isOpt, rangeArg } from "../commands/args";
import { invalidExpireTime } from "./expire";

/**
 * The latest absolute time a field TTL may have, in ms: Redis keeps two of ebuckets' 48 bits for
 * later use (HFE_MAX_ABS_TIME_MSEC = EB_EXPIRE_TIME_MAX >> 2), about the year 4199.
 */
export const HFE_MAX_ABS_TIME_MS = (2n ** 48n - 1n) >> 2n;

/** LONG_MAX: the largest `numfields` most commands take. */
const LONG_MAX = 2n ** 63n - 1n;

/** HSETEX's `numfields` is an int. */
export const INT_MAX = 2n ** 31n - 1n;

export const NUMFIELDS_POSITIVE = "ERR Number of fields must be a positive integer";
const FIELDS_MISSING = "ERR Mandatory argument FIELDS is missing or not at the right position";
const NUMFIELDS_MISMATCH = "ERR The `numfields` parameter must match the number of arguments";

/**
 * The fields of `FIELDS numfields field...` where argv[at] must be FIELDS and the fields run to
 * the end. `countError` is the command's text for a bad `numfields`.
 */
export function fieldsArg(argv: BStr[], at: number, countError: string): BStr[] {
  if (!isOpt(argv[at], "fields")) throw new ReplyError(FIELDS_MISSING);
  // HGETEX k EX 10 FIELDS (no numfields) would read past argv in Redis; answer as an arity error.
  if (at + 1 >= argv.length) throw new ReplyError(ERR.wrongArity(argv[0]!.toLowerCase()));
  const n = rangeArg(argv[at + 1]!, 1n, LONG_MAX, countError);
  if (n !== argv.length - at - 2) throw new ReplyError(NUMFIELDS_MISMATCH);
  return argv.slice(at + 2);
}

/**
 * parseExpireTime: `arg` (seconds or ms) as an absolute time in ms from `basetime` (now for the
 * relative forms, 0 for the *AT forms). Negative: "must be >= 0"; past HFE_MAX_ABS_TIME_MS:
 * "invalid expire time in '<name>' command".
 */
export function fieldExpireTime(arg: BStr, seconds: boolean, basetime: number, name: string): number {
  let val = bigIntArg(arg);
  if (val < 0n) throw new ReplyError("ERR invalid expire time, must be >= 0");
  if (seconds) {
    if (val > HFE_MAX_ABS_TIME_MS / 1000n) throw invalidExpireTime(name);
    val *= 1000n;
  }
  if (val > HFE_MAX_ABS_TIME_MS - BigInt(basetime)) throw invalidExpireTime(name);
  return Number(val) + basetime;
}
