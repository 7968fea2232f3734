/**
 * XADD / XTRIM options (streamParseAddOrTrimArgsOrReply): MAXLEN|MINID [=|~] <threshold>,
 * LIMIT <n>, NOMKSTREAM (XADD), and XADD's ID, in Redis's order and with its errors.
 */
import type { BStr } from "../../resp/bytes";
import { ERR, ReplyError } from "../../resp/reply";
import { intArg, isOpt } from "../../commands/args";
import { parseIdFull, ZERO_ID, type StreamId } from "./id";
import type { TrimArgs } from "./store";

/** stream-node-max-entries × 100: what "~" may delete without LIMIT (Redis caps it to 10000..1000000 too). */
export const APPROX_TRIM_LIMIT = 100 * 100;

export interface AddTrimArgs {
  trim: TrimArgs | null;
  /** Index of the trim threshold argument (for the effect); -1 without trimming. */
  thresholdIdx: number;
  noMkStream: boolean;
  /** XADD: the ID argument's index, and the ID (null for "*"). */
  idIdx: number;
  id: StreamId | null;
  seqGiven: boolean;
}

const INCOMPATIBLE = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";

export function parseAddTrimArgs(argv: BStr[], xadd: boolean): AddTrimArgs {
  let strategy: TrimArgs["strategy"] | null = null;
  let approx = false;
  let maxlen = 0;
  let minid = ZERO_ID;
  let limit = 0;
  let limitGiven = false;
  const out: AddTrimArgs = { trim: null, thresholdIdx: -1, noMkStream: false, idIdx: argv.length, id: null, seqGiven: true };
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i]!;
    if (xadd && opt === "*") break;
    if ((isOpt(opt, "maxlen") || isOpt(opt, "minid")) && more > 0) {
      if (strategy !== null) throw new ReplyError(INCOMPATIBLE);
      approx = false;
      const next = argv[i + 1]!;
      if (more >= 2 && next === "~") {
        approx = true;
        i++;
      } else if (more >= 2 && next === "=") {
        i++;
      }
      if (isOpt(opt, "maxlen")) {
        maxlen = intArg(argv[i + 1]!);
        if (maxlen < 0) throw new ReplyError("ERR The MAXLEN argument must be >= 0.");
        strategy = "maxlen";
      } else {
        minid = parseIdFull(argv[i + 1]!, 0n, true).id;
        strategy = "minid";
      }
      i++;
      out.thresholdIdx = i;
    } else if (isOpt(opt, "limit") && more > 0) {
      limit = intArg(argv[i + 1]!);
      if (limit < 0) throw new ReplyError("ERR The LIMIT argument must be >= 0.");
      limitGiven = true;
      i++;
    } else if (xadd && isOpt(opt, "nomkstream")) {
      out.noMkStream = true;
    } else if (xadd) {
      const p = parseIdFull(opt, 0n, true, true);
      out.id = p.id;
      out.seqGiven = p.seqGiven;
      break;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  out.idIdx = i;
  if (limit && strategy === null) throw new ReplyError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
  if (!xadd && strategy === null) throw new ReplyError("ERR syntax error, XTRIM must be called with a trimming strategy");
  if (limitGiven && !approx) throw new ReplyError("ERR syntax error, LIMIT cannot be used without the special ~ option");
  if (!limitGiven) limit = approx ? APPROX_TRIM_LIMIT : 0;
  if (strategy !== null) out.trim = { strategy, approx, maxlen, minid, limit };
  return out;
}
