/**
 * What clients see of replication: the INFO replication section (Redis 7.0's fields, order and
 * formatting, server.c genRedisInfoString), ROLE, WAIT's ack count, and the
 * min-replicas-to-write gate (checkGoodReplicasStatus).
 */
import { arr, bulk, error, int, type Reply } from "../resp/reply";
import { sec, type ReplConfig } from "./context";
import type { ReplicationState } from "./state";

/** The error a write gets when min-replicas-to-write is not met. */
export const NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

/** Redis's master_failover_state without a FAILOVER command running. */
const FAILOVER_STATE = "no-failover";

type Field = [string, string | number];

/** Whole seconds between two ms timestamps, as Redis subtracts unixtime values. */
const secondsSince = (now: number, then: number): number => sec(now) - sec(then);

/** INFO replication as [name, value] pairs, in Redis 7.0's order. */
export function infoReplicationFields(st: ReplicationState, now: number, config: ReplConfig): Field[] {
  const out: Field[] = [["role", st.link ? "slave" : "master"]];
  const l = st.link;
  if (l) {
    const connected = l.state === "connected";
    // Without a master or cached master Redis shows 1 for both offsets.
    const hasMaster = connected || l.masterReplid !== null;
    out.push(
      ["master_host", l.name],
      ["master_port", l.port],
      ["master_link_status", connected ? "up" : "down"],
      ["master_last_io_seconds_ago", connected ? secondsSince(now, l.lastIo) : -1],
      ["master_sync_in_progress", l.state === "sync" ? 1 : 0],
      ["slave_read_repl_offset", hasMaster ? l.readReploff : 1],
      ["slave_repl_offset", hasMaster ? l.reploff : 1],
    );
    if (l.state === "sync" && l.sync) {
      const s = l.sync;
      const perc = s.totalBytes ? (s.readBytes / s.totalBytes) * 100 : 0;
      out.push(
        ["master_sync_total_bytes", s.totalBytes],
        ["master_sync_read_bytes", s.readBytes],
        ["master_sync_left_bytes", s.totalBytes - s.readBytes],
        ["master_sync_perc", perc.toFixed(2)],
        ["master_sync_last_io_seconds_ago", secondsSince(now, l.lastIo)],
      );
    }
    if (!connected) out.push(["master_link_down_since_seconds", l.downSince ? secondsSince(now, l.downSince) : -1]);
    out.push(["slave_priority", config.replicaPriority], ["slave_read_only", 1], ["replica_announced", 1]);
  }
  out.push(["connected_slaves", st.replicas.length]);
  if (config.minReplicasToWrite && config.minReplicasMaxLagSec) {
    out.push(["min_slaves_good_slaves", goodReplicasCount(st, now, config)]);
  }
  st.replicas.forEach((r, i) => {
    const lag = r.state === "online" ? secondsSince(now, r.lastAckTime) : 0;
    out.push([`slave${i}`, `ip=${r.name},port=${r.port},state=${r.state},offset=${r.ackOffset},lag=${lag}`]);
  });
  out.push(
    ["master_failover_state", FAILOVER_STATE],
    ["master_replid", st.replid],
    ["master_replid2", st.replid2],
    ["master_repl_offset", st.master_repl_offset],
    ["second_repl_offset", st.second_replid_offset],
    ["repl_backlog_active", st.backlog ? 1 : 0],
    ["repl_backlog_size", config.backlogSizeBytes],
    ["repl_backlog_first_byte_offset", st.backlog ? st.backlog.offset : 0],
    ["repl_backlog_histlen", st.backlog ? st.backlog.histlen : 0],
  );
  return out;
}

/** The whole section, "# Replication" and CRLF-terminated lines. */
export function infoReplication(st: ReplicationState, now: number, config: ReplConfig): string {
  return ["# Replication", ...infoReplicationFields(st, now, config).map(([k, v]) => `${k}:${v}`)].join("\r\n") + "\r\n";
}

/** ROLE: [master, offset, [[ip, port, ack]...]] (online replicas only) or [slave, host, port, state, offset]. */
export function roleReply(st: ReplicationState): Reply {
  const l = st.link;
  if (!l) {
    const replicas = st.replicas
      .filter((r) => r.state === "online")
      .map((r) => arr([bulk(r.name), bulk(String(r.port)), bulk(String(r.ackOffset))]));
    return arr([bulk("master"), int(st.master_repl_offset), arr(replicas)]);
  }
  return arr([bulk("slave"), bulk(l.name), int(l.port), bulk(l.state), int(l.state === "connected" ? l.reploff : -1)]);
}

/** replicationCountAcksByOffset: online replicas that acknowledged `offset` (WAIT). */
export function countAcksByOffset(st: ReplicationState, offset: number): number {
  return st.replicas.filter((r) => r.state === "online" && r.ackOffset >= offset).length;
}

/** refreshGoodSlavesCount: online replicas whose last ACK is at most min-replicas-max-lag old. */
export function goodReplicasCount(st: ReplicationState, now: number, config: ReplConfig): number {
  return st.replicas.filter((r) => r.state === "online" && secondsSince(now, r.lastAckTime) <= config.minReplicasMaxLagSec).length;
}

/** checkGoodReplicasStatus: null if a write may run, else the NOREPLICAS error. */
export function checkGoodReplicas(st: ReplicationState, now: number, config: ReplConfig): Reply | null {
  if (st.link || !config.minReplicasMaxLagSec || !config.minReplicasToWrite) return null;
  return goodReplicasCount(st, now, config) >= config.minReplicasToWrite ? null : error(NOREPLICAS);
}
