/**
 * The nodes.conf equivalent: the persisted part of a ClusterState as JSON text. Slot bitmaps
 * are written as CLUSTER NODES ranges ("0-5460 7000"), so a node's share of the map costs a few
 * bytes instead of 2 KB. Links, message counters, the dropped counter and the other `volatile`
 * fields are not persisted: a restarted node rebuilds them.
 *
 * Unlike Redis, the cluster health state IS persisted. Redis starts a restarted process in FAIL
 * because it was unreachable and its config may be stale; a Durable Object is evicted routinely
 * when idle and reactivates on the next call, so peers never saw it gone, and starting in FAIL
 * would refuse every command for a cron round after each idle period. (A node that really was
 * unreachable is still marked PFAIL/FAIL by the others and corrected by UPDATE as usual.)
 * `deserialize(serialize(s))` reproduces everything else.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { parseRanges, rangesText, testBit } from "./bitmap";
import {
  emptyStats, newVolatile, type ClusterNode, type ClusterState, type FailReport, type NodeId,
} from "./state";

const FORMAT_VERSION = 1;

interface NodeRecord {
  id: NodeId;
  name: string;
  port: number;
  cport: number;
  flags: number;
  configEpoch: number;
  slots: string;
  slaveof: NodeId | null;
  ctime: number;
  pingSent: number;
  pongReceived: number;
  dataReceived: number;
  failTime: number;
  failReports: [NodeId, number][];
  replOffset: number;
  shardId: string;
}

interface StateRecord {
  v: number;
  myself: NodeId;
  currentEpoch: number;
  lastVoteEpoch: number;
  nodes: NodeRecord[];
  migrating: [number, NodeId][];
  importing: [number, NodeId][];
  blacklist: [NodeId, number][];
  /** Absent in states written before it was persisted: those load as FAIL. */
  state?: "ok" | "fail";
}

/** Persisted text is unreadable: the caller gave something that serialize did not write. */
export class CorruptStateError extends Error {
  readonly code = "CORRUPT_CLUSTER_STATE";
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`cluster state cannot be loaded: ${detail}`, options);
  }
}

export function serialize(st: ClusterState): string {
  const nodes: NodeRecord[] = [];
  for (const n of st.nodes.values()) {
    nodes.push({
      id: n.id, name: n.name, port: n.port, cport: n.cport, flags: n.flags, configEpoch: n.configEpoch,
      slots: rangesText(n.slots), slaveof: n.slaveof ? n.slaveof.id : null, ctime: n.ctime,
      pingSent: n.pingSent, pongReceived: n.pongReceived, dataReceived: n.dataReceived, failTime: n.failTime,
      failReports: n.failReports.map((r) => [r.from.id, r.time]),
      replOffset: n.replOffset, shardId: n.shardId,
    });
  }
  const rec: StateRecord = {
    v: FORMAT_VERSION, myself: st.myself.id, currentEpoch: st.currentEpoch, lastVoteEpoch: st.lastVoteEpoch, nodes,
    migrating: [...st.migratingSlotsTo].map(([s, n]) => [s, n.id]),
    importing: [...st.importingSlotsFrom].map(([s, n]) => [s, n.id]),
    blacklist: [...st.blacklist],
    state: st.state,
  };
  return JSON.stringify(rec);
}

/**
 * Loads persisted text. With `now`, pending ping and pong times are moved to `now` (Redis's
 * clusterLoadConfig does the same), so a node restarted after a pause does not flag everyone
 * PFAIL at its first cron.
 */
export function deserialize(text: string, now?: number): ClusterState {
  let rec: StateRecord;
  try {
    rec = JSON.parse(text) as StateRecord;
  } catch (e) {
    throw new CorruptStateError("not JSON", { cause: e });
  }
  if (rec?.v !== FORMAT_VERSION || !Array.isArray(rec.nodes)) throw new CorruptStateError("unknown format");
  const nodes = new Map<NodeId, ClusterNode>();
  for (const r of rec.nodes) nodes.set(r.id, nodeFromRecord(r, now));
  const byId = (id: NodeId): ClusterNode => {
    const n = nodes.get(id);
    if (!n) throw new CorruptStateError(`reference to unknown node ${id}`);
    return n;
  };
  for (const r of rec.nodes) {
    const n = nodes.get(r.id)!;
    n.slaveof = r.slaveof === null ? null : (nodes.get(r.slaveof) ?? null);
    n.failReports = r.failReports.filter(([id]) => nodes.has(id)).map(([id, time]): FailReport => ({ from: nodes.get(id)!, time }));
  }
  const st: ClusterState = {
    myself: byId(rec.myself), nodes, currentEpoch: rec.currentEpoch, lastVoteEpoch: rec.lastVoteEpoch,
    slots: new Array<ClusterNode | null>(CLUSTER_SLOTS).fill(null),
    migratingSlotsTo: new Map(rec.migrating.map(([s, id]) => [s, byId(id)])),
    importingSlotsFrom: new Map(rec.importing.map(([s, id]) => [s, byId(id)])),
    blacklist: new Map(rec.blacklist), state: rec.state === "ok" ? "ok" : "fail", stats: { sent: emptyStats(), received: emptyStats() },
    dropped: 0, volatile: newVolatile(),
  };
  for (const n of nodes.values()) bindSlots(st, n);
  return st;
}

function nodeFromRecord(r: NodeRecord, now: number | undefined): ClusterNode {
  const slots = parseRanges(r.slots);
  if (!slots) throw new CorruptStateError(`bad slot ranges for node ${r.id}`);
  const rebase = (t: number): number => (now !== undefined && t !== 0 ? now : t);
  return {
    id: r.id, name: r.name, port: r.port, cport: r.cport, flags: r.flags, configEpoch: r.configEpoch, slots,
    numSlots: 0, slaveof: null, ctime: r.ctime, pingSent: rebase(r.pingSent), pongReceived: rebase(r.pongReceived),
    dataReceived: rebase(r.dataReceived), failTime: 0, failReports: [],
    replOffset: r.replOffset, shardId: r.shardId, link: null, inboundLink: null,
  };
}

/** Rebuilds the slot table from the node bitmaps (each slot has one owner, by construction). */
function bindSlots(st: ClusterState, n: ClusterNode): void {
  for (let j = 0; j < CLUSTER_SLOTS; j++) {
    if (!testBit(n.slots, j)) continue;
    if (st.slots[j]) throw new CorruptStateError(`slot ${j} bound to two nodes`);
    st.slots[j] = n;
    n.numSlots++;
  }
}
