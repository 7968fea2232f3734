/** CLUSTER subcommands: behaviour and Redis 7.0's exact replies and error texts. */
import { describe, expect, it } from "vitest";
import { clusterCommand, createState, NodeFlag, type ClusterState, type Env } from "../../../src/cluster";
import type { Reply } from "../../../src/resp/reply";
import { keyHashSlot } from "../../../src/commands/slot";
import { cluster, envOf, idOf, keyspace } from "./helpers";

const ENV: Env = { now: 1_700_000_000_000, rand: () => 0.5, config: { nodeTimeoutMs: 15000, cronMs: 1000 } };

function fresh(name = "a"): ClusterState {
  let i = 0;
  return createState({ name }, { now: ENV.now, rand: () => ((i++ * 7) % 16) / 16 });
}

function run(st: ClusterState, args: string[], keys: string[] = [], env: Env = ENV): Reply {
  return clusterCommand(st, ["CLUSTER", ...args], env, keyspace(keys)).reply;
}

const err = (v: string): Reply => ({ t: "error", v });
const OK: Reply = { t: "simple", v: "OK" };

describe("CLUSTER argument checking", () => {
  const st = fresh();
  it.each([
    [["foo"], "ERR unknown subcommand 'foo'. Try CLUSTER HELP."],
    [["myid", "x"], "ERR wrong number of arguments for 'cluster|myid' command"],
    [["meet"], "ERR wrong number of arguments for 'cluster|meet' command"],
    [["meet", "a", "1", "2", "3"], "ERR unknown subcommand or wrong number of arguments for 'meet'. Try CLUSTER HELP."],
    [["reset", "soft", "hard"], "ERR unknown subcommand or wrong number of arguments for 'reset'. Try CLUSTER HELP."],
    [["getkeysinslot", "1"], "ERR wrong number of arguments for 'cluster|getkeysinslot' command"],
    [["addslotsrange", "1", "2", "3"], "ERR wrong number of arguments for 'cluster|addslotsrange' command"],
  ])("%j → %s", (args, text) => {
    expect(run(st, args)).toEqual(err(text));
  });

  it("needs a subcommand", () => {
    expect(clusterCommand(st, ["cluster"], ENV, keyspace()).reply).toEqual(err("ERR wrong number of arguments for 'cluster' command"));
  });

  it("HELP lists the subcommands as status lines", () => {
    const r = run(st, ["help"]);
    expect(r.t).toBe("array");
    const first = r.t === "array" ? r.v[0] : null;
    expect(first).toEqual({ t: "simple", v: "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:" });
  });
});

describe("CLUSTER ADDSLOTS / DELSLOTS and ranges", () => {
  it("assigns, refuses busy, duplicate and invalid slots, and releases", () => {
    const st = fresh();
    expect(run(st, ["addslots", "1", "2"])).toEqual(OK);
    expect(run(st, ["addslots", "99999"])).toEqual(err("ERR Invalid or out of range slot"));
    expect(run(st, ["addslots", "x"])).toEqual(err("ERR Invalid or out of range slot"));
    expect(run(st, ["addslots", "2"])).toEqual(err("ERR Slot 2 is already busy"));
    expect(run(st, ["addslots", "5", "5"])).toEqual(err("ERR Slot 5 specified multiple times"));
    expect(run(st, ["addslots", "5", "1"])).toEqual(err("ERR Slot 1 is already busy"));
    expect(st.slots[5]).toBeNull(); // nothing applied from a refused command
    expect(run(st, ["delslots", "7"])).toEqual(err("ERR Slot 7 is already unassigned"));
    expect(run(st, ["delslots", "1"])).toEqual(OK);
    expect(st.myself.numSlots).toBe(1);
  });

  it("ranges check order and bounds", () => {
    const st = fresh();
    expect(run(st, ["addslotsrange", "5", "1"])).toEqual(err("ERR start slot number 5 is greater than end slot number 1"));
    expect(run(st, ["addslotsrange", "0", "99", "100", "16383"])).toEqual(OK);
    expect(st.myself.numSlots).toBe(16384);
    expect(run(st, ["delslotsrange", "10", "20"])).toEqual(OK);
    expect(run(st, ["delslotsrange", "15", "25"])).toEqual(err("ERR Slot 15 is already unassigned"));
    expect(st.myself.numSlots).toBe(16384 - 11);
  });

  it("marks the state changed so the shell persists it", () => {
    const st = fresh();
    expect(clusterCommand(st, ["cluster", "addslots", "1"], ENV, keyspace()).outcome.changed).toBe(true);
    expect(clusterCommand(st, ["cluster", "addslots", "1"], ENV, keyspace()).outcome.changed).toBe(false);
  });

  it("FLUSHSLOTS needs an empty database", () => {
    const st = fresh();
    run(st, ["addslotsrange", "0", "10"]);
    expect(run(st, ["flushslots"], ["k"])).toEqual(err("ERR DB must be empty to perform CLUSTER FLUSHSLOTS."));
    expect(run(st, ["flushslots"])).toEqual(OK);
    expect(st.myself.numSlots).toBe(0);
  });
});

describe("CLUSTER epochs", () => {
  it("SET-CONFIG-EPOCH only on a lonely node with epoch 0", () => {
    const st = fresh();
    expect(run(st, ["set-config-epoch", "x"])).toEqual(err("ERR value is not an integer or out of range"));
    expect(run(st, ["set-config-epoch", "-1"])).toEqual(err("ERR Invalid config epoch specified: -1"));
    expect(run(st, ["set-config-epoch", "5"])).toEqual(OK);
    expect([st.myself.configEpoch, st.currentEpoch]).toEqual([5, 5]);
    expect(run(st, ["set-config-epoch", "6"])).toEqual(err("ERR Node config epoch is already non-zero"));
    run(st, ["meet", "b"]);
    const other = fresh("c");
    run(other, ["meet", "b"]);
    expect(run(other, ["set-config-epoch", "1"])).toEqual(
      err("ERR The user can assign a config epoch only when the node does not know any other node."),
    );
  });

  it("BUMPEPOCH bumps unless I already hold the greatest epoch", () => {
    const st = fresh();
    expect(run(st, ["bumpepoch"])).toEqual({ t: "simple", v: "BUMPED 1" });
    expect(run(st, ["bumpepoch"])).toEqual({ t: "simple", v: "STILL 1" });
    st.currentEpoch = 7;
    expect(run(st, ["bumpepoch"])).toEqual({ t: "simple", v: "BUMPED 8" });
  });
});

describe("CLUSTER MEET", () => {
  it("starts one handshake per address, flagged MEET", () => {
    const st = fresh();
    expect(run(st, ["meet", "b", "7000"])).toEqual(OK);
    expect(run(st, ["meet", "b", "7000"])).toEqual(OK);
    const hs = [...st.nodes.values()].filter((n) => n.flags & NodeFlag.HANDSHAKE);
    expect(hs.length).toBe(1);
    expect(hs[0]!).toMatchObject({ name: "b", port: 7000, cport: 17000 });
    expect(hs[0]!.flags & NodeFlag.MEET).toBe(NodeFlag.MEET);
  });

  it("validates ports", () => {
    const st = fresh();
    expect(run(st, ["meet", "b", "x"])).toEqual(err("ERR Invalid TCP base port specified: x"));
    expect(run(st, ["meet", "b", "1", "y"])).toEqual(err("ERR Invalid TCP bus port specified: y"));
    expect(run(st, ["meet", "b", "70000"])).toEqual(err("ERR Invalid node address specified: b:70000"));
  });

  it("meeting myself does nothing", () => {
    const st = fresh("a");
    expect(run(st, ["meet", "a"])).toEqual(OK);
    expect(st.nodes.size).toBe(1);
  });
});

describe("CLUSTER SETSLOT", async () => {
  const sim = await cluster();
  const env = envOf(sim);
  const n0 = sim.state("n0");
  const id1 = idOf(sim, "n1");

  it("checks ownership, node and role", () => {
    expect(run(n0, ["setslot", "6000", "migrating", id1], [], env)).toEqual(err("ERR I'm not the owner of hash slot 6000"));
    expect(run(n0, ["setslot", "7", "migrating", "abc"], [], env)).toEqual(err("ERR I don't know about node abc"));
    expect(run(n0, ["setslot", "7", "importing", id1], [], env)).toEqual(err("ERR I'm already the owner of hash slot 7"));
    expect(run(n0, ["setslot", "7", "node", "abc"], [], env)).toEqual(err("ERR Unknown node abc"));
    expect(run(n0, ["setslot", "7", "migrating", idOf(sim, "n4")], [], env)).toEqual(err("ERR Target node is not a master"));
    expect(run(n0, ["setslot", "7", "foo"], [], env)).toEqual(err("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP"));
    expect(run(n0, ["setslot", "7", "stable", "x"], [], env)).toEqual(err("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP"));
    expect(run(sim.state("n3"), ["setslot", "7", "stable"], [], env)).toEqual(err("ERR Please use SETSLOT only with masters."));
  });

  it("opens and closes a migration", () => {
    expect(run(n0, ["setslot", "7", "migrating", id1], [], env)).toEqual(OK);
    expect(n0.migratingSlotsTo.get(7)?.id).toBe(id1);
    expect(run(n0, ["setslot", "7", "stable"], [], env)).toEqual(OK);
    expect(n0.migratingSlotsTo.has(7)).toBe(false);
  });

  it("refuses to give away a slot that still has keys", () => {
    const key = Array.from({ length: 100 }, (_, i) => `k${i}`).find((k) => keyHashSlot(k) <= 5460)!;
    const slot = keyHashSlot(key);
    expect(run(n0, ["setslot", String(slot), "node", id1], [key], env)).toEqual(
      err(`ERR Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`),
    );
    expect(n0.slots[slot]).toBe(n0.myself);
  });

  it("NODE on the importing side takes the slot with a new epoch and tells everybody", () => {
    const n1 = sim.state("n1");
    const before = n1.myself.configEpoch;
    expect(run(n1, ["setslot", "9", "importing", idOf(sim, "n0")], [], env)).toEqual(OK);
    const r = clusterCommand(n1, ["cluster", "setslot", "9", "node", id1], env, keyspace());
    expect(r.reply).toEqual(OK);
    expect(n1.slots[9]).toBe(n1.myself);
    expect(n1.importingSlotsFrom.has(9)).toBe(false);
    expect(n1.myself.configEpoch).toBeGreaterThan(before);
    expect(r.outcome.send.filter((s) => s.msg.type === "pong").length).toBe(5);
  });
});

describe("CLUSTER FORGET / REPLICATE / RESET / FAILOVER", () => {
  it("FORGET refuses myself, my master and strangers; blacklists the rest", async () => {
    const sim = await cluster();
    const env = envOf(sim);
    const n3 = sim.state("n3");
    expect(run(n3, ["forget", "abc"], [], env)).toEqual(err("ERR Unknown node abc"));
    expect(run(n3, ["forget", n3.myself.id], [], env)).toEqual(err("ERR I tried hard but I can't forget myself..."));
    expect(run(n3, ["forget", idOf(sim, "n0")], [], env)).toEqual(err("ERR Can't forget my master!"));
    expect(run(n3, ["forget", idOf(sim, "n1")], [], env)).toEqual(OK);
    expect(n3.nodes.has(idOf(sim, "n1"))).toBe(false);
    expect(n3.blacklist.has(idOf(sim, "n1"))).toBe(true);
    expect(n3.slots[6000]).toBeNull();
  });

  it("REPLICATE checks the target and my emptiness", async () => {
    const sim = await cluster();
    const env = envOf(sim);
    const n0 = sim.state("n0");
    expect(run(n0, ["replicate", "abc"], [], env)).toEqual(err("ERR Unknown node abc"));
    expect(run(n0, ["replicate", n0.myself.id], [], env)).toEqual(err("ERR Can't replicate myself"));
    expect(run(n0, ["replicate", idOf(sim, "n4")], [], env)).toEqual(err("ERR I can only replicate a master, not a replica."));
    expect(run(n0, ["replicate", idOf(sim, "n1")], [], env)).toEqual(
      err("ERR To set a master the node must be empty and without assigned slots."),
    );
    const n3 = sim.state("n3");
    const r = clusterCommand(n3, ["cluster", "replicate", idOf(sim, "n1")], env, keyspace(["k"]));
    expect(r.reply).toEqual(OK);
    expect(n3.myself.slaveof?.id).toBe(idOf(sim, "n1"));
    expect(r.outcome.effects).toContainEqual({ kind: "set-master", master: { id: idOf(sim, "n1"), name: "n1", port: 6379 } });
  });

  it("RESET HARD forgets everything and takes a new id; a replica is flushed", async () => {
    const sim = await cluster();
    const env = envOf(sim);
    const n3 = sim.state("n3");
    const old = n3.myself.id;
    expect(run(n3, ["reset", "foo"], [], env)).toEqual(err("ERR syntax error"));
    const r = clusterCommand(n3, ["cluster", "reset", "hard"], env, keyspace(["k"]));
    expect(r.reply).toEqual(OK);
    expect(r.outcome.effects).toContainEqual({ kind: "flush-all" });
    expect(n3.nodes.size).toBe(1);
    expect(n3.myself.id).not.toBe(old);
    expect([n3.currentEpoch, n3.myself.configEpoch]).toEqual([0, 0]);
    expect(n3.myself.flags & NodeFlag.MASTER).toBe(NodeFlag.MASTER);
    expect(run(sim.state("n0"), ["reset"], ["k"], env)).toEqual(err("ERR CLUSTER RESET can't be called with master nodes containing keys"));
  });

  it("FAILOVER preconditions; TAKEOVER promotes with a new epoch", async () => {
    const sim = await cluster();
    const env = envOf(sim);
    expect(run(sim.state("n0"), ["failover"], [], env)).toEqual(err("ERR You should send CLUSTER FAILOVER to a replica"));
    expect(run(sim.state("n3"), ["failover", "now"], [], env)).toEqual(err("ERR syntax error"));
    const n3 = sim.state("n3");
    const r = clusterCommand(n3, ["cluster", "failover", "takeover"], env, keyspace());
    expect(r.reply).toEqual(OK);
    expect(n3.myself.flags & NodeFlag.MASTER).toBe(NodeFlag.MASTER);
    expect(n3.slots[0]).toBe(n3.myself);
    expect(n3.myself.configEpoch).toBe(n3.currentEpoch);
    expect(r.outcome.changed).toBe(true);
  });
});

describe("CLUSTER keyspace helpers", () => {
  const st = fresh();
  it("KEYSLOT hashes with tags", () => {
    expect(run(st, ["keyslot", "foo"])).toEqual({ t: "int", v: 12182 });
    expect(run(st, ["keyslot", "{foo}bar"])).toEqual({ t: "int", v: 12182 });
  });
  it("COUNTKEYSINSLOT and GETKEYSINSLOT", () => {
    expect(run(st, ["countkeysinslot", "12182"], ["foo", "{foo}x"])).toEqual({ t: "int", v: 2 });
    expect(run(st, ["countkeysinslot", "-1"])).toEqual(err("ERR Invalid slot"));
    expect(run(st, ["countkeysinslot", "x"])).toEqual(err("ERR value is not an integer or out of range"));
    expect(run(st, ["getkeysinslot", "12182", "1"], ["foo", "{foo}x"])).toEqual({ t: "array", v: [{ t: "bulk", v: "foo" }] });
    expect(run(st, ["getkeysinslot", "1", "-1"])).toEqual(err("ERR Invalid slot or number of keys"));
  });
  it("MYID, MYSHARDID, SAVECONFIG", () => {
    expect(run(st, ["myid"])).toEqual({ t: "bulk", v: st.myself.id });
    expect(run(st, ["myshardid"])).toEqual({ t: "bulk", v: st.myself.shardId });
    const r = clusterCommand(st, ["cluster", "saveconfig"], ENV, keyspace());
    expect([r.reply, r.outcome.changed]).toEqual([OK, true]);
  });
  it("COUNT-FAILURE-REPORTS and REPLICAS of unknown nodes", () => {
    expect(run(st, ["count-failure-reports", "abc"])).toEqual(err("ERR Unknown node abc"));
    expect(run(st, ["count-failure-reports", st.myself.id])).toEqual({ t: "int", v: 0 });
    expect(run(st, ["replicas", "abc"])).toEqual(err("ERR Unknown node abc"));
  });
});
