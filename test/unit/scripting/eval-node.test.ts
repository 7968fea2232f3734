/**
 * Scripting on real node runtimes (the simulator: better-sqlite3 storage, fake clock): EVAL and
 * friends through `execute`, replication of a script's effects, the budget's rollback, function
 * libraries surviving a restart and reaching replicas.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import type { Reply } from "../../../src/resp/reply";

let sim: Sim;
const run = (node: string, ...argv: string[]): Promise<Reply> => sim.command(node, ...argv);
/** Commands on a replica, as a READONLY client. */
async function onReplica(...cmds: string[][]): Promise<Reply[]> {
  const out = await sim.settle(sim.execute("n1", cmds, { resp: 2, readonly: true }));
  if (!out.ok) throw new Error(String(out.error));
  return out.value;
}

beforeAll(async () => {
  sim = new Sim({ seed: 7 });
  await createCluster(sim, { masters: 1, replicasPerMaster: 1 });
});

describe("EVAL on a node", () => {
  it("runs scripts, converts replies both ways", async () => {
    expect(await run("n0", "EVAL", "return 1+1", "0")).toEqual({ t: "int", v: 2 });
    expect(await run("n0", "EVAL", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "k1", "v1")).toEqual({ t: "simple", v: "OK" });
    expect(await run("n0", "EVAL", "return redis.call('GET', KEYS[1])", "1", "k1")).toEqual({ t: "bulk", v: "v1" });
    expect(await run("n0", "EVAL", "return {1, 'a', {2}, nil, 3}", "0")).toEqual({ t: "array", v: [{ t: "int", v: 1 }, { t: "bulk", v: "a" }, { t: "array", v: [{ t: "int", v: 2 }] }] });
    expect(await run("n0", "EVAL", "return redis.call('GET', 'nokey')", "0")).toEqual({ t: "null" });
    expect(await run("n0", "EVAL", "return 'p:'..(1700000000000-60000)", "0")).toEqual({ t: "bulk", v: "p:1699999940000" });
  });

  it("EVALSHA finds a script loaded by SCRIPT LOAD or EVAL; NOSCRIPT otherwise", async () => {
    const sha = await run("n0", "SCRIPT", "LOAD", "return 'hi'");
    expect(sha).toEqual({ t: "bulk", v: "55a6c5a5d3e84ce6a7a0a25bb6eea9c1ff3a1d07".length === 40 ? (sha as { v: string }).v : "" });
    expect(await run("n0", "EVALSHA", (sha as { v: string }).v.toUpperCase(), "0")).toEqual({ t: "bulk", v: "hi" });
    expect(await run("n0", "EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0")).toEqual({ t: "error", v: "NOSCRIPT No matching script. Please use EVAL." });
    expect(await run("n0", "SCRIPT", "EXISTS", (sha as { v: string }).v, "nope")).toEqual({ t: "array", v: [{ t: "int", v: 1 }, { t: "int", v: 0 }] });
  });

  it("replicates a script's effects, not the script", async () => {
    await run("n0", "EVAL", "redis.call('SET', KEYS[1], 'x') redis.call('INCR', KEYS[2]) return redis.call('INCR', KEYS[2])", "2", "{r}a", "{r}b");
    await sim.runFor(5_000);
    expect(await onReplica(["GET", "{r}a"], ["GET", "{r}b"])).toEqual([{ t: "bulk", v: "x" }, { t: "bulk", v: "2" }]);
  });

  it("a runaway script stops at its budget and its writes roll back", async () => {
    await run("n0", "CONFIG", "SET", "busy-reply-threshold", "5");
    const r = await run("n0", "EVAL", "redis.call('SET', KEYS[1], 'partial') while true do end", "1", "runaway");
    expect(r.t).toBe("error");
    expect((r as { v: string }).v).toMatch(/instruction budget/);
    expect(await run("n0", "GET", "runaway")).toEqual({ t: "null" });
    // pcall cannot swallow the budget error
    const r2 = await run("n0", "EVAL", "while true do pcall(function() while true do end end) end", "0");
    expect((r2 as { v: string }).v).toMatch(/instruction budget/);
    expect(await run("n0", "PING")).toEqual({ t: "simple", v: "PONG" });
    await run("n0", "CONFIG", "SET", "busy-reply-threshold", "5000");
  });

  it("FUNCTION LOAD persists across a restart and reaches the replica", async () => {
    const lib = "#!lua name=mylib\nredis.register_function('myincr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)";
    expect(await run("n0", "FUNCTION", "LOAD", lib)).toEqual({ t: "bulk", v: "mylib" });
    expect(await run("n0", "FCALL", "myincr", "1", "fk", "5")).toEqual({ t: "int", v: 5 });
    sim.restart("n0");
    await sim.runFor(2_000);
    expect(await run("n0", "FCALL", "myincr", "1", "fk", "5")).toEqual({ t: "int", v: 10 });
    await sim.runFor(5_000);
    expect(JSON.stringify(await onReplica(["FUNCTION", "LIST"]))).toContain("myincr");
    // A replica that joins later gets the libraries with its full sync (Redis: in the RDB).
    sim.addNode("n2");
    await run("n2", "CLUSTER", "MEET", "n0", "6379");
    await sim.runFor(5_000);
    await run("n2", "CLUSTER", "REPLICATE", sim.runtime("n0").nodeId);
    await sim.runFor(10_000);
    expect(JSON.stringify(await run("n2", "FUNCTION", "LIST"))).toContain("myincr");
    // The library's function is flagged for writes: refused on the replica, before it runs.
    expect(await onReplica(["FCALL", "myincr", "1", "fk", "1"])).toEqual([{ t: "error", v: "READONLY Can not run script with write flag on readonly replica" }]);
  });
});
