/**
 * SORT's SQL-like options, parsed left to right as sortCommandGeneric does: ASC, DESC, ALPHA,
 * LIMIT offset count, STORE key (SORT only), BY pattern, GET pattern. The first bad option
 * answers its error and nothing runs; the key to sort is looked at only after.
 *
 * Cluster mode: a BY pattern holding '*' and every GET (even GET #) name keys derived from the
 * elements, which may live in any slot, so Redis 7.0 refuses them in a cluster, and so does every
 * node here (this is always a cluster). A BY pattern without '*' (e.g. `nosort`) only means
 * "do not sort" and is accepted.
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError } from "../resp/reply";
import { intArg } from "../commands/args";

export const BY_DENIED = "ERR BY option of SORT denied in Cluster mode.";
export const GET_DENIED = "ERR GET option of SORT denied in Cluster mode.";

export interface SortOptions {
  desc: boolean;
  alpha: boolean;
  /** LIMIT's offset and count as given (count -1: all). */
  limitStart: number;
  limitCount: number;
  /** STORE's destination (the last one given), or null. */
  store: BStr | null;
  /** A BY pattern without '*': keep the collection's own order. */
  dontSort: boolean;
}

/** strchr(pattern, '*'): C looks no further than the first NUL byte. */
function hasStar(pattern: BStr): boolean {
  const nul = pattern.indexOf("\0");
  return (nul < 0 ? pattern : pattern.slice(0, nul)).includes("*");
}

/** Parses argv[2...] of SORT (readOnly false) or SORT_RO (readOnly true, no STORE). */
export function parseSortOptions(argv: BStr[], readOnly: boolean): SortOptions {
  const o: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, store: null, dontSort: false };
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j]!.toLowerCase();
    if (opt === "asc") {
      o.desc = false;
    } else if (opt === "desc") {
      o.desc = true;
    } else if (opt === "alpha") {
      o.alpha = true;
    } else if (opt === "limit" && left >= 2) {
      o.limitStart = intArg(argv[j + 1]!);
      o.limitCount = intArg(argv[j + 2]!);
      j += 2;
    } else if (!readOnly && opt === "store" && left >= 1) {
      o.store = argv[++j]!;
    } else if (opt === "by" && left >= 1) {
      if (hasStar(argv[++j]!)) throw new ReplyError(BY_DENIED);
      o.dontSort = true;
    } else if (opt === "get" && left >= 1) {
      throw new ReplyError(GET_DENIED);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return o;
}

/**
 * The range of the sorted vector to output, as sortCommandGeneric clamps LIMIT: [start, end],
 * empty when end < start.
 */
export function limitRange(o: SortOptions, length: number): { start: number; end: number } {
  let start = Math.min(Math.max(o.limitStart, 0), length);
  const count = Math.min(Math.max(o.limitCount, -1), length);
  let end = count < 0 ? length - 1 : start + count - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;
  return { start, end };
}
