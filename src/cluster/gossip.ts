/**
 * The gossip section of PING/PONG/MEET (clusterSendPing's selection, clusterProcessGossipSection).
 *
 * Each message carries max(3, N/10) random healthy nodes plus every node I see as PFAIL. Why
 * N/10: within the 2×NT validity of a failure report every node exchanges about 8 packets with
 * every other, so a PFAIL node appears in enough gossip for a majority of masters to report it.
 * Receivers learn unknown nodes from known senders (never from strangers: joining another
 * cluster by accident is worse than joining late), collect failure reports from masters, and
 * refresh pong times of healthy nodes from third-party observations.
 */
import type { Ctx } from "./context";
import { addFailureReport, delFailureReport, failureReportsCount, markNodeAsFailingIfNeeded } from "./failure";
import type { GossipEntry, PingMsg } from "./messages";
import {
  addNode, blacklistHas, createNode, hasAddr, inHandshake, isMaster, isTimedOut, lookupNode, NodeFlag,
  type ClusterNode,
} from "./state";

/** A peer's clock may run ahead of mine; accept its pong times up to this far in my future. */
const PONG_TIME_TOLERANCE_MS = 500;
/** Flags a gossip-learned node keeps: roles and agreed states, not the sender's local views. */
const LEARNED_FLAGS = NodeFlag.MASTER | NodeFlag.SLAVE | NodeFlag.FAIL | NodeFlag.NOFAILOVER;

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

/** Applies the gossip section of `msg`; `sender` is null for a MEET from a stranger. */
export function processGossipSection(c: Ctx, msg: PingMsg, sender: ClusterNode | null): void {
  for (const g of msg.gossip) {
    const node = lookupNode(c.st, g.id);
    if (node) gossipAboutKnown(c, node, g, sender);
    else if (sender) gossipAboutUnknown(c, g);
  }
}

function gossipAboutKnown(c: Ctx, node: ClusterNode, g: GossipEntry, sender: ClusterNode | null): void {
  const troubled = (g.flags & (NodeFlag.FAIL | NodeFlag.PFAIL)) !== 0;
  // Failure reports count only from masters.
  if (sender && isMaster(sender) && node !== c.st.myself) {
    if (troubled) {
      if (addFailureReport(node, sender, c.now)) c.event(`${sender.id} reports ${node.id} as not reachable`);
      markNodeAsFailingIfNeeded(c, node);
    } else if (delFailureReport(node, sender, c)) {
      c.event(`${sender.id} reports ${node.id} is back online`);
    }
  }
  // Healthy per the sender and per me, no ping of mine pending, no reports: take the fresher
  // pong time. (Redis checks only the sender's view; then a node I flagged FAIL is never pinged
  // again while others vouch for it, and only my own PONG can clear the flag.)
  const suspected = (node.flags & (NodeFlag.FAIL | NodeFlag.PFAIL)) !== 0;
  if (!troubled && !suspected && node.pingSent === 0 && failureReportsCount(node, c) === 0) {
    if (g.pongReceived <= c.now + PONG_TIME_TOLERANCE_MS && g.pongReceived > node.pongReceived) {
      node.pongReceived = g.pongReceived;
    }
  }
  // I can't reach it but the sender can, at another address: use that address.
  const moved = node.name !== g.name || node.port !== g.port || node.cport !== g.cport;
  if ((node.flags & (NodeFlag.FAIL | NodeFlag.PFAIL)) !== 0 && !troubled && (g.flags & NodeFlag.NOADDR) === 0 && moved) {
    node.link = null;
    node.name = g.name;
    node.port = g.port;
    node.cport = g.cport;
    node.flags &= ~NodeFlag.NOADDR;
    c.save();
  }
}

function gossipAboutUnknown(c: Ctx, g: GossipEntry): void {
  if ((g.flags & NodeFlag.NOADDR) !== 0 || blacklistHas(c.st, g.id, c.now)) return;
  const n = createNode(g.id, g.name, g.flags & LEARNED_FLAGS, c.now);
  n.port = g.port;
  n.cport = g.cport;
  if ((n.flags & NodeFlag.FAIL) !== 0) n.failTime = c.now;
  addNode(c.st, n);
  c.event(`learned node ${g.id} at ${g.name} from gossip`);
  c.save();
}
