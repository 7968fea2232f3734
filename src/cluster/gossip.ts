/**
 * The gossip section of PING/PONG/MEET as received (clusterProcessGossipSection); what goes in
 * an outgoing one is bus.ts's `gossipSection`.
 *
 * Receivers learn unknown nodes from known senders (never from strangers: joining another
 * cluster by accident is worse than joining late), collect failure reports from masters, and
 * refresh pong times of healthy nodes from third-party observations.
 */
import type { Ctx } from "./context";
import { addFailureReport, delFailureReport, failureReportsCount, markNodeAsFailingIfNeeded } from "./failure";
import type { GossipEntry, PingMsg } from "./messages";
import { addNode, blacklistHas, createNode, isMaster, lookupNode, NodeFlag, type ClusterNode } from "./state";

/** A peer's clock may run ahead of mine; accept its pong times up to this far in my future. */
const PONG_TIME_TOLERANCE_MS = 500;
/** Flags a gossip-learned node keeps: roles and agreed states, not the sender's local views. */
const LEARNED_FLAGS = NodeFlag.MASTER | NodeFlag.SLAVE | NodeFlag.FAIL | NodeFlag.NOFAILOVER;

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
