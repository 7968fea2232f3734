/**
 * clusterProcessPacket for a validated message: who sent it, what its header teaches (epochs,
 * role, claimed slots), then the type-specific body. The caller (core.ts) validates and counts.
 *
 * Redis knows which node a PONG answers from the TCP link it arrives on. Our messages travel by
 * address, so the "link node" of a PONG is the entry at the PONG's `from` address: the known
 * sender itself, else a handshake entry there (renamed to the real id), else an entry there
 * with another id (that address now hosts a different node: flag the old entry NOADDR).
 */
import { bitmapEquals, testBit } from "./bitmap";
import { sendPing, sendUpdate } from "./bus";
import type { Ctx } from "./context";
import { clearNodeFailureIfNeeded, newerEpochClearsFail, pongClearsFailure } from "./failure";
import { masterHeaderReceived, mfStartReceived, voteReceived } from "./failover";
import { authRequestReceived } from "./vote";
import { processGossipSection } from "./gossip";
import type { BusMessage, FailMsg, PingMsg, UpdateMsg } from "./messages";
import { applyRole, handleConfigEpochCollision, setNodeAsMaster, updateSlotsConfigWith } from "./slots";
import {
  addNode, createNode, deleteNode, hasAddr, inHandshake, isFailed, isMaster, isMyself, isSlave, isSlotUnclaimed,
  isTimedOut, lookupNode, NodeFlag, randomId, renameNode, type ClusterNode,
} from "./state";

export function processPacket(c: Ctx, msg: BusMessage): void {
  const known = lookupNode(c.st, msg.sender);
  let sender = known && !inHandshake(known) ? known : null;
  if (msg.type === "pong") {
    const linked = handlePongLink(c, msg, sender);
    if (linked === "stop") return;
    sender = linked;
  }
  const senderConfigEpoch = sender ? learnFromHeader(c, sender, msg) : 0;
  switch (msg.type) {
    case "ping":
    case "meet":
      if (!sender && msg.type === "meet") meetFromStranger(c, msg);
      sendPing(c, msg.from, "pong");
      if (sender) processConfig(c, msg, sender, senderConfigEpoch);
      // A node I suspect is talking again: ping it now, its PONG clears PFAIL/FAIL within a round
      // trip instead of at my next cron. Only if that PONG will clear it: two nodes that flag each
      // other FAIL for good would otherwise ping each other back and forth forever.
      if (sender?.link && pongClearsFailure(c, sender)) sendPing(c, sender, "ping", true);
      return;
    case "pong":
      if (sender) processConfig(c, msg, sender, senderConfigEpoch);
      return;
    case "fail":
      if (sender) processFail(c, msg);
      return;
    case "update":
      if (sender) processUpdate(c, msg);
      return;
    case "publish":
    case "publishshard":
      if (sender) c.effect({ kind: "publish", channel: msg.channel, message: msg.message, shard: msg.type === "publishshard" });
      return;
    case "auth-req":
      if (sender) authRequestReceived(c, sender, msg);
      return;
    case "auth-ack":
      if (sender) voteReceived(c, sender, msg.currentEpoch);
      return;
    case "mfstart":
      if (sender) mfStartReceived(c, sender);
      return;
    case "module":
      if (sender) c.event(`module message from ${sender.id} ignored: no modules here`);
      return;
  }
}

/** Epochs, offsets and liveness from any message of a known sender. Returns its configEpoch. */
function learnFromHeader(c: Ctx, sender: ClusterNode, msg: BusMessage): number {
  sender.dataReceived = c.now;
  sender.inboundLink ??= { ctime: c.now };
  if (msg.currentEpoch > c.st.currentEpoch) {
    c.st.currentEpoch = msg.currentEpoch;
    c.save();
  }
  if (msg.configEpoch > sender.configEpoch) {
    sender.configEpoch = msg.configEpoch;
    if (msg.slaveof === null) newerEpochClearsFail(c, sender);
    c.save();
  }
  sender.replOffset = msg.offset;
  if (c.st.myself.slaveof === sender && isSlave(c.st.myself)) masterHeaderReceived(c, msg.mflags, msg.offset);
  return msg.configEpoch;
}

/** Resolves a PONG's link node (see the header comment); "stop" if processing must end here. */
function handlePongLink(c: Ctx, msg: PingMsg, sender: ClusterNode | null): ClusterNode | null | "stop" {
  const st = c.st;
  const there = [...st.nodes.values()].filter((n) => n.name === msg.from && !isMyself(n));
  const handshake = there.find(inHandshake);
  let link: ClusterNode;
  if (handshake && sender) {
    // I already know this node by its id: the handshake entry is redundant.
    deleteNode(st, handshake);
    c.save();
    updateAddress(c, sender, msg);
    link = sender;
  } else if (handshake) {
    renameNode(st, handshake, msg.sender);
    handshake.flags = (handshake.flags & ~(NodeFlag.HANDSHAKE | NodeFlag.MEET)) | (msg.flags & (NodeFlag.MASTER | NodeFlag.SLAVE));
    c.event(`handshake with ${handshake.id} at ${handshake.name} completed`);
    c.save();
    link = handshake;
  } else if (sender && sender.name === msg.from) {
    link = sender;
  } else {
    // An entry I pinged at this address has another id: the address hosts a different node now.
    const stale = there.find((n) => hasAddr(n) && n.pingSent !== 0);
    if (!stale) return sender;
    c.event(`PONG from ${msg.from} has id ${msg.sender}, not ${stale.id}: flagging ${stale.id} NOADDR`);
    stale.flags |= NodeFlag.NOADDR;
    stale.name = "";
    stale.port = 0;
    stale.cport = 0;
    stale.link = null;
    c.save();
    return "stop";
  }
  pongReceived(c, link);
  return link;
}

function pongReceived(c: Ctx, n: ClusterNode): void {
  n.pongReceived = c.now;
  n.pingSent = 0;
  if ((n.flags & NodeFlag.MEET) !== 0) {
    n.flags &= ~NodeFlag.MEET;
    c.save();
  }
  if (isTimedOut(n)) {
    n.flags &= ~NodeFlag.PFAIL;
    c.event(`node ${n.id} is reachable again (PFAIL cleared)`);
    c.updateState = true;
  } else if (isFailed(n)) {
    clearNodeFailureIfNeeded(c, n);
  }
}

function updateAddress(c: Ctx, n: ClusterNode, msg: BusMessage): void {
  if (n.name === msg.from && n.port === msg.port && n.cport === msg.cport) return;
  n.name = msg.from;
  n.port = msg.port;
  n.cport = msg.cport;
  n.flags &= ~NodeFlag.NOADDR;
  n.link = null;
  c.save();
}

/** A MEET from a node I don't know: start my own handshake with it (once per address). */
function meetFromStranger(c: Ctx, msg: PingMsg): void {
  for (const n of c.st.nodes.values()) if (inHandshake(n) && n.name === msg.from) return;
  const n = createNode(randomId(c.env.rand), msg.from, NodeFlag.HANDSHAKE, c.now);
  n.port = msg.port;
  n.cport = msg.cport;
  addNode(c.st, n);
  c.event(`MEET from ${msg.from}: handshake started`);
  c.save();
  // The sender is trusted because of the message type, though it can't add nodes yet.
  processGossipSection(c, msg, null);
}

/** PING/PONG/MEET from a known sender: role, slots, UPDATE for stale claims, epochs, gossip. */
function processConfig(c: Ctx, msg: PingMsg, sender: ClusterNode, senderConfigEpoch: number): void {
  const nofailover = msg.flags & NodeFlag.NOFAILOVER;
  if ((sender.flags & NodeFlag.NOFAILOVER) !== nofailover) {
    sender.flags = (sender.flags & ~NodeFlag.NOFAILOVER) | nofailover;
    c.save();
  }
  if (msg.type === "ping") updateAddress(c, sender, msg);
  if (sender.shardId !== msg.shardId) {
    sender.shardId = msg.shardId;
    c.save();
  }
  applyRole(c, sender, msg.slaveof !== null, msg.slaveof === null ? undefined : lookupNode(c.st, msg.slaveof));

  // Cheap test first: does the sender claim what I think its master serves?
  const senderMaster = isMaster(sender) ? sender : sender.slaveof;
  const dirty = senderMaster !== null && !bitmapEquals(senderMaster.slots, msg.myslots);
  if (dirty && isMaster(sender)) updateSlotsConfigWith(c, sender, senderConfigEpoch, msg.myslots);
  // The reverse: it claims slots I know a newer owner of (a master back from a partition).
  if (dirty) sendUpdateIfStale(c, msg, sender, senderConfigEpoch);
  if (isMaster(c.st.myself) && isMaster(sender) && senderConfigEpoch === c.st.myself.configEpoch) {
    handleConfigEpochCollision(c, sender);
  }
  processGossipSection(c, msg, sender);
}

function sendUpdateIfStale(c: Ctx, msg: PingMsg, sender: ClusterNode, senderConfigEpoch: number): void {
  for (let j = 0; j < c.st.slots.length; j++) {
    if ((j & 7) === 0 && msg.myslots[j >> 3] === 0) {
      j += 7;
      continue;
    }
    if (!testBit(msg.myslots, j)) continue;
    const owner = c.st.slots[j]!;
    if (owner === sender || isSlotUnclaimed(c.st, j)) continue;
    if (owner.configEpoch > senderConfigEpoch) {
      c.event(`${sender.id} has a stale slot configuration: sending UPDATE about ${owner.id}`);
      sendUpdate(c, sender, owner);
      return;
    }
  }
}

function processFail(c: Ctx, msg: FailMsg): void {
  const failing = lookupNode(c.st, msg.about);
  if (!failing || (failing.flags & (NodeFlag.FAIL | NodeFlag.MYSELF)) !== 0) return;
  failing.flags = (failing.flags & ~NodeFlag.PFAIL) | NodeFlag.FAIL;
  failing.failTime = c.now;
  c.event(`FAIL message from ${msg.sender} about ${failing.id}`);
  c.save();
  c.updateState = true;
}

function processUpdate(c: Ctx, msg: UpdateMsg): void {
  const cfg = msg.nodecfg;
  const n = lookupNode(c.st, cfg.id);
  if (!n || n.configEpoch >= cfg.configEpoch) return;
  if (isSlave(n)) setNodeAsMaster(c, n);
  n.configEpoch = cfg.configEpoch;
  newerEpochClearsFail(c, n);
  c.save();
  updateSlotsConfigWith(c, n, cfg.configEpoch, cfg.slots);
}
