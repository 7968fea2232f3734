/** The sans-I/O cluster core: public API (re-exports only). See core.ts for the theory of operation. */
export { receive, tick, linkFailed, publish, pongAll, replicationProgress } from "./core";
export { writesPausedUntil } from "./failover";
export { nextWake } from "./deadline";
export { slotTableProblem } from "./invariants";
export type { ClusterConfig, Env, NodeEffect, Outcome, Send } from "./context";
export { clusterCommand, replicaofCommand, slotHandoverCommand, type ClusterKeyspace, type CommandResult } from "./commands";
export { route, slotIsOpen, isRoutingRefusal, REDIRECT, type RouteConn, type RouteOptions, type RouteQuery } from "./routing";
export { serialize, deserialize, CorruptStateError } from "./persist";
export { validate, MSG_TYPES, PROTO_VER, type BusMessage, type GossipEntry, type MsgHeader, type MsgType } from "./messages";
export {
  createState, NodeFlag, takeChangedSlots, type ClusterNode, type ClusterState, type Identity, type NodeId, type NodeName,
} from "./state";
export { clusterNodes, clusterInfo, clusterSlots, clusterShards } from "./views";
