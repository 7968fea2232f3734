/**
 * The autoscaler (src/autoscale) over a real three-master cluster: in dry-run it only records its
 * decision; on, it adds a master and moves an even share of the slots to it with atomic slot
 * migration, then, when the load is gone, merges the idlest master away; every key stays readable
 * through the gateway, and GET /admin/autoscale shows why.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { slotMapFor } from "../../src/gateway/slot-map";
import { nodeByName } from "../../src/node/client";
import type { AutoscaleConfig } from "../../src/autoscale/policy";
import type { AutoscaleEntry } from "../../src/autoscale/autoscaler";
import { formCluster } from "./cluster-helpers";
import { ClusterActions } from "../../src/autoscale/actions";
import type { NodeRpc } from "../../src/node-rpc";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const NODES = ["node-0", "sc-1", "sc-2"];
const map = slotMapFor(env.SEED_NODES);
const KEYS = Array.from({ length: 200 }, (_, i) => `as:${i}`);

async function post(path: string, body: unknown): Promise<unknown> {
  const r = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: "Bearer test-token" } }));
  return r.json();
}
const scaler = () => env.AUTOSCALER.get(env.AUTOSCALER.idFromName("autoscaler")) as unknown as {
  tick(o: Partial<AutoscaleConfig>): Promise<AutoscaleEntry | null>;
};
const HOT: Partial<AutoscaleConfig> = { upOpsPerSec: 0, sustainMs: 0, cooldownMs: 0, minMasters: 3, maxMasters: 4 };

/** The seed's CLUSTER NODES: each replica's name and the name of its master. */
async function replicaPairs(): Promise<[string, string][]> {
  const [r] = await nodeByName(env, "node-0").execute([["CLUSTER", "NODES"]], { resp: 2, admin: true });
  const lines = (r && (r.t === "bulk" || r.t === "verbatim") ? r.v : "").trim().split("\n").map((l) => l.split(" "));
  const nameOf = (f: string[]) => f[1]!.split(":")[0]!;
  const byId = new Map(lines.map((f) => [f[0]!, nameOf(f)]));
  return lines.filter((f) => f[2]!.includes("slave")).map((f) => [nameOf(f), byId.get(f[3]!) ?? f[3]!]);
}

async function allKeysReadable(): Promise<boolean> {
  const rs = (await post("/pipeline", KEYS.map((k) => ["GET", k]))) as { result: unknown }[];
  const bad = rs.map((r, i) => [KEYS[i], r] as const).filter(([, r], i) => r.result !== `v${i}`);
  if (bad.length > 0) console.log(`unreadable: ${bad.length}`, JSON.stringify(bad.slice(0, 5)));
  return bad.length === 0;
}
async function masters(): Promise<string[]> {
  const [slots] = await nodeByName(env, "node-0").execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
  map.apply(slots!);
  return map.nodes().sort();
}

describe("autoscaler", () => {
  beforeAll(async () => {
    await formCluster(NODES);
    await masters();
    await post("/pipeline", KEYS.map((k, i) => ["SET", k, `v${i}`]));
  });

  it("off does nothing; dry-run records a decision without acting", async () => {
    expect(await scaler().tick({ mode: "off" })).toBeNull();
    expect((await scaler().tick({ ...HOT, mode: "dry-run" }))?.reason).toMatch(/^measuring/);
    await post("/pipeline", KEYS.map((k) => ["GET", k]));
    const d = await scaler().tick({ ...HOT, mode: "dry-run" });
    expect(d).toMatchObject({ mode: "dry-run", action: "add-master", result: "" });
    expect(d!.reason).toMatch(/^hot: /);
    expect(await masters()).toEqual(["node-0", "sc-1", "sc-2"]);
    const r = await gw.fetch(new Request("http://gw/admin/autoscale", { headers: { Authorization: "Bearer test-admin" } }));
    const log = (await r.json()) as { decisions: AutoscaleEntry[] };
    expect(log.decisions[0]).toMatchObject({ action: "add-master", mode: "dry-run" });
    const denied = await gw.fetch(new Request("http://gw/admin/autoscale", { headers: { Authorization: "Bearer test-token" } }));
    expect(denied.status).toBe(403);
  });

  it("on: adds a master with an even share of the slots, then merges the idlest one away; every key stays readable", { timeout: 180_000 }, async () => {
    await post("/pipeline", KEYS.map((k) => ["GET", k]));
    // The masters here have no replica; AUTOSCALE_REPLICAS=1 gives the new one a replica all the same.
    const added = await scaler().tick({ ...HOT, mode: "on", replicas: 1 });
    expect(added).toMatchObject({ action: "add-master", result: "added node-1 with replicas node-1-r1" });
    expect(await masters()).toEqual(["node-0", "node-1", "sc-1", "sc-2"]);
    expect(await replicaPairs()).toEqual([["node-1-r1", "node-1"]]);
    const counts = new Map<string, number>();
    for (let slot = 0; slot < 16384; slot++) counts.set(map.owner(slot), (counts.get(map.owner(slot)) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeGreaterThan(3500);
    expect(await allKeysReadable()).toBe(true);

    const cold: Partial<AutoscaleConfig> = { mode: "on", upOpsPerSec: 1e9, downOpsPerSec: 1e9, downBytes: 1e15, sustainMs: 0, cooldownMs: 0, minMasters: 3, maxMasters: 4 };
    await scaler().tick(cold);
    const removed = await scaler().tick(cold);
    expect(removed).toMatchObject({ action: "remove-master" });
    expect(removed!.result).toMatch(/^removed /);
    expect((await masters()).length).toBe(3);
    expect(await allKeysReadable()).toBe(true);
    // A removed master takes its replicas along: none is left replicating a node that is gone.
    const left = await masters();
    if (!left.includes("node-1")) expect(removed!.result).toBe("removed node-1 with replicas node-1-r1");
    for (const [, master] of await replicaPairs()) expect(left).toContain(master);
    // The merge as the autoscaler carries it out, on the master it added: its replica goes too.
    const actions = new ClusterActions((n) => nodeByName(env, n) as unknown as NodeRpc, "node-0", (ms) => new Promise((r) => setTimeout(r, ms)));
    const views = await actions.masters();
    const added1 = views.find((m) => m.name === "node-1");
    if (added1) {
      expect(await actions.removeMaster(added1, views.filter((m) => m !== added1))).toEqual(["node-1-r1"]);
      expect(await replicaPairs()).toEqual([]);
      const [own] = await nodeByName(env, "node-1-r1").execute([["CLUSTER", "INFO"]], { resp: 2, admin: true });
      expect(own && (own.t === "bulk" || own.t === "verbatim") ? own.v : "").toContain("cluster_known_nodes:1");
      expect(await allKeysReadable()).toBe(true);
    }
  });
});
