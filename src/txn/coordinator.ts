/**
 * The coordinator of one cross-node transaction, as a pure state machine: (state, event) →
 * (state, effects). The shell (node/txn-shell.ts) performs the effects: messages to participants
 * (itself included), the computation on copies, the decision record in SQLite, the client's reply.
 *
 *   locking     lock participant i (in node-name order, the same for every transaction, so two
 *               transactions never wait on each other in a cycle); its answer carries its keys'
 *               images; then lock participant i+1
 *   committing  computed: the decision (every participant's writes) is recorded before the first
 *               commit leaves, then every participant gets its writes; the client gets its reply
 *               at once (the keys stay locked until written, so nobody reads around the decision)
 *   aborting    a participant refused (MOVED, TRYAGAIN, a changed WATCH, no answer): whoever
 *               may hold a lock is told to release; the client gets the refusal
 *   done        every participant answered its commit or release
 *
 * Presumed abort: a participant whose lease runs out asks for the outcome; before the decision,
 * that question aborts the transaction, so an outcome once answered never changes.
 */
import type { BStr } from "../resp/bytes";
import { error, NULL_ARRAY, type Reply } from "../resp/reply";
import type { WatchToken } from "../node-rpc";
import type { KeyImage, PeerReply, PeerRequest } from "./messages";

export interface Participant {
  node: string;
  keys: BStr[];
  watch?: WatchToken;
}

export interface TxnPlan {
  txid: string;
  coordinator: string;
  cmds: BStr[][];
  /** MULTI/EXEC (the reply is EXEC's array) rather than one command. */
  multi: boolean;
  /** In lock order (by node name). */
  participants: Participant[];
}

export type Phase = "locking" | "committing" | "aborting" | "done";

export interface TxnState {
  plan: TxnPlan;
  phase: Phase;
  /** Participants [0, locked) answered their lock. */
  locked: number;
  images: KeyImage[];
  /** The decision: each participant's writes (committing). */
  writes: Record<string, KeyImage[]>;
  /** Participants that still owe an answer to their commit or release. */
  unacked: string[];
}

export type TxnEvent =
  | { t: "start" }
  | { t: "answer"; node: string; reply: PeerReply }
  /** A message to `node` got no answer (lost, node down). */
  | { t: "unreachable"; node: string }
  | { t: "computed"; reply: Reply; writes: Record<string, KeyImage[]> }
  /** The cron: send again what is unanswered. */
  | { t: "resend" }
  /** A participant's lease ran out and it asks how this ended. */
  | { t: "outcome"; node: string };

export type TxnEffect =
  | { t: "send"; node: string; msg: PeerRequest }
  | { t: "compute"; images: KeyImage[] }
  /** Record the decision durably; the sends after it rely on it. */
  | { t: "decide"; writes: Record<string, KeyImage[]>; nodes: string[] }
  | { t: "acked"; node: string }
  | { t: "forget" }
  | { t: "reply"; reply: Reply }
  /** The answer to an `outcome` question. */
  | { t: "outcome"; reply: PeerReply };

export const unreachableError = (node: string): Reply =>
  error(`TRYAGAIN cross-node transaction: node ${node} did not answer`);
export const LEASE_EXPIRED = "TRYAGAIN cross-node transaction: a participant's lock lease ran out";

export function startTxn(plan: TxnPlan): { state: TxnState; effects: TxnEffect[] } {
  const state: TxnState = { plan, phase: "locking", locked: 0, images: [], writes: {}, unacked: [] };
  return step(state, { t: "start" });
}

export function step(s0: TxnState, ev: TxnEvent): { state: TxnState; effects: TxnEffect[] } {
  const s: TxnState = { ...s0 };
  const fx: TxnEffect[] = [];
  const parts = s.plan.participants;
  const lockNext = (): void => {
    const p = parts[s.locked]!;
    fx.push({ t: "send", node: p.node, msg: { type: "lock", txid: s.plan.txid, coordinator: s.plan.coordinator, keys: p.keys, watch: p.watch } });
  };
  const abort = (reply: Reply): void => {
    // The participant being locked may have locked before its answer was lost: it is told too.
    s.unacked = parts.slice(0, Math.min(s.locked + 1, parts.length)).map((p) => p.node);
    s.phase = s.unacked.length > 0 ? "aborting" : "done";
    for (const node of s.unacked) fx.push({ t: "send", node, msg: { type: "release", txid: s.plan.txid } });
    fx.push({ t: "reply", reply });
  };
  const ack = (node: string): void => {
    if (!s.unacked.includes(node)) return;
    s.unacked = s.unacked.filter((n) => n !== node);
    if (s.phase === "committing") fx.push({ t: "acked", node });
    if (s.unacked.length > 0) return;
    if (s.phase === "committing") fx.push({ t: "forget" });
    s.phase = "done";
  };

  switch (ev.t) {
    case "start":
      if (parts.length === 0) {
        fx.push({ t: "compute", images: [] });
      } else {
        lockNext();
      }
      break;
    case "answer": {
      const r = ev.reply;
      if (s.phase === "locking" && parts[s.locked]?.node === ev.node) {
        if (r.type === "locked") {
          s.images = [...s.images, ...r.images];
          s.locked++;
          if (s.locked < parts.length) lockNext();
          else fx.push({ t: "compute", images: s.images });
        } else if (r.type === "refused") {
          abort(r.reply);
        } else if (r.type === "watch-changed") {
          abort(NULL_ARRAY);
        }
      } else if ((s.phase === "committing" || s.phase === "aborting") && r.type === "done") {
        ack(ev.node);
      }
      break;
    }
    case "unreachable":
      if (s.phase === "locking" && parts[s.locked]?.node === ev.node) abort(unreachableError(ev.node));
      break;
    case "computed":
      if (s.phase !== "locking" || s.locked < parts.length) break;
      if (parts.length === 0) {
        s.phase = "done";
        fx.push({ t: "reply", reply: ev.reply });
        break;
      }
      s.phase = "committing";
      s.writes = ev.writes;
      s.unacked = parts.map((p) => p.node);
      fx.push({ t: "decide", writes: ev.writes, nodes: s.unacked });
      for (const node of s.unacked) fx.push({ t: "send", node, msg: { type: "commit", txid: s.plan.txid, writes: ev.writes[node] ?? [] } });
      fx.push({ t: "reply", reply: ev.reply });
      break;
    case "resend":
      for (const node of s.unacked) {
        if (s.phase === "committing") fx.push({ t: "send", node, msg: { type: "commit", txid: s.plan.txid, writes: s.writes[node] ?? [] } });
        else if (s.phase === "aborting") fx.push({ t: "send", node, msg: { type: "release", txid: s.plan.txid } });
      }
      break;
    case "outcome":
      if (s.phase === "locking") abort(error(LEASE_EXPIRED));
      fx.push({ t: "outcome", reply: s.phase === "committing"
        ? { type: "decided", commit: true, writes: s.writes[ev.node] ?? [] }
        : { type: "decided", commit: false, writes: [] } });
      break;
  }
  return { state: s, effects: fx };
}

/** A decision read back after a restart: the transaction resumes delivering its commits. */
export function resumeCommitting(plan: TxnPlan, writes: Record<string, KeyImage[]>, unacked: string[]): TxnState {
  return { plan, phase: "committing", locked: plan.participants.length, images: [], writes, unacked };
}
