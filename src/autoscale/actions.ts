/**
 * What the autoscaler does to the cluster, through plain cluster commands on the nodes: read each
 * master's load (INFO), add a master (CLUSTER MEET a new Durable Object name, its replicas MEET
 * and REPLICATE it as `cluster.ts add-node --replica-of` does, then atomic slot migrations of an
 * even share of every master's slots to it), remove one (its slots to the others with atomic slot
 * migration, then CLUSTER FORGET of it and its replicas everywhere and CLUSTER RESET on them).
 */
import type { Reply } from "../resp/reply";
import type { NodeRpc } from "../node-rpc";
import type { MasterReport } from "./policy";
import { slotRuns } from "../commands/slot";
import { parseReplicas, replicaNames, type ReplicaView } from "./replicas";

const ADMIN = { resp: 2 as const, admin: true };
/** How long an action waits for the cluster (a handshake, the slot migrations). */
const JOIN_TIMEOUT_MS = 60_000;
const MIGRATION_TIMEOUT_MS = 15 * 60_000;

export interface MasterView {
  id: string;
  name: string;
  slots: number[];
}

type Nodes = (name: string) => NodeRpc;

export class ClusterActions {
  constructor(private readonly nodes: Nodes, private readonly seed: string, private readonly sleep: (ms: number) => Promise<void>) {}

  private async call(node: string, ...argv: (string | number)[]): Promise<Reply> {
    const [r] = await this.nodes(node).execute([argv.map(String)], ADMIN);
    if (!r) throw new Error(`${node}: no reply`);
    if (r.t === "error") throw new Error(`${node}: ${argv.slice(0, 2).join(" ")}: ${r.v}`);
    return r;
  }

  private async nodesText(node = this.seed): Promise<string> {
    const r = await this.call(node, "CLUSTER", "NODES");
    return r.t === "bulk" || r.t === "verbatim" ? r.v : "";
  }

  /** Replicas as the seed's CLUSTER NODES lists them. */
  async replicas(): Promise<ReplicaView[]> {
    return parseReplicas(await this.nodesText());
  }

  /** Masters serving slots, from the seed's CLUSTER NODES. */
  async masters(): Promise<MasterView[]> {
    const text = await this.nodesText();
    return text.trim().split("\n").flatMap((line) => {
      const f = line.trim().split(" ");
      if (!f[2]?.split(",").includes("master") || f[2].includes("fail")) return [];
      const addr = f[1]!.split("@")[0]!;
      const slots: number[] = [];
      for (const range of f.slice(8)) {
        if (range.startsWith("[")) continue;
        const [a, b] = range.split("-").map(Number);
        for (let s = a!; s <= (b ?? a!); s++) slots.push(s);
      }
      return slots.length > 0 ? [{ id: f[0]!, name: addr.slice(0, addr.lastIndexOf(":")), slots }] : [];
    });
  }

  /** Each master's command count and stored bytes (INFO). */
  async reports(masters: MasterView[]): Promise<MasterReport[]> {
    return Promise.all(masters.map(async (m) => {
      const info = await this.call(m.name, "INFO", "everything");
      const text = info.t === "bulk" || info.t === "verbatim" ? info.v : "";
      const field = (name: string): number => Number(new RegExp(`\\r?\\n${name}:(\\d+)`).exec(`\n${text}`)?.[1] ?? 0);
      return { name: m.name, commands: field("total_commands_processed"), bytes: field("used_memory") };
    }));
  }

  /** A new master named node-<n>, joined, with `replicas` replicas and an even share of every master's slots. Returns its name and its replicas'. */
  async addMaster(masters: MasterView[], replicas = 0): Promise<{ name: string; replicas: string[] }> {
    const taken = new Set(masters.map((m) => m.name));
    let n = 0;
    for (const m of masters) n = Math.max(n, Number(/^node-(\d+)$/.exec(m.name)?.[1] ?? -1) + 1);
    while (taken.has(`node-${n}`)) n++;
    const name = `node-${n}`;
    // As redis-cli's add-node does: the new master gets the cluster's function libraries first.
    const dump = await this.call(this.seed, "FUNCTION", "DUMP");
    if (dump.t === "bulk" && dump.v.length > 10) await this.call(name, "FUNCTION", "RESTORE", dump.v, "REPLACE");
    await this.call(this.seed, "CLUSTER", "MEET", name, 6379);
    const id = String((await this.call(name, "CLUSTER", "MYID") as { v: string }).v);
    await this.until(`${name} to join`, JOIN_TIMEOUT_MS, async () => {
      const seen = await this.call(name, "CLUSTER", "NODES");
      const text = seen.t === "bulk" || seen.t === "verbatim" ? seen.v : "";
      const info = await this.call(name, "CLUSTER", "INFO");
      // It must see the whole slot map (cluster_state:ok) before it serves any (else CLUSTERDOWN),
      // and every master must know it before it can be named as a slot migration's target.
      if (!masters.every((m) => text.includes(m.id)) || !(info.t === "bulk" || info.t === "verbatim") || !info.v.includes("cluster_state:ok")) return false;
      for (const m of masters) {
        const view = await this.call(m.name, "CLUSTER", "NODES");
        if (!((view.t === "bulk" || view.t === "verbatim") && view.v.includes(id))) return false;
      }
      return true;
    });
    // Its replicas before its slots: each slot's flip waits for the new master's replicas anyway.
    const added = replicaNames(name, replicas);
    for (const r of added) await this.addReplica(r, id);
    // Every master gives the new one its last 1/(n+1) of its slots: the new one ends with about 1/(n+1) of all.
    await this.migrate(masters.map((m) => ({
      source: m.name, blocks: [{ slots: m.slots.slice(m.slots.length - Math.floor(m.slots.length / (masters.length + 1))), targetId: id }],
    })));
    return { name, replicas: added };
  }

  /** MEET, then REPLICATE once it knows the master, then until its link is up (INFO master_link_status). */
  private async addReplica(name: string, masterId: string): Promise<void> {
    await this.call(this.seed, "CLUSTER", "MEET", name, 6379);
    await this.until(`${name} to learn its master`, JOIN_TIMEOUT_MS, async () => (await this.nodesText(name)).includes(masterId));
    await this.call(name, "CLUSTER", "REPLICATE", masterId);
    await this.until(`${name} to sync with its master`, JOIN_TIMEOUT_MS, async () => {
      const info = await this.call(name, "INFO", "replication");
      return (info.t === "bulk" || info.t === "verbatim") && info.v.includes("master_link_status:up");
    });
  }

  /** `victim`'s slots spread over the other masters, then it and its replicas are forgotten and reset. Returns the replicas removed. */
  async removeMaster(victim: MasterView, others: MasterView[]): Promise<string[]> {
    const all = await this.replicas();
    const mine = all.filter((r) => r.masterId === victim.id).map((r) => r.name);
    const per = Math.ceil(victim.slots.length / others.length);
    const blocks = others.map((o, i) => ({ slots: victim.slots.slice(i * per, (i + 1) * per), targetId: o.id })).filter((b) => b.slots.length > 0);
    await this.migrate([{ source: victim.name, blocks }]);
    const ids = new Map<string, string>();
    for (const r of mine) ids.set(r, String((await this.call(r, "CLUSTER", "MYID") as { v: string }).v));
    const stay = [...others.map((o) => o.name), ...all.filter((r) => r.masterId !== victim.id).map((r) => r.name)];
    for (const n of stay) {
      for (const id of [victim.id, ...ids.values()]) await this.call(n, "CLUSTER", "FORGET", id).catch(() => undefined);
    }
    for (const n of [victim.name, ...mine]) await this.call(n, "CLUSTER", "RESET", "SOFT").catch(() => undefined);
    return mine;
  }

  /** CLUSTER MIGRATESLOTS on each source, then waits until every job succeeded. */
  private async migrate(jobs: { source: string; blocks: { slots: number[]; targetId: string }[] }[]): Promise<void> {
    for (const j of jobs) {
      const args: (string | number)[] = [];
      for (const b of j.blocks) args.push("SLOTSRANGE", ...slotRuns(b.slots).flat(), "NODE", b.targetId);
      await this.call(j.source, "CLUSTER", "MIGRATESLOTS", ...args);
    }
    await this.until("the slot migrations", MIGRATION_TIMEOUT_MS, async () => {
      for (const j of jobs) {
        const r = await this.call(j.source, "CLUSTER", "GETSLOTMIGRATIONS");
        const states = (r.t === "array" ? r.v : []).map((m) => m.t === "map" ? m.v.find(([k]) => k.t === "bulk" && k.v === "state")?.[1] : undefined)
          .map((s) => (s && s.t === "bulk" ? s.v : ""));
        const running = states.slice(-j.blocks.length);
        if (running.some((s) => s === "failed" || s === "cancelled")) throw new Error(`slot migration from ${j.source} ${running.join(",")}`);
        if (!running.every((s) => s === "success")) return false;
      }
      return true;
    });
  }

  private async until(what: string, ms: number, done: () => Promise<boolean>): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await done().catch((e: unknown) => {
        if (e instanceof Error && e.message.startsWith("slot migration")) throw e;
        return false;
      })) return;
      await this.sleep(250);
    }
    throw new Error(`timed out waiting for ${what}`);
  }
}
