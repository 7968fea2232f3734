/**
 * CLUSTER <subcommand>: argument checks and dispatch, plus the read-only subcommands. Replies
 * and error texts are Redis 7.0's (subcommand arities from its command table). MEET takes the
 * peer's Durable Object name where Redis takes an ip, and its port is optional (default 6379).
 */
import { claimSlots, handOverSlots } from "./slot-handover";
import { keyHashSlot, CLUSTER_SLOTS } from "../commands/slot";
import { toInt } from "../commands/args";
import { ERR, OK, ReplyError, arr, bulk, bulks, int, simple, verbatim, type Reply } from "../resp/reply";
import { Ctx, type Env, type Outcome } from "./context";
import { nextDeadline } from "./deadline";
import { failureReportsCount, updateClusterState } from "./failure";
import { handleReplicaFailover } from "./failover";
import { bumpEpoch, failover, forget, meet, replicaOf, replicate, reset, setConfigEpoch } from "./node-commands";
import { addDelSlots, addDelSlotsRange, flushSlots, setSlot } from "./slot-commands";
import { isSlave, lookupNode, replicasOf, type ClusterState } from "./state";
import { clusterInfo, clusterLinks, clusterNodes, clusterShards, clusterSlots, nodeDescription } from "./views";
import type { ClusterKeyspace } from "./cluster-keyspace";

export type { ClusterKeyspace };


export interface CommandResult {
  reply: Reply;
  outcome: Outcome;
}

type Handler = (c: Ctx, argv: string[], ks: ClusterKeyspace) => Reply;

interface Subcommand {
  /** Redis arity of "cluster|<name>": exact if positive, minimum if negative. */
  arity: number;
  /** Most arguments the handler accepts (Redis checks these inside clusterCommand). */
  max?: number;
  run: Handler;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  help: { arity: 2, run: () => arr(HELP.map(simple)) },
  meet: { arity: -3, max: 5, run: (c, a) => meet(c, a) },
  nodes: { arity: 2, run: (c) => verbatim(clusterNodes(c.st)) },
  myid: { arity: 2, run: (c) => bulk(c.st.myself.id) },
  myshardid: { arity: 2, run: (c) => bulk(c.st.myself.shardId) },
  slots: { arity: 2, run: (c) => clusterSlots(c.st) },
  shards: { arity: 2, run: (c) => clusterShards(c.st) },
  info: { arity: 2, run: (c) => verbatim(clusterInfo(c.st)) },
  links: { arity: 2, run: (c) => clusterLinks(c.st) },
  flushslots: { arity: 2, run: (c, _a, ks) => flushSlots(c, ks) },
  addslots: { arity: -3, run: (c, a) => addDelSlots(c, a, false) },
  delslots: { arity: -3, run: (c, a) => addDelSlots(c, a, true) },
  addslotsrange: { arity: -4, run: (c, a) => addDelSlotsRange(c, a, false) },
  delslotsrange: { arity: -4, run: (c, a) => addDelSlotsRange(c, a, true) },
  setslot: { arity: -4, run: (c, a, ks) => setSlot(c, a, ks) },
  bumpepoch: { arity: 2, run: (c) => bumpEpoch(c) },
  "set-config-epoch": { arity: 3, run: (c, a) => setConfigEpoch(c, a[2]!) },
  saveconfig: { arity: 2, run: (c) => (c.save(), OK) },
  keyslot: { arity: 3, run: (_c, a) => int(keyHashSlot(a[2]!)) },
  countkeysinslot: { arity: 3, run: (_c, a, ks) => int(ks.countKeysInSlot(slotCountArg(a[2]!))) },
  getkeysinslot: { arity: 4, run: (_c, a, ks) => getKeysInSlot(a, ks) },
  forget: { arity: 3, run: (c, a) => forget(c, a[2]!) },
  replicate: { arity: 3, run: (c, a, ks) => replicate(c, a[2]!, ks) },
  slaves: { arity: 3, run: (c, a) => replicasReply(c.st, a[2]!) },
  replicas: { arity: 3, run: (c, a) => replicasReply(c.st, a[2]!) },
  "count-failure-reports": { arity: 3, run: (c, a) => countFailureReports(c, a[2]!) },
  reset: { arity: -2, max: 3, run: (c, a, ks) => reset(c, a, ks) },
  failover: { arity: -2, max: 3, run: (c, a) => failover(c, a) },
};

/** The subcommands CLUSTER serves (the command table lists them too: commands/specs/server.ts). */
export const CLUSTER_SUBCOMMAND_NAMES: readonly string[] = Object.keys(SUBCOMMANDS);

/** Runs `CLUSTER <subcommand> ...`; argv[0] is the command name. */
export function clusterCommand(st: ClusterState, argv: string[], env: Env, keyspace: ClusterKeyspace): CommandResult {
  return runCommand(st, env, (c) => dispatch(c, argv, keyspace));
}

/** Atomic slot migration's flip: the target claims `slots`, or the source hands them to `targetId`. */
export function slotHandoverCommand(st: ClusterState, env: Env, op: { claim: readonly number[] } | { handOver: readonly number[]; targetId: string }): CommandResult {
  return runCommand(st, env, (c) => ("claim" in op ? claimSlots(c, op.claim) : handOverSlots(c, op.handOver, op.targetId)));
}

/** Runs `REPLICAOF <name> <port> | NO ONE` (also SLAVEOF); arity is checked by the caller. */
export function replicaofCommand(st: ClusterState, argv: string[], env: Env, keyspace: ClusterKeyspace): CommandResult {
  return runCommand(st, env, (c) => replicaOf(c, argv, keyspace));
}

function runCommand(st: ClusterState, env: Env, run: (c: Ctx) => Reply): CommandResult {
  const c = new Ctx(st, env);
  let reply: Reply;
  try {
    reply = run(c);
  } catch (e) {
    if (!(e instanceof ReplyError)) throw e;
    reply = e.reply;
  }
  if (c.handleFailover) handleReplicaFailover(c);
  if (c.updateState) updateClusterState(c);
  return { reply, outcome: c.outcome(nextDeadline(c)) };
}

function dispatch(c: Ctx, argv: string[], ks: ClusterKeyspace): Reply {
  if (argv.length < 2) throw new ReplyError(ERR.wrongArity("cluster"));
  const name = argv[1]!.toLowerCase();
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) throw new ReplyError(`ERR unknown subcommand '${argv[1]!.slice(0, 128)}'. Try CLUSTER HELP.`);
  const n = argv.length;
  if ((sub.arity > 0 && n !== sub.arity) || (sub.arity < 0 && n < -sub.arity)) {
    throw new ReplyError(ERR.wrongArity(`cluster|${name}`));
  }
  if (sub.max !== undefined && n > sub.max) {
    throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLUSTER HELP.`);
  }
  return sub.run(c, argv, ks);
}

function slotCountArg(s: string): number {
  const slot = toInt(s);
  if (slot === null) throw new ReplyError(ERR.notInteger);
  if (slot < 0 || slot >= CLUSTER_SLOTS) throw new ReplyError("ERR Invalid slot");
  return slot;
}

function getKeysInSlot(argv: string[], ks: ClusterKeyspace): Reply {
  const slot = toInt(argv[2]!);
  const max = toInt(argv[3]!);
  if (slot === null || max === null) throw new ReplyError(ERR.notInteger);
  if (slot < 0 || slot >= CLUSTER_SLOTS || max < 0) throw new ReplyError("ERR Invalid slot or number of keys");
  const count = Math.min(max, ks.countKeysInSlot(slot));
  return bulks(count > 0 ? ks.keysInSlot(slot, count) : []);
}

function replicasReply(st: ClusterState, id: string): Reply {
  const n = lookupNode(st, id);
  if (!n) throw new ReplyError(`ERR Unknown node ${id}`);
  if (isSlave(n)) throw new ReplyError("ERR The specified node is not a master");
  return arr(replicasOf(st, n).map((r) => bulk(nodeDescription(st, r))));
}

function countFailureReports(c: Ctx, id: string): Reply {
  const n = lookupNode(c.st, id);
  if (!n) throw new ReplyError(`ERR Unknown node ${id}`);
  return int(failureReportsCount(n, c));
}

/** CLUSTER HELP, as Redis 7 prints it (plus 7.2's MYSHARDID). */
const HELP = [
  "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "ADDSLOTS <slot> [<slot> ...]", "    Assign slots to current node.",
  "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
  "    Assign slots which are between <start-slot> and <end-slot> to current node.",
  "BUMPEPOCH", "    Advance the cluster config epoch.",
  "COUNT-FAILURE-REPORTS <node-id>", "    Return number of failure reports for <node-id>.",
  "COUNTKEYSINSLOT <slot>", "    Return the number of keys in <slot>.",
  "DELSLOTS <slot> [<slot> ...]", "    Delete slots information from current node.",
  "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
  "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
  "FAILOVER [FORCE|TAKEOVER]", "    Promote current replica node to being a master.",
  "FORGET <node-id>", "    Remove a node from the cluster.",
  "GETKEYSINSLOT <slot> <count>", "    Return key names stored by current node in a slot.",
  "FLUSHSLOTS", "    Delete current node own slots information.",
  "INFO", "    Return information about the cluster.",
  "KEYSLOT <key>", "    Return the hash slot for <key>.",
  "MEET <ip> <port> [<bus-port>]", "    Connect nodes into a working cluster.",
  "MYID", "    Return the node id.",
  "MYSHARDID", "    Return the node's shard id.",
  "NODES", "    Return cluster configuration seen by node. Output format:",
  "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
  "REPLICATE <node-id>", "    Configure current node as replica to <node-id>.",
  "RESET [HARD|SOFT]", "    Reset current node (default: soft).",
  "SET-CONFIG-EPOCH <epoch>", "    Set config epoch of current node.",
  "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)", "    Set slot state.",
  "REPLICAS <node-id>", "    Return <node-id> replicas.",
  "SAVECONFIG", "    Force saving cluster configuration on disk.",
  "SLOTS", "    Return information about slots range mappings. Each range is made of:",
  "    start, end, master and replicas IP addresses, ports and ids",
  "SHARDS", "    Return information about slot range mappings and the nodes associated with them.",
  "LINKS", "    Return information about all network links between this node and its peers.",
  "    Output format is an array where each array element is a map containing attributes of a link",
  "HELP", "    Prints this help.",
];
