/**
 * The replication state of one node: what server.h keeps for replication (master side: replid,
 * replid2, offsets, the list of replicas; replica side: the link to its master, the cached
 * master for PSYNC) plus the backlog's metadata. The backlog's bytes live outside (backlog.ts).
 *
 * Field names follow Redis where the spec and the seeds use them (`replid2`,
 * `second_replid_offset`, `master_repl_offset`), so the code reads against replication.c.
 */
import type { BStr } from "../resp/bytes";
import { createBacklogMeta, type BacklogMeta } from "./backlog";

/** CONFIG_RUN_ID_SIZE: a replication id is 40 hex chars. */
export const REPLID_LEN = 40;
/** clearReplicationId2 fills replid2 with '0's. */
export const NULL_REPLID = "0".repeat(REPLID_LEN);

/** A replica as its master sees it (replstateToString names). */
export type ReplicaState = "wait_bgsave" | "send_bulk" | "online";

export interface ReplicaInfo {
  /** The replica's Durable Object name: where messages go, and its `ip` in INFO/ROLE. */
  name: string;
  /** REPLCONF listening-port: display only. */
  port: number;
  state: ReplicaState;
  /** repl_ack_off: the highest offset it acknowledged. */
  ackOffset: number;
  /** repl_ack_time (ms). */
  lastAckTime: number;
  /** Last message of any kind from it (ms): a stuck full sync times out from here. */
  lastInteraction: number;
  /** psync_initial_offset: the offset the snapshot for its full sync was taken at. */
  snapshotOffset: number;
  /** Snapshot pages handed to it so far: the highest page sent + 1 (send_bulk progress). */
  pagesSent: number;
  /** The last page went out: its next ACK at or past snapshotOffset puts it online. */
  bulkDone: boolean;
}

/**
 * The replica's link to its master (REPL_STATE_* as ROLE names them): connect (must PSYNC) →
 * handshake (PSYNC sent) → sync (loading a snapshot) | connected. `connecting` (the TCP connect
 * phase) has no counterpart over RPC; it is kept so ROLE's vocabulary is complete.
 */
export type LinkState = "connect" | "connecting" | "handshake" | "sync" | "connected";

/** A full synchronization in progress (REPL_STATE_TRANSFER): from +FULLRESYNC to the last page. */
export interface FullSync {
  /** master_replid / master_initial_offset from +FULLRESYNC. */
  replid: string;
  offset: number;
  nextPage: number;
  /** When `nextPage` was asked for (ms): asked again after PSYNC_REPLY_TIMEOUT_MS. */
  requestedAt: number;
  readBytes: number;
  totalBytes: number;
}

export interface MasterLink {
  /** masterhost: the master's Durable Object name. */
  name: string;
  /** masterport: display only. */
  port: number;
  state: LinkState;
  /**
   * The master's replication id as this replica knows it: server.master->replid while
   * connected, cached_master->replid while not. null: no cached master, so PSYNC asks `? -1`.
   */
  masterReplid: string | null;
  /** reploff: stream bytes applied. */
  reploff: number;
  /** read_reploff: stream bytes received (applied + `pending`). */
  readReploff: number;
  /** Received bytes that do not yet form a whole command (the master client's query buffer). */
  pending: BStr;
  /** lastinteraction / repl_transfer_lastio (ms): last time anything arrived from the master. */
  lastIo: number;
  /** repl_down_since (ms), 0 while the link is up or was never up. */
  downSince: number;
  lastAckSent: number;
  /** Echoed in the PSYNC reply, so a late reply to an older attempt is recognized and dropped. */
  attempt: number;
  sync: FullSync | null;
}

export interface ReplStats {
  syncFull: number;
  syncPartialOk: number;
  syncPartialErr: number;
  /** Stream bytes or messages dropped because they did not fit (stale, foreign, malformed). */
  dropped: number;
}

export interface ReplicationState {
  /** This node's Durable Object name: the `from` of every message it sends. */
  name: string;
  replid: string;
  replid2: string;
  second_replid_offset: number;
  master_repl_offset: number;
  /** null: no backlog (Redis's repl_backlog == NULL). */
  backlog: BacklogMeta | null;
  replicas: ReplicaInfo[];
  /** null: I am a master (masterhost == NULL). */
  link: MasterLink | null;
  /** repl_no_slaves_since (ms): the backlog TTL counts from here. */
  noReplicasSince: number;
  /** Last PING fed into the stream (ms). */
  lastPing: number;
  stats: ReplStats;
}

/** getRandomHexChars: 40 lowercase hex chars from `rand`. */
export function randomReplid(rand: () => number): string {
  let s = "";
  for (let i = 0; i < REPLID_LEN; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

export function isReplid(s: unknown): s is string {
  return typeof s === "string" && /^[0-9a-f]{40}$/.test(s);
}

/** A fresh master: a random replid, no history, no backlog (as Redis at startup). */
export function createState(name: string, now: number, rand: () => number): ReplicationState {
  return {
    name,
    replid: randomReplid(rand),
    replid2: NULL_REPLID,
    second_replid_offset: -1,
    master_repl_offset: 0,
    backlog: null,
    replicas: [],
    link: null,
    noReplicasSince: now,
    lastPing: 0,
    stats: { syncFull: 0, syncPartialOk: 0, syncPartialErr: 0, dropped: 0 },
  };
}

/** changeReplicationId: a new history starts (nobody may PSYNC the old id any more). */
export function changeReplicationId(st: ReplicationState, rand: () => number): void {
  st.replid = randomReplid(rand);
}

/** clearReplicationId2: no inherited history. */
export function clearReplicationId2(st: ReplicationState): void {
  st.replid2 = NULL_REPLID;
  st.second_replid_offset = -1;
}

/**
 * shiftReplicationId: on promotion the old id becomes replid2, valid up to master_repl_offset+1
 * (a replica that has the first N bytes asks for byte N+1), and a new id starts my own history.
 */
export function shiftReplicationId(st: ReplicationState, rand: () => number): void {
  st.replid2 = st.replid;
  st.second_replid_offset = st.master_repl_offset + 1;
  changeReplicationId(st, rand);
}

/** createReplicationBacklog: empty, starting at the next byte (the caller clears the byte store). */
export function createReplicationBacklog(st: ReplicationState): void {
  st.backlog = createBacklogMeta(st.master_repl_offset);
}

export function findReplica(st: ReplicationState, name: string): ReplicaInfo | undefined {
  return st.replicas.find((r) => r.name === name);
}

/** A new link in state `connect`, with a cached master (or none) to PSYNC from. */
export function newLink(name: string, port: number, cached: { replid: string; offset: number } | null): MasterLink {
  const offset = cached ? cached.offset : 0;
  return {
    name, port, state: "connect", masterReplid: cached ? cached.replid : null, reploff: offset, readReploff: offset,
    pending: "", lastIo: 0, downSince: 0, lastAckSent: 0, attempt: 0, sync: null,
  };
}
