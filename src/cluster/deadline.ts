/**
 * When the node next has protocol work (Outcome.nextDeadlineMs): the shell arms its alarm at
 * min(current alarm, this, now + cron), so timers fire on time even with a long cron and nodes
 * learned from a message are pinged at once (Redis connects them within its 100 ms cron).
 */
import type { Ctx } from "./context";
import { failoverDeadline } from "./failover";
import { hasAddr, inHandshake, isMyself, NodeFlag, type ClusterNode } from "./state";

/** Redis's floor for the handshake timeout when NT is tiny. */
export const MIN_HANDSHAKE_TIMEOUT_MS = 1000;

export function handshakeTimeout(nt: number): number {
  return Math.max(nt, MIN_HANDSHAKE_TIMEOUT_MS);
}

/**
 * The shells' alarm policy: when to run `tick` next, given the earliest deadline of an outcome (or
 * of several cores) and the alarm already armed (Infinity if none, e.g. right after it fired).
 * The alarm goes to the earliest protocol deadline; with peers there always is one (a PONG falling
 * due at NT/2), so an idle node wakes only when the protocol needs it, not every cron interval.
 * With no deadline at all (no peers) it ticks every cron interval. Returns the new alarm time, or
 * null to keep the armed one.
 */
export function nextWake(deadlineMs: number | undefined, now: number, cronMs: number, armedAt: number): number | null {
  const next = deadlineMs ?? (armedAt === Infinity ? now + cronMs : Infinity);
  return next < armedAt ? Math.max(next, now + 1) : null;
}

/**
 * When a node with a ping pending becomes PFAIL: NT after the last sign of life (a PONG, any
 * message, or its creation), and not before its ping has had NT/2 to be answered. Redis counts
 * NT from the ping, which is sent only once the last PONG is NT/2 old: 1.5×NT of silence in the
 * worst case. The rule, and ours: NT without a PONG or any data.
 */
export function pfailAt(c: Ctx, n: ClusterNode): number {
  const lastContact = Math.max(n.pongReceived, n.dataReceived, n.ctime);
  return Math.max(lastContact + c.nt, n.pingSent + Math.floor(c.nt / 2)) + 1;
}

/** The earliest time (≥ now) at which `tick` has work, or undefined if none is pending. */
export function nextDeadline(c: Ctx): number | undefined {
  const half = Math.floor(c.nt / 2);
  let next = Infinity;
  for (const n of c.st.nodes.values()) {
    if (isMyself(n) || !hasAddr(n)) continue;
    if (inHandshake(n)) {
      // Handshake pings are repeated every cron interval until the PONG comes (or time runs out).
      next = Math.min(next, n.link ? Math.min(n.ctime + handshakeTimeout(c.nt) + 1, n.pingSent + c.env.config.cronMs) : c.now);
    } else if (n.pingSent === 0) {
      // Never contacted: ping it now. Otherwise: its PONG becomes overdue.
      next = Math.min(next, n.link ? n.pongReceived + half + 1 : c.now);
    } else {
      if (n.link) next = Math.min(next, Math.max(n.pingSent, n.link.ctime) + half + 1);
      if ((n.flags & (NodeFlag.PFAIL | NodeFlag.FAIL)) === 0) next = Math.min(next, pfailAt(c, n));
    }
  }
  next = Math.min(next, failoverDeadline(c));
  const recheck = c.st.volatile.stateRecheckAt;
  if (recheck > c.now) next = Math.min(next, recheck);
  // Until this node's view is settled, tick every cron interval: gossip, not deadlines, is what
  // spreads membership and slots while a cluster forms or heals.
  if (!settled(c)) next = Math.min(next, c.now + c.env.config.cronMs);
  return Number.isFinite(next) ? Math.max(next, c.now) : undefined;
}

/** Cluster state ok and every other node linked and healthy: nothing to spread but heartbeats. */
function settled(c: Ctx): boolean {
  if (c.st.state !== "ok") return false;
  const unsettled = NodeFlag.HANDSHAKE | NodeFlag.PFAIL | NodeFlag.FAIL | NodeFlag.MEET;
  for (const n of c.st.nodes.values()) {
    if (isMyself(n) || !hasAddr(n)) continue;
    if (!n.link || (n.flags & unsettled) !== 0) return false;
  }
  return true;
}
