/**
 * What nodes say to each other to run one command (or one MULTI/EXEC) atomically over keys that
 * live on several nodes. The coordinator (the node the gateway sent the command to) locks the keys
 * on each participant in a global order (by node name), reading their values; computes the result
 * on copies; records its decision in SQLite; then sends each participant the new values of its
 * keys. A participant whose lease runs out asks the coordinator for the outcome.
 *
 * Values travel as DUMP payloads (keyspace/serialize.ts) with their absolute expiry.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { WatchToken } from "../node-rpc";

/** A key's state as a participant read it, or as the decision writes it back (payload null: absent). */
export interface KeyImage {
  key: BStr;
  payload: BStr | null;
  expiresAt: number | null;
}

export type TxnRequest =
  /** Lock `keys` for `txid` (all or none), check the WATCH token, and answer their images. */
  | { type: "lock"; txid: string; coordinator: string; keys: BStr[]; watch?: WatchToken }
  /** The decision for this participant: write these images, then release. */
  | { type: "commit"; txid: string; writes: KeyImage[] }
  /** The transaction aborted: release without writing. */
  | { type: "release"; txid: string }
  /** Asked of the coordinator by a participant whose lease ran out. */
  | { type: "outcome"; txid: string; participant: string };

/**
 * MIGRATE (node/migrate-shell.ts): a key's value travels in pages, each a DUMP payload of part of
 * it, in order (`seq` from 0); the target stages them and installs the key with the `last` one.
 * `txid` names the migration (the source's lock on the keys).
 */
export type MigrateRequest =
  | {
    type: "migrate-page"; txid: string; key: BStr; seq: number; payload: BStr; last: boolean; expiresAt: number | null; replace: boolean;
    /** An atomic slot migration's page: accepted for that import job's slots (no slot gate). */
    job?: string;
  }
  /**
   * The small keys of one MIGRATE (each value within a page), whole, in one message: the target
   * restores each as RESTORE-ASKING would and answers per key (`restored`).
   */
  | { type: "migrate-keys"; txid: string; keys: KeyImage[]; replace: boolean }
  /** The source gave up on the key (it expired, the target timed out): drop what was staged. */
  | { type: "migrate-abort"; txid: string; key: BStr };

/**
 * Atomic slot migration (node/slot-migration.ts), driven by the source; `txid` is the job's name.
 * The keys travel as migrate-page messages with `job` set; then the slots' write stream, in order.
 */
export type SlotMigrationRequest =
  | { type: "asm-begin"; txid: string; source: string; sourceId: string; slots: number[] }
  /** Small keys of a slot being copied, whole, many per message (large ones travel as migrate-page). */
  | { type: "asm-keys"; txid: string; keys: KeyImage[] }
  | { type: "asm-stream"; txid: string; seq: number; cmds: BStr[][] }
  /** Everything is there and the source holds the slots' writes: claim the slots. */
  | { type: "asm-flip"; txid: string }
  | { type: "asm-abort"; txid: string }
  /** Did the flip happen? (after a flip whose answer was lost) */
  | { type: "asm-status"; txid: string };

export type PeerRequest = TxnRequest | MigrateRequest | SlotMigrationRequest;

export const isMigrateRequest = (r: PeerRequest): r is MigrateRequest => r.type === "migrate-page" || r.type === "migrate-keys" || r.type === "migrate-abort";
export const isSlotMigrationRequest = (r: PeerRequest): r is SlotMigrationRequest => r.type.startsWith("asm-");

export type PeerReply =
  | { type: "locked"; images: KeyImage[] }
  /** The lock was refused: the reply says why (MOVED, TRYAGAIN, ...), for the client. */
  | { type: "refused"; reply: Reply }
  /** A watched key changed: the transaction aborts (EXEC answers a null array). */
  | { type: "watch-changed" }
  | { type: "done" }
  /** The outcome: commit with these writes, or abort. */
  | { type: "decided"; commit: boolean; writes: KeyImage[] }
  /** An import job's state (asm-status). */
  | { type: "job-state"; state: string }
  /** migrate-keys' answer, per key in order: null where it was restored, else the target's error. */
  | { type: "restored"; errors: (Reply | null)[] };

const isStr = (x: unknown): x is string => typeof x === "string";
const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

function isImage(x: unknown): x is KeyImage {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return isStr(o.key) && (o.payload === null || isStr(o.payload)) && (o.expiresAt === null || typeof o.expiresAt === "number");
}

/** A message from the network is checked before anything acts on it (null: malformed, dropped). */
export function parsePeerRequest(x: unknown): PeerRequest | null {
  if (typeof x !== "object" || x === null) return null;
  const o = x as Record<string, unknown>;
  if (!isStr(o.txid)) return null;
  switch (o.type) {
    case "lock":
      return isStr(o.coordinator) && isStrArray(o.keys) ? (x as PeerRequest) : null;
    case "commit":
      return Array.isArray(o.writes) && o.writes.every(isImage) ? (x as PeerRequest) : null;
    case "release":
      return x as PeerRequest;
    case "outcome":
      return isStr(o.participant) ? (x as PeerRequest) : null;
    case "migrate-page":
      return isStr(o.key) && Number.isInteger(o.seq) && (o.seq as number) >= 0 && isStr(o.payload) && typeof o.last === "boolean"
        && (o.expiresAt === null || typeof o.expiresAt === "number") && typeof o.replace === "boolean"
        && (o.job === undefined || isStr(o.job)) ? (x as PeerRequest) : null;
    case "migrate-keys":
      return Array.isArray(o.keys) && o.keys.every((k) => isImage(k) && k.payload !== null) && typeof o.replace === "boolean" ? (x as PeerRequest) : null;
    case "migrate-abort":
      return isStr(o.key) ? (x as PeerRequest) : null;
    case "asm-begin":
      return isStr(o.source) && isStr(o.sourceId) && Array.isArray(o.slots)
        && o.slots.every((s) => Number.isInteger(s) && s >= 0 && s < 16384) ? (x as PeerRequest) : null;
    case "asm-keys":
      return Array.isArray(o.keys) && o.keys.every((k) => isImage(k) && k.payload !== null) ? (x as PeerRequest) : null;
    case "asm-stream":
      return Number.isInteger(o.seq) && Array.isArray(o.cmds) && o.cmds.every(isStrArray) ? (x as PeerRequest) : null;
    case "asm-flip":
    case "asm-abort":
    case "asm-status":
      return x as PeerRequest;
    default:
      return null;
  }
}
