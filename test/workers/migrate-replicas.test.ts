/**
 * MIGRATE and replication: the target's replica gets the moved key (RESTORE of the first page,
 * then append commands per page, then PEXPIREAT), the source's replica its DEL; both end equal
 * to their masters, for a small key and for one larger than a page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyHashSlot } from "../../src/commands/slot";
import { converged, fastNode, formCluster, until } from "./cluster-helpers";
import { at, digest, nodeId, pipeline, untilSynced } from "./replication-helpers";

const [A, B, RA, RB] = ["node-0", "mr-1", "mr-ra", "mr-rb"] as const;
const TAG = "{b}"; // slot 3300: node-0's
const SLOT = keyHashSlot(TAG);

describe("MIGRATE with replicas", () => {
  beforeAll(async () => {
    await formCluster([A, B]);
    for (const r of [RA, RB]) {
      await fastNode(r);
      await at(r, "CLUSTER", "MEET", A, 6379);
    }
    await until([A, B, RA, RB], () => converged([A, B, RA, RB]));
    expect(await at(RA, "CLUSTER", "REPLICATE", await nodeId(A))).toBe("OK");
    expect(await at(RB, "CLUSTER", "REPLICATE", await nodeId(B))).toBe("OK");
    // Room in the backlog for a value of several pages: replicas follow the stream, no full resync.
    for (const m of [A, B]) await at(m, "CONFIG", "SET", "repl-backlog-size", 64 * 1024 * 1024);
    await untilSynced(A, [RA]);
    await untilSynced(B, [RB]);
  }, 120_000);

  // Let the replication traffic of the large value drain before the runtime is torn down.
  afterAll(async () => {
    await untilSynced(A, [RA]);
    await untilSynced(B, [RB]);
    await new Promise((r) => setTimeout(r, 500));
  }, 60_000);

  it("replicas of the target and of the source follow", { timeout: 120_000 }, async () => {
    const small = `${TAG}small`, big = `${TAG}big`;
    await pipeline(A, [["HSET", small, "f", "v"], ["PEXPIRE", small, 400_000]]);
    for (let i = 0; i < 200_000; i += 25_000) {
      await pipeline(A, [["ZADD", big, ...Array.from({ length: 25_000 }, (_, j) => [i + j, `member-${"x".repeat(20)}-${i + j}`]).flat()]]);
    }
    await untilSynced(A, [RA]);
    expect(await at(B, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", await nodeId(A))).toBe("OK");
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", await nodeId(B))).toBe("OK");
    expect(await at(A, "MIGRATE", B, 6379, "", 0, 10_000, "KEYS", small, big)).toBe("OK");
    await untilSynced(A, [RA]);
    await untilSynced(B, [RB]);
    expect(await digest(RB)).toBe(await digest(B));
    expect(await digest(RA)).toBe(await digest(A));
    expect(await digest(B)).not.toBe("0:0");
  });
});
