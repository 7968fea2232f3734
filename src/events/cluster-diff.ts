/**
 * Cluster events derived in the shell, not raised by the core: after each outcome the shell
 * settles, the state is compared with a snapshot taken after the previous one (role, the flags of
 * every known node, epochs, the vote, the election, slot owners). The core stays a pure state
 * machine with no logging concern, and an event can never disagree with the state it describes.
 *
 * `cause` says what the outcome answered ("tick", "bus pong from node-2", "CLUSTER SETSLOT",
 * "handover"...): slot moves carry it, and a configEpoch bump of a master caused by a bus message
 * is the collision rule at work (nothing else a peer sends moves my own configEpoch).
 */
import { NodeFlag, type ClusterNode, type ClusterState, type Outcome } from "../cluster";
import type { EventDraft } from "./cluster-event";

/** The core's cant-failover reason once an election ran out of time (failover.ts). */
const EXPIRED = "the election expired";
/** Ranges listed in one slots-moved event (the count is always exact). */
const MAX_RANGES_PER_EVENT = 32;

interface NodeView {
  name: string;
  flags: number;
}

export interface ClusterSnapshot {
  master: boolean;
  masterId: string | null;
  masterName: string | null;
  currentEpoch: number;
  configEpoch: number;
  lastVoteEpoch: number;
  nodes: Map<string, NodeView>;
  election: { sent: boolean; epoch: number; cantReason: string; votes: number; manual: boolean };
}

/** Everything but slot owners, which the watch follows through the core's changed slots (slotMovesAt). */
export function snapshot(st: ClusterState): ClusterSnapshot {
  const me = st.myself;
  const el = st.volatile.election;
  const nodes = new Map<string, NodeView>();
  for (const n of st.nodes.values()) nodes.set(n.id, { name: n.name, flags: n.flags });
  return {
    master: (me.flags & NodeFlag.MASTER) !== 0, masterId: me.slaveof?.id ?? null, masterName: me.slaveof?.name ?? null,
    currentEpoch: st.currentEpoch, configEpoch: me.configEpoch, lastVoteEpoch: st.lastVoteEpoch, nodes,
    election: { sent: el.sent, epoch: el.epoch, cantReason: el.cantReason, votes: el.voters.size, manual: st.volatile.mf.end !== 0 },
  };
}

/**
 * The events between `a` (before) and `b` (after), in the order an operator reads a failover.
 * `lostEpoch`: the last election already reported lost (an expired election stays "sent" until
 * the next one is scheduled, and must not be reported twice).
 */
export function diffCluster(a: ClusterSnapshot, b: ClusterSnapshot, out: Outcome, cause: string, lostEpoch = 0): EventDraft[] {
  const ev: EventDraft[] = [];
  for (const [id, n] of b.nodes) {
    const was = a.nodes.get(id);
    if (!was) continue; // a node just learned: its flags are what others said, not a change seen
    // PFAIL gives way to FAIL (markNodeAsFailing clears it): that is no "pfail-cleared".
    const failing = (n.flags & NodeFlag.FAIL) !== 0;
    if (!failing || (was.flags & NodeFlag.PFAIL) === 0 || (n.flags & NodeFlag.PFAIL) !== 0) {
      flagChange(ev, was.flags, n.flags, NodeFlag.PFAIL, "pfail", { target: n.name, targetId: id });
    }
    flagChange(ev, was.flags, n.flags, NodeFlag.FAIL, "fail", { target: n.name, targetId: id });
  }
  const ea = a.election;
  const eb = b.election;
  if (eb.sent && (!ea.sent || eb.epoch !== ea.epoch)) ev.push({ event: "election-started", fields: { electionEpoch: eb.epoch, master: a.masterName } });
  if (b.lastVoteEpoch !== a.lastVoteEpoch) {
    const to = out.send.find((s) => s.msg.type === "auth-ack")?.to ?? null;
    ev.push({ event: "vote-granted", fields: { electionEpoch: b.lastVoteEpoch, candidate: to } });
  }
  const promoted = !a.master && b.master;
  // (No vote count here: the winning vote and the reset of the election land in one outcome.)
  if (ea.sent && promoted) ev.push({ event: "election-won", fields: { electionEpoch: ea.epoch } });
  else if (ea.sent && ea.epoch !== lostEpoch) {
    const reason = eb.cantReason !== ea.cantReason && eb.cantReason === EXPIRED ? EXPIRED
      : ea.manual && !eb.manual ? "the manual failover timed out"
      : !eb.sent || eb.epoch !== ea.epoch ? "a new election replaced it" : null;
    if (reason) ev.push({ event: "election-lost", fields: { electionEpoch: ea.epoch, votes: Math.max(ea.votes, eb.votes), reason } });
  }
  if (promoted) ev.push({ event: "promotion", fields: { formerMaster: a.masterName, formerMasterId: a.masterId, cause } });
  else if (a.master && !b.master) ev.push({ event: "demotion", fields: { master: b.masterName, masterId: b.masterId, cause } });
  else if (!b.master && b.masterId !== a.masterId) ev.push({ event: "replica-of", fields: { master: b.masterName, masterId: b.masterId, formerMaster: a.masterName, cause } });
  if (b.currentEpoch !== a.currentEpoch) ev.push({ event: "current-epoch", fields: { from: a.currentEpoch, to: b.currentEpoch, cause } });
  if (b.configEpoch !== a.configEpoch) {
    const collision = a.master && b.master && cause.startsWith("bus ");
    ev.push({ event: "config-epoch", fields: { from: a.configEpoch, to: b.configEpoch, collision, cause } });
  }
  return ev;
}

function flagChange(ev: EventDraft[], was: number, now: number, flag: number, name: "pfail" | "fail", fields: { target: string; targetId: string }): void {
  if ((now & flag) !== 0 && (was & flag) === 0) ev.push({ event: name, fields });
  else if ((now & flag) === 0 && (was & flag) !== 0) ev.push({ event: `${name}-cleared`, fields });
}

/** Slot owner changes among `slots` (in increasing order), one event per (from, to) pair, as ranges. */
export function slotMovesAt(
  slots: Iterable<number>, before: (j: number) => ClusterNode | null, after: (j: number) => ClusterNode | null, cause: string,
): EventDraft[] {
  const moves = new Map<string, { from: ClusterNode | null; to: ClusterNode | null; ranges: number[][]; count: number }>();
  for (const j of slots) {
    const from = before(j);
    const to = after(j);
    if (from === to || (from && to && from.id === to.id)) continue;
    const key = `${from?.id ?? "-"} ${to?.id ?? "-"}`;
    let m = moves.get(key);
    if (!m) moves.set(key, (m = { from, to, ranges: [], count: 0 }));
    m.count++;
    const last = m.ranges[m.ranges.length - 1];
    if (last && last[1] === j - 1) last[1] = j;
    else m.ranges.push([j, j]);
  }
  return [...moves.values()].map((m) => ({
    event: "slots-moved",
    fields: {
      from: m.from?.name ?? null, fromId: m.from?.id ?? null, to: m.to?.name ?? null, toId: m.to?.id ?? null,
      count: m.count, ranges: m.ranges.slice(0, MAX_RANGES_PER_EVENT), cause,
    },
  }));
}

/**
 * `drafts` with each run of slots-moved events between the same nodes for the same cause merged
 * into one (their ranges joined): a batch of SETSLOTs, one slot each, reads as one move.
 */
export function mergeSlotMoves(drafts: readonly EventDraft[]): EventDraft[] {
  const out: EventDraft[] = [];
  for (const d of drafts) {
    const prev = out[out.length - 1];
    const f = d.fields;
    const p = prev?.fields;
    if (prev?.event !== "slots-moved" || d.event !== "slots-moved" || !p || p.fromId !== f.fromId || p.toId !== f.toId || p.cause !== f.cause) {
      out.push(d);
      continue;
    }
    const ranges = (p.ranges as number[][]).map((r) => [...r]);
    for (const [lo, hi] of f.ranges as number[][]) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === lo! - 1) last[1] = hi!;
      else ranges.push([lo!, hi!]);
    }
    out[out.length - 1] = { event: "slots-moved", fields: { ...p, count: (p.count as number) + (f.count as number), ranges: ranges.slice(0, MAX_RANGES_PER_EVENT) } };
  }
  return out;
}
