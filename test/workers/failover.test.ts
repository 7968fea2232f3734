/**
 * Failover with real node Durable Objects: a 3+3 cluster (node timeout 500 ms), a master
 * stopped with DEBUG HALT, alarms driven by hand. Its replica is promoted after the others flag
 * it `fail?` then `fail`; data acknowledged with WAIT 1 survives; when the halt ends the old
 * master learns it lost its slots, follows the winner and resyncs partially.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { nodeByName } from "../../src/node/client";
import { clusterInfo, converged, fastNode, formCluster, TEST_NODE_TIMEOUT_MS, until } from "./cluster-helpers";
import { at, info, nodeId, untilSynced } from "./replication-helpers";

const MASTERS = ["fo-m0", "fo-m1", "fo-m2"];
const REPLICAS = ["fo-r0", "fo-r1", "fo-r2"];
const ALL = [...MASTERS, ...REPLICAS];
/** Keys hashing to fo-m0's slots (0-5461): the hash tag {a} is slot 15495, {b} 3300. */
const TAG = "{b}";

/** The flags field of `about`'s line in `observer`'s CLUSTER NODES. */
async function flagsOf(observer: string, aboutId: string): Promise<string> {
  const text = (await at(observer, "CLUSTER", "NODES")) as string;
  return text.split("\n").find((l) => l.startsWith(aboutId))?.split(" ")[2] ?? "";
}

async function formThreePlusThree(): Promise<void> {
  await formCluster(MASTERS);
  for (const r of REPLICAS) {
    await fastNode(r);
    await at(r, "CLUSTER", "MEET", MASTERS[0]!, 6379);
  }
  await until(ALL, () => converged(ALL));
  for (const [i, r] of REPLICAS.entries()) expect(await at(r, "CLUSTER", "REPLICATE", await nodeId(MASTERS[i]!))).toBe("OK");
  for (const [i, m] of MASTERS.entries()) await untilSynced(m, [REPLICAS[i]!]);
}

describe("automatic failover of a halted master", { timeout: 120_000 }, () => {
  it("promotes its replica, keeps WAIT-acknowledged writes, and the old master returns as a replica", async () => {
    await formThreePlusThree();
    const [m0, r0] = [MASTERS[0]!, REPLICAS[0]!];
    const m0id = await nodeId(m0);
    for (let i = 0; i < 50; i++) expect(await at(m0, "SET", `${TAG}k${i}`, `v${i}`)).toBe("OK");
    expect(await at(m0, "WAIT", 1, 0)).toBe(1);

    // Halted: bus messages and client calls are lost, its cron stops.
    const haltMs = 20 * TEST_NODE_TIMEOUT_MS;
    expect(await at(m0, "DEBUG", "HALT", haltMs / 1000)).toBe("OK");
    await expect(at(m0, "GET", `${TAG}k0`)).rejects.toThrow(/halted/);
    const haltedAt = Date.now();

    // fo-m2 is slow to suspect anybody (NT 60 s): fo-m1 alone suspects m0 (fail?), no quorum for FAIL.
    expect(await at("fo-m2", "CONFIG", "SET", "cluster-node-timeout", 60_000)).toBe("OK");
    await until(ALL, async () => (await flagsOf("fo-m1", m0id)) === "master,fail?", 40);
    expect(await flagsOf("fo-m2", m0id)).toBe("master");
    expect(((await at(r0, "ROLE")) as string[])[0]).toBe("slave");
    // Back to 500 ms, at once: fo-m2 agrees, m0 is FAIL, r0 wins the election.
    expect(await at("fo-m2", "CONFIG", "SET", "cluster-node-timeout", TEST_NODE_TIMEOUT_MS)).toBe("OK");
    await until(ALL, async () => {
      const role = (await at(r0, "ROLE")) as string[];
      return role[0] === "master" && (await clusterInfo("fo-m1")).cluster_state === "ok";
    }, 40);
    expect(await flagsOf("fo-m1", m0id)).toBe("master,fail");
    const promotedAfter = Date.now() - haltedAt;
    expect(promotedAfter).toBeLessThan(haltMs);

    // Everybody routes m0's slots to r0 now, and the acknowledged writes are there.
    const r0id = await nodeId(r0);
    const slots = (await at("fo-m2", "CLUSTER", "SLOTS")) as [number, number, [string, number, string]][];
    expect(slots.find(([s]) => s === 0)?.[2][2]).toBe(r0id);
    expect(await at("fo-m1", "GET", `${TAG}k0`)).toEqual({ error: `MOVED 3300 ${r0}:6379` });
    for (let i = 0; i < 50; i++) expect(await at(r0, "GET", `${TAG}k${i}`)).toBe(`v${i}`);
    expect(await at(r0, "SET", `${TAG}after`, "1")).toBe("OK");

    // The halt ends: m0 hears that r0 took its slots with a newer epoch and follows it.
    await new Promise((r) => setTimeout(r, Math.max(0, haltedAt + haltMs - Date.now())));
    // Its first client call runs the stalled cron first: the write is redirected, not taken.
    expect(await at(m0, "SET", `${TAG}k0`, "stale")).toEqual({ error: `MOVED 3300 ${r0}:6379` });
    await until(ALL, async () => {
      const role = (await at(m0, "ROLE")) as unknown[];
      return role[0] === "slave" && role[1] === r0 && role[3] === "connected";
    }, 80);
    await untilSynced(r0, [m0]);
    await until(ALL, async () => (await flagsOf("fo-m1", m0id)) === "slave", 20);
    const stats = await info(r0, "stats");
    expect(Number(stats.sync_partial_ok)).toBeGreaterThanOrEqual(1);
    expect(Number(stats.sync_full)).toBe(0);
    expect(await at(m0, "DEBUG", "DIGEST")).toBe(await at(r0, "DEBUG", "DIGEST"));
  });
});

describe("manual failover", { timeout: 120_000 }, () => {
  it("CLUSTER FAILOVER swaps master and replica without losing a write", async () => {
    // Same cluster, now r0 is master of those slots and m0 its replica: fail back by hand.
    const [m0, r0] = [MASTERS[0]!, REPLICAS[0]!];
    for (let i = 0; i < 20; i++) await at(r0, "SET", `${TAG}mf${i}`, `${i}`);
    expect(await at(m0, "CLUSTER", "FAILOVER")).toBe("OK");
    await until(ALL, async () => ((await at(m0, "ROLE")) as string[])[0] === "master" && ((await at(r0, "ROLE")) as string[])[0] === "slave", 80);
    for (let i = 0; i < 20; i++) expect(await at(m0, "GET", `${TAG}mf${i}`)).toBe(`${i}`);
    expect(await at(m0, "SET", `${TAG}mf-after`, "1")).toBe("OK");
  });
});

describe("DEBUG SLEEP and HALT", () => {
  it("need the admin token", async () => {
    const [reply] = await nodeByName(env, "fo-debug").execute([["DEBUG", "HALT", "1"]], { resp: 2 });
    expect(reply).toMatchObject({ t: "error", v: expect.stringMatching(/^NOPERM/) });
  });
});
