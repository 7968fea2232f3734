/**
 * What XREADGROUP does to a group when it serves a consumer (streamReplyWithRange with a group,
 * streamReplyWithRangeFromConsumerPEL), and the commands that replay it on a replica.
 *
 * Redis propagates each new pending entry as `XCLAIM key group consumer 0 id TIME t RETRYCOUNT n
 * FORCE JUSTID LASTID last`, and the group's new last ID with `XGROUP SETID` only under NOACK.
 * Here XGROUP SETID ... ENTRIESREAD also follows every advance of the last ID (Redis 7.0's
 * replicas otherwise keep a stale entries_read, hence a wrong lag), a new consumer is always
 * created with XGROUP CREATECONSUMER, and re-deliveries from a consumer's history are
 * propagated as XCLAIMs too, so a replica's groups, consumers and PEL equal the master's.
 */
import type { BStr } from "../../resp/bytes";
import type { Reply } from "../../resp/reply";
import { compareId, formatId, MAX_ID, type StreamId } from "./id";
import { Group, INVALID_ENTRIES_READ, type Nack } from "./groups";
import { entryReply, missingEntryReply } from "./reply";
import type { Stream } from "./store";

/** The absolute command that gives `n` its owner, time and count on a replica. */
export function xclaimEffect(key: BStr, group: Group, n: Nack): BStr[] {
  return [
    "XCLAIM", key, group.name, n.consumer, "0", formatId(n.id), "TIME", String(n.deliveryTime),
    "RETRYCOUNT", String(n.deliveryCount), "FORCE", "JUSTID", "LASTID", formatId(group.lastId),
  ];
}

export const setIdEffect = (key: BStr, group: Group): BStr[] =>
  ["XGROUP", "SETID", key, group.name, formatId(group.lastId), "ENTRIESREAD", String(group.entriesRead)];

export interface Delivery {
  replies: Reply[];
  effects: BStr[][];
}

/** Entries from `start` on (past the group's last ID, or a forced re-read) for `consumer`, at most `count` (0: all). */
export function deliverNew(
  s: Stream, group: Group, consumer: BStr, start: StreamId, count: number, noack: boolean, now: number,
): Delivery {
  const out: Delivery = { replies: [], effects: [] };
  let advanced = false;
  for (const e of s.range(start, MAX_ID, count)) {
    if (compareId(e.id, group.lastId) > 0) {
      if (group.entriesRead !== INVALID_ENTRIES_READ && !s.rangeHasTombstones(e.id, null)) {
        group.entriesRead++;
      } else if (s.entriesAdded) {
        group.entriesRead = s.estimateDistance(e.id) ?? INVALID_ENTRIES_READ;
      }
      group.lastId = e.id;
      advanced = true;
    }
    out.replies.push(entryReply(e));
    if (noack) continue;
    // A new pending entry, or one already pending (XGROUP SETID moved the group back) given to this consumer afresh.
    const nack: Nack = { id: e.id, consumer, deliveryTime: now, deliveryCount: 1n };
    group.putNack(nack);
    out.effects.push(xclaimEffect(s.key, group, nack));
  }
  if (advanced) {
    group.save();
    out.effects.push(setIdEffect(s.key, group));
  }
  return out;
}

/**
 * A consumer's history: its pending entries from `start`, at most `count` (0: all). Entries the
 * stream no longer holds come as [id, nil]; the others count one more delivery, now.
 */
export function deliverHistory(s: Stream, group: Group, consumer: BStr, start: StreamId, count: number, now: number): Delivery {
  const out: Delivery = { replies: [], effects: [] };
  for (const n of group.pending(start, MAX_ID, count > 0 ? count : -1, consumer)) {
    const e = s.get(n.id);
    if (!e) {
      out.replies.push(missingEntryReply(n.id));
      continue;
    }
    const nack: Nack = { ...n, deliveryTime: now, deliveryCount: n.deliveryCount + 1n };
    group.putNack(nack);
    out.replies.push(entryReply(e));
    out.effects.push(xclaimEffect(s.key, group, nack));
  }
  return out;
}
