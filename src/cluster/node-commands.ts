/**
 * CLUSTER MEET, FORGET, REPLICATE, RESET, BUMPEPOCH, SET-CONFIG-EPOCH and FAILOVER: commands
 * that change membership, roles and epochs (cluster.c's clusterCommand, same texts).
 */
import { toInt } from "../commands/args";
import { ERR, OK, ReplyError, simple, type Reply } from "../resp/reply";
import type { Ctx } from "./context";
import type { ClusterKeyspace } from "./cluster-keyspace";
import { startManualFailover } from "./failover";
import { dbSize } from "./slot-commands";
import { broadcastPong } from "./bus";
import { bumpEpochWithoutConsensus, replaceMyMaster, setMyMaster, setNodeAsMaster } from "./slots";
import {
  addNode, blacklistAdd, CLUSTER_PORT_INCR, closeAllSlots, createNode, DEFAULT_PORT, delSlot, deleteNode, hasAddr,
  inHandshake, isFailed, isMaster, isSlave, lookupNode, NodeFlag, randomId, renameNode, type ClusterNode,
} from "./state";

const MAX_NAME_LEN = 256;

/** MEET <name> [port [cport]]: the name is the peer's Durable Object name (its bus address). */
export function meet(c: Ctx, argv: string[]): Reply {
  const name = argv[2]!;
  const portText = argv[3] ?? String(DEFAULT_PORT);
  const port = toInt(portText);
  if (port === null) throw new ReplyError(`ERR Invalid TCP base port specified: ${portText}`);
  let cport = port + CLUSTER_PORT_INCR;
  if (argv.length === 5) {
    const parsed = toInt(argv[4]!);
    if (parsed === null) throw new ReplyError(`ERR Invalid TCP bus port specified: ${argv[4]}`);
    cport = parsed;
  }
  if (name.length === 0 || name.length > MAX_NAME_LEN || port <= 0 || port > 0xffff || cport <= 0 || cport > 0xffff) {
    throw new ReplyError(`ERR Invalid node address specified: ${name}:${portText}`);
  }
  startHandshake(c, name, port, cport);
  return OK;
}

/** clusterStartHandshake, adapted: one entry per address, so a known address is re-MEET instead. */
function startHandshake(c: Ctx, name: string, port: number, cport: number): void {
  const st = c.st;
  if (name === st.myself.name) return;
  for (const n of st.nodes.values()) {
    if (n.name !== name || !hasAddr(n)) continue;
    if (inHandshake(n)) return; // already in progress
    // Known node: reconnect and send it a MEET, which makes it add me if it forgot me.
    n.flags |= NodeFlag.MEET;
    n.link = null;
    c.save();
    return;
  }
  const n = createNode(randomId(c.env.rand), name, NodeFlag.HANDSHAKE | NodeFlag.MEET, c.now);
  n.port = port;
  n.cport = cport;
  addNode(st, n);
  c.event(`handshake with ${name} started`);
  c.save();
}

export function forget(c: Ctx, id: string): Reply {
  const st = c.st;
  const n = lookupNode(st, id);
  if (!n) throw new ReplyError(`ERR Unknown node ${id}`);
  if (n === st.myself) throw new ReplyError("ERR I tried hard but I can't forget myself...");
  if (isSlave(st.myself) && st.myself.slaveof === n) throw new ReplyError("ERR Can't forget my master!");
  blacklistAdd(st, n.id, c.now);
  deleteNode(st, n);
  c.event(`forgot node ${id}`);
  c.save();
  c.updateState = true;
  return OK;
}

export function replicate(c: Ctx, id: string, ks: ClusterKeyspace): Reply {
  const st = c.st;
  const n = lookupNode(st, id);
  if (!n) throw new ReplyError(`ERR Unknown node ${id}`);
  if (n === st.myself) throw new ReplyError("ERR Can't replicate myself");
  if (isSlave(n)) throw new ReplyError("ERR I can only replicate a master, not a replica.");
  if (isMaster(st.myself) && (st.myself.numSlots !== 0 || dbSize(ks) !== 0)) {
    throw new ReplyError("ERR To set a master the node must be empty and without assigned slots.");
  }
  setMyMaster(c, n);
  return OK;
}

/**
 * REPLICAOF / SLAVEOF, in cluster terms (Redis refuses them in cluster mode; we map them onto the
 * cluster's roles, so the configuration never disagrees with replication):
 *   REPLICAOF NO ONE         a replica detaches as a master without slots (its data kept, its
 *                            replication id shifted, as in Redis); a master: nothing to do
 *   REPLICAOF <name> <port>  follow the known node at that Durable Object name: CLUSTER REPLICATE
 */
export function replicaOf(c: Ctx, argv: string[], ks: ClusterKeyspace): Reply {
  const [, host, port] = argv as [string, string, string];
  const me = c.st.myself;
  if (host.toLowerCase() === "no" && port.toLowerCase() === "one") {
    if (isSlave(me)) {
      c.event("MASTER MODE enabled (user request)");
      setNodeAsMaster(c, me);
      broadcastPong(c, "all");
    }
    return OK;
  }
  if (toInt(port) === null) throw new ReplyError(ERR.notInteger);
  let target: ClusterNode | undefined;
  for (const n of c.st.nodes.values()) if (n.name === host && hasAddr(n) && !inHandshake(n)) target = n;
  if (!target) throw new ReplyError(`ERR Unknown node ${host}: REPLICAOF takes the name of a node of this cluster`);
  if (isSlave(me) && me.slaveof === target) return simple("OK Already connected to specified master");
  return replicate(c, target.id, ks);
}

/** RESET [HARD|SOFT]: forget everybody and every slot; HARD also takes a new id and zero epochs. */
export function reset(c: Ctx, argv: string[], ks: ClusterKeyspace): Reply {
  let hard = false;
  if (argv.length === 3) {
    const mode = argv[2]!.toLowerCase();
    if (mode === "hard") hard = true;
    else if (mode !== "soft") throw new ReplyError(ERR.syntax);
  }
  const st = c.st;
  const me = st.myself;
  if (isMaster(me) && dbSize(ks) !== 0) throw new ReplyError("ERR CLUSTER RESET can't be called with master nodes containing keys");
  if (isSlave(me)) {
    setNodeAsMaster(c, me);
    c.effect({ kind: "flush-all" });
  }
  closeAllSlots(st);
  for (let j = 0; j < st.slots.length; j++) delSlot(st, j);
  for (const n of [...st.nodes.values()]) if (n !== me) deleteNode(st, n);
  if (hard) {
    st.currentEpoch = 0;
    st.lastVoteEpoch = 0;
    me.configEpoch = 0;
    renameNode(st, me, randomId(c.env.rand));
    me.shardId = randomId(c.env.rand);
    c.event(`node hard reset, now I'm ${me.id}`);
  }
  c.save();
  c.updateState = true;
  return OK;
}

export function bumpEpoch(c: Ctx): Reply {
  const bumped = bumpEpochWithoutConsensus(c);
  return simple(`${bumped ? "BUMPED" : "STILL"} ${c.st.myself.configEpoch}`);
}

export function setConfigEpoch(c: Ctx, arg: string): Reply {
  const epoch = toInt(arg);
  if (epoch === null) throw new ReplyError(ERR.notInteger);
  const st = c.st;
  // Epochs travel as JS numbers: refuse what bus messages could not carry exactly.
  if (epoch < 0 || epoch > Number.MAX_SAFE_INTEGER) throw new ReplyError(`ERR Invalid config epoch specified: ${arg}`);
  if (st.nodes.size > 1) {
    throw new ReplyError("ERR The user can assign a config epoch only when the node does not know any other node.");
  }
  if (st.myself.configEpoch !== 0) throw new ReplyError("ERR Node config epoch is already non-zero");
  st.myself.configEpoch = epoch;
  if (st.currentEpoch < epoch) st.currentEpoch = epoch;
  c.event(`configEpoch set to ${epoch} via CLUSTER SET-CONFIG-EPOCH`);
  c.save();
  c.updateState = true;
  return OK;
}

/**
 * FAILOVER [FORCE|TAKEOVER] on a replica. Default: a manual failover coordinated with the master
 * (no acknowledged write lost); FORCE: the election without asking the master (it may be down);
 * TAKEOVER: no election either, a new epoch by fiat (failover.ts has the state machine).
 */
export function failover(c: Ctx, argv: string[]): Reply {
  let force = false;
  let takeover = false;
  if (argv.length === 3) {
    const opt = argv[2]!.toLowerCase();
    if (opt === "force") force = true;
    else if (opt === "takeover") takeover = force = true;
    else throw new ReplyError(ERR.syntax);
  }
  const me = c.st.myself;
  const master: ClusterNode | null = me.slaveof;
  if (isMaster(me)) throw new ReplyError("ERR You should send CLUSTER FAILOVER to a replica");
  if (!master) throw new ReplyError("ERR I'm a replica but my master is unknown to me");
  if (!force && (isFailed(master) || !master.link)) {
    throw new ReplyError("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
  }
  if (takeover) {
    c.event("taking over the master (user request)");
    bumpEpochWithoutConsensus(c);
    replaceMyMaster(c);
  } else {
    c.event(`manual failover user request accepted${force ? " (FORCE)" : ""}`);
    startManualFailover(c, force);
  }
  return OK;
}
