/**
 * Keyspace notifications (Redis 7.0's notify.c): `notify-keyspace-events` flags, and the events
 * a command emits. The node collects the keys a command modified (Keyspace.onModified) and, after
 * the command, names each key's event from the table below by the key's role in the command
 * (RENAME's source is rename_from, its destination rename_to; SMOVE: srem, then sadd; ...). A
 * container emptied by the command also emits `del`, and a key removed by expiry emits `expired`,
 * as Redis does. Publishing goes through the node's outbox (outbox.ts) to the hubs.
 *
 * `new` (class n) is emitted when a key is added (Keyspace.onCreated: dbAdd's places, RENAME's and
 * COPY's destination included), before the command's own event. Not emitted: `evicted` (no
 * eviction here), stream (t) and module (d) events (no such commands here). `keymiss` (class m):
 * a read command's key that does not exist (notifier.ts).
 */
import type { BStr } from "../resp/bytes";

export const NOTIFY = {
  keyspace: 1 << 0, keyevent: 1 << 1, generic: 1 << 2, string: 1 << 3, list: 1 << 4, set: 1 << 5, hash: 1 << 6,
  zset: 1 << 7, expired: 1 << 8, evicted: 1 << 9, stream: 1 << 10, keyMiss: 1 << 11, module: 1 << 13, new: 1 << 14,
} as const;
const ALL = NOTIFY.generic | NOTIFY.string | NOTIFY.list | NOTIFY.set | NOTIFY.hash | NOTIFY.zset | NOTIFY.expired |
  NOTIFY.evicted | NOTIFY.stream | NOTIFY.module;
const CHARS: [string, number][] = [
  ["g", NOTIFY.generic], ["$", NOTIFY.string], ["l", NOTIFY.list], ["s", NOTIFY.set], ["h", NOTIFY.hash], ["z", NOTIFY.zset],
  ["x", NOTIFY.expired], ["e", NOTIFY.evicted], ["t", NOTIFY.stream], ["d", NOTIFY.module], ["n", NOTIFY.new],
];

export const BAD_EVENT_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

/** keyspaceEventsStringToFlags: null for a character that names no class. */
export function parseNotifyFlags(s: string): number | null {
  let flags = 0;
  for (const c of s) {
    const f = c === "A" ? ALL : c === "K" ? NOTIFY.keyspace : c === "E" ? NOTIFY.keyevent : c === "m" ? NOTIFY.keyMiss
      : CHARS.find(([ch]) => ch === c)?.[1];
    if (f === undefined) return null;
    flags |= f;
  }
  return flags;
}

/** keyspaceEventsFlagsToString (CONFIG GET's form). */
export function formatNotifyFlags(flags: number): string {
  let s = (flags & ALL) === ALL ? "A" : CHARS.filter(([, f]) => flags & f).map(([c]) => c).join("");
  if (flags & NOTIFY.keyspace) s += "K";
  if (flags & NOTIFY.keyevent) s += "E";
  if (flags & NOTIFY.keyMiss) s += "m";
  return s;
}

type Ev = readonly [cls: number, event: string];
const g = (e: string): Ev => [NOTIFY.generic, e];
const str = (e: string): Ev => [NOTIFY.string, e];
const l = (e: string): Ev => [NOTIFY.list, e];
const st = (e: string): Ev => [NOTIFY.set, e];
const h = (e: string): Ev => [NOTIFY.hash, e];
const z = (e: string): Ev => [NOTIFY.zset, e];

/** Command → the event of its first key, and of its other keys (destinations) where they differ. */
const EVENTS: Record<string, { first: Ev; rest?: Ev }> = {
  set: { first: str("set") }, setnx: { first: str("set") }, setex: { first: str("set") }, psetex: { first: str("set") },
  getset: { first: str("set") }, mset: { first: str("set") }, msetnx: { first: str("set") },
  setrange: { first: str("setrange") }, append: { first: str("append") }, incrbyfloat: { first: str("incrbyfloat") },
  incr: { first: str("incrby") }, decr: { first: str("decrby") }, incrby: { first: str("incrby") }, decrby: { first: str("decrby") },
  del: { first: g("del") }, unlink: { first: g("del") }, getdel: { first: g("del") },
  expire: { first: g("expire") }, pexpire: { first: g("expire") }, expireat: { first: g("expire") }, pexpireat: { first: g("expire") },
  persist: { first: g("persist") }, rename: { first: g("rename_from"), rest: g("rename_to") },
  renamenx: { first: g("rename_from"), rest: g("rename_to") }, copy: { first: g("copy_to"), rest: g("copy_to") },
  restore: { first: g("restore") },
  lpush: { first: l("lpush") }, lpushx: { first: l("lpush") }, rpush: { first: l("rpush") }, rpushx: { first: l("rpush") },
  lpop: { first: l("lpop") }, rpop: { first: l("rpop") }, blpop: { first: l("lpop") }, brpop: { first: l("rpop") },
  linsert: { first: l("linsert") }, lset: { first: l("lset") }, lrem: { first: l("lrem") }, ltrim: { first: l("ltrim") },
  rpoplpush: { first: l("rpop"), rest: l("lpush") }, brpoplpush: { first: l("rpop"), rest: l("lpush") },
  hset: { first: h("hset") }, hmset: { first: h("hset") }, hsetnx: { first: h("hset") }, hdel: { first: h("hdel") },
  hincrby: { first: h("hincrby") }, hincrbyfloat: { first: h("hincrbyfloat") },
  hexpire: { first: h("hexpire") }, hpexpire: { first: h("hexpire") }, hexpireat: { first: h("hexpire") },
  hpexpireat: { first: h("hexpire") }, hpersist: { first: h("hpersist") }, hsetex: { first: h("hset") }, hgetdel: { first: h("hdel") },
  sadd: { first: st("sadd") }, srem: { first: st("srem") }, spop: { first: st("spop") }, smove: { first: st("srem"), rest: st("sadd") },
  sinterstore: { first: st("sinterstore") }, sunionstore: { first: st("sunionstore") }, sdiffstore: { first: st("sdiffstore") },
  zadd: { first: z("zadd") }, zincrby: { first: z("zincr") }, zrem: { first: z("zrem") },
  zremrangebyscore: { first: z("zremrangebyscore") }, zremrangebyrank: { first: z("zremrangebyrank") },
  zremrangebylex: { first: z("zremrangebylex") }, zpopmin: { first: z("zpopmin") }, zpopmax: { first: z("zpopmax") },
  bzpopmin: { first: z("zpopmin") }, bzpopmax: { first: z("zpopmax") }, zunionstore: { first: z("zunionstore") },
  zinterstore: { first: z("zinterstore") }, zdiffstore: { first: z("zdiffstore") }, zrangestore: { first: z("zrangestore") },
  pfadd: { first: str("pfadd") }, pfmerge: { first: str("pfadd") }, sort: { first: l("sortstore") },
  geoadd: { first: z("zadd") }, geosearchstore: { first: z("geosearchstore") },
  georadius: { first: z("georadiusstore") }, georadiusbymember: { first: z("georadiusstore") },
  setbit: { first: str("setbit") }, bitfield: { first: str("setbit") },
};

/** Where a store command writes (its first argument), when it is not argv[1]'s role to. */
const STORES = new Set(["sinterstore", "sunionstore", "sdiffstore", "zunionstore", "zinterstore", "zdiffstore", "zrangestore", "geosearchstore"]);

const hasArg = (argv: BStr[], from: number, ...names: string[]): string | undefined =>
  argv.slice(from).map((a) => a.toUpperCase()).find((a) => names.includes(a));

/** The events `argv` emitted for `key` (one it modified; `exists` after it), before the extra `del` of an emptied key. */
export function keyEvents(argv: BStr[], key: BStr, exists = true): Ev[] {
  const name = argv[0]!.toLowerCase();
  // BITOP sets its destination, or deletes it when the result is empty.
  if (name === "bitop") return [exists ? str("set") : g("del")];
  if (name === "lmove" || name === "blmove") return [l(key === argv[1] ? `${dir(argv[3])}pop` : `${dir(argv[4])}push`)];
  if (name === "lmpop" || name === "blmpop") return [l(`${dir(hasArg(argv, 2, "LEFT", "RIGHT"))}pop`)];
  if (name === "zmpop" || name === "bzmpop") return [z(hasArg(argv, 2, "MIN", "MAX") === "MAX" ? "zpopmax" : "zpopmin")];
  if (name === "getex") return hasArg(argv, 2, "PERSIST") ? [g("persist")] : [g("expire")];
  if (name === "hgetex") return argv[2]?.toUpperCase() === "PERSIST" ? [h("hpersist")] : argv[2]?.toUpperCase() === "FIELDS" ? [] : [h("hexpire")];
  if (name === "zadd" && hasArg(argv, 2, "INCR")) return [z("zincr")];
  const e = EVENTS[name];
  if (!e) return [];
  const first = STORES.has(name) ? true : key === argv[1];
  const ev = first ? e.first : e.rest ?? e.first;
  if (name === "set" && hasArg(argv, 3, "EX", "PX", "EXAT", "PXAT")) return [ev, g("expire")];
  if (name === "setex" || name === "psetex") return [ev, g("expire")];
  return [ev];
}

const dir = (a: BStr | undefined): string => (a?.toUpperCase() === "RIGHT" ? "r" : "l");

/** Whether an event removes its key by itself (no extra `del` when the key is gone after it). */
export const removesKey = (ev: Ev): boolean => ev[0] === NOTIFY.generic;
