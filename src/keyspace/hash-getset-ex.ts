/**
 * Redis 8.0's hash commands that read or write fields together with their TTLs: HGETEX, HSETEX,
 * HGETDEL (t_hash.c). Replies, errors and what replicas receive follow Redis 8.0:
 *
 *   HGETEX ... EX|PX|EXAT|PXAT   → HPEXPIREAT key <abs ms> FIELDS n fields...
 *   HGETEX ... PERSIST           → HPERSIST key FIELDS n fields...
 *   HSETEX ... EX|PX|EXAT        → the command with PXAT <abs ms>
 *   HGETDEL                      → HDEL key fields...
 *
 * preceded by an HDEL for each field found expired (or given a time already past).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulkOrNull, ERR, int, NULL, ReplyError, type Reply } from "../resp/reply";
import { rangeArg } from "../commands/args";
import type { CommandContext, HandlerTable } from "./handler";
import { alreadyExpired } from "./expire";
import { HashView } from "./hash-view";
import { setField } from "./hash-store";
import { setFieldTtl } from "./hash-ttl-store";
import { fieldExpireTime, fieldsArg, INT_MAX, NUMFIELDS_POSITIVE } from "./hash-ttl-args";

type ExpireOpt = "ex" | "px" | "exat" | "pxat";
const EXPIRE_OPTS: ReadonlySet<string> = new Set(["ex", "px", "exat", "pxat"]);

/** The absolute time (ms) of `EX|PX|EXAT|PXAT value`. */
const optionTime = (ctx: CommandContext, opt: ExpireOpt, arg: BStr, name: string): number =>
  fieldExpireTime(arg, opt === "ex" || opt === "exat", opt === "ex" || opt === "px" ? ctx.now : 0, name);

/** HGETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST] FIELDS numfields field... */
function hgetex(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const view = HashView.read(ctx, key);
  const opt = argv[2]!.toLowerCase();
  const persist = opt === "persist";
  let when: number | null = null;
  if (EXPIRE_OPTS.has(opt)) when = optionTime(ctx, opt as ExpireOpt, argv[3]!, "hgetex");
  const fields = fieldsArg(argv, when !== null ? 4 : persist ? 3 : 2, NUMFIELDS_POSITIVE);
  if (!view) return arr(fields.map(() => NULL));

  let updated = 0;
  const replies = fields.map((f) => {
    const row = view.get(f);
    if (row && persist && row.expiresAt !== null) {
      setFieldTtl(ctx.db.sql, view.meta.id, f, null);
      updated++;
    } else if (row && when !== null) {
      if (alreadyExpired(ctx, when)) {
        view.expireNow(f);
      } else {
        setFieldTtl(ctx.db.sql, view.meta.id, f, when);
        updated++;
      }
    }
    return bulkOrNull(row?.value ?? null);
  });
  if (updated > 0) view.wrote();
  const tail = ["FIELDS", String(fields.length), ...fields];
  const own = updated === 0 ? [] : persist ? [["HPERSIST", key, ...tail]] : [["HPEXPIREAT", key, String(when), ...tail]];
  view.done(own);
  return arr(replies);
}

/** HGETDEL key FIELDS numfields field...: the values, and the fields deleted. */
function hgetdel(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const view = HashView.read(ctx, key);
  const fields = fieldsArg(argv, 2, NUMFIELDS_POSITIVE);
  if (!view) return arr(fields.map(() => NULL));
  let deleted = 0;
  const replies = fields.map((f) => {
    const row = view.get(f);
    if (row) {
      view.remove(f);
      deleted++;
    }
    return bulkOrNull(row?.value ?? null);
  });
  view.done(deleted > 0 ? [["HDEL", key, ...fields]] : []);
  return arr(replies);
}

/** HSETEX's options, parsed before the key is looked up (hsetexParseArgs). */
interface HsetexArgs {
  cond: "fnx" | "fxx" | null;
  /** EX/PX/EXAT/PXAT: the option's position and the absolute time. */
  expire: { at: number; opt: ExpireOpt; when: number } | null;
  keepTtl: boolean;
  /** Index of the first field. */
  first: number;
}

function parseHsetex(ctx: CommandContext, argv: BStr[]): HsetexArgs {
  const out: HsetexArgs = { cond: null, expire: null, keepTtl: false, first: -1 };
  const arity = (): ReplyError => new ReplyError(ERR.wrongArity("hsetex"));
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    if (opt === "fields") {
      if (i >= argv.length - 3) throw arity();
      const n = rangeArg(argv[i + 1]!, 1n, INT_MAX, "ERR invalid number of fields");
      const remaining = argv.length - i - 2;
      if (remaining % 2 !== 0 || n !== remaining / 2) throw arity();
      out.first = i + 2;
      return out;
    } else if (EXPIRE_OPTS.has(opt) || opt === "keepttl") {
      if (out.expire || out.keepTtl) throw new ReplyError("ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified");
      if (opt === "keepttl") {
        out.keepTtl = true;
        continue;
      }
      if (i >= argv.length - 1) throw new ReplyError("ERR missing expire time");
      out.expire = { at: i, opt: opt as ExpireOpt, when: optionTime(ctx, opt as ExpireOpt, argv[++i]!, "hsetex") };
    } else if (opt === "fxx" || opt === "fnx") {
      if (out.cond) throw new ReplyError("ERR Only one of FXX or FNX arguments can be specified");
      out.cond = opt;
    } else {
      throw new ReplyError(`ERR unknown argument: ${argv[i]!.replace(/[\r\n]/g, " ")}`);
    }
  }
  // Unreachable with arity -6: every option needs a FIELDS after it or fails first.
  throw arity();
}

/** HSETEX key [FNX|FXX] [EX|PX|EXAT|PXAT time | KEEPTTL] FIELDS numfields field value...: 1 set, 0 not (FNX/FXX). */
function hsetex(ctx: CommandContext, argv: BStr[]): Reply {
  const key = argv[1]!;
  const args = parseHsetex(ctx, argv);
  const old = HashView.read(ctx, key);
  if (!old && args.cond === "fxx") return int(0);
  const view = old ?? new HashView(ctx, key, ctx.db.create(key, "hash"));
  const pairs: [BStr, BStr][] = [];
  for (let i = args.first; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);

  if (args.cond) {
    // Stops at the first field that decides, as Redis does (later fields are not looked at).
    const decided = pairs.findIndex(([f]) => (view.get(f) !== null) === (args.cond === "fnx"));
    if (decided !== -1) {
      view.done([]);
      return int(0);
    }
  }
  const { expire } = args;
  let deleted = false;
  for (const [f, v] of pairs) {
    view.wrote(setField(ctx.db, view.meta.id, f, v, expire !== null || args.keepTtl) ? 1 : 0);
    if (!expire) continue;
    if (alreadyExpired(ctx, expire.when)) {
      view.expireNow(f);
      deleted = true;
    } else {
      setFieldTtl(ctx.db.sql, view.meta.id, f, expire.when);
    }
  }
  let own: BStr[][] = [argv];
  if (deleted) own = [];
  else if (expire && expire.opt !== "pxat") {
    const rewritten = [...argv];
    rewritten[expire.at] = "PXAT";
    rewritten[expire.at + 1] = String(expire.when);
    own = [rewritten];
  }
  view.done(own);
  return int(1);
}

export const hashGetSetExHandlers: HandlerTable = { hgetex, hgetdel, hsetex };
