/**
 * The replica side: choosing a master (replicationSetMaster / replicationUnsetMaster), the PSYNC
 * handshake and its replies (slaveTryPartialResynchronization), loading a full-sync snapshot
 * (readSyncBulkPayload), and applying the stream strictly in offset order.
 */
import type { BStr } from "../resp/bytes";
import type { Ctx } from "./context";
import { appendToBacklog, disconnectReplicas, dropReplica, sendToOnline } from "./master";
import type { Disconnect, PsyncContinue, PsyncError, PsyncFullResync, SnapshotPage, StreamBatch } from "./messages";
import {
  clearReplicationId2, createReplicationBacklog, findReplica, newLink, shiftReplicationId, type LinkState, type MasterLink,
} from "./state";
import { parseCommands, StreamProtocolError } from "./stream";

const DEFAULT_PORT = 6379;

/** Follow `master` (REPLICAOF / the cluster's set-master), or stop replicating (null: promotion). */
export function setMaster(c: Ctx, master: { name: string; port: number } | null): void {
  const st = c.st;
  if (master === null) {
    unsetMaster(c);
    return;
  }
  if (st.link && st.link.name === master.name) {
    st.link.port = master.port;
    return;
  }
  // My new master cannot also be my replica (it was, before its promotion).
  const loop = findReplica(st, master.name);
  if (loop) dropReplica(c, loop, "Replica became my master", false);
  // Keep a history to PSYNC with: my own when I was a master (replicationCacheMasterUsingMyself,
  // so a promoted ex-replica can continue me through its replid2), else the master's I had.
  const old = st.link;
  // Closing the old link tells the old master to forget me (what closing the TCP connection does).
  if (old) c.send(old.name, { type: "disconnect", side: "replica", reason: `Replica now follows ${master.name}` });
  const cached = old === null
    ? { replid: st.replid, offset: st.master_repl_offset }
    : old.masterReplid !== null ? { replid: old.masterReplid, offset: old.reploff } : null;
  st.link = newLink(master.name, master.port, cached);
  c.save();
  c.event(`Connecting to MASTER ${master.name}:${master.port}`);
  sendPsync(c, st.link);
}

/** replicationUnsetMaster: my inherited history becomes replid2, a new one starts. */
function unsetMaster(c: Ctx): void {
  const st = c.st;
  if (st.link === null) return;
  c.send(st.link.name, { type: "disconnect", side: "replica", reason: "Replica promoted to master" });
  st.link = null;
  shiftReplicationId(st, c.env.rand);
  c.event(`Setting secondary replication ID to ${st.replid2}, valid up to offset: ${st.second_replid_offset}. New replication ID is ${st.replid}`);
  // Sub-replicas must learn the new id; they continue partially thanks to replid2.
  disconnectReplicas(c, "Promoted to master, disconnecting replica");
  st.noReplicasSince = c.now;
  c.save();
  c.event("MASTER MODE enabled");
}

/** Every link state change goes through here, recorded with its reason. */
export function setLinkState(c: Ctx, l: MasterLink, to: LinkState, why: string): void {
  if (l.state !== to) c.event(`link to ${l.name}: ${l.state} -> ${to} (${why})`);
  l.state = to;
}

/** Sends PSYNC with the cached master's id and offset + 1, or `? -1` without one. */
export function sendPsync(c: Ctx, l: MasterLink): void {
  l.attempt = Math.max(c.now, l.attempt + 1);
  setLinkState(c, l, "handshake", "PSYNC sent");
  l.lastIo = c.now;
  l.sync = null;
  l.pending = "";
  l.readReploff = l.reploff;
  const partial = l.masterReplid !== null;
  const replid = partial ? l.masterReplid! : "?";
  const offset = partial ? l.reploff + 1 : -1;
  c.event(partial ? `Trying a partial resynchronization (request ${replid}:${offset}).` : "Partial resynchronization not possible (no cached master)");
  c.send(l.name, { type: "psync", replid, offset, port: c.config.port ?? DEFAULT_PORT, attempt: l.attempt });
}

/**
 * The link broke (timeout, gap, protocol error, the master closed it): cache the master
 * (drop unapplied bytes) and reconnect at once, as replicationHandleMasterDisconnection does.
 */
export function reconnect(c: Ctx, reason: string): void {
  const l = c.st.link;
  if (!l) return;
  c.event(reason);
  if (l.state === "connected") l.downSince = c.now;
  sendPsync(c, l);
}

export function sendAck(c: Ctx, l: MasterLink): void {
  l.lastAckSent = c.now;
  c.send(l.name, { type: "ack", offset: l.reploff });
}

/** The link this message may act on: from my master, and (if given) in the expected state and attempt. */
function linkFor(c: Ctx, from: string, state?: MasterLink["state"], attempt?: number): MasterLink | null {
  const l = c.st.link;
  if (!l || l.name !== from || (state && l.state !== state) || (attempt !== undefined && l.attempt !== attempt)) {
    c.st.stats.dropped++;
    return null;
  }
  return l;
}

/** +CONTINUE <replid>: resume; a new id means my master was promoted (shift it into replid2). */
export function receiveContinue(c: Ctx, msg: PsyncContinue): void {
  const l = linkFor(c, msg.from, "handshake", msg.attempt);
  if (!l || l.masterReplid === null) return;
  const st = c.st;
  c.event("Successful partial resynchronization with master.");
  if (msg.replid !== l.masterReplid) {
    c.event(`Master replication ID changed to ${msg.replid}`);
    st.replid2 = l.masterReplid;
    st.second_replid_offset = st.master_repl_offset + 1;
    st.replid = msg.replid;
    l.masterReplid = msg.replid;
    disconnectReplicas(c, "Master replication ID changed, disconnecting replica");
  }
  setLinkState(c, l, "connected", "+CONTINUE");
  l.lastIo = c.now;
  l.downSince = 0;
  if (st.backlog === null) {
    createReplicationBacklog(st);
    c.backlog.clear();
  }
  c.save();
  applyStream(c, l, msg.offset, msg.bytes);
}

/** +FULLRESYNC <replid> <offset>: pages of a snapshot taken at `offset` follow. */
export function receiveFullResync(c: Ctx, msg: PsyncFullResync): void {
  const l = linkFor(c, msg.from, "handshake", msg.attempt);
  if (!l) return;
  c.event(`Full resync from master: ${msg.replid}:${msg.offset}`);
  setLinkState(c, l, "sync", "+FULLRESYNC");
  l.lastIo = c.now;
  l.sync = { replid: msg.replid, offset: msg.offset, nextPage: 0, requestedAt: c.now, readBytes: 0, totalBytes: 0 };
  requestPage(c, l);
}

/** Asks for the next snapshot page (again, if the cron sees no answer). */
export function requestPage(c: Ctx, l: MasterLink): void {
  const s = l.sync;
  if (!s) return;
  s.requestedAt = c.now;
  c.send(l.name, { type: "snapshot-request", replid: s.replid, offset: s.offset, page: s.nextPage });
}

/** -NOMASTERLINK and friends: the master cannot serve us now; the cron tries again. */
export function receivePsyncError(c: Ctx, msg: PsyncError): void {
  const l = linkFor(c, msg.from, "handshake", msg.attempt);
  if (!l) return;
  c.event(`Master is currently unable to PSYNC but should be in the future: -${msg.text}`);
  setLinkState(c, l, "connect", `-${msg.text}`);
}

/** One page of the full-sync snapshot, strictly in order (stale and repeated pages are ignored). */
export function receiveSnapshot(c: Ctx, msg: SnapshotPage): void {
  const l = linkFor(c, msg.from, "sync");
  const s = l?.sync;
  if (!l || !s || s.replid !== msg.replid || s.offset !== msg.offset || s.nextPage !== msg.page) {
    if (l) c.st.stats.dropped++;
    return;
  }
  const st = c.st;
  l.lastIo = c.now;
  if (msg.page === 0) {
    // replicationAttachToNewMaster: no cached master, sub-replicas resync, no stale backlog.
    l.masterReplid = null;
    disconnectReplicas(c, "Full resync with my master, disconnecting replica");
    st.backlog = null;
    c.backlog.clear();
    c.effect({ kind: "flush-all" });
    c.save();
  }
  c.effect({ kind: "load-snapshot", page: msg.page, data: msg.data });
  s.nextPage++;
  s.readBytes += msg.data.length;
  s.totalBytes = msg.totalBytes;
  if (msg.last) finishSync(c, l, s.replid, s.offset);
  else requestPage(c, l);
}

/** The snapshot is loaded: adopt the master's id and offset, a new history without replid2. */
function finishSync(c: Ctx, l: MasterLink, replid: string, offset: number): void {
  const st = c.st;
  setLinkState(c, l, "connected", "snapshot loaded");
  l.sync = null;
  l.masterReplid = replid;
  l.reploff = l.readReploff = offset;
  l.pending = "";
  l.downSince = 0;
  st.replid = replid;
  st.master_repl_offset = offset;
  clearReplicationId2(st);
  createReplicationBacklog(st);
  c.backlog.clear();
  c.save();
  c.event("MASTER <-> REPLICA sync: Finished with success");
  // The first ACK puts this replica online on the master.
  sendAck(c, l);
}

/** Stream bytes from my master. */
export function receiveStream(c: Ctx, msg: StreamBatch): void {
  const l = linkFor(c, msg.from);
  if (!l) return;
  if (l.state !== "connected") {
    // Overtook the +CONTINUE, or left over from a link that broke: PSYNC brings it again.
    c.st.stats.dropped++;
    return;
  }
  if (msg.replid !== l.masterReplid) {
    reconnect(c, `Stream with replication ID ${msg.replid}, expected ${l.masterReplid}: resynchronizing`);
    return;
  }
  l.lastIo = c.now;
  applyStream(c, l, msg.startOffset, msg.bytes);
}

/**
 * Applies stream bytes numbered start... only where they continue what I have (read_reploff + 1):
 * bytes I already have are skipped (duplicates are harmless), a gap makes me PSYNC from where I
 * am. Whole commands are applied, proxied to my backlog and sub-replicas; a cut tail waits.
 */
export function applyStream(c: Ctx, l: MasterLink, start: number, bytes: BStr): void {
  const end = start + bytes.length - 1;
  if (bytes.length === 0 || end <= l.readReploff) return;
  if (start > l.readReploff + 1) {
    reconnect(c, `Gap in the replication stream: expected offset ${l.readReploff + 1}, got ${start}`);
    return;
  }
  l.pending += bytes.slice(l.readReploff + 1 - start);
  l.readReploff = end;
  let parsed;
  try {
    parsed = parseCommands(l.pending);
  } catch (e) {
    if (!(e instanceof StreamProtocolError)) throw e;
    reconnect(c, `Protocol error from MASTER: ${e.message}`);
    return;
  }
  if (parsed.consumed === 0) return;
  const applied = l.pending.slice(0, parsed.consumed);
  l.pending = l.pending.slice(parsed.consumed);
  if (c.st.master_repl_offset !== l.reploff) throw new Error(`replica offsets diverged: ${c.st.master_repl_offset} != ${l.reploff}`);
  l.reploff += applied.length;
  sendToOnline(c, appendToBacklog(c, applied), applied);
  const commands = parsed.commands.filter((argv) => argv.length > 0 && argv[0]!.toLowerCase() !== "ping");
  if (commands.length > 0) c.effect({ kind: "apply", commands });
}

/**
 * A link was closed: by one of my replicas (it follows another master now: forget it), or by my
 * master (it dropped me, restarted, or changed history: reconnect).
 */
export function receiveDisconnect(c: Ctx, msg: Disconnect): void {
  // A replica leaving me closes its entry in my replicas; a master dropping me closes my link to
  // it. Never the other way round: around a failover the old master may still answer my old ACKs
  // ("not a replica of this node") while it is already my replica in a full sync.
  if (msg.side === "replica") {
    const r = findReplica(c.st, msg.from);
    if (r) dropReplica(c, r, `Replica closed the link (${msg.reason})`, false);
    return;
  }
  const l = linkFor(c, msg.from);
  if (!l || l.state === "handshake" || l.state === "connect") return;
  reconnect(c, `Master closed the link: ${msg.reason}`);
}

/** REPLCONF GETACK: answer at once. */
export function receiveGetack(c: Ctx, from: string): void {
  const l = linkFor(c, from, "connected");
  if (l) sendAck(c, l);
}
