/**
 * The master side of the stream: feeding write effects into the backlog and to online replicas
 * (replicationFeedSlaves), REPLCONF ACK bookkeeping, full-sync progress (snapshot pages pulled
 * by the replica, then online at the first ACK that covers the snapshot), and dropping replicas
 * (freeClient).
 */
import type { BStr } from "../resp/bytes";
import { backlogReadLength, feedBacklogMeta } from "./backlog";
import { type Ctx } from "./context";
import type { ReplconfAck, SnapshotPage, SnapshotRequest } from "./messages";
import { findReplica, type ReplicaInfo } from "./state";
import { encodeCommands } from "./stream";

/** Appends stream bytes to the backlog and moves master_repl_offset (feedReplicationBuffer). */
export function appendToBacklog(c: Ctx, bytes: BStr): number {
  const st = c.st;
  const start = st.master_repl_offset + 1;
  st.master_repl_offset += bytes.length;
  if (st.backlog) {
    c.backlog.append(start, bytes);
    feedBacklogMeta(st.backlog, st.master_repl_offset, bytes.length, c.config.backlogSizeBytes);
    c.backlog.trim(st.backlog.offset);
  }
  c.save();
  return start;
}

/** Sends stream bytes numbered `start...` to every online replica. */
export function sendToOnline(c: Ctx, start: number, bytes: BStr): void {
  for (const r of c.st.replicas) {
    if (r.state === "online") c.send(r.name, { type: "stream", replid: c.st.replid, startOffset: start, bytes });
  }
}

/**
 * Write commands (dispatch's `effects`) enter the stream. Only a top-level master originates
 * stream data (a replica proxies its master's bytes instead), and with neither a backlog nor
 * replicas the bytes go nowhere and the offset stays put, as in Redis.
 */
export function feedCommands(c: Ctx, commands: readonly (readonly BStr[])[]): void {
  const st = c.st;
  if (commands.length === 0 || st.link !== null) return;
  if (st.backlog === null && st.replicas.length === 0) return;
  const bytes = encodeCommands(commands);
  sendToOnline(c, appendToBacklog(c, bytes), bytes);
}

/** The backlog from `from` to master_repl_offset, in pieces of at most maxBatchBytes. */
export function backlogPieces(c: Ctx, from: number): { start: number; bytes: BStr }[] {
  const out: { start: number; bytes: BStr }[] = [];
  const meta = c.st.backlog;
  if (!meta) return out;
  for (let at = from; ; ) {
    const len = backlogReadLength(meta, at, c.maxBatchBytes);
    if (len === 0) return out;
    out.push({ start: at, bytes: c.backlog.read(at, len) });
    at += len;
  }
}

/** Streams the backlog from `from` to a replica (catching up after a full sync or a gap). */
export function streamBacklog(c: Ctx, r: ReplicaInfo, from: number): void {
  for (const p of backlogPieces(c, from)) {
    c.send(r.name, { type: "stream", replid: c.st.replid, startOffset: p.start, bytes: p.bytes });
  }
}

/** freeClient on a replica: forget it, tell it (best effort), start the backlog's TTL if it was the last. */
export function dropReplica(c: Ctx, r: ReplicaInfo, reason: string, notify = true): void {
  const st = c.st;
  const i = st.replicas.indexOf(r);
  if (i < 0) return;
  st.replicas.splice(i, 1);
  if (r.state !== "online") c.effect({ kind: "release-snapshot", replica: r.name, offset: r.snapshotOffset });
  if (st.replicas.length === 0) st.noReplicasSince = c.now;
  if (notify) c.send(r.name, { type: "disconnect", side: "master", reason });
  c.event(`${reason}: ${r.name}`);
}

/** disconnectSlaves: everyone reconnects (and learns a new replid through PSYNC). */
export function disconnectReplicas(c: Ctx, reason: string): void {
  for (const r of [...c.st.replicas]) dropReplica(c, r, reason);
}

/** REPLCONF ACK <offset> from a replica. */
export function receiveAck(c: Ctx, msg: ReplconfAck): void {
  const r = findReplica(c.st, msg.from);
  if (!r) {
    // Redis ignores ACKs from non-replica clients; here the sender believes it is linked (we
    // dropped it, or restarted): close its link so it reconnects with PSYNC.
    c.send(msg.from, { type: "disconnect", side: "master", reason: "not a replica of this node" });
    c.st.stats.dropped++;
    return;
  }
  r.lastInteraction = c.now;
  r.lastAckTime = c.now;
  if (msg.offset > r.ackOffset) r.ackOffset = msg.offset;
  if (r.state === "send_bulk" && r.bulkDone && msg.offset >= r.snapshotOffset) putOnline(c, r);
}

/** replicaPutOnline: the snapshot is loaded; the stream continues right after it. */
function putOnline(c: Ctx, r: ReplicaInfo): void {
  const from = r.ackOffset + 1;
  const meta = c.st.backlog;
  if (!meta || from < meta.offset) {
    // Redis keeps the writes made during a full sync in the replica's output buffer; here they
    // must still be in the backlog. They are not: this sync is useless, start over.
    dropReplica(c, r, "Backlog overrun during full sync (increase repl-backlog-size), disconnecting replica");
    return;
  }
  r.state = "online";
  r.lastAckTime = c.now;
  c.effect({ kind: "release-snapshot", replica: r.name, offset: r.snapshotOffset });
  c.event(`Synchronization with replica ${r.name} succeeded`);
  streamBacklog(c, r, from);
}

/** The replica wants page `page` of its snapshot: the shell is asked for it (send-snapshot-page). */
export function receiveSnapshotRequest(c: Ctx, msg: SnapshotRequest): void {
  const r = findReplica(c.st, msg.from);
  if (!r) {
    // A sync I no longer know (I restarted: replicas and their snapshots are volatile): the replica
    // must start over now, not wait out repl-timeout asking for a page nobody will send.
    c.send(msg.from, { type: "disconnect", side: "master", reason: "no full sync in progress for this replica" });
    c.st.stats.dropped++;
    return;
  }
  if (r.state === "online" || r.snapshotOffset !== msg.offset || msg.replid !== c.st.replid || msg.page > r.pagesSent) {
    c.st.stats.dropped++;
    return;
  }
  r.lastInteraction = c.now;
  c.effect({ kind: "send-snapshot-page", replica: r.name, offset: r.snapshotOffset, page: msg.page });
}

export interface PageInput {
  page: number;
  last: boolean;
  data: BStr;
  totalBytes?: number;
}

/**
 * The shell hands over a snapshot page for `replica` (after a send-snapshot-page effect); the
 * core checks the replica still waits for that snapshot and returns the message to deliver.
 */
export function snapshotPage(c: Ctx, replica: string, offset: number, input: PageInput): void {
  const r = findReplica(c.st, replica);
  if (!r || r.state === "online" || r.snapshotOffset !== offset || input.page > r.pagesSent) {
    c.event(`snapshot page ${input.page} at ${offset} for ${replica} is no longer wanted`);
    return;
  }
  r.state = "send_bulk";
  r.pagesSent = Math.max(r.pagesSent, input.page + 1);
  if (input.last) r.bulkDone = true;
  const msg: Omit<SnapshotPage, "from"> = {
    type: "snapshot", replid: c.st.replid, offset, page: input.page, last: input.last, data: input.data,
    totalBytes: input.totalBytes ?? 0,
  };
  c.send(r.name, msg);
}

/** REPLCONF GETACK to every online replica (WAIT wants fresh offsets). */
export function requestAcks(c: Ctx): void {
  for (const r of c.st.replicas) if (r.state === "online") c.send(r.name, { type: "getack" });
}
