/** clusterProcessPacket rules, one message at a time, on hand-made states. */
import { describe, expect, it } from "vitest";
import { buildHeader } from "../../../src/cluster/bus";
import { gossipSection } from "../../../src/cluster/bus";
import { Ctx } from "../../../src/cluster/context";
import { createState, NodeFlag, receive, type BusMessage, type ClusterState, type Env, type GossipEntry } from "../../../src/cluster";
import { addNode, addSlot, createNode, type ClusterNode } from "../../../src/cluster/state";

const NOW = 1_700_000_000_000;
const env: Env = { now: NOW, rand: () => 0.5, config: { nodeTimeoutMs: 15000, cronMs: 1000 } };
const hex = (c: string): string => c.repeat(40);

/** My view: myself "a" plus known masters; each peer entry is linked and healthy. */
function view(peers: [id: string, name: string][]): ClusterState {
  const st = createState({ name: "a", id: hex("a") }, env);
  for (const [id, name] of peers) {
    const n = createNode(id, name, NodeFlag.MASTER, NOW);
    n.link = { ctime: NOW };
    n.pongReceived = NOW;
    addNode(st, n);
  }
  return st;
}

/** A peer's own state, to build its messages from. */
function peer(id: string, name: string, configEpoch: number, slots: [number, number][] = []): ClusterState {
  const p = createState({ name, id }, env);
  p.myself.configEpoch = configEpoch;
  p.currentEpoch = configEpoch;
  for (const [s, e] of slots) for (let j = s; j <= e; j++) addSlot(p, p.myself, j);
  return p;
}

const ping = (p: ClusterState, gossip: GossipEntry[] = [], type: "ping" | "pong" = "ping"): BusMessage => ({
  ...buildHeader(p, type), type, gossip,
});

const node = (st: ClusterState, id: string): ClusterNode => st.nodes.get(id)!;

describe("slot claims and configEpoch", () => {
  it("binds unassigned slots to a claiming master and learns its epochs", () => {
    const st = view([[hex("b"), "b"]]);
    const out = receive(st, ping(peer(hex("b"), "b", 3, [[0, 99]])), env);
    expect(st.slots[0]?.id).toBe(hex("b"));
    expect(node(st, hex("b")).numSlots).toBe(100);
    expect([node(st, hex("b")).configEpoch, st.currentEpoch]).toEqual([3, 3]);
    expect(out.changed).toBe(true);
    expect(out.send.map((s) => s.msg.type)).toEqual(["pong"]);
  });

  it("a higher configEpoch takes slots over; a lower one gets an UPDATE about the newer owner", () => {
    const st = view([[hex("b"), "b"], [hex("c"), "c"]]);
    receive(st, ping(peer(hex("b"), "b", 3, [[0, 99]])), env);
    receive(st, ping(peer(hex("c"), "c", 5, [[50, 60]])), env);
    expect(st.slots[55]?.id).toBe(hex("c"));
    expect(st.slots[49]?.id).toBe(hex("b"));
    // b still claims 0-99 with epoch 3: it is told about c.
    const out = receive(st, ping(peer(hex("b"), "b", 3, [[0, 99]])), env);
    const update = out.send.find((s) => s.msg.type === "update");
    expect(update?.to).toBe("b");
    expect(update?.msg.type === "update" && update.msg.nodecfg.id).toBe(hex("c"));
    expect(st.slots[55]?.id).toBe(hex("c"));
  });

  it("a master that lost all its slots to a newer claim follows the claimant", () => {
    const st = view([[hex("b"), "b"]]);
    for (let j = 0; j < 10; j++) addSlot(st, st.myself, j);
    st.myself.configEpoch = 1;
    const out = receive(st, ping(peer(hex("b"), "b", 2, [[0, 9]])), env);
    expect(st.myself.flags & NodeFlag.SLAVE).toBe(NodeFlag.SLAVE);
    expect(st.myself.slaveof?.id).toBe(hex("b"));
    expect(out.effects).toContainEqual({ kind: "set-master", master: { id: hex("b"), name: "b", port: 6379 } });
  });

  it("a master losing some slots keeps serving the rest and drops their keys", () => {
    const st = view([[hex("b"), "b"]]);
    for (let j = 0; j < 10; j++) addSlot(st, st.myself, j);
    st.myself.configEpoch = 1;
    const out = receive(st, ping(peer(hex("b"), "b", 2, [[0, 3]])), env);
    expect(st.myself.numSlots).toBe(6);
    expect(out.effects).toContainEqual({ kind: "delete-keys-in-slots", slots: [0, 1, 2, 3] });
  });

  it("UPDATE rebinds the reported node's slots", () => {
    const st = view([[hex("b"), "b"], [hex("c"), "c"]]);
    receive(st, ping(peer(hex("b"), "b", 3, [[0, 99]])), env);
    const about = peer(hex("c"), "c", 9, [[0, 99]]);
    const msg: BusMessage = {
      ...buildHeader(peer(hex("b"), "b", 3), "update"), type: "update",
      nodecfg: { id: hex("c"), configEpoch: 9, slots: about.myself.slots },
    };
    receive(st, msg, env);
    expect(st.slots[0]?.id).toBe(hex("c"));
    expect(node(st, hex("c")).configEpoch).toBe(9);
  });

  it("equal configEpochs: the smaller id bumps, the larger does nothing", () => {
    const small = view([[hex("b"), "b"]]);
    small.myself.configEpoch = 4;
    small.currentEpoch = 4;
    receive(small, ping(peer(hex("b"), "b", 4)), env);
    expect(small.myself.configEpoch).toBe(5);
    const large = createState({ name: "z", id: hex("f") }, env);
    addNode(large, Object.assign(createNode(hex("b"), "b", NodeFlag.MASTER, NOW), { link: { ctime: NOW } }));
    large.myself.configEpoch = 4;
    receive(large, ping(peer(hex("b"), "b", 4)), env);
    expect(large.myself.configEpoch).toBe(4);
  });
});

describe("roles", () => {
  it("a known master announcing a master of its own becomes a replica and loses its slots", () => {
    const st = view([[hex("b"), "b"], [hex("c"), "c"]]);
    receive(st, ping(peer(hex("b"), "b", 3, [[0, 9]])), env);
    const b = peer(hex("b"), "b", 3);
    const msg = ping(b);
    msg.slaveof = hex("c");
    msg.flags = NodeFlag.SLAVE | NodeFlag.MYSELF;
    receive(st, msg, env);
    const nb = node(st, hex("b"));
    expect(nb.flags & (NodeFlag.SLAVE | NodeFlag.MASTER)).toBe(NodeFlag.SLAVE);
    expect(nb.slaveof?.id).toBe(hex("c"));
    expect(nb.numSlots).toBe(0);
    expect(st.slots[0]).toBeNull();
  });
});

describe("failure detection messages", () => {
  it("FAIL from a known node sets FAIL; from a stranger it is ignored", () => {
    const st = view([[hex("b"), "b"], [hex("c"), "c"]]);
    const fail = (from: ClusterState): BusMessage => ({ ...buildHeader(from, "fail"), type: "fail", about: hex("c") });
    receive(st, fail(peer(hex("d"), "d", 0)), env);
    expect(node(st, hex("c")).flags & NodeFlag.FAIL).toBe(0);
    const out = receive(st, fail(peer(hex("b"), "b", 0)), env);
    expect(node(st, hex("c")).flags & NodeFlag.FAIL).toBe(NodeFlag.FAIL);
    expect(out.changed).toBe(true);
  });

  it("reports from a majority of masters turn my PFAIL into FAIL, broadcast to everybody", () => {
    const st = view([[hex("b"), "b"], [hex("c"), "c"], [hex("d"), "d"]]);
    receive(st, ping(peer(hex("b"), "b", 1, [[0, 9]])), env);
    receive(st, ping(peer(hex("c"), "c", 2, [[10, 19]])), env);
    receive(st, ping(peer(hex("d"), "d", 3, [[20, 29]])), env);
    for (let j = 30; j < 40; j++) addSlot(st, st.myself, j); // size 4: quorum 3
    const d = node(st, hex("d"));
    d.flags |= NodeFlag.PFAIL;
    const report: GossipEntry = { id: hex("d"), name: "d", pingSent: NOW - 20000, pongReceived: NOW - 30000, port: 6379, cport: 16379, flags: NodeFlag.MASTER | NodeFlag.PFAIL };
    receive(st, ping(peer(hex("b"), "b", 1, [[0, 9]]), [report]), env);
    expect(d.flags & NodeFlag.FAIL).toBe(0); // me + b = 2 < 3
    const out = receive(st, ping(peer(hex("c"), "c", 2, [[10, 19]]), [report]), env);
    expect(d.flags & NodeFlag.FAIL).toBe(NodeFlag.FAIL);
    expect(out.send.filter((s) => s.msg.type === "fail").map((s) => s.to).sort()).toEqual(["b", "c", "d"]);
  });

  it("gossip does not refresh the pong time of a node I suspect (only my own PONG may clear it)", () => {
    const st = view([[hex("b"), "b"], [hex("c"), "c"]]);
    receive(st, ping(peer(hex("b"), "b", 1, [[0, 9]])), env);
    const c = node(st, hex("c"));
    c.pongReceived = NOW - 60000;
    const healthy: GossipEntry = { id: hex("c"), name: "c", pingSent: 0, pongReceived: NOW - 1000, port: 6379, cport: 16379, flags: NodeFlag.MASTER };
    c.flags |= NodeFlag.FAIL;
    receive(st, ping(peer(hex("b"), "b", 1, [[0, 9]]), [healthy]), env);
    expect(c.pongReceived).toBe(NOW - 60000); // so my cron pings it, and its PONG clears the flag
    c.flags &= ~NodeFlag.FAIL;
    receive(st, ping(peer(hex("b"), "b", 1, [[0, 9]]), [healthy]), env);
    expect(c.pongReceived).toBe(NOW - 1000);
  });
});

describe("gossip sections", () => {
  it("carry max(3, N/10) healthy nodes plus every PFAIL node, never handshakes or myself", () => {
    const peers: [string, string][] = Array.from({ length: 39 }, (_, i) => [i.toString(16).padStart(40, "0"), `p${i}`]);
    const st = view(peers);
    const all = [...st.nodes.values()];
    all[1]!.flags |= NodeFlag.PFAIL;
    all[2]!.flags |= NodeFlag.PFAIL;
    all[3]!.flags |= NodeFlag.HANDSHAKE;
    let i = 0;
    const c = new Ctx(st, { ...env, rand: () => ((i++ * 0.37) % 1) });
    const g = gossipSection(c);
    const ids = g.map((e) => e.id);
    expect(ids).toContain(all[1]!.id);
    expect(ids).toContain(all[2]!.id);
    expect(ids).not.toContain(all[3]!.id);
    expect(ids).not.toContain(st.myself.id);
    expect(g.length).toBe(4 + 2); // 40 nodes: 4 random + 2 PFAIL
  });

  it("learns unknown nodes only from known senders, and not blacklisted ones", () => {
    const st = view([[hex("b"), "b"]]);
    const entry: GossipEntry = { id: hex("e"), name: "e", pingSent: 0, pongReceived: NOW, port: 6379, cport: 16379, flags: NodeFlag.MASTER | NodeFlag.PFAIL };
    receive(st, ping(peer(hex("d"), "d", 0), [entry]), env);
    expect(st.nodes.has(hex("e"))).toBe(false);
    st.blacklist.set(hex("e"), NOW + 1000);
    receive(st, ping(peer(hex("b"), "b", 0), [entry]), env);
    expect(st.nodes.has(hex("e"))).toBe(false);
    st.blacklist.clear();
    const out = receive(st, ping(peer(hex("b"), "b", 0), [entry]), env);
    const e = node(st, hex("e"));
    expect(e.flags).toBe(NodeFlag.MASTER); // the sender's PFAIL is its own opinion
    expect(out.nextDeadlineMs).toBe(NOW); // ping the new node right away
  });
});
