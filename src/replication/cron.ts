/**
 * replicationCron as a pure tick. Master: PING the replicas inside the stream every
 * repl-ping-replica-period, drop replicas silent for repl-timeout, free the backlog after
 * repl-backlog-ttl without replicas. Replica: (re)connect with PSYNC, time out a lost PSYNC
 * reply, ask again for a snapshot page that did not come, give up a stalled full sync or a
 * silent master, and send REPLCONF ACK every second.
 */
import { resizeBacklogMeta } from "./backlog";
import { Ctx, sec, type Env, type Outcome } from "./context";
import { dropReplica, feedCommands } from "./master";
import { reconnect, requestPage, sendAck, sendPsync } from "./replica";
import { changeReplicationId, clearReplicationId2, type MasterLink, type ReplicationState } from "./state";

/**
 * How long a PSYNC (or a snapshot page request) may wait for its reply. Redis reads handshake
 * replies with repl_syncio_timeout (5 s); a lost message must not stall a link for repl-timeout.
 */
export const PSYNC_REPLY_TIMEOUT_MS = 5000;
/** replicationSendAck runs once per replicationCron, i.e. every second. */
export const ACK_PERIOD_MS = 1000;

export function tick(st: ReplicationState, env: Env): Outcome {
  const c = new Ctx(st, env);
  if (st.link) replicaCron(c, st.link);
  masterCron(c);
  return c.outcome(nextDeadline(c));
}

/** Timers fire a little early or late: half a cron of slack. */
const due = (c: Ctx, since: number, periodMs: number): boolean => c.now - since >= periodMs - c.config.cronMs / 2;

/** Redis compares whole seconds: `unixtime - last > timeout`. */
const silentFor = (c: Ctx, since: number, seconds: number): boolean => sec(c.now) - sec(since) > seconds;

function replicaCron(c: Ctx, l: MasterLink): void {
  switch (l.state) {
    case "connect":
      sendPsync(c, l);
      return;
    case "connecting":
    case "handshake":
      if (c.now - l.lastIo >= PSYNC_REPLY_TIMEOUT_MS) reconnect(c, "Timeout connecting to the MASTER...");
      return;
    case "sync":
      if (silentFor(c, l.lastIo, c.config.timeoutSec)) {
        reconnect(c, "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value.");
      } else if (l.sync && c.now - l.sync.requestedAt >= PSYNC_REPLY_TIMEOUT_MS) {
        requestPage(c, l);
      }
      return;
    case "connected":
      if (silentFor(c, l.lastIo, c.config.timeoutSec)) {
        reconnect(c, "MASTER timeout: no data nor PING received...");
        return;
      }
      if (due(c, l.lastAckSent, ACK_PERIOD_MS)) sendAck(c, l);
      return;
  }
}

function masterCron(c: Ctx): void {
  const st = c.st;
  // Only a top-level master pings: a replica proxies its master's stream byte for byte.
  if (st.link === null && st.replicas.length > 0 && due(c, st.lastPing, c.config.pingReplicaPeriodSec * 1000)) {
    st.lastPing = c.now;
    feedCommands(c, [["PING"]]);
  }
  for (const r of [...st.replicas]) {
    if (r.state === "online" && silentFor(c, r.lastAckTime, c.config.timeoutSec)) {
      dropReplica(c, r, "Disconnecting timedout replica (streaming sync)");
    } else if (r.state !== "online" && silentFor(c, r.lastInteraction, c.config.timeoutSec)) {
      dropReplica(c, r, "Disconnecting timedout replica (full sync)");
    }
  }
  const ttl = c.config.backlogTtlSec;
  if (st.replicas.length === 0 && ttl > 0 && st.backlog && st.link === null && silentFor(c, st.noReplicasSince, ttl)) {
    // A new id too: without a backlog the offset stops moving, so a later PSYNC with the old
    // id and offset could "continue" over writes it never saw.
    changeReplicationId(st, c.env.rand);
    clearReplicationId2(st);
    st.backlog = null;
    c.backlog.clear();
    c.save();
    c.event(`Replication backlog freed after ${ttl} seconds without connected replicas.`);
  }
  if (st.backlog && resizeBacklogMeta(st.backlog, st.master_repl_offset, c.config.backlogSizeBytes)) {
    c.backlog.trim(st.backlog.offset);
    c.save();
  }
}

/** The earliest time the cron has something to do (the shell's alarm), never before now + 1. */
function nextDeadline(c: Ctx): number | undefined {
  const st = c.st;
  const cfg = c.config;
  const at: number[] = [];
  const afterSilence = (since: number, seconds: number): number => (sec(since) + seconds + 1) * 1000;
  const l = st.link;
  if (l) {
    if (l.state === "connect") at.push(c.now);
    if (l.state === "handshake" || l.state === "connecting") at.push(l.lastIo + PSYNC_REPLY_TIMEOUT_MS);
    if (l.state === "sync" || l.state === "connected") at.push(afterSilence(l.lastIo, cfg.timeoutSec));
    if (l.state === "sync" && l.sync) at.push(l.sync.requestedAt + PSYNC_REPLY_TIMEOUT_MS);
    if (l.state === "connected") at.push(l.lastAckSent + ACK_PERIOD_MS);
  }
  if (l === null && st.replicas.length > 0) at.push(st.lastPing + cfg.pingReplicaPeriodSec * 1000);
  for (const r of st.replicas) at.push(afterSilence(r.state === "online" ? r.lastAckTime : r.lastInteraction, cfg.timeoutSec));
  if (l === null && st.replicas.length === 0 && st.backlog && cfg.backlogTtlSec > 0) {
    at.push(afterSilence(st.noReplicasSince, cfg.backlogTtlSec));
  }
  if (at.length === 0) return undefined;
  return Math.max(c.now + 1, Math.min(...at));
}
