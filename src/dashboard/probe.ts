/**
 * One fan-out to every node: each answers one pipeline (its CLUSTER NODES view, CLUSTER INFO,
 * INFO replication+stats, its slot migration jobs, its newest events) in one RPC. A node that does
 * not answer within PROBE_TIMEOUT_MS (halted, restarting) is reported unreachable: the page must
 * keep refreshing while a master is down, which is when it is looked at.
 *
 * Which nodes: the ones named before (kept per isolate), the seeds, and every node any answer
 * lists; nodes first learned from an answer are asked in a second round, so the first request
 * already sees the whole cluster.
 */
import type { NodeRpc } from "../node-rpc";
import { REST_CONN } from "../gateway/auth";
import type { Reply } from "../resp/reply";
import type { ClusterEvent } from "../events/cluster-event";
import { parseInfoText, parseNodes, type NodeLine } from "./node-lines";

/** How long one node may take to answer the overview's pipeline. */
export const PROBE_TIMEOUT_MS = 1500;
/** Nodes remembered per isolate: more than any cluster here, few enough to bound the fan-out. */
const MAX_KNOWN_NODES = 256;

export interface SlotJob {
  name: string;
  operation: string;
  source: string;
  target: string;
  slotRanges: string;
  state: string;
}

export interface NodeProbe {
  name: string;
  error: string | null;
  nodes: NodeLine[];
  clusterInfo: Record<string, string>;
  info: Record<string, string>;
  jobs: SlotJob[];
  events: ClusterEvent[];
}

const known = new Set<string>();

const text = (r: Reply | undefined): string => (r && (r.t === "bulk" || r.t === "verbatim" || r.t === "simple") ? r.v : "");

function mapOf(r: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  if (r.t === "map") for (const [k, v] of r.v) out[text(k)] = v.t === "int" ? String(v.v) : text(v);
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function probeNode(node: NodeRpc, name: string, events: number): Promise<NodeProbe> {
  const probe: NodeProbe = { name, error: null, nodes: [], clusterInfo: {}, info: {}, jobs: [], events: [] };
  try {
    const [nodes, cinfo, info, jobs, evs] = await withTimeout(node.execute([
      ["CLUSTER", "NODES"], ["CLUSTER", "INFO"], ["INFO", "replication", "stats"], ["CLUSTER", "GETSLOTMIGRATIONS"], ["CLUSTER", "EVENTS", String(events)],
    ], REST_CONN.admin), PROBE_TIMEOUT_MS);
    if (nodes?.t === "error") throw new Error(nodes.v);
    probe.nodes = parseNodes(text(nodes));
    probe.clusterInfo = parseInfoText(text(cinfo));
    probe.info = parseInfoText(text(info));
    if (jobs?.t === "array") {
      probe.jobs = jobs.v.map(mapOf).map((j) => ({
        name: j.name ?? "", operation: j.operation ?? "", source: j.source_node ?? "", target: j.target_node ?? "",
        slotRanges: j.slot_ranges ?? "", state: j.state ?? "",
      }));
    }
    if (evs?.t === "array") probe.events = evs.v.map((e) => JSON.parse(text(e)) as ClusterEvent);
  } catch (e) {
    probe.error = e instanceof Error ? e.message : String(e);
  }
  return probe;
}

/** Probes every node (seeds, remembered, and learned from the answers). */
export async function probeCluster(lookup: (name: string) => NodeRpc, seeds: string[], events: number): Promise<NodeProbe[]> {
  const asked = new Map<string, NodeProbe>();
  let round = [...new Set([...seeds, ...known])];
  while (round.length > 0) {
    const probes = await Promise.all(round.map((name) => probeNode(lookup(name), name, events)));
    for (const p of probes) asked.set(p.name, p);
    const listed = probes.flatMap((p) => p.nodes.map((n) => n.name)).filter((n) => n !== "");
    round = [...new Set(listed)].filter((n) => !asked.has(n));
  }
  const names = [...asked.values()].filter((p) => p.error === null).flatMap((p) => p.nodes.map((n) => n.name));
  if (names.length > 0) {
    known.clear();
    for (const n of names.slice(0, MAX_KNOWN_NODES)) known.add(n);
  }
  return [...asked.values()];
}
