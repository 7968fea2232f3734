/**
 * Cross-node transactions across evictions of real Durable Objects (evictDurableObject: memory
 * gone, SQLite kept). The interleavings themselves are forced in the simulator
 * (test/sim/scenarios/cross-node.test.ts); here the state they leave behind is set up in SQLite
 * as the protocol writes it, the objects are evicted, and their crons must finish the job:
 * - a coordinator whose decision was not delivered sends it again after its restart, and the
 *   participant, its lock restored from SQLite, applies it;
 * - a participant holding a lock for a transaction its coordinator never decided releases it when
 *   the lease runs out (presumed abort), and the key is writable again.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { keyHashSlot } from "../../src/commands/slot";
import { nodeByName } from "../../src/node/client";
import type { RedisNode } from "../../src/node/node";
import type { TxnPlan } from "../../src/txn/coordinator";
import { cmd, stubOf } from "./helpers";
import { formCluster } from "./cluster-helpers";

const [A, B, C] = ["node-0", "rec-1", "rec-2"] as const;

/** A key whose slot `node` owns. */
async function keyOn(node: string, prefix: string): Promise<string> {
  const [slots] = await nodeByName(env, node).execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
  const ranges = slots!.t === "array" ? slots!.v : [];
  for (let i = 0; ; i++) {
    const s = keyHashSlot(`${prefix}${i}`);
    for (const r of ranges) {
      if (r.t !== "array") continue;
      const [lo, hi, owner] = r.v as [{ v: number }, { v: number }, { t: string; v: { t: string; v: string }[] }];
      if (s >= lo.v && s <= hi.v && owner.v[0]!.v === node) return `${prefix}${i}`;
    }
  }
}

const locksHeld = (node: string): Promise<number> => runInDurableObject(stubOf(node), (o: RedisNode) => o.runtime.txns.locks.heldCount);
const undelivered = (node: string): Promise<number> => runInDurableObject(stubOf(node), (o: RedisNode) => o.runtime.txns.undelivered);

describe("cross-node transactions across evictions", () => {
  beforeAll(async () => {
    await formCluster([A, B, C]);
  });

  it("a coordinator evicted with an undelivered decision delivers it after restart; the participant's lock survived its own eviction", async () => {
    const b = await keyOn(B, "cb:");
    await cmd(nodeByName(env, B), "SET", `${b}:src`, "decided value");
    const payload = (await cmd(nodeByName(env, B), "DUMP", `${b}:src`)) as string;
    const txid = `${A}:test:1`;
    const plan: TxnPlan = { txid, coordinator: A, cmds: [["SET", b, "decided value"]], multi: false, participants: [{ node: B, keys: [b] }] };
    // As the protocol leaves them when the commit to B was lost: B holds the lock, A the decision.
    await runInDurableObject(stubOf(B), (o: RedisNode) => {
      o.runtime.txns.locks.acquire(txid, A, [b], Date.now() + 60_000);
    });
    await runInDurableObject(stubOf(A), (o: RedisNode, state) => {
      state.storage.sql.exec("INSERT INTO txn_decisions (txid, plan, writes, unacked) VALUES (?, ?, ?, ?)",
        txid, JSON.stringify(plan), JSON.stringify({ [B]: [{ key: b, payload, expiresAt: null }] }), JSON.stringify([B]));
    });
    await evictDurableObject(stubOf(A));
    await evictDurableObject(stubOf(B));
    expect(await locksHeld(B)).toBe(1);
    expect(await undelivered(A)).toBe(1);
    // Its cron (run here by hand, in case its alarm has not fired yet) sends the commit again.
    await runDurableObjectAlarm(stubOf(A));
    for (let i = 0; i < 20 && (await undelivered(A)) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await undelivered(A)).toBe(0);
    expect(await locksHeld(B)).toBe(0);
    expect(await cmd(nodeByName(env, B), "GET", b)).toBe("decided value");
  });

  it("a participant evicted while holding a lock its coordinator never decided releases it when the lease runs out", async () => {
    const c = await keyOn(C, "cc:");
    await cmd(nodeByName(env, C), "SET", c, "before");
    await runInDurableObject(stubOf(C), (o: RedisNode) => {
      o.runtime.txns.locks.acquire(`${A}:never-decided:1`, A, [c], Date.now() - 1); // lease already over
    });
    await evictDurableObject(stubOf(C));
    expect(await locksHeld(C)).toBe(1);
    await runDurableObjectAlarm(stubOf(C)); // asks A, which knows nothing of it: abort
    for (let i = 0; i < 20 && (await locksHeld(C)) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await locksHeld(C)).toBe(0);
    expect(await cmd(nodeByName(env, C), "SET", c, "after")).toBe("OK");
  });
});
