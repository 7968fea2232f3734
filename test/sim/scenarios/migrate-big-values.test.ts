/**
 * MIGRATE of the largest values the issue names: a 1 000 000-member sorted set and a 100 MiB
 * string, both with a TTL, moved in pages (MIGRATE_PAGE_BYTES) between two masters of the
 * simulator: real runtimes over in-memory SQLite. Why here and not in test/workers: a 100 MiB
 * value in workerd's test pool (one process, every object, 128 MB per isolate in production) is
 * slow and memory-bound, while the paged path is the same code; the workers suite covers 20 MiB
 * and 200 000 members through real Durable Objects (test/workers/migrate-pages.test.ts).
 *
 * Checked: type, content and absolute expiry equal on arrival, the keys gone from the source, and
 * the source's other clients served while the pages travel (their commands answered before the
 * MIGRATE's reply).
 */
import { describe, expect, it } from "vitest";
import { keyHashSlot } from "../../../src/commands/slot";
import type { Reply } from "../../../src/resp/reply";
import { MIGRATE_PAGE_BYTES } from "../../../src/node/migrate-shell";
import { createCluster } from "../cluster";
import { ADMIN, Sim } from "../sim";

const MiB = 1024 * 1024;
const TAG = "{big}";
const SLOT = keyHashSlot(TAG);
const ZSET_MEMBERS = 1_000_000;
const STRING_MIB = 100;

/** A key's type, expiry and value as one hash (FNV-1a over its parts), read inside the node. */
function digest(sim: Sim, node: string, key: string): string | null {
  const db = sim.runtime(node).db;
  db.now = sim.now;
  const meta = db.meta(key);
  if (!meta) return null;
  const v = db.readValue(meta);
  let h = 0x811c9dc5;
  let n = 0;
  const add = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    n += s.length;
  };
  add(`${meta.type}:${meta.expiresAt}:`);
  if (v.type === "string") add(v.value);
  else if (v.type === "zset") for (const [m, s] of v.entries) add(`${m}=${s};`);
  else throw new Error(`unexpected type ${v.type}`);
  return `${n}:${(h >>> 0).toString(16)}`;
}

async function run(sim: Sim, node: string, cmds: string[][]): Promise<Reply[]> {
  const r = await sim.settle(sim.execute(node, cmds, ADMIN));
  if (!r.ok) throw r.error;
  return r.value;
}

describe("MIGRATE of a 1M-member sorted set and a 100 MiB string", () => {
  it("moves both in pages, equal on arrival with their TTLs, serving the source's other clients meanwhile", async () => {
    const sim = new Sim({ seed: 11, nodeTimeoutMs: 15_000, cronMs: 1000 });
    const [a, b] = await createCluster(sim, { masters: 2, replicasPerMaster: 0 });
    // The slot is the first master's (createCluster splits the slots evenly).
    expect(sim.state(a!).slots[SLOT]?.name).toBe(a);
    const z = `${TAG}zset`, s = `${TAG}string`, other = `${TAG}other`;
    for (let i = 0; i < ZSET_MEMBERS; i += 50_000) {
      const args = Array.from({ length: 50_000 }, (_, j) => [String((i + j) * 0.5), `member:${i + j}`]).flat();
      await run(sim, a!, [["ZADD", z, ...args]]);
    }
    for (let i = 0; i < STRING_MIB; i += 4) {
      await run(sim, a!, Array.from({ length: 4 }, (_, j) => ["APPEND", s, String.fromCharCode(97 + ((i + j) % 26)).repeat(MiB)]));
    }
    await run(sim, a!, [["PEXPIRE", z, "86400000"], ["PEXPIRE", s, "90000000"], ["SET", other, "x"]]);
    const before = [digest(sim, a!, z), digest(sim, a!, s)];
    expect(await run(sim, a!, [["STRLEN", s], ["ZCARD", z]])).toEqual([{ t: "int", v: STRING_MIB * MiB }, { t: "int", v: ZSET_MEMBERS }]);
    const [idA, idB] = [sim.state(a!).myself.id, sim.state(b!).myself.id];
    await run(sim, b!, [["CLUSTER", "SETSLOT", String(SLOT), "IMPORTING", idA]]);
    await run(sim, a!, [["CLUSTER", "SETSLOT", String(SLOT), "MIGRATING", idB]]);

    let migrated: number | null = null;
    const served: number[] = [];
    const migrate = sim.execute(a!, [["MIGRATE", b!, "6379", "", "0", "60000", "KEYS", z, s]], ADMIN).then((r) => {
      migrated = sim.now;
      return r;
    });
    // Another client of the source, on a key of the same slot, all along.
    sim.every(5, () => void sim.execute(a!, [["GET", other]]).then((r) => {
      if (r[0]?.t === "bulk" && migrated === null) served.push(sim.now);
    }), () => migrated === null);
    const r = await sim.settle(migrate);
    if (!r.ok) throw r.error;
    expect(r.value).toEqual([{ t: "simple", v: "OK" }]);

    expect([digest(sim, b!, z), digest(sim, b!, s)]).toEqual(before);
    expect([digest(sim, a!, z), digest(sim, a!, s)]).toEqual([null, null]);
    // The value took more than one page each way, and clients were answered in between.
    expect(STRING_MIB * MiB).toBeGreaterThan(4 * MIGRATE_PAGE_BYTES);
    expect(served.length).toBeGreaterThan(10);
  }, 900_000);
});
