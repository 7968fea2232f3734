/** What the two halves of an atomic slot migration share: the job record, its states, the host. */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { ClusterState } from "../cluster";
import type { Keyspace } from "../keyspace/db";
import type { SqlPort } from "../keyspace/sql";
import type { KeyLocks } from "../txn/locks";
import type { KeyImage, MigrateRequest, PeerReply, SlotMigrationRequest } from "../txn/messages";
import type { Clock } from "./ports";

/** An import job that hears nothing from its source this long gives up and drops its keys. */
export const IMPORT_IDLE_MS = 60_000;
/** Small keys are copied together, up to this many bytes or keys per message. */
export const KEY_BATCH_BYTES = 1024 * 1024;
export const KEY_BATCH_COUNT = 1000;
/**
 * Keys a source deletes at a time after the flip (its copies, no longer reachable), a turn of the
 * event loop between chunks (slot-cleanup.ts). 256: a chunk of 1 KiB collections is a few ms of
 * SQLite work (about 3 ms in-process by a CPU profile of MIGRATE deletions), so clients of the
 * node (and, under wrangler dev, of the process) wait no longer than that; 2000 made the last second of scripts/bench/resharding.ts's atomic move its worst.
 */
export const DELETE_CHUNK = 256;
/**
 * Slots held and copied together at most (a group's commands wait while its keys travel). One:
 * on a loaded wrangler dev, groups of 16 and 128 slots moved keys 1.2x and 2.1x faster but made
 * client commands on the moving slots wait 0.7 s and 3 s at the median (scripts/bench/resharding.ts).
 */
export const SLOT_GROUP = 1;
/** Stream commands sent per message (the bytes stay far under the RPC limit: each command is a write's). */
export const STREAM_BATCH = 512;
/** How long the target waits for its replicas to acknowledge the imported keys before the flip. */
export const FLIP_REPLICA_WAIT_MS = 5_000;
/** How often a source whose flip went unanswered asks again. */
export const FLIP_RETRY_MS = 500;
/** Finished jobs shown by GETSLOTMIGRATIONS (Valkey's cluster-slot-migration-log-max-len). */
export const LOG_MAX = 16;

export type State = "begin" | "snapshotting" | "streaming" | "pausing" | "flipping" | "success" | "failed" | "cancelled";
export const ACTIVE: ReadonlySet<State> = new Set(["begin", "snapshotting", "streaming", "pausing", "flipping"]);

export interface Job {
  name: string;
  operation: "EXPORT" | "IMPORT";
  source: string;
  target: string;
  /** The other end's node id (target's for an export, source's for an import). */
  peerId: string;
  slots: number[];
  state: State;
  message: string;
  createdAt: number;
  updatedAt: number;
  keys: number;
  bytes: number;
  // export side
  copied: Set<number>;
  stream: BStr[][];
  sent: number;
  pump: Promise<void> | null;
  // import side
  nextSeq: number;
}

export interface SlotMigrationHost {
  readonly name: string;
  readonly nodeId: string;
  readonly sql: SqlPort;
  readonly clock: Clock;
  readonly db: Keyspace;
  readonly locks: KeyLocks;
  cluster(): ClusterState;
  isMaster(): boolean;
  peer(to: string, msg: SlotMigrationRequest | MigrateRequest): Promise<PeerReply>;
  /** Writes whole keys (their images) in one transaction, replicated. */
  installImages(images: KeyImage[]): void;
  /** Runs commands as the master client (no slot gate), replicated. */
  applyAsMaster(cmds: BStr[][]): void;
  /** Deletes every key of `slots` here, replicated (as DEL). */
  /** Deletes keys of `slots` here (at most `limit`), replicated (as DEL); returns how many. */
  deleteSlots(slots: readonly number[], limit?: number): number;
  /** Until every online replica acknowledged what I hold now (true), or `ms` passed (false). */
  replicasCaughtUp(ms: number): Promise<boolean>;
  /** Target: claim the slots; source: hand them to `targetId`. Their bus messages are sent. */
  handover(op: { claim: readonly number[] } | { handOver: readonly number[]; targetId: string }): Promise<Reply>;
  failed(what: string, e: unknown): void;
}

/** A step of a job failed: the job fails (and rolls back). */
export class JobFailed extends Error {}
