/**
 * Read-only views in Redis 7.0's exact formats: CLUSTER NODES (also REPLICAS), SLOTS, SHARDS,
 * INFO and LINKS. A node's "ip" and "endpoint" are its Durable Object name; the port is the
 * display port it announced.
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import { arr, bulk, int, map, type Reply } from "../resp/reply";
import { slotRanges } from "./bitmap";
import { MSG_TYPES } from "./messages";
import {
  clusterSize, isFailed, isMaster, isMyself, isSlave, isTimedOut, NodeFlag, replicasOf, type ClusterNode,
  type ClusterState,
} from "./state";

const FLAG_NAMES: [number, string][] = [
  [NodeFlag.MYSELF, "myself"], [NodeFlag.MASTER, "master"], [NodeFlag.SLAVE, "slave"], [NodeFlag.PFAIL, "fail?"],
  [NodeFlag.FAIL, "fail"], [NodeFlag.HANDSHAKE, "handshake"], [NodeFlag.NOADDR, "noaddr"],
  [NodeFlag.NOFAILOVER, "nofailover"],
];

/** representClusterNodeFlags: "myself,master", or "noflags". */
export function flagsText(flags: number): string {
  const names = FLAG_NAMES.filter(([f]) => (flags & f) !== 0).map(([, name]) => name);
  return names.length ? names.join(",") : "noflags";
}

/** One CLUSTER NODES line without its trailing newline (clusterGenNodeDescription). */
export function nodeDescription(st: ClusterState, n: ClusterNode): string {
  const epoch = isSlave(n) && n.slaveof ? n.slaveof.configEpoch : n.configEpoch;
  const link = n.link || isMyself(n) ? "connected" : "disconnected";
  let line = `${n.id} ${n.name}:${n.port}@${n.cport} ${flagsText(n.flags)} ${n.slaveof ? n.slaveof.id : "-"} `;
  line += `${n.pingSent} ${n.pongReceived} ${epoch} ${link}`;
  for (const [s, e] of slotRanges(n.slots)) line += s === e ? ` ${s}` : ` ${s}-${e}`;
  if (isMyself(n)) {
    for (let j = 0; j < CLUSTER_SLOTS; j++) {
      const to = st.migratingSlotsTo.get(j);
      const from = st.importingSlotsFrom.get(j);
      if (to) line += ` [${j}->-${to.id}]`;
      else if (from) line += ` [${j}-<-${from.id}]`;
    }
  }
  return line;
}

export function clusterNodes(st: ClusterState): string {
  let out = "";
  for (const n of st.nodes.values()) out += nodeDescription(st, n) + "\n";
  return out;
}

/** Runs of consecutive slots with the same owner: [start, end, owner]. */
function ownerRuns(st: ClusterState): [number, number, ClusterNode][] {
  const runs: [number, number, ClusterNode][] = [];
  let start = 0;
  for (let j = 1; j <= CLUSTER_SLOTS; j++) {
    if (j < CLUSTER_SLOTS && st.slots[j] === st.slots[start]) continue;
    const owner = st.slots[start];
    if (owner) runs.push([start, j - 1, owner]);
    start = j;
  }
  return runs;
}

function nodeEntry(n: ClusterNode): Reply {
  return arr([bulk(n.name), int(n.port), bulk(n.id), map([])]);
}

/** isReplicaAvailable: not FAIL and it has replicated something. */
function replicaAvailable(n: ClusterNode): boolean {
  return !isFailed(n) && n.replOffset !== 0;
}

export function clusterSlots(st: ClusterState): Reply {
  return arr(
    ownerRuns(st).map(([s, e, owner]) =>
      arr([int(s), int(e), nodeEntry(owner), ...replicasOf(st, owner).filter(replicaAvailable).map(nodeEntry)]),
    ),
  );
}

function shardNode(n: ClusterNode): Reply {
  const health = isFailed(n) ? "fail" : isSlave(n) && n.replOffset === 0 ? "loading" : "online";
  return map([
    [bulk("id"), bulk(n.id)],
    [bulk("port"), int(n.port)],
    [bulk("ip"), bulk(n.name)],
    [bulk("endpoint"), bulk(n.name)],
    [bulk("role"), bulk(isSlave(n) ? "replica" : "master")],
    [bulk("replication-offset"), int(n.replOffset)],
    [bulk("health"), bulk(health)],
  ]);
}

export function clusterShards(st: ClusterState): Reply {
  const shards: Reply[] = [];
  for (const n of st.nodes.values()) {
    if (!isMaster(n)) continue;
    const slots = slotRanges(n.slots).flatMap(([s, e]) => [int(s), int(e)]);
    const nodes = [n, ...replicasOf(st, n)].map(shardNode);
    shards.push(map([[bulk("slots"), arr(slots)], [bulk("nodes"), arr(nodes)]]));
  }
  return arr(shards);
}

export function clusterInfo(st: ClusterState): string {
  let assigned = 0;
  let ok = 0;
  let pfail = 0;
  let fail = 0;
  for (const n of st.slots) {
    if (!n) continue;
    assigned++;
    if (isFailed(n)) fail++;
    else if (isTimedOut(n)) pfail++;
    else ok++;
  }
  const me = st.myself;
  const myEpoch = isSlave(me) && me.slaveof ? me.slaveof.configEpoch : me.configEpoch;
  const lines = [
    `cluster_state:${st.state}`, `cluster_slots_assigned:${assigned}`, `cluster_slots_ok:${ok}`,
    `cluster_slots_pfail:${pfail}`, `cluster_slots_fail:${fail}`, `cluster_known_nodes:${st.nodes.size}`,
    `cluster_size:${clusterSize(st)}`, `cluster_current_epoch:${st.currentEpoch}`, `cluster_my_epoch:${myEpoch}`,
  ];
  for (const dir of ["sent", "received"] as const) {
    let total = 0;
    for (const t of MSG_TYPES) {
      const count = st.stats[dir][t];
      if (count === 0) continue;
      total += count;
      lines.push(`cluster_stats_messages_${t}_${dir}:${count}`);
    }
    lines.push(`cluster_stats_messages_${dir}:${total}`);
  }
  lines.push("total_cluster_links_buffer_limit_exceeded:0");
  return lines.map((l) => l + "\r\n").join("");
}

function linkEntry(direction: "to" | "from", n: ClusterNode, ctime: number): Reply {
  return map([
    [bulk("direction"), bulk(direction)],
    [bulk("node"), bulk(n.id)],
    [bulk("create-time"), int(ctime)],
    [bulk("events"), bulk("r")],
    [bulk("send-buffer-allocated"), int(0)],
    [bulk("send-buffer-used"), int(0)],
  ]);
}

export function clusterLinks(st: ClusterState): Reply {
  const out: Reply[] = [];
  for (const n of st.nodes.values()) {
    if (n.link) out.push(linkEntry("to", n, n.link.ctime));
    if (n.inboundLink) out.push(linkEntry("from", n, n.inboundLink.ctime));
  }
  return arr(out);
}
