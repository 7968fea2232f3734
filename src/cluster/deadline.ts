/**
 * When the node next has protocol work (Outcome.nextDeadlineMs): the shell arms its alarm at
 * min(current alarm, this, now + cron), so timers fire on time even with a long cron and nodes
 * learned from a message are pinged at once (Redis connects them within its 100 ms cron).
 */
import type { Ctx } from "./context";
import { hasAddr, inHandshake, isMyself, NodeFlag } from "./state";

/** Redis's floor for the handshake timeout when NT is tiny. */
export const MIN_HANDSHAKE_TIMEOUT_MS = 1000;

export function handshakeTimeout(nt: number): number {
  return Math.max(nt, MIN_HANDSHAKE_TIMEOUT_MS);
}

/** The earliest time (≥ now) at which `tick` has work, or undefined if none is pending. */
export function nextDeadline(c: Ctx): number | undefined {
  const half = Math.floor(c.nt / 2);
  let next = Infinity;
  for (const n of c.st.nodes.values()) {
    if (isMyself(n) || !hasAddr(n)) continue;
    if (inHandshake(n)) {
      next = Math.min(next, n.link ? n.ctime + handshakeTimeout(c.nt) + 1 : c.now);
    } else if (n.pingSent === 0) {
      // Never contacted: ping it now. Otherwise: its PONG becomes overdue.
      next = Math.min(next, n.link ? n.pongReceived + half + 1 : c.now);
    } else {
      if (n.link) next = Math.min(next, Math.max(n.pingSent, n.link.ctime) + half + 1);
      if ((n.flags & (NodeFlag.PFAIL | NodeFlag.FAIL)) === 0) {
        next = Math.min(next, Math.max(n.pingSent, n.dataReceived) + c.nt + 1);
      }
    }
  }
  const recheck = c.st.volatile.stateRecheckAt;
  if (recheck > c.now) next = Math.min(next, recheck);
  return Number.isFinite(next) ? Math.max(next, c.now) : undefined;
}
