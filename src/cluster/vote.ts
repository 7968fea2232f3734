/**
 * The master's side of a failover election (clusterSendFailoverAuthIfNeeded): whether to vote
 * for a replica asking to replace its master. Every refusal says why in an event.
 *
 * Redis also refuses to vote for a replica of the same master within 2×NT of the last vote. We
 * do not (Valkey dropped it too): it only makes retries slower, and safety comes from one vote
 * per epoch, persisted before the ACK leaves, and from configEpochs deciding every conflict.
 */
import { testBit } from "./bitmap";
import { buildHeader } from "./bus";
import type { Ctx } from "./context";
import { MFlag, type BareMsg } from "./messages";
import { isFailed, isMaster, isSlave, isSlotUnclaimed, type ClusterNode } from "./state";

export function authRequestReceived(c: Ctx, requester: ClusterNode, msg: BareMsg): void {
  const reason = refusal(c, requester, msg);
  if (reason !== null) {
    c.event(`failover auth denied to ${requester.id}: ${reason}`);
    return;
  }
  const st = c.st;
  st.lastVoteEpoch = st.currentEpoch;
  // Persisted before the ACK is delivered: a restart must never vote twice in one epoch.
  c.save();
  c.send(requester.name, { ...buildHeader(st, "auth-ack"), type: "auth-ack" });
  c.event(`failover auth granted to ${requester.id} for epoch ${st.currentEpoch}`);
}

function refusal(c: Ctx, requester: ClusterNode, msg: BareMsg): string | null {
  const st = c.st;
  const me = st.myself;
  // Only masters serving slots vote: they are what the quorum counts.
  if (isSlave(me) || me.numSlots === 0) return "I am not a master serving slots";
  // The header already raised my currentEpoch to the request's if it was greater.
  if (msg.currentEpoch < st.currentEpoch) return `its epoch ${msg.currentEpoch} < my current epoch ${st.currentEpoch}`;
  if (st.lastVoteEpoch === st.currentEpoch) return `already voted for epoch ${st.currentEpoch}`;
  const master = requester.slaveof;
  if (isMaster(requester)) return "it is a master";
  if (!master) return "I don't know its master";
  if (!isFailed(master) && (msg.mflags & MFlag.FORCEACK) === 0) return "its master is up";
  for (let j = 0; j < st.slots.length; j++) {
    if ((j & 7) === 0 && msg.myslots[j >> 3] === 0) {
      j += 7;
      continue;
    }
    if (!testBit(msg.myslots, j) || isSlotUnclaimed(st, j)) continue;
    const owner = st.slots[j]!;
    if (owner.configEpoch > msg.configEpoch) {
      return `slot ${j} has configEpoch ${owner.configEpoch} > its ${msg.configEpoch}`;
    }
  }
  return null;
}
