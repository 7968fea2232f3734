/**
 * XREAD and XREADGROUP (xreadCommand), blocking included.
 *
 * Reply: per stream served, [key, entries] (RESP2) or a map key → entries (RESP3); a null array
 * when nothing was served. With BLOCK and nothing to serve the command returns a BlockRequest:
 * the node runs it again when one of the keys is modified. The re-run argv has "$" replaced by
 * the last ID it stood for when the command first ran, and COUNT 1000 when no COUNT was given
 * (XREAD_BLOCKED_DEFAULT_COUNT), as Redis serves a client it unblocks.
 */
import type { BStr } from "../../resp/bytes";
import { arr, bulk, ERR, map, NULL_ARRAY, ReplyError, type Reply } from "../../resp/reply";
import { intArg, isOpt } from "../../commands/args";
import type { BlockRequest, CommandContext, Handler, HandlerTable } from "../handler";
import { compareId, formatId, MAX_ID, nextId, parseStrictId, ZERO_ID, type StreamId } from "./id";
import { Group } from "./groups";
import { deliverHistory, deliverNew, type Delivery } from "./deliver";
import { entriesReply } from "./reply";
import { Stream } from "./store";

/** XREAD_BLOCKED_DEFAULT_COUNT. */
const BLOCKED_DEFAULT_COUNT = 1000;

interface ReadArgs {
  timeoutMs: number | null;
  count: number;
  countGiven: boolean;
  streamsAt: number;
  n: number;
  noack: boolean;
  group: BStr | null;
  consumer: BStr;
}

function parseArgs(argv: BStr[], xreadgroup: boolean): ReadArgs {
  const a: ReadArgs = { timeoutMs: null, count: 0, countGiven: false, streamsAt: 0, n: 0, noack: false, group: null, consumer: "" };
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i]!;
    if (isOpt(o, "block") && more > 0) {
      const t = intArg(argv[++i]!, "ERR timeout is not an integer or out of range");
      if (t < 0) throw new ReplyError("ERR timeout is negative");
      a.timeoutMs = t;
    } else if (isOpt(o, "count") && more > 0) {
      a.count = Math.max(0, intArg(argv[++i]!));
      a.countGiven = true;
    } else if (isOpt(o, "streams") && more > 0) {
      a.streamsAt = i + 1;
      if ((argv.length - a.streamsAt) % 2 !== 0) {
        throw new ReplyError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      a.n = (argv.length - a.streamsAt) / 2;
      break;
    } else if (isOpt(o, "group") && more >= 2) {
      if (!xreadgroup) throw new ReplyError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
      a.group = argv[i + 1]!;
      a.consumer = argv[i + 2]!;
      i += 2;
    } else if (isOpt(o, "noack")) {
      if (!xreadgroup) throw new ReplyError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
      a.noack = true;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  if (a.streamsAt === 0) throw new ReplyError(ERR.syntax);
  if (xreadgroup && a.group === null) throw new ReplyError("ERR Missing GROUP option for XREADGROUP");
  return a;
}

/** Per stream: the ID to read after (MAX_ID stands for ">"), checking types and groups in order. */
function resolveIds(ctx: CommandContext, argv: BStr[], a: ReadArgs): { ids: StreamId[]; groups: (Group | null)[] } {
  const ids: StreamId[] = [];
  const groups: (Group | null)[] = [];
  for (let j = 0; j < a.n; j++) {
    const key = argv[a.streamsAt + j]!;
    const arg = argv[a.streamsAt + a.n + j]!;
    const s = Stream.open(ctx.db, key);
    let g: Group | null = null;
    if (a.group !== null) {
      g = s ? Group.lookup(s, a.group) : null;
      if (!g) throw new ReplyError(`NOGROUP No such key '${key}' or consumer group '${a.group}' in XREADGROUP with GROUP option`);
    }
    groups.push(g);
    if (arg === "$") {
      if (a.group !== null) {
        throw new ReplyError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
      }
      ids.push(s ? s.lastId : ZERO_ID);
    } else if (arg === ">") {
      if (a.group === null) {
        throw new ReplyError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
      }
      ids.push(MAX_ID);
    } else {
      ids.push(parseStrictId(arg));
    }
  }
  return { ids, groups };
}

function xread(xreadgroup: boolean): Handler {
  return (ctx, argv) => {
    const a = parseArgs(argv, xreadgroup);
    const { ids, groups } = resolveIds(ctx, argv, a);
    const served: [Reply, Reply][] = [];
    const effects: BStr[][] = [];
    for (let j = 0; j < a.n; j++) {
      const key = argv[a.streamsAt + j]!;
      const s = Stream.open(ctx.db, key);
      if (!s) continue;
      const g = groups[j]!;
      let gt = ids[j]!;
      const history = g !== null && compareId(gt, MAX_ID) !== 0;
      let serve = history;
      if (!history && s.length > 0) {
        const after = g ? g.lastId : gt;
        if (compareId(s.edgeId(true)!, after) > 0) {
          serve = true;
          gt = after;
        }
      }
      if (!serve) continue;
      const start = nextId(gt) ?? ZERO_ID;
      if (!g) {
        served.push([bulk(key), entriesReply(s.range(start, MAX_ID, a.count))]);
        continue;
      }
      if (g.touchConsumer(a.consumer, ctx.now)) effects.push(["XGROUP", "CREATECONSUMER", key, g.name, a.consumer]);
      const d: Delivery = history
        ? deliverHistory(s, g, a.consumer, start, a.count, ctx.now)
        : deliverNew(s, g, a.consumer, start, a.count, a.noack, ctx.now);
      effects.push(...d.effects);
      ctx.db.dirty++;
      served.push([bulk(key), arr(d.replies)]);
    }
    if (xreadgroup) ctx.propagate(...effects);
    if (served.length > 0) return ctx.conn.resp === 3 ? map(served) : arr(served.map(([k, v]) => arr([k, v])));
    if (a.timeoutMs === null || !ctx.conn.canBlock) return NULL_ARRAY;
    return blockRequest(argv, a, ids);
  };
}

/** Waits for the streams' keys; the re-run reads after the IDs "$" stood for now. */
function blockRequest(argv: BStr[], a: ReadArgs, ids: StreamId[]): BlockRequest {
  const keys = argv.slice(a.streamsAt, a.streamsAt + a.n);
  const rerun = argv.map((x, i) => (i >= a.streamsAt + a.n && x === "$" ? formatId(ids[i - a.streamsAt - a.n]!) : x));
  if (!a.countGiven) rerun.splice(a.streamsAt - 1, 0, "COUNT", String(BLOCKED_DEFAULT_COUNT));
  return { t: "block", keys, timeoutMs: a.timeoutMs!, timeoutReply: NULL_ARRAY, argv: rerun };
}

export const streamReadHandlers: HandlerTable = {
  xread: xread(false),
  xreadgroup: xread(true),
};
