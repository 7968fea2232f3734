/**
 * clusterProcessPacket's sanity checks: a malformed bus message is dropped and counted, and
 * changes nothing else (no state change, no reply, no effect).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildHeader } from "../../../src/cluster/bus";
import { receive, serialize, validate, type BusMessage, type ClusterState } from "../../../src/cluster";
import { createCluster } from "../setup";
import { Sim } from "../sim";

function converged(): { sim: Sim; target: ClusterState; valid: BusMessage } {
  const sim = new Sim({ seed: 11 });
  createCluster(sim, { masters: 3 });
  const from = sim.state("n1");
  const gossip = [...from.nodes.values()].map((n) => ({
    id: n.id, name: n.name, pingSent: 0, pongReceived: sim.now, port: n.port, cport: n.cport, flags: n.flags & 3,
  }));
  const valid: BusMessage = { ...buildHeader(from, "ping"), type: "ping", gossip };
  return { sim, target: sim.state("n0"), valid };
}

const env = (sim: Sim) => ({ now: sim.now, rand: () => 0.5, config: sim.config });

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

function expectIgnored(target: ClusterState, msg: unknown, sim: Sim, what: string): void {
  const before = serialize(target);
  const dropped = target.dropped;
  const received = JSON.stringify(target.stats);
  expect(validate(msg), what).not.toBeNull();
  const out = receive(target, msg, env(sim));
  expect(out.send, what).toEqual([]);
  expect(out.effects, what).toEqual([]);
  expect(out.changed, what).toBe(false);
  expect(serialize(target), what).toBe(before);
  expect(JSON.stringify(target.stats), what).toBe(received);
  expect(target.dropped, what).toBe(dropped + 1);
}

describe("malformed bus messages", () => {
  const { sim, target, valid } = converged();

  it("the untouched message is valid", () => {
    expect(validate(valid)).toBeNull();
  });

  for (const [what, msg] of breakages(valid)) {
    it(`are dropped and counted: ${what}`, () => expectIgnored(target, msg, sim, what));
  }

  it("any field replaced by garbage: either still valid or ignored entirely", () => {
    const fields = Object.keys(valid);
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.anything(), (field, garbage) => {
        const msg = { ...valid, [field]: garbage } as unknown;
        if (validate(msg) !== null) expectIgnored(target, msg, sim, `${field} = ${String(garbage)}`);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
