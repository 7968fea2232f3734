/**
 * CLIENT LIST / CLIENT INFO lines (catClientInfoString, Redis 7.0's field order) and the client
 * types CLIENT LIST TYPE and CLIENT KILL TYPE name (getClientTypeByName / getClientType).
 */
import type { BStr } from "../../resp/bytes";

/** One connection as CLIENT LIST shows it (a snapshot: the registry builds it from the live connection). */
export interface ClientSnapshot {
  id: number;
  addr: string;
  laddr: string;
  name: BStr;
  /** Milliseconds since the epoch. */
  createdAt: number;
  lastInteraction: number;
  /** Subscribed channels, patterns and shard channels. */
  sub: number;
  psub: number;
  ssub: number;
  /** Commands queued in MULTI, or -1 outside MULTI. */
  multi: number;
  /** In MONITOR mode (flag O). */
  monitor: boolean;
  /** CLIENT TRACKING's flags (t, R, B) and REDIRECT target (-1: none). */
  tracking?: { flags: string; redir: number };
  readonly: boolean;
  noEvict: boolean;
  /** Bytes received and not yet run; bytes of MULTI's queued arguments; reply bytes held unsent. */
  qbuf: number;
  multiMem: number;
  omem: number;
  /** Full name of the last command (`client|list`), or NULL before the first. */
  cmd: string;
  user: string;
  resp: 2 | 3;
  libName: BStr;
  libVer: BStr;
}

export type ClientType = "normal" | "replica" | "pubsub" | "master";

/** getClientTypeByName: null for a name Redis does not know. */
export function clientTypeByName(name: BStr): ClientType | null {
  switch (name.toLowerCase()) {
    case "normal":
      return "normal";
    case "slave":
    case "replica":
      return "replica";
    case "pubsub":
      return "pubsub";
    case "master":
      return "master";
    default:
      return null;
  }
}

/** getClientType: a MONITOR connection counts as normal; subscribed ones as pubsub. No master/replica links end at the gateway. */
export function clientType(c: ClientSnapshot): ClientType {
  return c.sub + c.psub + c.ssub > 0 ? "pubsub" : "normal";
}

/** The flags field: O for MONITOR (Redis sets SLAVE|MONITOR), P subscribed, x in MULTI, r READONLY, e NO-EVICT; N for none. */
export function clientFlags(c: ClientSnapshot): string {
  let f = "";
  if (c.monitor) f += "O";
  if (c.sub + c.psub + c.ssub > 0) f += "P";
  if (c.multi >= 0) f += "x";
  f += c.tracking?.flags ?? "";
  if (c.readonly) f += "r";
  if (c.noEvict) f += "e";
  return f || "N";
}

const seconds = (ms: number): number => Math.max(0, Math.floor(ms / 1000));

/** One line, with its trailing newline (Redis's order; lib-name/lib-ver as CLIENT SETINFO sets them). */
export function clientLine(c: ClientSnapshot, now: number): string {
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=-1 name=${c.name} age=${seconds(now - c.createdAt)} ` +
    `idle=${seconds(now - c.lastInteraction)} flags=${clientFlags(c)} db=0 sub=${c.sub} psub=${c.psub} ssub=${c.ssub} ` +
    `multi=${c.multi} qbuf=${c.qbuf} qbuf-free=0 argv-mem=0 multi-mem=${c.multiMem} rbs=0 rbp=0 obl=0 oll=0 ` +
    `omem=${c.omem} tot-mem=${c.qbuf + c.multiMem + c.omem} events=r cmd=${c.cmd} user=${c.user} redir=${c.tracking?.redir ?? -1} resp=${c.resp} ` +
    `lib-name=${c.libName} lib-ver=${c.libVer}\n`
  );
}
