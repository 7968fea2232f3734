/**
 * MIGRATE between real node Durable Objects of a three-master cluster (src/node/migrate-shell.ts):
 * Redis 7.0's replies (OK, NOKEY, BUSYKEY through "Target instance replied with error", IOERR,
 * syntax errors), TTLs and every type kept, COPY and REPLACE, and the slot gate on both ends.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { keyHashSlot } from "../../src/commands/slot";
import { nodeByName } from "../../src/node/client";
import { plain, type Plain } from "./helpers";
import { formCluster } from "./cluster-helpers";
import { at, nodeId } from "./replication-helpers";

const [A, B, C] = ["node-0", "mg-1", "mg-2"] as const;
/** Every key of these tests hashes to the slot of "{b}" (3300) (owned by A, which the formation gives 0..5461). */
const TAG = "{b}";
const SLOT = keyHashSlot(TAG);

/** A command as an ASKING client (the target serves an importing slot only to those). */
async function asking(name: string, ...args: (string | number)[]): Promise<Plain> {
  const [r] = await nodeByName(env, name).execute([args.map(String)], { resp: 2, admin: true, asking: true });
  return plain(r!);
}

/** Writes keys on the source: a migrating slot sends new keys on (ASK), so it is made stable meanwhile. */
async function source(...cmds: (string | number)[][]): Promise<void> {
  await at(A, "CLUSTER", "SETSLOT", SLOT, "STABLE");
  for (const c of cmds) { const r = await at(A, ...c); expect(r, JSON.stringify(r)).not.toHaveProperty("error"); }
  await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", await nodeId(B));
}

describe("MIGRATE", () => {
  let idA = "", idB = "";
  beforeAll(async () => {
    await formCluster([A, B, C]);
    [idA, idB] = [await nodeId(A), await nodeId(B)];
    expect(SLOT).toBeLessThan(5462);
    expect(await at(B, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", idA)).toBe("OK");
    expect(await at(A, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", idB)).toBe("OK");
  });

  it("moves a key with its TTL and deletes it at the source only", async () => {
    const k = `${TAG}s`;
    await source(["SET", k, "hello", "PX", 100000]);
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000)).toBe("OK");
    expect(await at(A, "EXISTS", k)).toEqual({ error: `ASK ${SLOT} ${B}:6379` });
    expect(await asking(B, "GET", k)).toBe("hello");
    expect(await asking(B, "PTTL", k)).toBeGreaterThan(90000);
    // On the migrating source a key that left is ASKed for; without ASKING the target sends it back.
    expect(await at(A, "GET", k)).toEqual({ error: `ASK ${SLOT} ${B}:6379` });
    expect(await at(B, "GET", k)).toEqual({ error: `MOVED ${SLOT} ${A}:6379` });
  });

  it("answers NOKEY when no key exists", async () => {
    expect(await at(A, "MIGRATE", B, 6379, `${TAG}none`, 0, 5000)).toBe("NOKEY");
    expect(await at(A, "MIGRATE", B, 6379, "", 0, 5000, "KEYS", `${TAG}n1`, `${TAG}n2`)).toBe("NOKEY");
  });

  it("reports the target's BUSYKEY, replaces with REPLACE, keeps the source with COPY", async () => {
    const k = `${TAG}busy`;
    await source(["SET", k, "new"]);
    await asking(B, "SET", k, "old");
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000)).toEqual({ error: "ERR Target instance replied with error: BUSYKEY Target key name already exists." });
    expect(await at(A, "GET", k)).toBe("new");
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000, "COPY", "REPLACE")).toBe("OK");
    expect(await at(A, "GET", k)).toBe("new");
    expect(await asking(B, "GET", k)).toBe("new");
    await source(["SET", k, "newer"]);
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000, "REPLACE", "AUTH2", "u", "p")).toBe("OK");
    expect(await asking(B, "GET", k)).toBe("newer");
    expect(await at(A, "EXISTS", k)).toEqual({ error: `ASK ${SLOT} ${B}:6379` });
  });

  it("moves every type with KEYS, values and TTLs equal to their DUMP before", async () => {
    const keys = ["str", "list", "set", "zset", "hash"].map((t) => `${TAG}t:${t}`);
    const [s, l, st, z, h] = keys as [string, string, string, string, string];
    await source(["SET", s, "x".repeat(600 * 1024)]); // chunked in SQLite
    await source(["RPUSH", l, "a", "b", "c"]);
    await source(["LPUSH", l, "z"]); // a negative list position
    await source(["SADD", st, "m1", "m2", "7"]);
    await source(["ZADD", z, "1.5", "a", "-inf", "b", "inf", "c", "0.1", "d"]);
    await source(["HSET", h, "f1", "v1", "f2", "v2"]);
    await source(["PEXPIRE", z, 200000]);
    const before = await Promise.all(keys.map((k) => at(A, "DUMP", k)));
    expect(await at(A, "MIGRATE", B, 6379, "", 0, 5000, "KEYS", ...keys, `${TAG}absent`)).toBe("OK");
    for (const [i, k] of keys.entries()) {
      expect(await asking(B, "DUMP", k)).toEqual(before[i]);
      expect(await at(A, "EXISTS", k)).toEqual({ error: `ASK ${SLOT} ${B}:6379` });
    }
    expect(await asking(B, "PTTL", z)).toBeGreaterThan(190000);
    expect(await asking(B, "PTTL", h)).toBe(-1);
  });

  it("answers IOERR for a target that is not a node of the cluster, keeping the key", async () => {
    // (An unreachable or slow target: test/unit/node/migrate-shell.test.ts; halting a node here would fail the cluster.)
    const k = `${TAG}io`;
    await source(["SET", k, "v"]);
    expect(await at(A, "MIGRATE", "no-such-node", 6379, k, 0, 1000)).toEqual({ error: "IOERR error or timeout connecting to the client" });
    expect(await at(A, "GET", k)).toBe("v");
  });

  it("reports a target that does not import the slot, and SELECT of another db", async () => {
    const k = `${TAG}moved`;
    await source(["SET", k, "v"]);
    const r = await at(A, "MIGRATE", C, 6379, k, 0, 5000);
    expect(r).toEqual({ error: `ERR Target instance replied with error: MOVED ${SLOT} ${A}:6379` });
    expect(await at(A, "MIGRATE", B, 6379, k, 3, 5000)).toEqual({ error: "ERR Target instance replied with error: ERR SELECT is not allowed in cluster mode" });
    expect(await at(A, "GET", k)).toBe("v");
  });

  it("checks its arguments as Redis does", async () => {
    const k = `${TAG}args`;
    await source(["SET", k, "v"]);
    expect(await at(A, "MIGRATE", B, 6379, k, 0)).toEqual({ error: "ERR wrong number of arguments for 'migrate' command" });
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000, "KEYS", k)).toEqual({ error: "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string" });
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000, "FAST")).toEqual({ error: "ERR syntax error" });
    expect(await at(A, "MIGRATE", B, 6379, k, 0, 5000, "AUTH")).toEqual({ error: "ERR syntax error" });
    expect(await at(A, "MIGRATE", B, 6379, k, 0, "soon")).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await at(A, "MIGRATE", B, 6379, k, "x", 5000)).toEqual({ error: "ERR value is not an integer or out of range" });
    // A node that does not own the slot sends the client on.
    expect(await at(C, "MIGRATE", B, 6379, k, 0, 5000)).toEqual({ error: `MOVED ${SLOT} ${A}:6379` });
  });
});
