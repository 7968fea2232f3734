/**
 * PSYNC2 across a promotion: when one replica takes over, its sibling replica and the old master
 * both follow it and continue partially, because the new master keeps the old history as replid2.
 */
import { describe, expect, it } from "vitest";
import { at, info, masterWithPeers, nodeId, pipeline, untilSynced } from "./replication-helpers";
import { until } from "./cluster-helpers";

const [M, R1, R2] = ["sib-m", "sib-r1", "sib-r2"];

describe("a sibling replica re-pointed to a promoted replica", { timeout: 60_000 }, () => {
  it("resyncs partially thanks to replid2, as does the old master", async () => {
    await masterWithPeers(M, [R1, R2]);
    const mid = await nodeId(M);
    expect(await at(R1, "CLUSTER", "REPLICATE", mid)).toBe("OK");
    expect(await at(R2, "CLUSTER", "REPLICATE", mid)).toBe("OK");
    await pipeline(M, Array.from({ length: 200 }, (_, i) => ["SET", `{s}k${i}`, `v${i}`]));
    await untilSynced(M, [R1, R2]);
    const before = await info(M, "replication");

    expect(await at(R1, "CLUSTER", "FAILOVER", "TAKEOVER")).toBe("OK");
    expect(await info(R1, "replication")).toMatchObject({ role: "master", master_replid2: before.master_replid });
    // The sibling and the old master learn that R1 owns the slots now and follow it.
    await until([M, R1, R2], async () => {
      const [m, r2] = [await at(M, "ROLE"), await at(R2, "ROLE")] as unknown[][];
      return m![0] === "slave" && m![1] === R1 && r2![0] === "slave" && r2![1] === R1;
    }, 60);
    await at(R1, "SET", "{s}after", "1");
    await untilSynced(R1, [M, R2]);

    const stats = await info(R1, "stats");
    expect(Number(stats.sync_full)).toBe(0);
    expect(Number(stats.sync_partial_ok)).toBeGreaterThanOrEqual(2);
    const digest = await at(R1, "DEBUG", "DIGEST");
    expect(await at(R2, "DEBUG", "DIGEST")).toBe(digest);
    expect(await at(M, "DEBUG", "DIGEST")).toBe(digest);
  });

  it("after REPLICAOF NO ONE, a sibling re-pointed with REPLICAOF resyncs partially (replid2)", async () => {
    const [m, r1, r2] = ["sib2-m", "sib2-r1", "sib2-r2"];
    await masterWithPeers(m, [r1, r2]);
    const mid = await nodeId(m);
    expect(await at(r1, "REPLICAOF", m, 6379)).toBe("OK");
    expect(await at(r2, "CLUSTER", "REPLICATE", mid)).toBe("OK");
    await pipeline(m, Array.from({ length: 100 }, (_, i) => ["SET", `{t}k${i}`, `v${i}`]));
    await untilSynced(m, [r1, r2]);
    const before = await info(m, "replication");

    expect(await at(r1, "REPLICAOF", "NO", "ONE")).toBe("OK");
    expect(await info(r1, "replication")).toMatchObject({ role: "master", master_replid2: before.master_replid });
    // A master without slots: the cluster agrees, and m keeps its slots.
    await until([m, r1, r2], async () => ((await at(m, "CLUSTER", "NODES")) as string).includes(`${r1}:6379@16379 master -`), 40);
    expect(await at(r2, "REPLICAOF", r1, 6379)).toBe("OK");
    await until([m, r1, r2], async () => ((await at(r2, "ROLE")) as unknown[])[3] === "connected", 40);
    await untilSynced(r1, [r2]);
    const stats = await info(r1, "stats");
    expect(Number(stats.sync_partial_ok)).toBe(1);
    expect(Number(stats.sync_full)).toBe(0);
    expect(await at(r2, "DEBUG", "DIGEST")).toBe(await at(r1, "DEBUG", "DIGEST"));
  });
});
