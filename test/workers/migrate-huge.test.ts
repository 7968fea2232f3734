/**
 * MIGRATE at the sizes, on real Durable Objects: a 100 MiB string and a 1 000 000-member
 * sorted set, both with TTLs, move page by page (MIGRATE_PAGE_BYTES) and arrive equal. Checked
 * inside the nodes through SQL aggregates (counts, lengths, sums, samples), never by reading a
 * whole value into one reply. The same paged path at 20 MiB / 200k members, and the waiting of
 * other clients meanwhile, are in migrate-pages.test.ts; the simulator moves these sizes too, with
 * clients served between pages (test/sim/scenarios/migrate-big-values.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { keyHashSlot } from "../../src/commands/slot";
import type { RedisNode } from "../../src/node/node";
import { stubOf } from "./helpers";
import { formCluster } from "./cluster-helpers";
import { at, nodeId, pipeline } from "./replication-helpers";

const [A, B] = ["node-0", "mh-1"] as const;
const TAG = "{b}"; // slot 3300: node-0's
const SLOT = keyHashSlot(TAG);
const MiB = 1024 * 1024;
const STRING_MIB = 100;
const ZSET_MEMBERS = 1_000_000;

/** What identifies a key's value here: type, expiry, and aggregates of its rows. */
function keyFacts(name: string, key: string): Promise<unknown> {
  return runInDurableObject(stubOf(name), (o: RedisNode) => {
    const meta = o.db.meta(key);
    if (!meta) return null;
    const row = meta.type === "string"
      ? o.db.one("SELECT COUNT(*) AS n, TOTAL(LENGTH(data)) AS bytes, GROUP_CONCAT(substr(data, 1, 1), '') AS firsts FROM string_chunks WHERE kid = ?", meta.id)
      : o.db.one("SELECT COUNT(*) AS n, TOTAL(LENGTH(member)) AS bytes, TOTAL(score) AS scores, MIN(member) AS lo, MAX(member) AS hi FROM zsets WHERE kid = ?", meta.id);
    const facts = { ...row } as Record<string, unknown>;
    for (const [k, v] of Object.entries(facts)) if (v instanceof ArrayBuffer) facts[k] = new TextDecoder().decode(v);
    return { type: meta.type, expiresAt: meta.expiresAt, count: meta.count, facts };
  });
}

describe("MIGRATE of a 100 MiB string and a 1M-member sorted set", () => {
  let idB = "";
  beforeAll(async () => {
    await formCluster([A, B]);
    idB = await nodeId(B);
    expect(await at(B, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", await nodeId(A))).toBe("OK");
  });

  it("moves both in pages, equal on arrival, gone from the source", { timeout: 600_000 }, async () => {
    const s = `${TAG}huge-string`, z = `${TAG}huge-zset`;
    for (let i = 0; i < STRING_MIB; i += 4) {
      await pipeline(A, Array.from({ length: Math.min(4, STRING_MIB - i) }, (_, j) => ["APPEND", s, String.fromCharCode(97 + ((i + j) % 26)).repeat(MiB)]));
    }
    for (let i = 0; i < ZSET_MEMBERS; i += 50_000) {
      const args: (string | number)[] = ["ZADD", z];
      for (let j = i; j < i + 50_000; j++) args.push(j * 0.25, `m:${j}`);
      await pipeline(A, [args]);
    }
    await pipeline(A, [["PEXPIRE", s, 900_000], ["PEXPIRE", z, 900_000]]);
    expect(await at(A, "STRLEN", s)).toBe(STRING_MIB * MiB);
    expect(await at(A, "ZCARD", z)).toBe(ZSET_MEMBERS);
    const before = [await keyFacts(A, s), await keyFacts(A, z)];
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", idB)).toBe("OK");
    expect(await at(A, "MIGRATE", B, 6379, "", 0, 120_000, "KEYS", s, z)).toBe("OK");
    expect([await keyFacts(B, s), await keyFacts(B, z)]).toEqual(before);
    expect(await keyFacts(A, s)).toBeNull();
    expect(await keyFacts(A, z)).toBeNull();
    expect(await runInDurableObject(stubOf(B), (o: RedisNode) => o.db.stringLength(s))).toBe(STRING_MIB * MiB);
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "STABLE")).toBe("OK");
  });
});
