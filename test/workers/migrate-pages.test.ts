/**
 * MIGRATE of values larger than a page (MIGRATE_PAGE_BYTES): a 20 MiB string and a 200 000-member
 * sorted set move in several pages and arrive equal; while a key moves, other clients' commands
 * on it wait for its lock and then are sent on (ASK): none sees or writes a half-moved key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { keyHashSlot } from "../../src/commands/slot";
import type { RedisNode } from "../../src/node/node";
import { MIGRATE_PAGE_BYTES } from "../../src/node/migrate-shell";
import { stubOf } from "./helpers";
import { formCluster } from "./cluster-helpers";
import { at, nodeId, pipeline } from "./replication-helpers";

const [A, B] = ["node-0", "mp-1"] as const;
const TAG = "{b}"; // slot 3300: node-0's
const SLOT = keyHashSlot(TAG);
const MiB = 1024 * 1024;

/** A key's value and expiry as one hash, read inside the node (no reply size limit). */
function keyDigest(name: string, key: string): Promise<string | null> {
  return runInDurableObject(stubOf(name), (o: RedisNode) => {
    const meta = o.db.meta(key);
    if (!meta) return null;
    const v = o.db.readValue(meta);
    const norm = v.type === "set" ? [...v.members].sort() : v.type === "hash" ? [...v.entries].sort() : v;
    const text = JSON.stringify([meta.type, meta.expiresAt, norm]);
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return `${text.length}:${h >>> 0}`;
  });
}

/** Waits until the source holds a lock (a MIGRATE is moving its keys). */
async function untilLocked(name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const locked = await runInDurableObject(stubOf(name), (o: RedisNode) => !o.runtime.txns.locks.empty);
    if (locked) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("no MIGRATE lock seen");
}

async function bigString(key: string, mib: number): Promise<void> {
  for (let i = 0; i < mib; i += 4) {
    await pipeline(A, Array.from({ length: Math.min(4, mib - i) }, (_, j) => ["APPEND", key, String.fromCharCode(97 + ((i + j) % 26)).repeat(MiB)]));
  }
}

describe("MIGRATE in pages", () => {
  let idB = "";
  beforeAll(async () => {
    await formCluster([A, B]);
    idB = await nodeId(B);
    expect(await at(B, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", await nodeId(A))).toBe("OK");
  });

  it("moves a 20 MiB string and a 200 000-member sorted set, equal on arrival", { timeout: 120_000 }, async () => {
    const s = `${TAG}big-string`, z = `${TAG}big-zset`;
    await bigString(s, 20);
    for (let i = 0; i < 200_000; i += 20_000) {
      const args: (string | number)[] = ["ZADD", z];
      for (let j = i; j < i + 20_000; j++) args.push(j * 0.5, `member:${j}`);
      await pipeline(A, [args]);
    }
    await pipeline(A, [["PEXPIRE", z, 600_000]]);
    expect(20 * MiB).toBeGreaterThan(2 * MIGRATE_PAGE_BYTES);
    const before = [await keyDigest(A, s), await keyDigest(A, z)];
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", idB)).toBe("OK");
    expect(await at(A, "MIGRATE", B, 6379, "", 0, 10_000, "KEYS", s, z)).toBe("OK");
    expect([await keyDigest(B, s), await keyDigest(B, z)]).toEqual(before);
    expect(await keyDigest(A, s)).toBeNull();
    expect(await keyDigest(A, z)).toBeNull();
    // Nothing stays staged on the target.
    const staged = await runInDurableObject(stubOf(B), (o: RedisNode) => o.db.one("SELECT COUNT(*) AS n FROM migrate_pages")!.n);
    expect(staged).toBe(0);
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "STABLE")).toBe("OK");
  });

  it("makes commands on a key being moved wait, then sends them on (ASK): no write is lost", { timeout: 60_000 }, async () => {
    const k = `${TAG}moving`;
    await bigString(k, 12);
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", idB)).toBe("OK");
    const migrate = at(A, "MIGRATE", B, 6379, k, 0, 10_000);
    await untilLocked(A);
    const [append, strlen] = await Promise.all([at(A, "APPEND", k, "tail"), at(A, "STRLEN", k)]);
    expect(await migrate).toBe("OK");
    // Without the lock APPEND would have written to the source's copy, deleted right after.
    expect(append).toEqual({ error: `ASK ${SLOT} ${B}:6379` });
    expect(strlen).toEqual({ error: `ASK ${SLOT} ${B}:6379` });
    expect(await runInDurableObject(stubOf(B), (o: RedisNode) => o.db.stringLength(k))).toBe(12 * MiB);
  });
});
