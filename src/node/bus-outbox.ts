/**
 * The bus messages a request's commands queued, sent together once its replies are decided.
 *
 * Why: a reshard's batch of 64 `SETSLOT <slot> NODE <me>` on the importing node bumps the epoch
 * and broadcasts a PONG per slot (setSlotNode). Sent outcome by outcome, that was 64 sequential
 * bus round trips per peer inside one request, most of a batch's time (scripts/bench/resharding.ts
 * with the CLI's per-step timings). A PONG is a snapshot of the sender's header (epochs, slots,
 * flags) plus a few gossip entries picked at random: a later PONG to the same node supersedes an
 * earlier one of the same batch, so only the last is kept (at its place, other messages untouched
 * and in order), and ClusterShell.send makes one call per peer.
 */
import type { Send } from "../cluster";

export function coalesceSends(sends: readonly Send[]): Send[] {
  const lastPong = new Map<string, number>();
  sends.forEach((s, i) => {
    if (s.msg.type === "pong") lastPong.set(s.to, i);
  });
  return sends.filter((s, i) => s.msg.type !== "pong" || lastPong.get(s.to) === i);
}
