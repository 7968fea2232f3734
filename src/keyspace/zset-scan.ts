/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count], on the shared collection cursor
 * (collection-scan.ts). Pages walk the (kid, member) primary key; a small set returned whole comes
 * in score order, as Redis replies its listpack-encoded sets. Scores are bulk strings in both
 * protocols (Redis formats them like ZSCORE's RESP2 reply).
 */
import type { BStr } from "../resp/bytes";
import { bulk, type Reply } from "../resp/reply";
import type { CommandContext } from "./handler";
import { formatDouble } from "../commands/args";
import { blob } from "./db";
import { scanCommand } from "./collection-scan";

export function zscan(ctx: CommandContext, argv: BStr[]): Reply {
  return scanCommand(ctx, argv, "zset", (meta, offset, limit) => {
    const order = limit === null && offset === 0 ? "score, member" : "member";
    return ctx.db.rows(
      `SELECT member, score FROM zsets WHERE kid = ? ORDER BY ${order} LIMIT ? OFFSET ?`,
      meta.id, limit ?? -1, offset,
    ).map((r) => {
      const member = blob(r.member);
      return { name: member, replies: [bulk(member), bulk(formatDouble(r.score as number))] };
    });
  });
}
