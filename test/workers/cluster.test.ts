/**
 * The cluster bus between real node Durable Objects: formed through the gateway's admin API
 * (as scripts/cluster.ts does), alarms driven by hand, state surviving eviction, and the
 * redirects clients rely on.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evictDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { keyHashSlot } from "../../src/commands/slot";
import { stubOf } from "./helpers";
import { clusterInfo, converged, fastNode, until } from "./cluster-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;

async function admin(name: string, ...args: (string | number)[]): Promise<unknown> {
  const res = await gw.fetch(new Request(`http://gw/node/${name}`, {
    method: "POST", headers: { Authorization: "Bearer test-admin" }, body: JSON.stringify(args.map(String)),
  }));
  const body = (await res.json()) as { result?: unknown; error?: string };
  return body.error !== undefined ? { error: body.error } : body.result;
}

/** CLUSTER NODES without the columns that change with time and links (ping/pong times, link state). */
function stableNodes(text: string): string[] {
  return text.trim().split("\n").map((line) => {
    const f = line.split(" ");
    f[4] = "-";
    f[5] = "-";
    f[7] = "-";
    return f.join(" ");
  }).sort();
}

const NAMES = ["c1", "c2", "c3"];
let rounds = 0;

describe("a three-master cluster of node Durable Objects", () => {
  beforeAll(async () => {
    for (const n of [...NAMES, "c4"]) await fastNode(n);
    expect(await admin("c1", "CLUSTER", "ADDSLOTSRANGE", 0, 5460)).toBe("OK");
    expect(await admin("c2", "CLUSTER", "ADDSLOTSRANGE", 5461, 10922)).toBe("OK");
    expect(await admin("c3", "CLUSTER", "ADDSLOTSRANGE", 10923, 16383)).toBe("OK");
    for (const [i, n] of NAMES.entries()) expect(await admin(n, "CLUSTER", "SET-CONFIG-EPOCH", i + 1)).toBe("OK");
    expect(await admin("c2", "CLUSTER", "MEET", "c1", 6379)).toBe("OK");
    expect(await admin("c3", "CLUSTER", "MEET", "c1", 6379)).toBe("OK");
    rounds = await until(NAMES, () => converged(NAMES));
  });

  it("converges to full membership and cluster_state:ok within a few cron rounds", async () => {
    console.log(`[cluster] 3 masters converged after ${rounds} cron rounds of 100 ms (NT 500 ms)`);
    expect(rounds).toBeLessThanOrEqual(30);
    const info = await clusterInfo("c2");
    expect(info).toMatchObject({ cluster_state: "ok", cluster_slots_assigned: "16384", cluster_known_nodes: "3", cluster_size: "3" });
    expect(Number(info.cluster_stats_messages_sent)).toBeGreaterThan(0);
  });

  it("shows every node the same slot map in CLUSTER SLOTS, with the DO name as the endpoint", async () => {
    const views = await Promise.all(NAMES.map((n) => admin(n, "CLUSTER", "SLOTS")));
    for (const v of views) expect(v).toEqual(views[0]);
    const ranges = (views[0] as [number, number, [string, number, string]][]).map(([s, e, [host]]) => [s, e, host]);
    expect(ranges.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([[0, 5460, "c1"], [5461, 10922, "c2"], [10923, 16383, "c3"]]);
  });

  it("redirects with MOVED, refuses CROSSSLOT, and serves its own slots", async () => {
    const key = "foo"; // slot 12182: c3
    expect(keyHashSlot(key)).toBe(12182);
    expect(await admin("c1", "SET", key, "v")).toEqual({ error: "MOVED 12182 c3:6379" });
    expect(await admin("c3", "SET", key, "v")).toBe("OK");
    expect(await admin("c3", "MGET", "foo", "bar")).toEqual({ error: "CROSSSLOT Keys in request don't hash to the same slot" });
    expect(await admin("c1", "CLUSTER", "KEYSLOT", "{user1000}.following")).toBe(await admin("c1", "CLUSTER", "KEYSLOT", "{user1000}.followers"));
  });

  it("keeps CLUSTER NODES identical (but link state) across eviction", async () => {
    const before = await Promise.all(NAMES.map(async (n) => stableNodes((await admin(n, "CLUSTER", "NODES")) as string)));
    for (const n of NAMES) await evictDurableObject(stubOf(n));
    const after = await Promise.all(NAMES.map(async (n) => stableNodes((await admin(n, "CLUSTER", "NODES")) as string)));
    expect(after).toEqual(before);
    expect((await clusterInfo("c1")).cluster_state).toBe("ok");
    expect(await admin("c3", "GET", "foo")).toBe("v");
  });

  it("adds a replica with MEET + REPLICATE, and every node learns its role", async () => {
    const c1id = (await admin("c1", "CLUSTER", "MYID")) as string;
    expect(await admin("c4", "CLUSTER", "MEET", "c1", 6379)).toBe("OK");
    const all = [...NAMES, "c4"];
    await until(all, () => converged(all), 20);
    expect(await admin("c4", "CLUSTER", "REPLICATE", c1id)).toBe("OK");
    await until(all, async () => {
      for (const n of all) {
        const line = ((await admin(n, "CLUSTER", "NODES")) as string).split("\n").find((l) => l.includes(" c4:6379@"));
        if (!line || !line.includes("slave") || !line.includes(c1id)) return false;
      }
      return true;
    }, 20);
    const replicas = (await admin("c2", "CLUSTER", "REPLICAS", c1id)) as string[];
    expect(replicas).toHaveLength(1);
    expect(replicas[0]).toContain(" slave ");
    // A replica redirects writes for its master's slots to the master.
    expect(await admin("c4", "SET", "b", "1")).toEqual({ error: "MOVED 3300 c1:6379" });
  });

  it("moves an empty slot with SETSLOT NODE and clients get MOVED to the new owner", async () => {
    const slot = 3300; // key "b" lives here, owned by c1
    await admin("c1", "DEL", "b");
    const c2id = (await admin("c2", "CLUSTER", "MYID")) as string;
    for (const n of ["c2", "c1", "c3"]) expect(await admin(n, "CLUSTER", "SETSLOT", slot, "NODE", c2id)).toBe("OK");
    expect(await admin("c1", "SET", "b", "2")).toEqual({ error: `MOVED ${slot} c2:6379` });
    expect(await admin("c2", "SET", "b", "2")).toBe("OK");
    // c4 was not told: it learns from c2's PINGs (c2's configEpoch 2 beats c1's 1 for that slot).
    const rounds = await until([...NAMES, "c4"], async () => {
      const r = (await admin("c4", "GET", "b")) as { error?: string };
      return r.error === `MOVED ${slot} c2:6379`;
    });
    console.log(`[cluster] the replica learned the moved slot by gossip after ${rounds} rounds`);
  });
});

describe("a node that serves no slots", () => {
  it("answers CLUSTERDOWN for keys and still serves keyless commands", async () => {
    expect(await admin("lonely", "GET", "k")).toEqual({ error: "CLUSTERDOWN Hash slot not served" });
    expect(await admin("lonely", "PING")).toBe("PONG");
    expect((await clusterInfo("lonely")).cluster_state).toBe("fail");
  });

  it("waits Redis's writable delay (2 s by default) before a fresh master turns ok", async () => {
    expect(await admin("fresh", "CONFIG", "SET", "cluster-writable-delay-ms", "2000")).toBe("OK");
    await evictDurableObject(stubOf("fresh"));
    expect(await admin("fresh", "CLUSTER", "ADDSLOTSRANGE", 0, 16383)).toBe("OK");
    expect(await admin("fresh", "SET", "k", "v")).toEqual({ error: "CLUSTERDOWN The cluster is down" });
  });
});
