/**
 * Generic key commands (db.c): DEL, EXISTS, TYPE, RENAME, COPY, KEYS, SCAN, FLUSHALL, ...
 * Expiry commands live in expire.ts, DUMP/RESTORE/OBJECT in serialize.ts.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulkOrNull, bulks, ERR, int, OK, ReplyError, simple, type Reply } from "../resp/reply";
import type { CommandContext, Handler, HandlerTable } from "./handler";
import { intArg, isOpt } from "../commands/args";
import { blob, param } from "./db";
import { globMatch } from "./glob";
import { parseScanOptions } from "./collection-scan";
import { decodeScanCursor, encodeScanCursor, parseScanCursor } from "../commands/scan-cursor";

function renameGeneric(ctx: CommandContext, argv: BStr[], nx: boolean): Reply {
  const [, src, dst] = argv as [BStr, BStr, BStr];
  const meta = ctx.db.meta(src);
  if (!meta) throw new ReplyError(ERR.noSuchKey);
  if (src === dst) return nx ? int(0) : OK;
  if (nx && ctx.db.exists(dst)) return int(0);
  ctx.db.rename(src, meta, dst); // the row moves: value, elements and TTL stay with it
  return nx ? int(1) : OK;
}

/** Databases a Redis server has (`databases 16`); COPY ... DB checks its index against them. */
const DATABASES = 16;

function copyCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const [, src, dst] = argv as [BStr, BStr, BStr];
  let replace = false;
  let dbid = 0;
  for (let j = 3; j < argv.length; j++) {
    if (isOpt(argv[j], "replace")) {
      replace = true;
    } else if (isOpt(argv[j], "db") && j + 1 < argv.length) {
      dbid = intArg(argv[++j]!);
      if (dbid > 2147483647 || dbid < -2147483648) throw new ReplyError(ERR.notInteger);
      if (dbid < 0 || dbid >= DATABASES) throw new ReplyError("ERR DB index is out of range");
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  if (dbid !== 0) throw new ReplyError("ERR Copying to another database is not allowed in cluster mode");
  if (src === dst) throw new ReplyError("ERR source and destination objects are the same");
  const meta = ctx.db.meta(src);
  if (!meta) return int(0);
  if (ctx.db.exists(dst)) {
    if (!replace) return int(0);
    ctx.db.delete(dst);
  }
  ctx.db.copyKey(meta, dst);
  return int(1);
}

function flushCommand(ctx: CommandContext, argv: BStr[]): Reply {
  if (argv.length > 2 || (argv.length === 2 && !isOpt(argv[1], "sync") && !isOpt(argv[1], "async"))) {
    throw new ReplyError(ERR.syntax);
  }
  // signalFlushedDb: WATCHers of any key that existed must see the flush.
  if (ctx.db.onModified) for (const r of ctx.db.rows("SELECT key FROM keys")) ctx.db.onModified(blob(r.key));
  ctx.db.flush();
  ctx.propagate(argv); // replicated even when there was nothing to delete
  return OK;
}

/** The literal bytes a glob pattern starts with (before its first wildcard), to narrow KEYS. */
function literalPrefix(pattern: BStr): BStr {
  let prefix = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" || c === "?" || c === "[") break;
    if (c === "\\") {
      if (i + 1 >= pattern.length) break;
      prefix += pattern[++i];
    } else {
      prefix += c;
    }
  }
  return prefix;
}

/** The smallest byte string greater than every string starting with `prefix`; null if none. */
function prefixEnd(prefix: BStr): BStr | null {
  const trimmed = prefix.replace(/\xff+$/, "");
  if (trimmed === "") return null;
  return trimmed.slice(0, -1) + String.fromCharCode(trimmed.charCodeAt(trimmed.length - 1) + 1);
}

function keysCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const pattern = argv[1]!;
  const prefix = literalPrefix(pattern);
  const end = prefixEnd(prefix);
  const rows = prefix === ""
    ? ctx.db.rows("SELECT key, expires_at FROM keys")
    : end === null
      ? ctx.db.rows("SELECT key, expires_at FROM keys WHERE key >= ?", param(prefix))
      : ctx.db.rows("SELECT key, expires_at FROM keys WHERE key >= ? AND key < ?", param(prefix), param(end));
  const all = pattern === "*";
  const out: BStr[] = [];
  for (const r of rows) {
    // Expired keys are skipped, not deleted (keysCommand uses keyIsExpired).
    if (r.expires_at !== null && (r.expires_at as number) <= ctx.now) continue;
    const key = blob(r.key);
    if (all || globMatch(pattern, key)) out.push(key);
  }
  return bulks(out);
}

/**
 * SCAN: the cursor is the (slot, row id) position of the last key examined (scan-cursor.ts);
 * COUNT rows are examined per call. WITHTYPE (Upstash's) follows each key with its type. Positions only grow, so every key that lives through the
 * whole scan is returned exactly once.
 */
function scanCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const cursor = parseScanCursor(argv[1]!);
  const { match, count, type, withType } = parseScanOptions(argv, 2, true);
  const page = ctx.db.scanPage(decodeScanCursor(cursor), count);
  const keys = page.keys
    .filter((k) => (type === null || k.type === type) && (match === null || globMatch(match, k.key)))
    .flatMap((k) => (withType ? [k.key, k.type] : [k.key]));
  return arr([bulk(encodeScanCursor(page.last)), bulks(keys)]);
}

/** How many of `keys` (duplicates counted) `f` holds for; f runs once per key, in order. */
const countKeys = (keys: BStr[], f: (k: BStr) => boolean): Reply => int(keys.filter(f).length);

const deleteKeys: Handler = (ctx, argv) => countKeys(argv.slice(1), (k) => ctx.db.delete(k));
const existingKeys: Handler = (ctx, argv) => countKeys(argv.slice(1), (k) => ctx.db.exists(k));

export const keyHandlers: HandlerTable = {
  del: deleteKeys,
  unlink: deleteKeys,
  exists: existingKeys,
  touch: existingKeys,
  type: (ctx, argv) => simple(ctx.db.meta(argv[1]!)?.type ?? "none"),
  rename: (ctx, argv) => renameGeneric(ctx, argv, false),
  renamenx: (ctx, argv) => renameGeneric(ctx, argv, true),
  copy: copyCommand,
  dbsize: (ctx) => int(ctx.db.size()),
  flushall: flushCommand,
  flushdb: flushCommand,
  keys: keysCommand,
  scan: scanCommand,
  randomkey: (ctx) => bulkOrNull(ctx.db.randomKey(ctx.rand)),
};
