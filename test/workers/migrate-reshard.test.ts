/**
 * A slot moved by hand as `redis-cli --cluster reshard` does it (SETSLOT IMPORTING / MIGRATING,
 * GETKEYSINSLOT + MIGRATE ... KEYS until empty, SETSLOT NODE on every master) while clients write
 * through the gateway: no client sees an error (ASK, TRYAGAIN and MOVED are followed), every
 * acknowledged write is readable afterwards, and the keys that moved are equal (DUMP) before/after.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { keyHashSlot } from "../../src/commands/slot";
import { slotMapFor } from "../../src/gateway/slot-map";
import { nodeByName } from "../../src/node/client";
import { formCluster } from "./cluster-helpers";
import { at, nodeId } from "./replication-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const [A, B, C] = ["node-0", "rs-1", "rs-2"] as const;
const TAG = "{b}"; // slot 3300, node-0's until it moves to rs-1
const SLOT = keyHashSlot(TAG);

async function post(path: string, body: unknown): Promise<{ result?: unknown; error?: string }> {
  const r = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: "Bearer test-token" } }));
  return r.json();
}

describe("resharding a slot with MIGRATE while clients write", () => {
  beforeAll(async () => {
    await formCluster([A, B, C]);
    const [slots] = await nodeByName(env, A).execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
    expect(slotMapFor(env.SEED_NODES).apply(slots!)).toBe(true);
  });

  it("loses no acknowledged write and shows clients no error", { timeout: 120_000 }, async () => {
    const [idA, idB] = [await nodeId(A), await nodeId(B)];
    // Keys of every type in the slot, and their DUMPs.
    const keys: string[] = [];
    // The two keys MSET writes are created first and last: they move in different batches.
    await post("/", ["SET", `${TAG}pa`, "0"]);
    for (let i = 0; i < 60; i++) {
      const k = `${TAG}k${i}`;
      keys.push(k);
      const write = [["SET", k, `v${i}`], ["RPUSH", k, "a", "b"], ["SADD", k, "x", `y${i}`], ["ZADD", k, i, "m"], ["HSET", k, "f", i]][i % 5]!;
      expect(await post("/", write)).not.toHaveProperty("error");
    }
    await post("/", ["PEXPIRE", keys[1], 500_000]);
    await post("/", ["SET", `${TAG}pb`, "0"]);
    const dumps = async (): Promise<unknown[]> => Promise.all(keys.map(async (k) => (await post("/", ["DUMP", k])).result));
    const before = await dumps();

    // Writers: new keys (ASK to the target), a counter and a list on the source (locked, then moved),
    // and MSET over two keys of the slot (TRYAGAIN while one has moved and the other not yet).
    let stop = false;
    const errors: string[] = [];
    const acked = new Map<string, string>();
    let incrs = 0, msets = 0;
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const k = `${TAG}w${w}:${i}`;
        const rs = await Promise.all([
          post("/", ["SET", k, `${i}`]), post("/", ["INCR", `${TAG}counter`]),
          post("/", ["MSET", `${TAG}pa`, `${w}:${i}`, `${TAG}pb`, `${w}:${i}`]),
        ]);
        for (const r of rs) if (r.error) errors.push(r.error);
        if (!rs[0]!.error) acked.set(k, `${i}`);
        if (!rs[1]!.error) incrs++;
        if (!rs[2]!.error) msets++;
      }
    };
    await post("/", ["SET", `${TAG}counter`, "0"]);
    const writers = [writer(0), writer(1)];

    expect(await at(B, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", idA)).toBe("OK");
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", idB)).toBe("OK");
    expect(await at(A, "CLUSTER", "NODES")).toContain(`[${SLOT}->-${idB}]`);
    expect(await at(B, "CLUSTER", "NODES")).toContain(`[${SLOT}-<-${idA}]`);
    let moved = 0;
    for (;;) {
      const batch = (await at(A, "CLUSTER", "GETKEYSINSLOT", SLOT, 10)) as string[];
      if (batch.length === 0) break;
      expect(await at(A, "MIGRATE", B, 6379, "", 0, 5000, "KEYS", ...batch)).toBe("OK");
      moved += batch.length;
      await new Promise((r) => setTimeout(r, 5)); // let the writers in between batches
    }
    expect(await at(A, "CLUSTER", "COUNTKEYSINSLOT", SLOT)).toBe(0);
    for (const n of [B, A, C]) expect(await at(n, "CLUSTER", "SETSLOT", SLOT, "NODE", idB)).toBe("OK");
    await new Promise((r) => setTimeout(r, 100)); // writes after the switch, through MOVED
    stop = true;
    await Promise.all(writers);

    expect(errors).toEqual([]);
    expect(msets).toBeGreaterThan(0);
    const [pa, pb] = [(await post("/", ["GET", `${TAG}pa`])).result, (await post("/", ["GET", `${TAG}pb`])).result];
    expect(pa).toBe(pb); // MSET is atomic on one node: never half applied
    expect(moved).toBeGreaterThanOrEqual(keys.length);
    expect(acked.size).toBeGreaterThan(0);
    expect(await dumps()).toEqual(before);
    for (const [k, v] of acked) expect((await post("/", ["GET", k])).result).toBe(v);
    expect((await post("/", ["GET", `${TAG}counter`])).result).toBe(String(incrs));
    expect(await at(B, "CLUSTER", "COUNTKEYSINSLOT", SLOT)).toBeGreaterThan(keys.length);
    expect(await at(A, "CLUSTER", "NODES")).not.toContain("->-");
    expect(await at(B, "CLUSTER", "NODES")).not.toContain("-<-");
  });
});
