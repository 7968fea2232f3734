/** The sans-I/O replication core: public API (re-exports only). See core.ts for the theory of operation. */
export { receive, feed, setMaster, snapshotPage, requestAcks, deliveryFailed } from "./core";
export { tick, PSYNC_REPLY_TIMEOUT_MS, ACK_PERIOD_MS } from "./cron";
export { DEFAULT_MAX_BATCH_BYTES, type Env, type Outcome, type ReplConfig, type ReplEffect, type Send } from "./context";
export {
  createState, shiftReplicationId, changeReplicationId, clearReplicationId2, createReplicationBacklog, randomReplid, NULL_REPLID,
  type ReplicationState, type ReplicaInfo, type ReplicaState, type MasterLink, type LinkState, type FullSync,
} from "./state";
export {
  masterTryPartialResynchronization, refusalText, type PsyncDecision, type PsyncRefusal,
} from "./psync";
export {
  BACKLOG_MIN_SIZE, backlogEnd, backlogReadLength, chunkSlice, chunksToDrop, createBacklogMeta, feedBacklogMeta,
  resizeBacklogMeta, type Backlog, type BacklogMeta, type ChunkSpan,
} from "./backlog";
export { MemoryBacklog } from "./memory-backlog";
export type { PageInput } from "./master";
export { encodeCommand, encodeCommands, parseCommands, StreamProtocolError } from "./stream";
export { validate, type ReplMessage, type ReplMessageType } from "./messages";
export type {
  PsyncRequest, PsyncContinue, PsyncFullResync, PsyncError, StreamBatch, SnapshotPage, SnapshotRequest, ReplconfAck,
  ReplconfGetack, Disconnect,
} from "./messages";
export { serialize, deserialize, CorruptReplicationStateError } from "./persist";
export {
  infoReplication, infoReplicationFields, roleReply, countAcksByOffset, goodReplicasCount, checkGoodReplicas, NOREPLICAS,
} from "./views";
