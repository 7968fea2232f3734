import { describe, expect, it } from "vitest";
import { CorruptStateError, clusterCommand, createState, deserialize, serialize, tick, type Env } from "../../../src/cluster";
import { cluster, envOf, idOf, keyspace } from "./helpers";

describe("serialize / deserialize", () => {
  it("round-trips a converged node exactly, open slots and blacklist included", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const env = envOf(sim);
    clusterCommand(st, ["cluster", "setslot", "7", "migrating", idOf(sim, "n1")], env, keyspace());
    clusterCommand(st, ["cluster", "setslot", "6000", "importing", idOf(sim, "n1")], env, keyspace());
    clusterCommand(st, ["cluster", "forget", idOf(sim, "n5")], env, keyspace());
    const text = serialize(st);
    const back = deserialize(text);
    expect(serialize(back)).toBe(text);
    expect(back.myself.id).toBe(st.myself.id);
    expect(back.nodes.size).toBe(st.nodes.size);
    expect(back.currentEpoch).toBe(st.currentEpoch);
    expect(back.migratingSlotsTo.get(7)?.id).toBe(idOf(sim, "n1"));
    expect(back.importingSlotsFrom.get(6000)?.id).toBe(idOf(sim, "n1"));
    expect(back.blacklist.has(idOf(sim, "n5"))).toBe(true);
    for (let j = 0; j < 16384; j++) expect(back.slots[j]?.id).toBe(st.slots[j]?.id);
    for (const n of st.nodes.values()) {
      const m = back.nodes.get(n.id)!;
      expect([m.name, m.flags, m.configEpoch, m.numSlots, m.slaveof?.id, m.pongReceived]).toEqual(
        [n.name, n.flags, n.configEpoch, n.numSlots, n.slaveof?.id, n.pongReceived],
      );
    }
  });

  it("is compact: a slot range costs a few bytes, not a 2 KB bitmap", async () => {
    const sim = await cluster();
    expect(serialize(sim.state("n0")).length).toBeLessThan(6 * 700);
  });

  it("keeps the cluster state across eviction (a reactivated object was never away), without links", async () => {
    const sim = await cluster();
    expect(sim.state("n0").state).toBe("ok");
    const back = deserialize(serialize(sim.state("n0")));
    expect(back.state).toBe("ok");
    expect([...back.nodes.values()].every((n) => n.link === null)).toBe(true);
  });

  it("persists the health state when it changes, so a restarted node comes back ok", () => {
    const env = (now: number): Env => ({ now, rand: () => 0.5, config: { nodeTimeoutMs: 15000, cronMs: 1000 } });
    const st = createState({ name: "solo", id: "e".repeat(40) }, env(1_000_000));
    const ks = { countKeysInSlot: () => 0, keysInSlot: () => [] };
    clusterCommand(st, ["cluster", "addslotsrange", "0", "16383"], env(1_000_000), ks);
    expect(st.state).toBe("fail"); // Redis's writable delay: 2 s after the first state check
    const out = tick(st, env(1_003_000));
    expect(st.state).toBe("ok");
    expect(out.changed).toBe(true);
    expect(deserialize(serialize(st)).state).toBe("ok");
  });

  it("loads a state saved without its health as fail", async () => {
    const rec = JSON.parse(serialize((await cluster()).state("n0"))) as Record<string, unknown>;
    delete rec.state;
    expect(deserialize(JSON.stringify(rec)).state).toBe("fail");
  });

  it("moves pending ping and pong times to the load time when given one", async () => {
    const sim = await cluster();
    const back = deserialize(serialize(sim.state("n0")), sim.now + 60_000);
    for (const n of back.nodes.values()) {
      if (n.pongReceived !== 0) expect(n.pongReceived).toBe(sim.now + 60_000);
    }
  });

  it("rejects text it did not write", () => {
    expect(() => deserialize("nope")).toThrow(CorruptStateError);
    expect(() => deserialize("{}")).toThrow(CorruptStateError);
    const st = createState({ name: "x" }, { now: 1, rand: () => 0.1 });
    const text = serialize(st).replace('"slots":""', '"slots":"5-2"');
    expect(() => deserialize(text)).toThrow(/bad slot ranges/);
  });
});
