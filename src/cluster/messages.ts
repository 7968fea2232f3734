/**
 * Cluster bus messages: clusterMsg as plain structured-cloneable objects (they travel as Durable
 * Object RPC arguments). The header says who sends, with which epochs and which slots; the body
 * depends on the type, like clusterMsgData's union.
 *
 * Differences from the C layout, and why:
 * - `from` is the sender's Durable Object name. Redis learns a peer's address from the socket;
 *   RPC has no socket, so the address travels in the message (like `myip` when announced).
 * - Gossip times are in milliseconds (the wire has 32-bit seconds; no need here).
 * - `shardId` is Redis 7.2's shard-id ping extension (CLUSTER MYSHARDID).
 * `validate` is clusterProcessPacket's sanity check: a message that fails it is dropped and
 * counted, never applied, so nothing below it needs to re-check shapes.
 */
import { SLOT_BITMAP_BYTES, type SlotBitmap } from "./bitmap";
import type { NodeId, NodeName } from "./ids";

/** CLUSTER_PROTO_VER. */
export const PROTO_VER = 1;

/** Message types, named as CLUSTER INFO's cluster_stats_messages_<type>_* fields name them. */
export const MSG_TYPES = [
  "ping", "pong", "meet", "fail", "publish", "publishshard", "auth-req", "auth-ack", "update", "mfstart", "module",
] as const;
export type MsgType = (typeof MSG_TYPES)[number];

/** Header mflags (CLUSTERMSG_FLAG0_*). */
export const MFlag = {
  /** A master in a manual failover: writes are held, `offset` is final. */
  PAUSED: 1,
  /** A manual failover's vote request: vote although the master is up. */
  FORCEACK: 2,
} as const;

export interface MsgHeader {
  ver: number;
  type: MsgType;
  sender: NodeId;
  from: NodeName;
  port: number;
  cport: number;
  currentEpoch: number;
  /** The sender's configEpoch, or its master's if it is a replica. */
  configEpoch: number;
  /** Replication offset (master: its own; replica: processed). */
  offset: number;
  /** Slots of the sender, or of its master if it is a replica. */
  myslots: SlotBitmap;
  slaveof: NodeId | null;
  flags: number;
  state: "ok" | "fail";
  mflags: number;
  shardId: string;
}

export interface GossipEntry {
  id: NodeId;
  name: NodeName;
  pingSent: number;
  pongReceived: number;
  port: number;
  cport: number;
  flags: number;
}

export type PingMsg = MsgHeader & { type: "ping" | "pong" | "meet"; gossip: GossipEntry[] };
export type FailMsg = MsgHeader & { type: "fail"; about: NodeId };
export type UpdateMsg = MsgHeader & { type: "update"; nodecfg: { id: NodeId; configEpoch: number; slots: SlotBitmap } };
export type PublishMsg = MsgHeader & { type: "publish" | "publishshard"; channel: string; message: string };
export type ModuleMsg = MsgHeader & { type: "module"; moduleId: string; moduleType: number; payload: string };
export type BareMsg = MsgHeader & { type: "auth-req" | "auth-ack" | "mfstart" };

export type BusMessage = PingMsg | FailMsg | UpdateMsg | PublishMsg | ModuleMsg | BareMsg;

// ---- validation ------------------------------------------------------------------------------

/** Bounds: the wire's field widths (uint16 ports, flags and counts). */
const MAX_U16 = 0xffff;
const MAX_NAME_LEN = 256;
/** Pub/Sub payloads: Redis's proto-max-bulk-len default (512 MB) would not fit an RPC anyway. */
const MAX_PAYLOAD_LEN = 32 * 1024 * 1024;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isUint = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= max;
const isName = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= MAX_NAME_LEN;
/** Ids on the wire are what nodes generate: 40 lowercase hex chars. */
const HEX_ID = /^[0-9a-f]{40}$/;
const isId = (v: unknown): v is string => typeof v === "string" && HEX_ID.test(v);
const isBitmap = (v: unknown): v is SlotBitmap => v instanceof Uint8Array && v.length === SLOT_BITMAP_BYTES;
const isPayload = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_PAYLOAD_LEN;

/** Why `msg` must be dropped, or null if it is a well-formed bus message. */
export function validate(msg: unknown): string | null {
  if (!isObj(msg)) return "not an object";
  if (msg.ver !== PROTO_VER) return `unsupported protocol version ${String(msg.ver)}`;
  if (typeof msg.type !== "string" || !(MSG_TYPES as readonly string[]).includes(msg.type)) {
    return `unknown message type ${String(msg.type)}`;
  }
  return validateHeader(msg) ?? validateBody(msg.type as MsgType, msg);
}

function validateHeader(m: Obj): string | null {
  if (!isId(m.sender)) return "bad sender id";
  if (!isName(m.from)) return "bad sender name";
  if (!isUint(m.port, MAX_U16) || !isUint(m.cport, MAX_U16)) return "bad port";
  if (!isUint(m.currentEpoch) || !isUint(m.configEpoch) || !isUint(m.offset)) return "bad epoch or offset";
  if (!isBitmap(m.myslots)) return "bad slot bitmap";
  if (m.slaveof !== null && !isId(m.slaveof)) return "bad slaveof id";
  if (!isUint(m.flags, MAX_U16) || !isUint(m.mflags, 0xffffff)) return "bad flags";
  if (m.state !== "ok" && m.state !== "fail") return "bad cluster state";
  if (!isId(m.shardId)) return "bad shard id";
  return null;
}

function validateBody(type: MsgType, m: Obj): string | null {
  switch (type) {
    case "ping":
    case "pong":
    case "meet":
      return validateGossip(m.gossip);
    case "fail":
      return isId(m.about) ? null : "bad FAIL node id";
    case "update": {
      const cfg = m.nodecfg;
      if (!isObj(cfg) || !isId(cfg.id) || !isUint(cfg.configEpoch) || !isBitmap(cfg.slots)) return "bad UPDATE body";
      return null;
    }
    case "publish":
    case "publishshard":
      return isPayload(m.channel) && isPayload(m.message) ? null : "bad PUBLISH body";
    case "module":
      return typeof m.moduleId === "string" && isUint(m.moduleType, 0xff) && isPayload(m.payload) ? null : "bad MODULE body";
    case "auth-req":
    case "auth-ack":
    case "mfstart":
      return null;
  }
}

function validateGossip(g: unknown): string | null {
  if (!Array.isArray(g)) return "gossip is not an array";
  if (g.length > MAX_U16) return "too many gossip entries";
  for (const e of g) {
    if (!isObj(e) || !isId(e.id) || !isName(e.name)) return "bad gossip entry";
    if (!isUint(e.pingSent) || !isUint(e.pongReceived)) return "bad gossip times";
    if (!isUint(e.port, MAX_U16) || !isUint(e.cport, MAX_U16) || !isUint(e.flags, MAX_U16)) return "bad gossip entry";
  }
  return null;
}
