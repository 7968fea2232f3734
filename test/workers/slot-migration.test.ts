/**
 * Atomic slot migration (CLUSTER MIGRATESLOTS, src/node/slot-migration.ts): half the slots of a
 * master move to another while clients write through the gateway. The clients see no error at all,
 * every acknowledged write is readable afterwards, and untouched keys are equal (DUMP) before and
 * after; a target evicted mid-migration makes the source roll back cleanly (it keeps every key, the
 * target drops its copies) and the same migration then succeeds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { keyHashSlot } from "../../src/commands/slot";
import { slotMapFor } from "../../src/gateway/slot-map";
import { nodeByName } from "../../src/node/client";
import type { Reply } from "../../src/resp/reply";
import { converged, formCluster, until as cronsUntil } from "./cluster-helpers";
import { nodeId } from "./replication-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const [A, B, C] = ["node-0", "asm-1", "asm-2"] as const;
const ADMIN = { resp: 2 as const, admin: true };
const map = slotMapFor(env.SEED_NODES);

async function post(path: string, body: unknown): Promise<{ result?: unknown; error?: string }> {
  const r = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: "Bearer test-token" } }));
  return r.json();
}
const on = async (node: string, ...argv: (string | number)[]): Promise<Reply> => (await nodeByName(env, node).execute([argv.map(String)], ADMIN))[0]!;

/** GETSLOTMIGRATIONS' entries as plain objects. */
async function migrations(node: string): Promise<Record<string, unknown>[]> {
  const r = await on(node, "CLUSTER", "GETSLOTMIGRATIONS");
  if (r.t !== "array") throw new Error(JSON.stringify(r));
  return r.v.map((m) => Object.fromEntries((m.t === "map" ? m.v : []).map(([k, v]) => [(k as { v: string }).v, (v as { v: unknown }).v])));
}

async function until(what: string, done: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await done().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

/** `count` keys whose slots lie in [lo, hi]. */
function keysIn(lo: number, hi: number, count: number, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const s = keyHashSlot(`${prefix}${i}`);
    if (s >= lo && s <= hi) out.push(`${prefix}${i}`);
  }
  return out;
}

describe("atomic slot migration", () => {
  beforeAll(async () => {
    await formCluster([A, B, C]);
    const [slots] = await nodeByName(env, A).execute([["CLUSTER", "SLOTS"]], ADMIN);
    expect(map.apply(slots!)).toBe(true);
  });

  it("moves half a master's slots while clients write: no client error, nothing lost, values equal", { timeout: 120_000 }, async () => {
    // node-0 owns 0..5460: move 0..2730 to asm-1.
    const [lo, hi] = [0, 2730];
    const keys = keysIn(lo, hi, 80, "m:");
    for (const [i, k] of keys.entries()) {
      const write = [["SET", k, `v${i}`], ["RPUSH", k, "a", "b"], ["SADD", k, "x", `y${i}`], ["ZADD", k, i, "m"], ["HSET", k, "f", i]][i % 5]!;
      expect(await post("/", write)).not.toHaveProperty("error");
    }
    await post("/", ["PEXPIRE", keys[1]!, 500_000]);
    const untouched = keys.slice(0, 40);
    const dumps = async (): Promise<unknown[]> => Promise.all(untouched.map(async (k) => (await post("/", ["DUMP", k])).result));
    const before = await dumps();

    let stop = false;
    const errors: string[] = [];
    const acked = new Map<string, string>();
    let incrs = 0;
    const hot = keys.slice(40);
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const k = hot[(w * 7 + i) % hot.length]!;
        const fresh = `${keysIn(lo, hi, 1, `new:${w}:${i}:`)[0]}`;
        const rs = await Promise.all([post("/", ["SET", fresh, `${i}`]), post("/", ["INCR", "{m:counter}"]), post("/", ["APPEND", `${k}:log`, "."])]);
        for (const r of rs) if (r.error !== undefined) errors.push(r.error);
        if (rs[0]!.error === undefined) acked.set(fresh, `${i}`);
        if (rs[1]!.error === undefined) incrs++;
      }
    };
    const writers = [writer(0), writer(1), writer(2)];
    await new Promise((r) => setTimeout(r, 100));
    const idB = await nodeId(B);
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", lo, hi, "NODE", idB)).toEqual({ t: "simple", v: "OK" });
    await until("the migration to succeed", async () => (await migrations(A))[0]?.state === "success");
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writers);

    expect(errors).toEqual([]);
    expect(acked.size).toBeGreaterThan(10);
    for (const [k, v] of acked) expect((await post("/", ["GET", k])).result).toBe(v);
    expect((await post("/", ["GET", "{m:counter}"])).result).toBe(String(incrs));
    expect(await dumps()).toEqual(before);
    // The slots are asm-1's everywhere that matters; node-0 keeps none of their keys.
    const [slots] = await nodeByName(env, A).execute([["CLUSTER", "SLOTS"]], ADMIN);
    expect(map.apply(slots!)).toBe(true);
    expect(map.owner(lo)).toBe(B);
    expect(map.owner(hi)).toBe(B);
    expect(map.owner(hi + 1)).toBe(A);
    expect(await on(A, "CLUSTER", "COUNTKEYSINSLOT", keyHashSlot(keys[0]!))).toEqual({ t: "int", v: 0 });
    const [exported] = await migrations(A);
    expect(exported).toMatchObject({ operation: "EXPORT", slot_ranges: `${lo}-${hi}`, state: "success" });
    expect((await migrations(B))[0]).toMatchObject({ operation: "IMPORT", state: "success" });
  });

  /** Keys in [lo, hi] on `owner`, set through the gateway, and a check that each is whole, read through the gateway. */
  async function fill(lo: number, hi: number, prefix: string): Promise<{ keys: string[]; whole: () => Promise<boolean> }> {
    // Enough keys (one message each) to stop the copy halfway.
    const keys = keysIn(lo, hi, 3000, prefix);
    await post("/pipeline", keys.map((k) => ["SET", k, "x".repeat(1000)]));
    const whole = async (): Promise<boolean> => {
      const rs = (await post("/pipeline", keys.map((k) => ["STRLEN", k]))) as unknown as { result: unknown }[];
      return rs.every((r) => r.result === 1000);
    };
    return { keys, whole };
  }
  const copied = async (node: string): Promise<number> => Number((await migrations(node)).at(-1)?.keys_copied ?? 0);
  const lastState = async (node: string): Promise<unknown> => (await migrations(node)).at(-1)?.state;

  it("a source that crashes mid-migration rolls back on restart: it keeps every key, the target drops its copies; then it succeeds", { timeout: 120_000 }, async () => {
    // asm-2 owns 10923..16383: move 12000..12999 to node-0.
    const [lo, hi] = [12000, 12999];
    const { keys, whole } = await fill(lo, hi, "r:");
    const idA = await nodeId(A);
    expect(await on(C, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", lo, hi, "NODE", idA)).toEqual({ t: "simple", v: "OK" });
    await until("the copy to start", async () => (await copied(C)) > 100, 10_000);
    // A crash: the node's memory (the running job) is gone, its storage stays. (evictDurableObject would
    // wait for the job's calls to drain: the migration would be over.)
    expect(await on(C, "DEBUG", "RESTART")).toEqual({ t: "simple", v: "OK" });
    await until("the source to record the failure", async () => (await lastState(C)) === "failed");
    expect((await migrations(C)).at(-1)!.message).toBe("the node restarted");
    expect(await whole()).toBe(true);
    await until("the target to drop its copies", async () => (await lastState(A)) === "cancelled");
    for (const k of keys.slice(0, 100)) expect(await on(A, "CLUSTER", "COUNTKEYSINSLOT", keyHashSlot(k))).toEqual({ t: "int", v: 0 });
    expect(await on(C, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", lo, hi, "NODE", idA)).toEqual({ t: "simple", v: "OK" });
    await until("the second migration to succeed", async () => (await lastState(C)) === "success", 60_000);
    expect(await whole()).toBe(true);
    expect(await on(C, "CLUSTER", "COUNTKEYSINSLOT", keyHashSlot(keys[0]!))).toEqual({ t: "int", v: 0 });
  });

  it("a target that stops answering mid-migration makes the source roll back; back, it drops its copies", { timeout: 120_000 }, async () => {
    // node-0 owns 2731..5460 (and now 12000..12999): move 3000..3999 to asm-2.
    const [lo, hi] = [3000, 3999];
    const { keys, whole } = await fill(lo, hi, "t:");
    const idC = await nodeId(C);
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", lo, hi, "NODE", idC)).toEqual({ t: "simple", v: "OK" });
    await until("the copy to start", async () => (await copied(A)) > 100, 10_000);
    expect(await on(C, "DEBUG", "HALT", "1")).toEqual({ t: "simple", v: "OK" });
    await until("the source to give up", async () => (await lastState(A)) === "failed");
    expect(await whole()).toBe(true);
    await until("the target to drop its copies", async () => (await lastState(C)) === "cancelled", 30_000);
    for (const k of keys.slice(0, 100)) expect(await on(C, "CLUSTER", "COUNTKEYSINSLOT", keyHashSlot(k))).toEqual({ t: "int", v: 0 });
  });

  it("SCAN through the gateway finds every key while slots migrate, as KEYS does after", { timeout: 120_000 }, async () => {
    // The previous test stopped asm-2 for a while: every node must see the cluster ok again first.
    // (cron rounds driven by hand: the pool does not fire alarms by itself).
    await cronsUntil([A, B, C], () => converged([A, B, C]), 100);
    // node-0 owns 4000..5460 (and more): move 4000..4999 to asm-1 while scanning.
    const [lo, hi] = [4000, 4999];
    const moving = keysIn(lo, hi, 1500, "sc:");
    const staying = keysIn(5100, 5400, 200, "st:");
    await post("/pipeline", [...moving, ...staying].map((k) => ["SET", k, "v"]));
    const all = new Set([...moving, ...staying]);
    const scan = async (): Promise<Set<string>> => {
      const found = new Set<string>();
      let cursor = "0";
      do {
        const r = await post("/", ["SCAN", cursor, "MATCH", "s[ct]:*", "COUNT", "100"]);
        if (!Array.isArray(r.result)) throw new Error(`SCAN ${cursor}: ${JSON.stringify(r)}`);
        const [next, batch] = r.result as [string, string[]];
        for (const k of batch) found.add(k);
        cursor = next;
      } while (cursor !== "0");
      return found;
    };
    const idB = await nodeId(B);
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", lo, hi, "NODE", idB)).toEqual({ t: "simple", v: "OK" });
    let scans = 0;
    while ((await lastState(A)) !== "success") {
      const found = await scan();
      scans++;
      for (const k of all) expect(found.has(k), `${k} missed by a SCAN during the migration`).toBe(true);
    }
    expect(scans).toBeGreaterThan(0);
    const found = await scan();
    expect([...found].sort()).toEqual([...all].sort());
    expect((((await post("/", ["KEYS", "s[ct]:*"])).result) as string[]).sort()).toEqual([...all].sort());
  });

  it("checks its arguments", async () => {
    const idB = await nodeId(B);
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", 16000, 16001, "NODE", idB)).toEqual({ t: "error", v: "ERR I'm not the owner of hash slot 16000" });
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", 5200, 5201, "NODE", "nosuchnode")).toEqual({ t: "error", v: "ERR Unknown node nosuchnode" });
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", 5201, 5200, "NODE", idB)).toEqual({ t: "error", v: "ERR Invalid or out of range slot" });
    expect(await on(A, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", 5200, 5201, "NODE")).toMatchObject({ t: "error" });
    expect((await post("/", ["CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", 5200, 5201, "NODE", idB])).error).toMatch(/^NOPERM/);
  });
});
