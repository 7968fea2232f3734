/**
 * The master's vote (clusterSendFailoverAuthIfNeeded): one test per refusal rule, each showing
 * the denied vote, and a granted vote persisted before its ACK leaves.
 */
import { describe, expect, it } from "vitest";
import { deserialize, NodeFlag, receive, serialize, type BusMessage, type ClusterState } from "../../../src/cluster";
import { buildHeader } from "../../../src/cluster/bus";
import { MFlag } from "../../../src/cluster/messages";
import { cluster, envOf, idOf, type Fixture } from "./helpers";

/** n0..n2 masters with configEpochs 1..3; n3..n5 replicas of n0..n2. The voter is n1. */
async function setup(): Promise<{ sim: Fixture; voter: ClusterState }> {
  const sim = await cluster(11);
  return { sim, voter: sim.state("n1") };
}

function authRequest(st: ClusterState, opts: { epoch?: number; mflags?: number } = {}): BusMessage {
  const h = buildHeader(st, "auth-req");
  return { ...h, type: "auth-req", currentEpoch: opts.epoch ?? h.currentEpoch, mflags: opts.mflags ?? 0 };
}

/** The requester n3 bumped its epoch for an election. */
function electionOf(sim: Fixture, name = "n3"): ClusterState {
  const st = sim.state(name);
  st.currentEpoch = Math.max(...sim.states().map((s) => s.currentEpoch)) + 1;
  return st;
}

function failMaster(voter: ClusterState, id: string): void {
  voter.nodes.get(id)!.flags |= NodeFlag.FAIL;
}

function ask(sim: Fixture, voter: ClusterState, msg: BusMessage): { acked: boolean; events: string[]; changed: boolean } {
  const out = receive(voter, msg, envOf(sim));
  return { acked: out.send.some((s) => s.msg.type === "auth-ack"), events: out.events, changed: out.changed };
}

const denied = (events: string[]): string => events.find((e) => e.startsWith("failover auth denied")) ?? "";

describe("failover votes", () => {
  it("are granted to a replica of a FAIL master, persisted before the ACK", async () => {
    const { sim, voter } = await setup();
    failMaster(voter, idOf(sim, "n0"));
    const r = ask(sim, voter, authRequest(electionOf(sim)));
    expect(r.acked).toBe(true);
    expect(r.changed).toBe(true); // the shell saves before it sends
    expect(deserialize(serialize(voter), sim.now).lastVoteEpoch).toBe(voter.currentEpoch);
  });

  it("are denied when the master is up, unless the request has FORCEACK (manual failover)", async () => {
    const { sim, voter } = await setup();
    const requester = electionOf(sim);
    const r = ask(sim, voter, authRequest(requester));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toContain("its master is up");
    const forced = ask(sim, voter, authRequest(requester, { mflags: MFlag.FORCEACK }));
    expect(forced.acked).toBe(true);
  });

  it("are denied twice in one epoch", async () => {
    const { sim, voter } = await setup();
    failMaster(voter, idOf(sim, "n0"));
    const first = electionOf(sim, "n3");
    expect(ask(sim, voter, authRequest(first)).acked).toBe(true);
    // Another candidate in the same epoch (say, a sibling replica) gets nothing.
    const r = ask(sim, voter, authRequest(sim.state("n3"), { epoch: first.currentEpoch }));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toContain("already voted for epoch");
  });

  it("are denied to a request from an older epoch", async () => {
    const { sim, voter } = await setup();
    failMaster(voter, idOf(sim, "n0"));
    voter.currentEpoch += 5;
    const r = ask(sim, voter, authRequest(sim.state("n3")));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toMatch(/its epoch \d+ < my current epoch/);
  });

  it("are denied to a master", async () => {
    const { sim, voter } = await setup();
    const r = ask(sim, voter, authRequest(electionOf(sim, "n2")));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toContain("it is a master");
  });

  it("are denied when the voter does not know the requester's master", async () => {
    const { sim, voter } = await setup();
    voter.nodes.get(idOf(sim, "n3"))!.slaveof = null;
    voter.nodes.get(idOf(sim, "n3"))!.flags = NodeFlag.SLAVE;
    const r = ask(sim, voter, authRequest(electionOf(sim)));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toContain("I don't know its master");
  });

  it("are denied when a claimed slot has a newer owner", async () => {
    const { sim, voter } = await setup();
    failMaster(voter, idOf(sim, "n0"));
    // n0's slot 0 moved to n2 with a configEpoch above the requester's (n0's).
    voter.nodes.get(idOf(sim, "n2"))!.configEpoch = 10;
    voter.slots[0] = voter.nodes.get(idOf(sim, "n2"))!;
    const r = ask(sim, voter, authRequest(electionOf(sim)));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toMatch(/slot 0 has configEpoch 10 > its \d+$/);
  });

  it("are never given by replicas or by masters without slots", async () => {
    const { sim } = await setup();
    const replicaVoter = sim.state("n4");
    failMaster(replicaVoter, idOf(sim, "n0"));
    const r = ask(sim, replicaVoter, authRequest(electionOf(sim)));
    expect(r.acked).toBe(false);
    expect(denied(r.events)).toContain("not a master serving slots");
  });

  it("count once per master even if the ACK arrives twice", async () => {
    const { sim, voter } = await setup();
    const requester = sim.state("n3");
    requester.nodes.get(idOf(sim, "n0"))!.flags |= NodeFlag.FAIL;
    Object.assign(requester.volatile.election, { sent: true, epoch: voter.currentEpoch, time: sim.now });
    const ack: BusMessage = { ...buildHeader(voter, "auth-ack"), type: "auth-ack" };
    receive(requester, ack, envOf(sim));
    receive(requester, ack, envOf(sim));
    expect(requester.volatile.election.voters.size).toBe(1);
    expect(requester.myself.flags & NodeFlag.MASTER).toBe(0); // one vote of three masters is no quorum
  });
});
