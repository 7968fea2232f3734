/**
 * clusterProcessPacket's sanity checks: a malformed bus message sent to a node's bus entry point
 * is dropped and counted, and changes nothing else (no state change, no PONG, no message sent, no
 * new deadline, no keyspace change).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildHeader } from "../../../src/cluster/bus";
import { serialize, validate, type BusMessage } from "../../../src/cluster";
import { keyspaceDigest } from "../../../src/node/replication-store";
import type { NodeRuntime } from "../../../src/node/runtime";
import { createCluster } from "../cluster";
import { Sim } from "../sim";

async function converged(): Promise<{ sim: Sim; valid: BusMessage }> {
  const sim = new Sim({ seed: 11 });
  await createCluster(sim, { masters: 3 });
  const from = sim.state("n1");
  const gossip = [...from.nodes.values()].map((n) => ({
    id: n.id, name: n.name, pingSent: 0, pongReceived: sim.now, port: n.port, cport: n.cport, flags: n.flags & 3,
  }));
  const valid: BusMessage = { ...buildHeader(from, "ping"), type: "ping", gossip };
  return { sim, valid };
}

/** Hand-picked breakages, one per sanity check. */
function breakages(valid: BusMessage): [string, unknown][] {
  const m = valid as unknown as Record<string, unknown>;
  const g = m.gossip as Record<string, unknown>[];
  return [
    ["null", null],
    ["a string", "PING"],
    ["an array", [m]],
    ["wrong version", { ...m, ver: 2 }],
    ["unknown type", { ...m, type: "pingx" }],
    ["missing type", { ...m, type: undefined }],
    ["short sender id", { ...m, sender: "abc" }],
    ["upper-case sender id", { ...m, sender: (m.sender as string).toUpperCase() }],
    ["empty sender name", { ...m, from: "" }],
    ["negative currentEpoch", { ...m, currentEpoch: -1 }],
    ["fractional configEpoch", { ...m, configEpoch: 1.5 }],
    ["NaN offset", { ...m, offset: Number.NaN }],
    ["port out of range", { ...m, port: 70000 }],
    ["short slot bitmap", { ...m, myslots: new Uint8Array(2047) }],
    ["slot bitmap as array", { ...m, myslots: Array.from(m.myslots as Uint8Array) }],
    ["bad slaveof", { ...m, slaveof: "x".repeat(40) + "!" }],
    ["bad state", { ...m, state: "maybe" }],
    ["flags too wide", { ...m, flags: 1 << 20 }],
    ["bad shard id", { ...m, shardId: 42 }],
    ["gossip not an array", { ...m, gossip: {} }],
    ["gossip entry with bad id", { ...m, gossip: [{ ...g[0], id: "nope" }] }],
    ["gossip entry without name", { ...m, gossip: [{ ...g[0], name: "" }] }],
    ["gossip entry with negative time", { ...m, gossip: [{ ...g[0], pongReceived: -5 }] }],
    ["FAIL without node", { ...m, type: "fail" }],
    ["UPDATE with short bitmap", { ...m, type: "update", nodecfg: { id: m.sender, configEpoch: 99, slots: new Uint8Array(10) } }],
    ["PUBLISH without message", { ...m, type: "publish", channel: "c" }],
  ];
}

/** What a malformed message must leave as it was (`dropped` must grow by one). */
function snapshot(sim: Sim, rt: NodeRuntime): Record<string, unknown> {
  const st = rt.cluster.state;
  return {
    state: serialize(st), stats: JSON.stringify(st.stats), rpcs: sim.stats.rpcs, deadline: rt.cluster.nextDeadline(), data: keyspaceDigest(rt.db),
  };
}

/**
 * Sends `msg` alone (one RPC carrying it) to n0's bus entry point. The comparison is made inside
 * the call: it runs to its end in microtasks, so no other event interleaves.
 */
async function expectIgnored(sim: Sim, msg: unknown, what: string): Promise<void> {
  expect(validate(msg), what).not.toBeNull();
  const out = await sim.settle(sim.invoke("n0", async (rt) => {
    const before = snapshot(sim, rt);
    const dropped = rt.cluster.state.dropped;
    const pongs = await rt.bus([msg]);
    return { before, after: snapshot(sim, rt), dropped: rt.cluster.state.dropped - dropped, pongs };
  }));
  if (!out.ok) throw out.error;
  const { before, after, dropped, pongs } = out.value;
  expect(pongs, what).toEqual([]);
  expect(after, what).toEqual(before);
  expect(dropped, what).toBe(1);
}

describe("malformed bus messages", async () => {
  const { sim, valid } = await converged();

  it("the untouched message is valid", () => {
    expect(validate(valid)).toBeNull();
  });

  for (const [what, msg] of breakages(valid)) {
    it(`are dropped and counted: ${what}`, () => expectIgnored(sim, msg, what));
  }

  it("any field replaced by garbage: either still valid or ignored entirely", async () => {
    const fields = Object.keys(valid);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.anything(), async (field, garbage) => {
        const msg = { ...valid, [field]: garbage } as unknown;
        if (validate(msg) !== null) await expectIgnored(sim, msg, `${field} = ${String(garbage)}`);
      }),
      { numRuns: 300, seed: 5 },
    );
  }, 60_000);
});
