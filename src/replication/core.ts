/**
 * The replication core: Redis's replication.c (PSYNC2, the backlog, replicationCron) as a pure
 * state machine. Sans-I/O: the shell passes the time, a random source, incoming messages and a
 * synchronous byte store for the backlog; the core returns messages, effects on the dataset and
 * whether its persisted state changed. It never reads a clock, draws randomness or sleeps.
 *
 * THEORY OF OPERATION
 *
 * History. A node's data is a history named by `replid` and measured in stream bytes
 * (`master_repl_offset`). Two nodes with the same replid and offset hold the same data. A
 * promoted replica keeps its old history as `replid2`, valid up to `second_replid_offset`
 * (shiftReplicationId), so its former siblings — and its former master — can continue from it.
 *
 * Master. Write effects (dispatch's argv lists) are RESP-encoded and appended to the backlog
 * (`feed`): the offset grows by their byte length and online replicas get a `stream` batch
 * {replid, startOffset, bytes}. A PSYNC {replid, offset} continues iff the replid is mine (or
 * my replid2 and offset ≤ second_replid_offset) and the backlog still holds byte `offset`
 * (masterTryPartialResynchronization); the reply carries the backlog from there. Otherwise
 * +FULLRESYNC {replid, offset} and a `take-snapshot` effect: the shell snapshots the dataset in
 * the same turn — so the snapshot is exactly the data at `offset` — and keeps it in pages. The
 * replica pulls the pages one by one (`snapshot-request` → `send-snapshot-page` effect → the
 * shell calls `snapshotPage`), so a lost or late page only costs a retry. The replica goes
 * wait_bgsave → send_bulk → online (its first ACK at or past the snapshot offset), then gets the
 * backlog written meanwhile; `release-snapshot` tells the shell to drop the pages. The cron PINGs
 * inside the stream (the PING moves the offset, as in Redis), drops replicas silent for
 * repl-timeout and frees the backlog after repl-backlog-ttl without replicas (new replid).
 *
 * Replica. Link states connect → handshake (PSYNC sent) → sync (snapshot pages) | connected.
 * PSYNC asks with the cached master's replid and reploff + 1, or `? -1` without one.
 * +CONTINUE with a new replid shifts the old one into replid2 (a sub-replica can still follow)
 * and disconnects sub-replicas. The stream applies only at read_reploff + 1: older bytes are
 * skipped (duplicates are harmless), a gap caches the master and PSYNCs from where it is.
 * Whole commands are applied (`apply` effect), appended to the replica's own backlog and
 * proxied to its sub-replicas, so a promoted replica can serve PSYNC at once. The cron ACKs
 * every second and reconnects after 5 s without a PSYNC reply or repl-timeout of silence.
 *
 * Transport. Messages may be lost, duplicated or reordered. Every reply to PSYNC echoes its
 * attempt number, and stale ones are ignored; stream bytes are idempotent by offset; a lost
 * batch is noticed at the next one (at the latest the next PING) and repaired by PSYNC from the
 * backlog; a snapshot page is asked for again after 5 s without it. `disconnect` stands for a
 * closed TCP connection: a master sends it to replicas it drops (and in answer to an ACK from a
 * replica it does not know), a replica to the master it leaves.
 *
 * Invariants. A replica's master_repl_offset equals its reploff (it produces nothing itself).
 * backlog.offset + backlog.histlen - 1 === master_repl_offset. The shell persists the state
 * (when `changed`) in the same transaction as the effects and backlog writes, before sending.
 */
import type { BStr } from "../resp/bytes";
import { Ctx, type Env, type Outcome } from "./context";
import {
  feedCommands, receiveAck, receiveSnapshotRequest, requestAcks as requestAcksFrom, snapshotPage as pageFor, type PageInput,
} from "./master";
import { validate, type ReplMessage } from "./messages";
import { receivePsync } from "./psync";
import {
  receiveContinue, receiveDisconnect, receiveFullResync, receiveGetack, receivePsyncError, receiveSnapshot, receiveStream,
  setLinkState, setMaster as follow,
} from "./replica";
import type { ReplicationState } from "./state";

/** Handles one replication message. Malformed messages are dropped, counted, and change nothing else. */
export function receive(st: ReplicationState, msg: unknown, env: Env): Outcome {
  const c = new Ctx(st, env);
  const problem = validate(msg);
  if (problem !== null) {
    st.stats.dropped++;
    c.event(`dropped malformed replication message: ${problem}`);
    return c.outcome();
  }
  const m = msg as ReplMessage;
  switch (m.type) {
    case "psync":
      receivePsync(c, m);
      break;
    case "continue":
      receiveContinue(c, m);
      break;
    case "fullresync":
      receiveFullResync(c, m);
      break;
    case "psync-error":
      receivePsyncError(c, m);
      break;
    case "stream":
      receiveStream(c, m);
      break;
    case "snapshot":
      receiveSnapshot(c, m);
      break;
    case "snapshot-request":
      receiveSnapshotRequest(c, m);
      break;
    case "ack":
      receiveAck(c, m);
      break;
    case "getack":
      receiveGetack(c, m.from);
      break;
    case "disconnect":
      receiveDisconnect(c, m);
      break;
  }
  return c.outcome();
}

/** A write's replication effects (dispatch's `effects`) enter the stream. */
export function feed(st: ReplicationState, commands: readonly (readonly BStr[])[], env: Env): Outcome {
  const c = new Ctx(st, env);
  feedCommands(c, commands);
  return c.outcome();
}

/** Follow `master`, or (null) become a master: replicationSetMaster / replicationUnsetMaster. */
export function setMaster(st: ReplicationState, master: { name: string; port: number } | null, env: Env): Outcome {
  const c = new Ctx(st, env);
  follow(c, master);
  return c.outcome();
}

/** The shell's answer to a send-snapshot-page effect: page `page.page` of `replica`'s snapshot at `offset`. */
export function snapshotPage(st: ReplicationState, replica: string, offset: number, page: PageInput, env: Env): Outcome {
  const c = new Ctx(st, env);
  pageFor(c, replica, offset, page);
  return c.outcome();
}

/** WAIT: ask every online replica for an ACK now. */
export function requestAcks(st: ReplicationState, env: Env): Outcome {
  const c = new Ctx(st, env);
  requestAcksFrom(c);
  return c.outcome();
}

/** Delivering `msg` to `to` failed (RPC error). A lost PSYNC is retried by the next tick. */
export function deliveryFailed(st: ReplicationState, to: string, msg: ReplMessage, env: Env): Outcome {
  const c = new Ctx(st, env);
  const l = st.link;
  if (l && l.name === to && msg.type === "psync" && l.state === "handshake" && msg.attempt === l.attempt) {
    setLinkState(c, l, "connect", `Unable to send PSYNC to master ${to}`);
  }
  return c.outcome();
}
