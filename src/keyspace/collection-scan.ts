/**
 * HSCAN / SSCAN / ZSCAN: one cursor + MATCH + COUNT implementation for every collection type.
 *
 * The cursor is an offset into the collection in key order (the order its element table's primary
 * key gives): a page examines the `count` elements from the offset, returns those that MATCH, and
 * replies the next offset, or 0 once the end is reached. While the collection itself is not
 * written, a full iteration returns every element exactly once, whatever happens to other keys.
 * Elements added to the collection during an iteration may make later pages repeat some elements;
 * elements removed before the cursor shift the offsets and may make it skip some (Redis's
 * hash-table cursor guarantees more there: every element present throughout is returned).
 *
 * Small collections (at most SCAN_WHOLE_MAX elements) are returned whole with cursor 0 whatever the
 * cursor and COUNT, as Redis does for its compact encodings (listpack, intset).
 *
 * Usage (see hashes.ts):
 *   scanCommand(ctx, argv, "hash", (meta, offset, limit) => rows → [{ name, replies }])
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, ERR, ReplyError, type Reply } from "../resp/reply";
import { intArg, isOpt } from "../commands/args";
import type { CommandContext } from "./handler";
import { globMatch } from "./glob";
import type { KeyMeta, KeyType } from "./db";
import { parseScanCursor } from "../commands/scan-cursor";

/** Collections this small are returned whole by one call, with cursor 0. */
export const SCAN_WHOLE_MAX = 128;

/** COUNT when the option is absent. */
export const SCAN_DEFAULT_COUNT = 10;

export interface ScanOptions {
  /** Glob pattern for the element name (field / member / key), null = everything. */
  match: BStr | null;
  /** Elements examined per call (a hint, as in Redis). */
  count: number;
  /** SCAN's TYPE filter, lower-cased; null = every type (always null for HSCAN/SSCAN/ZSCAN). */
  type: string | null;
  /** SCAN's WITHTYPE (an Upstash extension, not in Redis): each key is followed by its type. */
  withType: boolean;
}

/** One element of a page: the name MATCH applies to, and what the reply shows for it, in order. */
export interface ScanElement {
  name: BStr;
  replies: Reply[];
}

/**
 * Reads `limit` elements from `offset` in key order (`limit` null: all from `offset`).
 * Implementations use `ORDER BY <pk> LIMIT ? OFFSET ?` on their element table.
 */
export type ScanFetch = (meta: KeyMeta, offset: number, limit: number | null) => ScanElement[];

/**
 * Parses `[MATCH pattern] [COUNT count]`, and with `keys` (SCAN) `[TYPE type]` and Upstash's
 * `[WITHTYPE]`, from `argv[from..]` as scanGenericCommand does: repeatable, last wins.
 */
export function parseScanOptions(argv: BStr[], from: number, keys = false): ScanOptions {
  const opts: ScanOptions = { match: null, count: SCAN_DEFAULT_COUNT, type: null, withType: false };
  for (let i = from; i < argv.length; i += 2) {
    const hasValue = i + 1 < argv.length;
    if (keys && isOpt(argv[i], "withtype")) {
      opts.withType = true;
      i--; // a flag: no value
    } else if (isOpt(argv[i], "count") && hasValue) {
      opts.count = intArg(argv[i + 1]!);
      if (opts.count < 1) throw new ReplyError(ERR.syntax);
    } else if (isOpt(argv[i], "match") && hasValue) {
      const pattern = argv[i + 1]!;
      opts.match = pattern === "*" ? null : pattern;
    } else if (keys && isOpt(argv[i], "type") && hasValue) {
      opts.type = argv[i + 1]!.toLowerCase();
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return opts;
}

/** The `[cursor, [elements...]]` reply of one page over a live collection. */
export function scanPage(meta: KeyMeta, cursor: number, opts: ScanOptions, fetch: ScanFetch): Reply {
  const whole = meta.count <= SCAN_WHOLE_MAX;
  const offset = whole ? 0 : cursor;
  let elements: ScanElement[] = [];
  let next = 0;
  if (whole) {
    elements = fetch(meta, 0, null);
  } else if (offset < meta.count) {
    elements = fetch(meta, offset, opts.count);
    next = offset + opts.count < meta.count ? offset + opts.count : 0;
  }
  const out: Reply[] = [];
  for (const e of elements) {
    if (opts.match === null || globMatch(opts.match, e.name)) out.push(...e.replies);
  }
  return arr([bulk(String(next)), arr(out)]);
}

/**
 * A whole `<X>SCAN key cursor [MATCH pattern] [COUNT count]` command, checked in Redis's order:
 * the cursor, then the key (missing: empty page; other type: WRONGTYPE), then the options.
 */
export function scanCommand(ctx: CommandContext, argv: BStr[], type: KeyType, fetch: ScanFetch): Reply {
  const cursor = parseScanCursor(argv[2]!);
  const meta = ctx.db.metaOf(argv[1]!, type);
  if (!meta) return arr([bulk("0"), arr([])]);
  const opts = parseScanOptions(argv, 3);
  return scanPage(meta, cursor, opts, fetch);
}
