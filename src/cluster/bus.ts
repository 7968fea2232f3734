/**
 * Building and sending bus messages (clusterBuildMessageHdr, clusterSendPing, clusterSendFail,
 * clusterSendUpdate, clusterBroadcastMessage). Sending only records the message on the Ctx; the
 * shell delivers it after persisting.
 *
 * Gossip: each PING/PONG/MEET carries max(3, N/10) random healthy nodes plus every node I see as
 * PFAIL. Why N/10: within the 2×NT validity of a failure report every node exchanges about 8
 * packets with every other, so a PFAIL node appears in enough gossip for a majority of masters to
 * report it. (Receiving a gossip section is gossip.ts's.)
 */
import type { Ctx } from "./context";
import type { BusMessage, GossipEntry, MsgHeader, MsgType, PingMsg } from "./messages";
import { MFlag, PROTO_VER } from "./messages";
import {
  hasAddr, inHandshake, isMaster, isMyself, isSlave, isTimedOut, type ClusterNode, type ClusterState, type NodeName,
} from "./state";

/** The header every message starts with: my identity, epochs and (my master's) slots. */
export function buildHeader(st: ClusterState, type: MsgType): MsgHeader {
  const me = st.myself;
  // A replica advertises its master's slots and configEpoch, flagged SLAVE so nobody binds them to it.
  const master = isSlave(me) && me.slaveof ? me.slaveof : me;
  return {
    ver: PROTO_VER, type, sender: me.id, from: me.name, port: me.port, cport: me.cport,
    currentEpoch: st.currentEpoch, configEpoch: master.configEpoch, offset: me.replOffset,
    myslots: master.slots.slice(), slaveof: me.slaveof ? me.slaveof.id : null, flags: me.flags,
    state: st.state, mflags: isMaster(me) && st.volatile.mf.end !== 0 ? MFlag.PAUSED : 0, shardId: me.shardId,
  };
}

/** What gossip says about `n`. */
function entry(n: ClusterNode): GossipEntry {
  return {
    id: n.id, name: n.name, pingSent: n.pingSent, pongReceived: n.pongReceived,
    port: n.port, cport: n.cport, flags: n.flags,
  };
}

/** Picks the gossip entries of an outgoing PING/PONG/MEET. */
export function gossipSection(c: Ctx): GossipEntry[] {
  const nodes = [...c.st.nodes.values()];
  // The most we can hope for: all nodes minus myself and the receiver.
  let fresh = nodes.length - 2;
  const wanted = Math.min(Math.max(3, Math.floor(nodes.length / 10)), fresh);
  const out: GossipEntry[] = [];
  const picked = new Set<ClusterNode>();
  for (let iter = wanted * 3; fresh > 0 && out.length < wanted && iter > 0; iter--) {
    const n = nodes[Math.floor(c.env.rand() * nodes.length)]!;
    if (n === c.st.myself || isTimedOut(n)) continue; // PFAIL nodes go in below, all of them
    if (inHandshake(n) || !hasAddr(n) || (n.link === null && n.numSlots === 0)) {
      fresh--;
      continue;
    }
    if (picked.has(n)) continue;
    picked.add(n);
    out.push(entry(n));
    fresh--;
  }
  for (const n of nodes) {
    if (isTimedOut(n) && !inHandshake(n) && hasAddr(n)) out.push(entry(n));
  }
  return out;
}

/**
 * PING, PONG or MEET with a gossip section. `to` is a node (its address is used, and a PING or
 * MEET starts the wait for its PONG) or a bare address (a PONG to a sender I do not know yet).
 * `keepPending`: an extra ping that must not restart the wait for a PONG already pending
 * (failure detection measures from the first unanswered ping).
 */
export function sendPing(c: Ctx, to: ClusterNode | NodeName, type: "ping" | "pong" | "meet", keepPending = false): void {
  const msg: PingMsg = { ...buildHeader(c.st, type), type, gossip: gossipSection(c) };
  if (typeof to === "string") {
    c.send(to, msg);
    return;
  }
  if (type !== "pong" && !(keepPending && to.pingSent !== 0)) to.pingSent = c.now;
  c.send(to.name, msg);
}

/** clusterBroadcastMessage: every node with a link, except myself and nodes in handshake. */
export function broadcast(c: Ctx, build: () => BusMessage): void {
  for (const n of c.st.nodes.values()) {
    if (!n.link || isMyself(n) || inHandshake(n)) continue;
    c.send(n.name, build());
  }
}

/** clusterBroadcastPong: tell everybody (or my master's replicas) about a configuration change. */
export function broadcastPong(c: Ctx, target: "all" | "local-slaves"): void {
  if (target === "all" && c.env.deferPongAll) {
    c.pongAllDue = true;
    return;
  }
  const me = c.st.myself;
  for (const n of [...c.st.nodes.values()]) {
    if (!n.link || n === me || inHandshake(n)) continue;
    if (target === "local-slaves") {
      const local = isSlave(n) && n.slaveof !== null && (n.slaveof === me || n.slaveof === me.slaveof);
      if (!local) continue;
    }
    sendPing(c, n, "pong");
  }
}

/** clusterSendFail: everybody must flag `failing` as FAIL now. */
export function broadcastFail(c: Ctx, failing: ClusterNode): void {
  broadcast(c, () => ({ ...buildHeader(c.st, "fail"), type: "fail", about: failing.id }));
}

/** clusterSendUpdate: tell `to` the configuration of `about` (which it has stale). */
export function sendUpdate(c: Ctx, to: ClusterNode, about: ClusterNode): void {
  const slots = about.slots.slice();
  const notClaiming = c.st.volatile.ownerNotClaimingSlot;
  // Don't advertise slots whose owner stopped claiming them.
  for (let i = 0; i < slots.length; i++) slots[i]! &= ~notClaiming[i]!;
  c.send(to.name, {
    ...buildHeader(c.st, "update"),
    type: "update",
    nodecfg: { id: about.id, configEpoch: about.configEpoch, slots },
  });
}
