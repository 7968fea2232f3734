/**
 * Replication between real node Durable Objects: CLUSTER REPLICATE, a full sync under concurrent
 * writes, the stream, partial resync after the replica restarts, a full sync when the gap is
 * larger than the backlog, WAIT, ROLE/INFO, and what a replica refuses.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { RedisNode } from "../../src/node/node";
import { stubOf } from "./helpers";
import { until } from "./cluster-helpers";
import { at, digest, info, inSync, masterWithPeers, multi, nodeId, pipeline, untilSynced } from "./replication-helpers";
import { plain, raw } from "./helpers";
import { nodeByName } from "../../src/node/client";
import { env } from "cloudflare:workers";

const M = "rm";
const R = "rr";

/** Seeds `n` keys of every type on the master, in one pipeline. */
async function seed(prefix: string, n: number): Promise<void> {
  const cmds: (string | number)[][] = [];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0: cmds.push(["SET", `${prefix}:s:${i}`, `value-${i}\u00ff\u0000`]); break;
      case 1: cmds.push(["HSET", `${prefix}:h:${i}`, "a", i, "b", "x".repeat(i % 50)]); break;
      case 2: cmds.push(["RPUSH", `${prefix}:l:${i}`, "x", "y", i]); break;
      case 3: cmds.push(["SADD", `${prefix}:set:${i}`, "m1", "m2", i]); break;
      case 4: cmds.push(["ZADD", `${prefix}:z:${i}`, 1.5, "a", "inf", "b", -i, "c"]); break;
    }
  }
  cmds.push(["SET", `${prefix}:ttl`, "v", "PX", 3_600_000]);
  await pipeline(M, cmds);
}

describe("replication between node Durable Objects", { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await masterWithPeers(M, [R]);
    await seed("pre", 2000);
  }, 60_000);

  it("makes a node a replica with CLUSTER REPLICATE and converges to identical data after a full sync under concurrent writes", async () => {
    const masterId = await nodeId(M);
    // The replica joins while writes keep coming.
    const writes = (async () => {
      for (let i = 0; i < 20; i++) {
        await pipeline(M, [["INCR", "during:counter"], ["RPUSH", "during:list", i], ["SET", `during:${i}`, i]]);
      }
    })();
    expect(await at(R, "CLUSTER", "REPLICATE", masterId)).toBe("OK");
    await writes;
    const rounds = await untilSynced(M, [R]);
    console.log(`[replication] full sync of 2001 keys in sync after ${rounds} cron rounds`);
    expect(await digest(R)).toBe(await digest(M));
    expect(await at(M, "DBSIZE")).toBe(await at(R, "DBSIZE"));
    const stats = await info(M, "stats");
    expect(Number(stats.sync_full)).toBe(1);
    expect(Number((await info(R, "stats")).repl_snapshot_bytes_received)).toBeGreaterThan(0);
  });

  it("streams later writes and MULTI/EXEC transactions to the replica", async () => {
    await pipeline(M, [["SET", "after:a", "1"], ["HSET", "after:h", "f", "v"], ["DEL", "pre:s:0"], ["SET", "after:ex", "v", "EX", 100]]);
    await multi(M, [["INCRBY", "after:n", 5], ["LPUSH", "after:l", "a", "b"], ["SPOP", "pre:set:3"]]);
    await untilSynced(M, [R]);
    expect(await digest(R)).toBe(await digest(M));
    expect(await at(R, "CLUSTER", "COUNTKEYSINSLOT", 0)).toBe(await at(M, "CLUSTER", "COUNTKEYSINSLOT", 0));
  });

  it("shows both sides in ROLE and INFO replication", async () => {
    const m = await info(M, "replication");
    const r = await info(R, "replication");
    expect(m).toMatchObject({ role: "master", connected_slaves: "1", repl_backlog_active: "1" });
    expect(m.slave0).toMatch(new RegExp(`^ip=${R},port=6379,state=online,offset=\\d+,lag=\\d+$`));
    expect(r).toMatchObject({
      role: "slave", master_host: M, master_port: "6379", master_link_status: "up", master_sync_in_progress: "0",
      slave_read_only: "1", slave_priority: "100", master_replid: m.master_replid, master_repl_offset: m.master_repl_offset,
    });
    expect(r.slave_repl_offset).toBe(m.master_repl_offset);
    expect(await at(R, "ROLE")).toEqual(["slave", M, 6379, "connected", Number(m.master_repl_offset)]);
    const role = (await at(M, "ROLE")) as [string, number, string[][]];
    expect(role[0]).toBe("master");
    expect(role[1]).toBe(Number(m.master_repl_offset));
    expect(role[2]).toHaveLength(1);
    expect(role[2][0]!.slice(0, 2)).toEqual([R, "6379"]);
    // The offset reaches the cluster bus: CLUSTER SLOTS lists the replica, SHARDS shows its offset.
    await until([M, R], async () => ((await at(M, "CLUSTER", "SLOTS")) as unknown[][])[0]!.length === 4);
    const slots = (await at(M, "CLUSTER", "SLOTS")) as [number, number, [string, number, string], [string, number, string]][];
    expect(slots[0]![3]![0]).toBe(R);
    expect(slots[0]![3]![2]).toBe(await nodeId(R));
  });

  it("WAIT counts the replicas that acknowledged the last write", async () => {
    await at(M, "SET", "wait:k", "v");
    expect(await at(M, "WAIT", 1, 2000)).toBe(1);
    const t0 = Date.now();
    expect(await at(M, "WAIT", 2, 300)).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(await at(M, "WAIT", 0, 0)).toBe(1);
    expect(await at(M, "WAIT", "x", 0)).toEqual({ error: "ERR value is not an integer or out of range" });
    expect(await at(M, "WAIT", 1, -1)).toEqual({ error: "ERR timeout is negative" });
    expect(await at(R, "WAIT", 1, 10)).toMatchObject({ error: expect.stringMatching(/^ERR WAIT cannot be used with replica instances/) });
  });

  it("refuses writes with NOREPLICAS when min-replicas-to-write is not met", async () => {
    expect(await at(M, "CONFIG", "SET", "min-replicas-to-write", 2)).toBe("OK");
    expect(await at(M, "SET", "norep", "1")).toEqual({ error: "NOREPLICAS Not enough good replicas to write." });
    expect(await at(M, "GET", "norep")).toBe(null);
    expect((await info(M, "replication")).min_slaves_good_slaves).toBe("1");
    expect(await at(M, "CONFIG", "SET", "min-replicas-to-write", 1)).toBe("OK");
    expect(await at(M, "SET", "norep", "1")).toBe("OK");
    expect(await at(M, "CONFIG", "SET", "min-replicas-to-write", 0)).toBe("OK");
  });

  it("refuses writes on the replica, serves reads after READONLY, and checks REPLICAOF against the cluster", async () => {
    const slot = (await at(M, "CLUSTER", "KEYSLOT", "after:a")) as number;
    expect(await at(R, "SET", "after:a", "2")).toEqual({ error: `MOVED ${slot} ${M}:6379` });
    expect(await at(R, "GET", "after:a")).toEqual({ error: `MOVED ${slot} ${M}:6379` });
    expect(plain(await raw(nodeByName(env, R), { readonly: true }, "GET", "after:a"))).toBe("1");
    expect(plain(await raw(nodeByName(env, R), { readonly: true }, "SET", "after:a", "2"))).toEqual({ error: `MOVED ${slot} ${M}:6379` });
    expect(await at(R, "FLUSHALL")).toEqual({ error: "READONLY You can't write against a read only replica." });
    expect(await at(M, "SLAVEOF", R, 6379)).toEqual({ error: "ERR I can only replicate a master, not a replica." });
    expect(await at(R, "REPLICAOF", M, 6379)).toBe("OK Already connected to specified master");
    expect(await at(R, "REPLICAOF", "nobody-here", 6379)).toMatchObject({ error: expect.stringMatching(/^ERR Unknown node nobody-here/) });
    expect(await at(R, "REPLICAOF", M, "port")).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("does not expire keys on the replica: it waits for the master's DEL", async () => {
    const seen = await runInDurableObject(stubOf(R), (o: RedisNode) => {
      const now = o.db.now;
      o.db.now = Date.now() + 7_200_000; // "pre:ttl" expired an hour ago, as far as the replica can tell
      const visible = o.db.meta("pre:ttl");
      const expiredNow = o.db.activeExpire(100);
      const rows = o.db.rows("SELECT key FROM keys WHERE key = ?", new TextEncoder().encode("pre:ttl")).length;
      o.db.now = now;
      return { expireOnAccess: o.db.expireOnAccess, visible, expiredNow, rows };
    });
    expect(seen).toEqual({ expireOnAccess: false, visible: null, expiredNow: 0, rows: 1 });
    const masterExpires = await runInDurableObject(stubOf(M), (o: RedisNode) => o.db.expireOnAccess);
    expect(masterExpires).toBe(true);
    // A lazy expiry on the master reaches the replica as DEL.
    await at(M, "SET", "exp:k", "v", "PX", 20);
    await untilSynced(M, [R]);
    await new Promise((r) => setTimeout(r, 40));
    expect(await at(M, "GET", "exp:k")).toBe(null);
    await untilSynced(M, [R]);
    expect(await runInDurableObject(stubOf(R), (o: RedisNode) => o.db.rows("SELECT key FROM keys WHERE key = ?", new TextEncoder().encode("exp:k")).length)).toBe(0);
    expect(await digest(R)).toBe(await digest(M));
  });

  it("resyncs partially after the replica restarts, transferring exactly the gap", async () => {
    await untilSynced(M, [R]);
    const before = await info(M, "stats");
    const offsetBefore = Number((await info(R, "replication")).slave_repl_offset);
    await evictDurableObject(stubOf(R));
    // One stream batch the restarted replica cannot apply (its link is down until it PSYNCs).
    const cmds: (string | number)[][] = [];
    for (let i = 0; i < 50; i++) cmds.push(["SET", `gap:${i}`, "y".repeat(100)]);
    await multi(M, cmds);
    await runDurableObjectAlarm(stubOf(R));
    await untilSynced(M, [R]);
    const after = await info(M, "stats");
    const r = await info(R, "stats");
    const masterOffset = Number((await info(M, "replication")).master_repl_offset);
    expect(Number(after.sync_partial_ok)).toBe(Number(before.sync_partial_ok) + 1);
    expect(Number(after.sync_full)).toBe(Number(before.sync_full));
    expect(Number(r.repl_snapshot_bytes_received)).toBe(0);
    const gap = masterOffset - offsetBefore;
    expect(gap).toBeGreaterThan(50 * 100);
    console.log(`[replication] partial resync: gap ${gap} bytes, ${r.repl_partial_sync_bytes_received} bytes sent by +CONTINUE`);
    expect(Number(r.repl_partial_sync_bytes_received)).toBe(gap);
    expect(await digest(R)).toBe(await digest(M));
  });

  it("repairs lost stream batches (a partition) with a partial resync, and DEBUG DIGEST agrees", async () => {
    await untilSynced(M, [R]);
    const before = await info(M, "stats");
    expect(await at(R, "DEBUG", "REPL-PAUSE", 300)).toBe("OK");
    await pipeline(M, Array.from({ length: 20 }, (_, i) => ["SET", `lost:${i}`, i]));
    await new Promise((r) => setTimeout(r, 350));
    await at(M, "SET", "lost:trigger", "1");
    await untilSynced(M, [R]);
    const after = await info(M, "stats");
    expect(Number(after.sync_partial_ok)).toBe(Number(before.sync_partial_ok) + 1);
    expect(Number(after.sync_full)).toBe(Number(before.sync_full));
    expect(await at(R, "DEBUG", "DIGEST")).toBe(await at(M, "DEBUG", "DIGEST"));
    expect(await at(R, "DEBUG", "DIGEST")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("falls back to a full sync when the gap is larger than the backlog", async () => {
    await untilSynced(M, [R]);
    expect(await at(M, "CONFIG", "SET", "repl-backlog-size", 16384)).toBe("OK");
    const before = await info(M, "stats");
    await evictDurableObject(stubOf(R));
    const cmds: (string | number)[][] = [];
    for (let i = 0; i < 40; i++) cmds.push(["SET", `big:${i}`, "z".repeat(1000)]);
    await multi(M, cmds);
    expect(Number((await info(M, "replication")).repl_backlog_histlen)).toBe(16384);
    await runDurableObjectAlarm(stubOf(R));
    await untilSynced(M, [R]);
    const after = await info(M, "stats");
    expect(Number(after.sync_full)).toBe(Number(before.sync_full) + 1);
    expect(Number(after.sync_partial_err)).toBe(Number(before.sync_partial_err) + 1);
    expect(Number((await info(R, "stats")).repl_snapshot_bytes_received)).toBeGreaterThan(40_000);
    expect(await digest(R)).toBe(await digest(M));
    expect(await at(M, "CONFIG", "SET", "repl-backlog-size", 1024 * 1024)).toBe("OK");
  });

  it("keeps replicating after the master restarts (the backlog is in SQLite)", async () => {
    await untilSynced(M, [R]);
    await evictDurableObject(stubOf(M));
    await at(M, "SET", "post-restart", "1");
    await untilSynced(M, [R]);
    expect(await digest(R)).toBe(await digest(M));
    const after = await info(M, "stats");
    // The master forgot its replica list: the replica's next ACK or stream gap makes it PSYNC, partially.
    expect(Number(after.sync_full)).toBe(0);
    expect(Number(after.sync_partial_ok)).toBeGreaterThanOrEqual(1);
    expect(await inSync(M, R)).toBe(true);
  });

  it("after CLUSTER FAILOVER TAKEOVER the old master follows the promoted replica with a partial resync (replid2)", async () => {
    await untilSynced(M, [R]);
    const mRepl = await info(M, "replication");
    expect(await at(R, "CLUSTER", "FAILOVER", "TAKEOVER")).toBe("OK");
    const r = await info(R, "replication");
    expect(r).toMatchObject({ role: "master", master_replid2: mRepl.master_replid, second_repl_offset: String(Number(mRepl.master_repl_offset) + 1) });
    // The old master learns it lost its slots and becomes a replica of the new one.
    await until([M, R], async () => (await info(M, "replication")).role === "slave");
    await untilSynced(R, [M]);
    const stats = await info(R, "stats");
    expect(Number(stats.sync_full)).toBe(0);
    expect(Number(stats.sync_partial_ok)).toBeGreaterThanOrEqual(1);
    await at(R, "SET", "after-failover", "1");
    await untilSynced(R, [M]);
    expect(await at(M, "DEBUG", "DIGEST")).toBe(await at(R, "DEBUG", "DIGEST"));
    const role = (await at(M, "ROLE")) as unknown[];
    expect(role.slice(0, 4)).toEqual(["slave", R, 6379, "connected"]);
    expect(role[4]).toBe(Number((await info(M, "replication")).slave_repl_offset));
  });
});
