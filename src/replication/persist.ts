/**
 * What survives a restart: the replication ids and offsets, the backlog's metadata (its bytes
 * are the shell's rows, written in the same transaction) and which master to follow with the
 * history to PSYNC it with — Redis keeps the same in the RDB's aux fields (repl-id,
 * repl-offset) so a restarted replica can continue partially. Replica lists and link states are
 * connections: after a restart replicas reconnect, and a replica starts in `connect`.
 */
import { createState, isReplid, newLink, type ReplicationState } from "./state";

interface Saved {
  v: 1;
  replid: string;
  replid2: string;
  second_replid_offset: number;
  master_repl_offset: number;
  backlog: { histlen: number; offset: number } | null;
  master: { name: string; port: number; replid: string | null; offset: number } | null;
}

export class CorruptReplicationStateError extends Error {
  readonly code = "REPL_STATE_CORRUPT";
}

export function serialize(st: ReplicationState): string {
  const l = st.link;
  const saved: Saved = {
    v: 1,
    replid: st.replid,
    replid2: st.replid2,
    second_replid_offset: st.second_replid_offset,
    master_repl_offset: st.master_repl_offset,
    backlog: st.backlog ? { histlen: st.backlog.histlen, offset: st.backlog.offset } : null,
    master: l ? { name: l.name, port: l.port, replid: l.masterReplid, offset: l.reploff } : null,
  };
  return JSON.stringify(saved);
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

export function deserialize(text: string, name: string, now: number, rand: () => number): ReplicationState {
  let s: Saved;
  try {
    s = JSON.parse(text) as Saved;
  } catch (e) {
    throw new CorruptReplicationStateError("replication state is not JSON", { cause: e });
  }
  const ok = s && s.v === 1 && isReplid(s.replid) && isReplid(s.replid2) &&
    isInt(s.second_replid_offset) && isInt(s.master_repl_offset) &&
    (s.backlog === null || (isInt(s.backlog.histlen) && isInt(s.backlog.offset) && s.backlog.histlen >= 0 &&
      s.backlog.offset + s.backlog.histlen - 1 === s.master_repl_offset)) &&
    (s.master === null || (typeof s.master.name === "string" && isInt(s.master.port) && isInt(s.master.offset) &&
      (s.master.replid === null || isReplid(s.master.replid))));
  if (!ok) throw new CorruptReplicationStateError("replication state has missing or inconsistent fields; delete the 'replication' meta row to start over");
  const st = createState(name, now, rand);
  st.replid = s.replid;
  st.replid2 = s.replid2;
  st.second_replid_offset = s.second_replid_offset;
  st.master_repl_offset = s.master_repl_offset;
  st.backlog = s.backlog;
  if (s.master) {
    st.link = newLink(s.master.name, s.master.port, s.master.replid === null ? null : { replid: s.master.replid, offset: s.master.offset });
  }
  return st;
}
