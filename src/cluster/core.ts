/**
 * The cluster core: Redis Cluster's bus protocol (cluster.c's clusterCron and
 * clusterProcessPacket) as a pure state machine. Sans-I/O: the shell passes the time, a random
 * source and incoming messages; the core returns messages to send and whether the persisted
 * state changed. It never reads a clock, draws randomness, sleeps, stores or sends by itself.
 *
 * THEORY OF OPERATION
 *
 * State (state.ts). Each node keeps a table of the nodes it knows (id, address = Durable Object
 * name, flags, configEpoch, slot bitmap, master), the slot → owner map, its currentEpoch and
 * lastVoteEpoch. `serialize` is the nodes.conf equivalent; links are volatile.
 *
 * Inputs.
 * - tick(st, env): the cron. (1) Handshake entries older than max(NT, 1 s) are dropped; nodes
 *   without a link get one and an immediate PING (MEET for CLUSTER MEET targets), keeping an
 *   earlier pending ping time so a reconnect never hides a silent node; a PING unanswered for
 *   NT/2 is sent again the same way (messages can be lost). (2) About once a second,
 *   PING the node with the oldest PONG among 5 random linked nodes without a pending ping.
 *   (3) PING any node whose last PONG is older than NT/2 with no ping pending. (4) A node whose
 *   ping is pending and that was silent for NT becomes PFAIL. (5) Manual failover timeout, the
 *   replica's election, replica migration. (6) Cluster state is re-evaluated. `nextDeadlineMs`
 *   is the earliest future time any of this has work to do.
 * - receive(st, msg, env): `validate` first (malformed → dropped, counted, ignored); then the
 *   header of a known sender teaches epochs (currentEpoch = max), its configEpoch, its role and
 *   its claimed slots; PING/MEET get a PONG; gossip adds nodes and failure reports; FAIL sets
 *   FAIL; UPDATE rebinds a node's slots; PUBLISH becomes an effect for local subscribers.
 * - clusterCommand (commands.ts): CLUSTER subcommands, which change the same state.
 *
 * Membership. CLUSTER MEET creates a HANDSHAKE entry with a random id at the target address;
 * the first PONG from that address renames it to the real id. A MEET from a stranger makes the
 * receiver start its own handshake back. Everything else is learned from gossip of known nodes.
 * Unlike Redis (reliable TCP, one MEET), handshake pings are repeated every tick until the PONG
 * arrives or the handshake times out, because bus messages may be lost.
 *
 * Slots and epochs (slots.ts). Higher configEpoch wins a slot; equal-epoch masters resolve
 * the collision by the smaller id taking currentEpoch + 1; a node claiming slots someone newer
 * owns gets an UPDATE. Failure detection (failure.ts): PFAIL locally after NT of silence, FAIL
 * by majority of slot-serving masters within 2×NT (reports pushed at once), FAIL broadcast.
 * Failover (failover.ts, vote.ts): a replica of a FAIL master (or a manual CLUSTER FAILOVER)
 * runs an election; masters vote once per epoch; the winner takes the slots with the election
 * epoch. Replica migration (migration.ts) gives orphaned masters a replica.
 *
 * Invariants. Slot table and node bitmaps agree (state.ts). `changed` is set whenever a
 * persisted field changes, and the shell persists before sending, so a restart can never take
 * back an epoch, a vote or a slot claim that left the node.
 */
import { Ctx, type Env, type Outcome } from "./context";
import { sendPing, buildHeader, broadcast, broadcastPong } from "./bus";
import { handshakeTimeout, nextDeadline, pfailAt } from "./deadline";
import { pushFailureReport, updateClusterState } from "./failure";
import {
  handleManualFailover, handleReplicaFailover, manualFailoverCheckTimeout, pingPausedReplica,
} from "./failover";
import { replicaMigrationCron } from "./migration";
import { validate, type BusMessage } from "./messages";
import { processPacket } from "./receive";
import {
  deleteNode, hasAddr, inHandshake, isMaster, isMyself, isSlave, NodeFlag, replicasOf, type ClusterNode, type ClusterState,
  type NodeName,
} from "./state";

/** Redis pings a random node every 10th cron (100 ms): about once a second. */
const RANDOM_PING_PERIOD_MS = 1000;

/** Handles one bus message. Malformed messages are dropped, counted, and change nothing else. */
/** The PONG to everybody that outcomes of a batch deferred (Outcome.pongAll), from the state as it is now. */
export function pongAll(st: ClusterState, env: Env): Outcome {
  const c = new Ctx(st, { ...env, deferPongAll: false });
  broadcastPong(c, "all");
  return c.outcome();
}

export function receive(st: ClusterState, msg: unknown, env: Env): Outcome {
  const c = new Ctx(st, env);
  const problem = validate(msg);
  if (problem !== null) {
    st.dropped++;
    c.event(`dropped malformed bus message: ${problem}`);
    return c.outcome();
  }
  const m = msg as BusMessage;
  st.stats.received[m.type]++;
  if (m.sender === st.myself.id) {
    c.event(`ignored a ${m.type} carrying my own node id from ${m.from}`);
    return c.outcome();
  }
  processPacket(c, m);
  // A FAIL about my master, a vote, a PAUSED offset: the election reacts now, not at the next cron.
  if (isSlave(st.myself)) handleReplicaFailover(c);
  if (c.updateState) updateClusterState(c);
  return c.outcome(nextDeadline(c));
}

/** The cron: reconnects, pings, failure detection, cluster state. */
export function tick(st: ClusterState, env: Env): Outcome {
  const c = new Ctx(st, env);
  updateMyselfFlags(c);
  for (const n of [...st.nodes.values()]) linkCron(c, n);
  randomPing(c);
  for (const n of st.nodes.values()) failureCron(c, n);
  manualFailoverCheckTimeout(c);
  if (isSlave(st.myself)) {
    handleManualFailover(c);
    handleReplicaFailover(c);
    replicaMigrationCron(c);
  } else if (st.volatile.mf.end !== 0) {
    pingPausedReplica(c);
  }
  if (c.updateState || st.state === "fail") updateClusterState(c);
  return c.outcome(nextDeadline(c));
}

/** clusterUpdateMyselfFlags: cluster-replica-no-failover shows as my NOFAILOVER flag (others see it too). */
function updateMyselfFlags(c: Ctx): void {
  const me = c.st.myself;
  const want = c.env.config.replicaNoFailover ? NodeFlag.NOFAILOVER : 0;
  if ((me.flags & NodeFlag.NOFAILOVER) === want) return;
  me.flags = (me.flags & ~NodeFlag.NOFAILOVER) | want;
  c.save();
}

/** An RPC to `name` failed (connection refused): drop the links so the cron retries. */
export function linkFailed(st: ClusterState, name: NodeName, env: Env): Outcome {
  const c = new Ctx(st, env);
  for (const n of st.nodes.values()) {
    if (n.name !== name || isMyself(n)) continue;
    n.link = null;
    // Failure detection needs a pending ping to measure from.
    if (n.pingSent === 0) n.pingSent = c.now;
  }
  return c.outcome(nextDeadline(c));
}

/** PUBLISH (to every node) or SPUBLISH (to my shard) across the bus. */
export function publish(st: ClusterState, channel: string, message: string, env: Env, shard = false): Outcome {
  const c = new Ctx(st, env);
  const type = shard ? "publishshard" : "publish";
  const build = (): BusMessage => ({ ...buildHeader(st, type), type, channel, message });
  if (!shard) {
    broadcast(c, build);
    return c.outcome();
  }
  const master = isSlave(st.myself) ? st.myself.slaveof : st.myself;
  if (!master) return c.outcome();
  for (const n of [master, ...replicasOf(st, master)]) if (n !== st.myself && n.link) c.send(n.name, build());
  return c.outcome();
}

/**
 * The shell reports replication progress: the offset headers advertise (the failover rank) and,
 * on a replica, when the link last heard from the master (the data age). During a manual
 * failover reaching the paused master's offset starts the election; otherwise there is no
 * outcome (null).
 */
export function replicationProgress(st: ClusterState, offset: number, masterLastIo: number, env: Env): Outcome | null {
  st.myself.replOffset = offset;
  st.volatile.masterLastIo = masterLastIo;
  // Called after every write: nothing more to do unless a manual failover waits on this replica.
  if (st.volatile.mf.end === 0 || !isSlave(st.myself)) return null;
  const c = new Ctx(st, env);
  handleManualFailover(c);
  if (c.handleFailover) handleReplicaFailover(c);
  if (c.updateState) updateClusterState(c);
  return c.outcome(nextDeadline(c));
}

function pingType(n: ClusterNode): "meet" | "ping" {
  return (n.flags & NodeFlag.MEET) !== 0 ? "meet" : "ping";
}

/** (Re)connect and ping at once, keeping a pending ping's time (clusterLinkConnectHandler). */
function connect(c: Ctx, n: ClusterNode): void {
  n.link = { ctime: c.now };
  sendPing(c, n, pingType(n), true);
}

function linkCron(c: Ctx, n: ClusterNode): void {
  if (isMyself(n) || !hasAddr(n)) return;
  if (inHandshake(n) && c.now - n.ctime > handshakeTimeout(c.nt)) {
    c.event(`handshake with ${n.name} timed out`);
    deleteNode(c.st, n);
    c.save();
    return;
  }
  if (!n.link) connect(c, n);
  else if (inHandshake(n) && c.now - n.pingSent >= c.env.config.cronMs) sendPing(c, n, pingType(n));
}

function randomPing(c: Ctx): void {
  const v = c.st.volatile;
  const period = Math.max(RANDOM_PING_PERIOD_MS, c.env.config.cronMs);
  // Half a cron of slack: alarms fire late and sometimes early (deadline wake-ups).
  if (v.lastRandomPing !== 0 && c.now - v.lastRandomPing < period - c.env.config.cronMs / 2) return;
  v.lastRandomPing = c.now;
  const nodes = [...c.st.nodes.values()];
  let best: ClusterNode | null = null;
  for (let k = 0; k < 5; k++) {
    const n = nodes[Math.floor(c.env.rand() * nodes.length)]!;
    if (!n.link || n.pingSent !== 0 || isMyself(n) || inHandshake(n)) continue;
    if (!best || n.pongReceived < best.pongReceived) best = n;
  }
  if (best) sendPing(c, best, "ping");
}

/**
 * Awake anyway, ping every node whose PONG is older than 3/8 NT, not only those past NT/2 (their
 * deadline): one alarm then serves several nodes, and an idle node wakes about once per NT/2
 * window instead of once per node (Redis's 100 ms cron makes wake-ups free; alarms are billed).
 */
const EARLY_PING_FRACTION = 3 / 8;

function failureCron(c: Ctx, n: ClusterNode): void {
  if ((n.flags & (NodeFlag.MYSELF | NodeFlag.NOADDR | NodeFlag.HANDSHAKE)) !== 0) return;
  const half = Math.floor(c.nt / 2);
  const pingDelay = c.now - n.pingSent;
  // A PONG pending for NT/2: reconnect, which pings again. Redis also waits for the link to be
  // silent (TCP would deliver a late PONG); our messages can be lost, so the ping is repeated.
  if (n.link && n.pingSent !== 0 && pingDelay > half && c.now - n.link.ctime > half) connect(c, n);
  if (n.link && n.pingSent === 0 && c.now - n.pongReceived > Math.floor(c.nt * EARLY_PING_FRACTION)) {
    sendPing(c, n, "ping");
    return;
  }
  if (n.pingSent === 0 || (n.flags & (NodeFlag.PFAIL | NodeFlag.FAIL)) !== 0) return;
  if (c.now >= pfailAt(c, n)) {
    n.flags |= NodeFlag.PFAIL;
    c.event(`node ${n.id} possibly failing (PFAIL)`);
    c.updateState = true;
    if (isMaster(c.st.myself)) pushFailureReport(c, n);
  }
}
