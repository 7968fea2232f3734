/**
 * The dashboard's JSON (GET /admin/overview): the probes of every node (probe.ts) folded into
 * what the page shows. A pure function of the probes.
 *
 * - A node that answered describes itself (its `myself` line: role, master, configEpoch, open
 *   slots; its INFO: offsets, ops/s). One that did not is described by the others.
 * - Health: "fail" when any node that answered flags it FAIL, "pfail" for FAIL? (PFAIL), else
 *   "unreachable" when it did not answer, else "ok".
 * - The slot bar follows the view of the answering node with the highest currentEpoch: the
 *   freshest configuration any node has (a failover's new epoch reaches it first).
 */
import { CLUSTER_SLOTS } from "../commands/slot";
import type { ClusterEvent } from "../events/cluster-event";
import type { NodeLine } from "./node-lines";
import type { NodeProbe, SlotJob } from "./probe";

export interface NodeRow {
  name: string;
  id: string;
  role: "master" | "replica";
  masterName: string | null;
  configEpoch: number;
  currentEpoch: number | null;
  flags: string[];
  health: "ok" | "pfail" | "fail" | "unreachable";
  /** Replica: master_link_status; master: its bus links, "connected/known". */
  link: string;
  slots: number;
  replOffset: number | null;
  /** Replica: bytes behind its master's offset. */
  lagBytes: number | null;
  opsPerSec: number | null;
  error: string | null;
}

export interface Migration {
  source: string;
  target: string;
  /** "a-b" or "a" runs. */
  slots: string;
  kind: "setslot" | "migrateslots";
  state: string;
}

export interface Overview {
  ts: number;
  nodes: NodeRow[];
  /** [start, end, owner name] runs; unassigned slots are absent. */
  slots: [number, number, string][];
  migrations: Migration[];
  events: ClusterEvent[];
  counts: { masters: number; replicas: number; slotsAssigned: number; failing: number; unreachable: number };
}

const num = (v: string | undefined): number | null => (v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Number(v));

function runs(slots: number[]): string {
  const out: string[] = [];
  const sorted = [...slots].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(" ");
}

export function assembleOverview(probes: NodeProbe[], now: number, eventCount: number): Overview {
  const answered = probes.filter((p) => p.error === null && p.nodes.length > 0);
  const self = new Map<string, { probe: NodeProbe; line: NodeLine }>();
  for (const p of answered) {
    const line = p.nodes.find((n) => n.flags.includes("myself"));
    if (line) self.set(line.id, { probe: p, line });
  }
  const authority = [...answered].sort((a, b) => (num(b.clusterInfo.cluster_current_epoch) ?? 0) - (num(a.clusterInfo.cluster_current_epoch) ?? 0))[0];
  const view = new Map<string, NodeLine>((authority?.nodes ?? []).map((n) => [n.id, n]));
  const nameOf = (id: string | null): string | null => (id === null ? null : (self.get(id)?.line.name ?? view.get(id)?.name ?? id));
  const marks = new Map<string, Set<string>>();
  for (const p of answered) {
    for (const n of p.nodes) {
      if (n.flags.includes("myself")) continue;
      const m = marks.get(n.id) ?? new Set<string>();
      for (const f of n.flags) if (f === "fail" || f === "fail?") m.add(f);
      marks.set(n.id, m);
    }
  }
  const ids = new Set<string>([...view.keys(), ...self.keys()]);
  const rows: NodeRow[] = [...ids].map((id) => row(id, self.get(id), view.get(id)!, marks.get(id), nameOf, probes));
  const masterOffset = new Map(rows.filter((r) => r.role === "master").map((r) => [r.name, r.replOffset]));
  for (const r of rows) {
    const m = r.masterName === null ? null : masterOffset.get(r.masterName);
    if (r.role === "replica" && m != null && r.replOffset !== null) r.lagBytes = Math.max(0, m - r.replOffset);
  }
  rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));

  const slots: [number, number, string][] = [];
  for (const n of view.values()) if (n.flags.includes("master")) for (const [s, e] of n.slots) slots.push([s, e, n.name]);
  slots.sort((a, b) => a[0] - b[0]);
  const migrations = openSlots(answered, nameOf);
  for (const p of answered) migrations.push(...activeJobs(p.jobs, nameOf));

  const events = answered.flatMap((p) => p.events).sort((a, b) => b.ts - a.ts || b.seq - a.seq).slice(0, eventCount);
  return {
    ts: now, nodes: rows, slots, migrations, events,
    counts: {
      masters: rows.filter((r) => r.role === "master" && r.health !== "fail").length,
      replicas: rows.filter((r) => r.role === "replica").length,
      slotsAssigned: Math.min(CLUSTER_SLOTS, slots.reduce((n, [s, e]) => n + e - s + 1, 0)),
      failing: rows.filter((r) => r.health === "fail" || r.health === "pfail").length,
      unreachable: rows.filter((r) => r.error !== null).length,
    },
  };
}

function row(
  id: string, me: { probe: NodeProbe; line: NodeLine } | undefined, seen: NodeLine | undefined, marks: Set<string> | undefined,
  nameOf: (id: string | null) => string | null, probes: NodeProbe[],
): NodeRow {
  const line = me?.line ?? seen!;
  const info = me?.probe.info ?? {};
  const replica = line.flags.includes("slave");
  const health = marks?.has("fail") ? "fail" : marks?.has("fail?") ? "pfail" : me ? "ok" : "unreachable";
  const others = me ? me.probe.nodes.filter((n) => n.id !== id) : [];
  const probe = probes.find((p) => p.name === line.name);
  return {
    name: line.name, id, role: replica ? "replica" : "master", masterName: nameOf(line.masterId),
    configEpoch: line.configEpoch, currentEpoch: num(me?.probe.clusterInfo.cluster_current_epoch),
    flags: line.flags.filter((f) => f !== "myself"), health,
    link: !me ? "unknown" : replica ? (info.master_link_status ?? "unknown") : `${others.filter((n) => n.link === "connected").length}/${others.length}`,
    slots: line.slots.reduce((n, [s, e]) => n + e - s + 1, 0),
    replOffset: num(replica ? (info.slave_repl_offset ?? info.master_repl_offset) : info.master_repl_offset),
    lagBytes: null, opsPerSec: num(info.instantaneous_ops_per_sec),
    error: me ? null : (probe?.error ?? "no answer"),
  };
}

/** SETSLOT MIGRATING/IMPORTING, from each node's own line (only the myself line shows them). */
function openSlots(answered: NodeProbe[], nameOf: (id: string | null) => string | null): Migration[] {
  const groups = new Map<string, { source: string; target: string; slots: number[] }>();
  for (const p of answered) {
    const me = p.nodes.find((n) => n.flags.includes("myself"));
    if (!me) continue;
    const add = (source: string, target: string, slot: number): void => {
      const key = `${source} ${target}`;
      const g = groups.get(key) ?? { source, target, slots: [] };
      if (!g.slots.includes(slot)) g.slots.push(slot);
      groups.set(key, g);
    };
    for (const m of me.migrating) add(me.name, nameOf(m.to) ?? m.to, m.slot);
    for (const i of me.importing) add(nameOf(i.from) ?? i.from, me.name, i.slot);
  }
  return [...groups.values()].map((g) => ({ source: g.source, target: g.target, slots: runs(g.slots), kind: "setslot", state: "open" }));
}

/** Atomic slot migration jobs still running (the source's EXPORT jobs; the IMPORT side would repeat them). */
function activeJobs(jobs: SlotJob[], nameOf: (id: string | null) => string | null): Migration[] {
  const done = new Set(["success", "failed", "cancelled"]);
  return jobs.filter((j) => j.operation === "EXPORT" && !done.has(j.state)).map((j) => ({
    source: nameOf(j.source) ?? j.source, target: nameOf(j.target) ?? j.target, slots: j.slotRanges, kind: "migrateslots", state: j.state,
  }));
}
