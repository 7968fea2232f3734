/** CLUSTER NODES / SLOTS / SHARDS / INFO / LINKS / REPLICAS in Redis 7.0's formats. */
import { describe, expect, it } from "vitest";
import { clusterCommand, createState, type ClusterState, type Env } from "../../../src/cluster";
import { addNode, addSlot, createNode, NodeFlag } from "../../../src/cluster/state";
import { flagsText } from "../../../src/cluster/views";
import type { Reply } from "../../../src/resp/reply";
import { cluster, envOf, keyspace } from "./helpers";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const ENV: Env = { now: 1_700_000_000_000, rand: () => 0.5, config: { nodeTimeoutMs: 15000, cronMs: 1000 } };

/** a (myself, master 0-5460 and 5462), b (master 5461, 5463-16383, epoch 2), c (replica of b). */
function handMade(): ClusterState {
  const st = createState({ name: "a", id: A }, ENV);
  st.myself.configEpoch = 1;
  const b = createNode(B, "b", NodeFlag.MASTER, ENV.now);
  Object.assign(b, { configEpoch: 2, pingSent: 0, pongReceived: 1_700_000_000_500, link: { ctime: 5 } });
  const c = createNode(C, "c", NodeFlag.SLAVE | NodeFlag.PFAIL, ENV.now);
  Object.assign(c, { slaveof: b, pingSent: 1_700_000_000_100, pongReceived: 1_699_999_990_000, port: 7005, cport: 17005 });
  addNode(st, b);
  addNode(st, c);
  for (let j = 0; j <= 5460; j++) addSlot(st, st.myself, j);
  addSlot(st, st.myself, 5462);
  addSlot(st, b, 5461);
  for (let j = 5463; j < 16384; j++) addSlot(st, b, j);
  st.migratingSlotsTo.set(10, b);
  st.importingSlotsFrom.set(6000, b);
  return st;
}

function reply(st: ClusterState, ...args: string[]): Reply {
  return clusterCommand(st, ["cluster", ...args], ENV, keyspace()).reply;
}

const text = (r: Reply): string => (r.t === "verbatim" || r.t === "bulk" ? r.v : JSON.stringify(r));

describe("CLUSTER NODES", () => {
  it("prints every node in clusterGenNodeDescription's format", () => {
    const r = reply(handMade(), "nodes");
    expect(r.t).toBe("verbatim");
    expect(text(r)).toBe(
      `${A} a:6379@16379 myself,master - 0 0 1 connected 0-5460 5462 [10->-${B}] [6000-<-${B}]\n` +
        `${B} b:6379@16379 master - 0 1700000000500 2 connected 5461 5463-16383\n` +
        `${C} c:7005@17005 slave,fail? ${B} 1700000000100 1699999990000 2 disconnected\n`,
    );
  });

  it("spells flags in Redis's order, noflags when none", () => {
    expect(flagsText(NodeFlag.MYSELF | NodeFlag.SLAVE | NodeFlag.NOFAILOVER)).toBe("myself,slave,nofailover");
    expect(flagsText(NodeFlag.FAIL | NodeFlag.HANDSHAKE | NodeFlag.NOADDR | NodeFlag.MASTER)).toBe("master,fail,handshake,noaddr");
    expect(flagsText(0)).toBe("noflags");
  });

  it("REPLICAS lists replica lines without newlines", () => {
    const st = handMade();
    const r = reply(st, "replicas", B);
    expect(r).toEqual({ t: "array", v: [{ t: "bulk", v: `${C} c:7005@17005 slave,fail? ${B} 1700000000100 1699999990000 2 disconnected` }] });
    expect(reply(st, "slaves", C)).toEqual({ t: "error", v: "ERR The specified node is not a master" });
  });
});

describe("CLUSTER INFO", () => {
  it("has Redis's fields, CRLF lines, non-zero message counters only", () => {
    const st = handMade();
    st.stats.sent.ping = 3;
    st.stats.received.pong = 2;
    st.stats.received.meet = 1;
    st.currentEpoch = 2;
    expect(text(reply(st, "info"))).toBe(
      [
        "cluster_state:fail", "cluster_slots_assigned:16384", "cluster_slots_ok:16384", "cluster_slots_pfail:0",
        "cluster_slots_fail:0", "cluster_known_nodes:3", "cluster_size:2", "cluster_current_epoch:2", "cluster_my_epoch:1",
        "cluster_stats_messages_ping_sent:3", "cluster_stats_messages_sent:3", "cluster_stats_messages_pong_received:2",
        "cluster_stats_messages_meet_received:1", "cluster_stats_messages_received:3",
        "total_cluster_links_buffer_limit_exceeded:0", "",
      ].join("\r\n"),
    );
  });

  it("counts slots of PFAIL and FAIL owners", () => {
    const st = handMade();
    st.nodes.get(B)!.flags |= NodeFlag.PFAIL;
    const info = text(reply(st, "info"));
    expect(info).toContain("cluster_slots_ok:5462\r\n");
    expect(info).toContain("cluster_slots_pfail:10922\r\n");
  });
});

describe("CLUSTER SLOTS", () => {
  const node = (name: string, id: string, port = 6379): Reply => ({
    t: "array", v: [{ t: "bulk", v: name }, { t: "int", v: port }, { t: "bulk", v: id }, { t: "map", v: [] }],
  });
  const range = (s: number, e: number, ...nodes: Reply[]): Reply => ({ t: "array", v: [{ t: "int", v: s }, { t: "int", v: e }, ...nodes] });

  it("groups runs of slots by owner, replicas only when available", () => {
    const st = handMade();
    expect(reply(st, "slots")).toEqual({
      t: "array",
      v: [range(0, 5460, node("a", A)), range(5461, 5461, node("b", B)), range(5462, 5462, node("a", A)), range(5463, 16383, node("b", B))],
    });
    const c = st.nodes.get(C)!;
    c.replOffset = 100;
    c.flags &= ~NodeFlag.PFAIL;
    const r = reply(st, "slots");
    expect(r.t === "array" && r.v[1]).toEqual(range(5461, 5461, node("b", B), node("c", C, 7005)));
    c.flags |= NodeFlag.FAIL;
    expect((reply(st, "slots") as { v: Reply[] }).v[1]).toEqual(range(5461, 5461, node("b", B)));
  });
});

describe("CLUSTER SHARDS", () => {
  it("one map per master with its slot ranges and nodes", () => {
    const st = handMade();
    const r = reply(st, "shards");
    const field = (k: string, v: Reply): [Reply, Reply] => [{ t: "bulk", v: k }, v];
    const b = (v: string): Reply => ({ t: "bulk", v });
    const i = (v: number): Reply => ({ t: "int", v });
    const nodeMap = (id: string, port: number, ip: string, role: string, health: string): Reply => ({
      t: "map",
      v: [field("id", b(id)), field("port", i(port)), field("ip", b(ip)), field("endpoint", b(ip)), field("role", b(role)),
        field("replication-offset", i(0)), field("health", b(health))],
    });
    expect(r).toEqual({
      t: "array",
      v: [
        { t: "map", v: [field("slots", { t: "array", v: [i(0), i(5460), i(5462), i(5462)] }), field("nodes", { t: "array", v: [nodeMap(A, 6379, "a", "master", "online")] })] },
        {
          t: "map",
          v: [
            field("slots", { t: "array", v: [i(5461), i(5461), i(5463), i(16383)] }),
            field("nodes", { t: "array", v: [nodeMap(B, 6379, "b", "master", "online"), nodeMap(C, 7005, "c", "replica", "loading")] }),
          ],
        },
      ],
    });
  });
});

describe("CLUSTER LINKS", () => {
  it("describes outbound (to) and inbound (from) links", async () => {
    const sim = await cluster();
    const r = clusterCommand(sim.state("n0"), ["cluster", "links"], envOf(sim), keyspace()).reply;
    expect(r.t).toBe("array");
    const entries = r.t === "array" ? r.v : [];
    expect(entries.length).toBe(10); // 5 peers, both directions
    const first = entries[0]!;
    expect(first.t === "map" && first.v.map(([k]) => (k as { v: string }).v)).toEqual(
      ["direction", "node", "create-time", "events", "send-buffer-allocated", "send-buffer-used"],
    );
  });
});
