/**
 * PSYNC on the master: the partial-vs-full decision (masterTryPartialResynchronization) as a
 * pure function with a named reason for every refusal, and the handler around it (syncCommand):
 * register the replica, answer +CONTINUE with the backlog from the requested offset, or
 * +FULLRESYNC and ask the shell for a snapshot at the current offset.
 */
import type { Ctx } from "./context";
import { backlogPieces, dropReplica } from "./master";
import type { PsyncRequest } from "./messages";
import {
  changeReplicationId, clearReplicationId2, createReplicationBacklog, findReplica, type ReplicationState, type ReplicaInfo,
} from "./state";

/** Why a PSYNC could not continue (one per log line of masterTryPartialResynchronization). */
export type PsyncRefusal =
  /** `PSYNC ? -1`: the replica has no history to continue. */
  | "full-resync-requested"
  /** The replid is neither my replid nor my replid2. */
  | "replid-mismatch"
  /** The replid is my replid2, but the offset is past where that history ends for me. */
  | "second-id-offset-too-high"
  /** I keep no backlog (fresh master, or freed after repl-backlog-ttl). */
  | "no-backlog"
  /** The bytes the replica needs were already trimmed from the backlog. */
  | "offset-below-backlog"
  /** The replica claims bytes I never produced. */
  | "offset-above-backlog";

export type PsyncDecision =
  | { kind: "continue"; replid: string; fromOffset: number }
  | { kind: "fullresync"; replid: string; offset: number; reason: PsyncRefusal };

/** Can a replica with history `replid` up to `offset - 1` continue from byte `offset`? */
export function masterTryPartialResynchronization(
  st: ReplicationState,
  req: { replid: string; offset: number },
): PsyncDecision {
  const full = (reason: PsyncRefusal): PsyncDecision => ({
    kind: "fullresync", replid: st.replid, offset: st.master_repl_offset, reason,
  });
  // Replication ids compare case-insensitively (strcasecmp), ours are lower-case.
  const id = req.replid.toLowerCase();
  if (id !== st.replid && (id !== st.replid2 || req.offset > st.second_replid_offset)) {
    if (id === "?") return full("full-resync-requested");
    return full(id !== st.replid2 ? "replid-mismatch" : "second-id-offset-too-high");
  }
  const b = st.backlog;
  if (!b) return full("no-backlog");
  if (req.offset < b.offset) return full("offset-below-backlog");
  if (req.offset > b.offset + b.histlen) return full("offset-above-backlog");
  return { kind: "continue", replid: st.replid, fromOffset: req.offset };
}

/** Redis's log line for a refusal. */
export function refusalText(st: ReplicationState, req: { replid: string; offset: number }, replica: string, reason: PsyncRefusal): string {
  switch (reason) {
    case "full-resync-requested":
      return `Full resync requested by replica ${replica}`;
    case "replid-mismatch":
      return `Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${req.replid}', my replication IDs are '${st.replid}' and '${st.replid2}')`;
    case "second-id-offset-too-high":
      return `Partial resynchronization not accepted: Requested offset for second ID was ${req.offset}, but I can reply up to ${st.second_replid_offset}`;
    case "no-backlog":
    case "offset-below-backlog":
      return `Unable to partial resync with replica ${replica} for lack of backlog (Replica request was: ${req.offset}).`;
    case "offset-above-backlog":
      return `Unable to partial resync with replica ${replica} for lack of backlog (Replica request was: ${req.offset}). Warning: replica tried to PSYNC with an offset that is greater than the master replication offset.`;
  }
}

function newReplica(c: Ctx, msg: PsyncRequest, state: ReplicaInfo["state"]): ReplicaInfo {
  const r: ReplicaInfo = {
    name: msg.from, port: msg.port, state, ackOffset: 0, lastAckTime: c.now, lastInteraction: c.now,
    snapshotOffset: -1, pagesSent: 0, bulkDone: false,
  };
  c.st.replicas.push(r);
  return r;
}

/** syncCommand: a PSYNC from a (would-be) replica. */
export function receivePsync(c: Ctx, msg: PsyncRequest): void {
  const st = c.st;
  if (st.link && st.link.state !== "connected") {
    c.send(msg.from, { type: "psync-error", text: "NOMASTERLINK Can't SYNC while not connected with my master", attempt: msg.attempt });
    return;
  }
  // A new PSYNC from a known replica replaces its old link (as a new TCP connection would).
  const old = findReplica(st, msg.from);
  if (old) dropReplica(c, old, "Replica reconnected", false);
  c.event(`Replica ${msg.from} asks for synchronization`);
  const d = masterTryPartialResynchronization(st, msg);
  if (d.kind === "continue") {
    st.stats.syncPartialOk++;
    const r = newReplica(c, msg, "online");
    r.ackOffset = msg.offset - 1;
    const pieces = backlogPieces(c, d.fromOffset);
    const first = pieces.shift();
    c.send(r.name, { type: "continue", replid: st.replid, offset: d.fromOffset, bytes: first?.bytes ?? "", attempt: msg.attempt });
    for (const p of pieces) c.send(r.name, { type: "stream", replid: st.replid, startOffset: p.start, bytes: p.bytes });
    const len = st.master_repl_offset - d.fromOffset + 1;
    c.event(`Partial resynchronization request from ${r.name} accepted. Sending ${len} bytes of backlog starting from offset ${d.fromOffset}.`);
    return;
  }
  c.event(refusalText(st, msg, msg.from, d.reason));
  if (d.reason !== "full-resync-requested") st.stats.syncPartialErr++;
  st.stats.syncFull++;
  const r = newReplica(c, msg, "wait_bgsave");
  if (st.replicas.length === 1 && st.backlog === null) {
    // A backlog created from scratch starts a new history: nobody can have a past with us.
    changeReplicationId(st, c.env.rand);
    clearReplicationId2(st);
    createReplicationBacklog(st);
    c.backlog.clear();
    c.save();
    c.event(`Replication backlog created, my new replication IDs are '${st.replid}' and '${st.replid2}'`);
  }
  r.snapshotOffset = st.master_repl_offset;
  // The reason (a PsyncRefusal) is for the shell's resync event (events/).
  c.effect({ kind: "take-snapshot", replica: r.name, replid: st.replid, offset: r.snapshotOffset, reason: d.reason });
  c.send(r.name, { type: "fullresync", replid: st.replid, offset: r.snapshotOffset, attempt: msg.attempt });
}
