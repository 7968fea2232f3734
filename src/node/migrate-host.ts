/** What MIGRATE's two halves (migrate-source.ts, migrate-shell.ts) need from the node. */
import type { BStr } from "../resp/bytes";
import type { Keyspace } from "../keyspace/db";
import type { SqlPort } from "../keyspace/sql";
import type { KeyLocks } from "../txn/locks";
import type { MigrateRequest, PeerReply } from "../txn/messages";
import type { SlotGate } from "./dispatch";
import type { Clock } from "./ports";

/** A page's payload, and a migrate-keys message's at most: well under the 32 MiB RPC limit, and little memory on both ends. */
export const MIGRATE_PAGE_BYTES = 4 * 1024 * 1024;

export interface MigrateHost {
  readonly name: string;
  readonly sql: SqlPort;
  readonly clock: Clock;
  readonly db: Keyspace;
  readonly locks: KeyLocks;
  peer(to: string, msg: MigrateRequest): Promise<PeerReply>;
  /** Is `name` a node of the cluster (CLUSTER NODES' host)? */
  knows(name: string): boolean;
  /** The node's slot gate (MOVED/ASK/TRYAGAIN/CLUSTERDOWN, READONLY). */
  gate: SlotGate;
  /** Is `slot` migrating from or importing to this node? */
  slotOpen(slot: number): boolean;
  /** Is `slot` imported by the atomic slot migration `job` (slot-migration.ts)? */
  importing(job: string, slot: number): boolean;
  /** Sends commands to replicas (inside the caller's transaction). */
  feed(cmds: BStr[][]): void;
}
