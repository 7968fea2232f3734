/**
 * Replication messages: plain, structured-cloneable objects that travel as RPC arguments (or
 * ride back as an RPC's return value). `from` is the sender's Durable Object name. Offsets are
 * replication offsets (byte numbers of the stream, the first byte being 1).
 *
 *   replica → master   psync      PSYNC <replid|?> <offset|-1> (+ REPLCONF listening-port)
 *   master → replica   continue   +CONTINUE <replid>, with the backlog from `offset` (first part)
 *                      fullresync +FULLRESYNC <replid> <offset>; snapshot pages follow
 *                      psync-error -NOMASTERLINK ... (try again later)
 *                      stream     replication stream bytes numbered startOffset...
 *                      snapshot   one page of the full-sync snapshot taken at `offset`
 *                      getack     REPLCONF GETACK (WAIT wants fresh acks)
 *   replica → master   ack        REPLCONF ACK <offset>
 *                      snapshot-request  the next page of the snapshot, please (pages are pulled,
 *                                 one at a time, so loss and reordering only cost a retry)
 *   either way         disconnect the sender closed the link (what a TCP close tells Redis), saying
 *                                 in which role: a master dropping its replica, or a replica
 *                                 leaving its master (two nodes can hold both links to each other
 *                                 for a while around a failover, and must not cut the wrong one)
 */
import type { BStr } from "../resp/bytes";
import { isReplid } from "./state";

export interface PsyncRequest {
  type: "psync";
  from: string;
  /** The cached master's replid, or "?" to ask for a full resync. */
  replid: string;
  /** First byte wanted (reploff + 1), or -1 with "?". */
  offset: number;
  port: number;
  attempt: number;
}

export interface PsyncContinue {
  type: "continue";
  from: string;
  replid: string;
  /** The PSYNC offset: number of the first byte of `bytes`. */
  offset: number;
  bytes: BStr;
  attempt: number;
}

export interface PsyncFullResync {
  type: "fullresync";
  from: string;
  replid: string;
  offset: number;
  attempt: number;
}

export interface PsyncError {
  type: "psync-error";
  from: string;
  text: string;
  attempt: number;
}

export interface StreamBatch {
  type: "stream";
  from: string;
  replid: string;
  startOffset: number;
  /** RESP-encoded commands (possibly cut mid-command when read from the backlog). */
  bytes: BStr;
}

export interface SnapshotPage {
  type: "snapshot";
  from: string;
  replid: string;
  /** The offset the snapshot was taken at (the +FULLRESYNC offset). */
  offset: number;
  page: number;
  last: boolean;
  /** The shell's serialization of some keys. */
  data: BStr;
  /** Size of the whole snapshot if the shell knows it, else 0 (INFO master_sync_total_bytes). */
  totalBytes: number;
}

export interface SnapshotRequest {
  type: "snapshot-request";
  from: string;
  replid: string;
  /** The +FULLRESYNC offset the snapshot was taken at. */
  offset: number;
  page: number;
}

export interface ReplconfAck {
  type: "ack";
  from: string;
  offset: number;
}

export interface ReplconfGetack {
  type: "getack";
  from: string;
}

export interface Disconnect {
  type: "disconnect";
  from: string;
  /** The sender's side of the link it closes: "master" (you are not my replica) or "replica" (you are not my master). */
  side: "master" | "replica";
  reason: string;
}

export type ReplMessage =
  | PsyncRequest | PsyncContinue | PsyncFullResync | PsyncError | StreamBatch | SnapshotPage | SnapshotRequest
  | ReplconfAck | ReplconfGetack | Disconnect;

export type ReplMessageType = ReplMessage["type"];

type FieldKind = "string" | "offset" | "int" | "bool" | "replid" | "side";

const FIELDS: Record<ReplMessageType, Record<string, FieldKind>> = {
  psync: { replid: "string", offset: "int", port: "int", attempt: "int" },
  continue: { replid: "replid", offset: "offset", bytes: "string", attempt: "int" },
  fullresync: { replid: "replid", offset: "int", attempt: "int" },
  "psync-error": { text: "string", attempt: "int" },
  stream: { replid: "replid", startOffset: "offset", bytes: "string" },
  snapshot: { replid: "replid", offset: "int", page: "int", last: "bool", data: "string", totalBytes: "int" },
  "snapshot-request": { replid: "replid", offset: "int", page: "int" },
  ack: { offset: "int" },
  getack: {},
  disconnect: { side: "side", reason: "string" },
};

function fieldOk(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case "string":
      return typeof v === "string";
    case "replid":
      return isReplid(v);
    case "bool":
      return typeof v === "boolean";
    case "int":
      return Number.isSafeInteger(v);
    case "offset":
      return Number.isSafeInteger(v) && (v as number) >= 1;
    case "side":
      return v === "master" || v === "replica";
  }
}

/** Why `msg` is not a well-formed replication message, or null if it is. */
export function validate(msg: unknown): string | null {
  if (typeof msg !== "object" || msg === null) return "not an object";
  const m = msg as Record<string, unknown>;
  if (typeof m.type !== "string" || !Object.hasOwn(FIELDS, m.type)) return `unknown type ${String(m.type)}`;
  if (typeof m.from !== "string" || m.from === "") return "missing sender";
  for (const [field, kind] of Object.entries(FIELDS[m.type as ReplMessageType])) {
    if (!fieldOk(m[field], kind)) return `${m.type}: bad ${field}`;
  }
  return null;
}
