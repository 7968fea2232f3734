/** tick's deadlines, PUBLISH across the bus, link failures, messages from unknown senders. */
import { describe, expect, it } from "vitest";
import { buildHeader } from "../../../src/cluster/bus";
import { clusterCommand, createState, linkFailed, NodeFlag, publish, receive, tick, type Env } from "../../../src/cluster";
import { cluster, envOf } from "./helpers";

const NT = 15000;
const env = (now: number): Env => ({ now, rand: () => 0.3, config: { nodeTimeoutMs: NT, cronMs: 1000 } });

describe("tick", () => {
  it("a lonely node has nothing to wait for", () => {
    const st = createState({ name: "a" }, env(1_000_000));
    const out = tick(st, env(1_000_000));
    expect(out.send).toEqual([]);
    expect(out.nextDeadlineMs === undefined || out.nextDeadlineMs > 1_000_000).toBe(true);
  });

  it("a converged node's next deadline is the first PONG to become overdue", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const out = tick(st, envOf(sim));
    const pending = [...st.nodes.values()].filter((n) => n !== st.myself);
    const expected = Math.min(
      ...pending.map((n) => (n.pingSent === 0 ? n.pongReceived + NT / 2 + 1 : Math.max(n.pingSent, n.link!.ctime) + NT / 2 + 1)),
    );
    expect(out.nextDeadlineMs).toBe(Math.max(expected, sim.now + 1));
  });

  it("MEET targets are pinged with MEET at the next tick, retried every cron interval until the handshake ends", () => {
    // A fixed id: with this test's constant rand, the handshake entry's random id would equal it.
    const st = createState({ name: "a", id: "f".repeat(40) }, env(1_000_000));
    clusterCommand(st, ["cluster", "meet", "b"], env(1_000_000), { countKeysInSlot: () => 0, keysInSlot: () => [] });
    const out = tick(st, env(1_000_500));
    expect(out.send.map((s) => [s.to, s.msg.type])).toEqual([["b", "meet"]]);
    expect(out.nextDeadlineMs).toBe(1_000_500 + 1000);
    const retry = tick(st, env(1_002_500));
    expect(retry.send.map((s) => [s.to, s.msg.type])).toEqual([["b", "meet"]]);
    expect(retry.nextDeadlineMs).toBe(1_002_500 + 1000);
    // Past the handshake timeout (NT) the entry is gone and nothing is pending but the cron.
    const late = tick(st, env(1_000_000 + NT + 1));
    expect(late.events.some((e) => e.includes("timed out"))).toBe(true);
    expect(late.send).toEqual([]);
  });

  it("an idle node in a healthy cluster wakes for its next PONG deadline, not every cron interval", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const out = tick(st, env(sim.now));
    expect(out.nextDeadlineMs).toBeGreaterThan(sim.now + 1000);
  });

  it("a master flagging a node PFAIL pings the other slot-serving masters at once, carrying the report", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const n2 = [...st.nodes.values()].find((n) => n.name === "n2")!;
    // n2 has been silent for NT with a ping pending for NT/2; the other peers answered recently.
    const now = sim.now;
    Object.assign(n2, { pingSent: now - NT, pongReceived: now - NT - 1, dataReceived: now - NT - 1, ctime: now - NT - 1 });
    // Every other link up (the fixture is a snapshot of a live cluster: a link may be reconnecting).
    for (const n of st.nodes.values()) if (n !== n2 && n !== st.myself) Object.assign(n, { pingSent: 0, pongReceived: now, link: n.link ?? { ctime: now } });
    st.volatile.lastRandomPing = now; // no random gossip ping in this tick: only what PFAIL sends
    const out = tick(st, env(now + 1));
    expect(n2.flags & NodeFlag.PFAIL).toBe(NodeFlag.PFAIL);
    const pings = out.send.filter((s) => s.msg.type === "ping" && s.to !== "n2");
    expect(pings.map((s) => s.to)).toEqual(["n1"]); // the masters serving slots, not the replicas
    const gossip = pings[0]!.msg.type === "ping" ? pings[0]!.msg.gossip : [];
    expect(gossip.find((g) => g.id === n2.id)?.flags).toBe(n2.flags);
  });
});

describe("bus PUBLISH", () => {
  it("is broadcast to linked nodes and delivered to local subscribers as an effect", async () => {
    const sim = await cluster();
    const out = publish(sim.state("n0"), "news", "hello", envOf(sim));
    expect(out.send.map((s) => s.to).sort()).toEqual(["n1", "n2", "n3", "n4", "n5"]);
    const got = receive(sim.state("n1"), out.send[0]!.msg, envOf(sim));
    expect(got.effects).toEqual([{ kind: "publish", channel: "news", message: "hello", shard: false }]);
  });

  it("SPUBLISH stays inside my shard", async () => {
    const sim = await cluster();
    const out = publish(sim.state("n0"), "news", "hello", envOf(sim), true);
    expect(out.send.map((s) => s.to)).toEqual(["n3"]);
  });

  it("is ignored from an unknown sender", async () => {
    const sim = await cluster();
    const stranger = createState({ name: "x" }, env(sim.now));
    const msg = { ...buildHeader(stranger, "publish"), type: "publish" as const, channel: "c", message: "m" };
    expect(receive(sim.state("n0"), msg, envOf(sim)).effects).toEqual([]);
  });
});

describe("messages from strangers", () => {
  it("a PING from an unknown node gets a PONG but teaches nothing", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const stranger = createState({ name: "x" }, env(sim.now));
    stranger.myself.configEpoch = 99;
    stranger.currentEpoch = 99;
    const out = receive(st, { ...buildHeader(stranger, "ping"), type: "ping", gossip: [] }, envOf(sim));
    expect(out.send.map((s) => [s.to, s.msg.type])).toEqual([["x", "pong"]]);
    expect(st.currentEpoch).toBeLessThan(99);
    expect(st.nodes.size).toBe(6);
  });

  it("a MEET from an unknown node starts a handshake back", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const stranger = createState({ name: "x" }, env(sim.now));
    const out = receive(st, { ...buildHeader(stranger, "meet"), type: "meet", gossip: [] }, envOf(sim));
    expect(out.changed).toBe(true);
    expect([...st.nodes.values()].some((n) => n.name === "x")).toBe(true);
  });
});

describe("linkFailed", () => {
  it("drops the link and starts the failure clock", async () => {
    const sim = await cluster();
    const st = sim.state("n0");
    const n1 = [...st.nodes.values()].find((n) => n.name === "n1")!;
    n1.pingSent = 0;
    linkFailed(st, "n1", envOf(sim));
    expect(n1.link).toBeNull();
    expect(n1.pingSent).toBe(sim.now);
  });
});
