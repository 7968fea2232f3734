/**
 * OBJECT and MEMORY (object.c). OBJECT ENCODING names what Redis 7.0 would use for the value, by
 * the thresholds of CONFIG (hash-max-listpack-*, zset-max-listpack-*, set-max-intset-entries),
 * computed from the value as it is now (Redis never converts back to the compact encoding after
 * shrinking, nor after a threshold is raised: docs/server.md). IDLETIME and FREQ come from the
 * node's key access tracker (stats/key-access.ts). MEMORY USAGE estimates the bytes stored.
 */
import type { BStr } from "../resp/bytes";
import { bulk, ERR, int, map, NULL, OK, ReplyError, verbatim, type Reply } from "../resp/reply";
import { bigIntArg, isOpt, toBigInt } from "../commands/args";
import { OBJECT_KEY_SUBCOMMANDS } from "../commands/specs/keys";
import type { KeyMeta, Keyspace } from "../keyspace/db";
import { hasFieldTtls } from "../keyspace/hash-ttl-store";
import type { CommandContext, HandlerTable } from "../keyspace/handler";
import { serverOf, type ServerConfig } from "./server-commands";
import { NodeConfig } from "./config";
import { badSubcommand, helpReply } from "./server-admin";
import { subcommandRefusal } from "../commands/docs/command-docs";

/** Shared integer objects 0..9999 (OBJ_SHARED_INTEGERS) report refcount INT_MAX. */
const SHARED_INTEGERS = 10000, SHARED_REFCOUNT = 2147483647;
/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_SIZE_LIMIT = 44;
/** maxmemory-policy values with the LFU flag (MAXMEMORY_FLAG_LFU). */
const LFU_FLAG = 2;

const DEFAULT_CONFIG = new NodeConfig({});

/** OBJECT ENCODING: what Redis 7.0 would pick for this content under these thresholds. */
export function encodingOf(db: Keyspace, key: BStr, meta: KeyMeta, config: Pick<ServerConfig, "get">): string {
  const maxLen = (table: string, col: string): number =>
    db.one(`SELECT COALESCE(MAX(LENGTH(${col})), 0) AS n FROM ${table} WHERE kid = ?`, meta.id)!.n as number;
  switch (meta.type) {
    case "string": {
      const len = db.stringLength(key);
      // tryObjectEncoding: string2l over at most 20 bytes.
      if (len <= 20 && toBigInt(db.getString(key)!) !== null) return "int";
      return len <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
    }
    case "list":
      return "quicklist"; // Redis 7.0 lists are always quicklists (listpack lists came in 7.2)
    case "set": {
      if (meta.count > config.get("set-max-intset-entries")) return "hashtable";
      const members = (db.readValue(meta) as { members: BStr[] }).members;
      return members.every((m) => toBigInt(m) !== null) ? "intset" : "hashtable";
    }
    case "zset":
      return meta.count > config.get("zset-max-listpack-entries") || maxLen("zsets", "member") > config.get("zset-max-listpack-value")
        ? "skiplist" : "listpack";
    case "hash": {
      const limit = config.get("hash-max-listpack-value");
      if (meta.count > config.get("hash-max-listpack-entries") || Math.max(maxLen("hashes", "field"), maxLen("hashes", "value")) > limit) return "hashtable";
      // Redis 8.0 gives a small hash with field TTLs the listpack-with-TTLs encoding.
      return hasFieldTtls(db.sql, meta.id) ? "listpackex" : "listpack";
    }
    case "stream":
      return "stream";
  }
}

const OBJECT_HELP = [
  "ENCODING <key>",
  "    Return the kind of internal representation used in order to store the value",
  "    associated with a <key>.",
  "FREQ <key>",
  "    Return the access frequency index of the <key>. The returned integer is",
  "    proportional to the logarithm of the recent access frequency of the key.",
  "IDLETIME <key>",
  "    Return the idle time of the <key>, that is the approximated number of",
  "    seconds elapsed since the last access to the key.",
  "REFCOUNT <key>",
  "    Return the number of references of the value associated with the specified",
  "    <key>.",
];

const NOT_LFU =
  "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
const LFU_SELECTED =
  "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

function objectCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const sub = argv[1]!.toLowerCase();
  if (sub !== "help" && !OBJECT_KEY_SUBCOMMANDS.has(sub)) throw badSubcommand("OBJECT", argv);
  if (argv.length !== (sub === "help" ? 2 : 3)) throw new ReplyError(ERR.wrongArity(`object|${sub}`));
  if (sub === "help") return helpReply("OBJECT", OBJECT_HELP);
  const key = argv[2]!;
  const meta = ctx.db.meta(key);
  if (!meta) return NULL;
  // A keyspace without a node (pure tests) encodes by Redis's default thresholds.
  if (sub === "encoding" && !ctx.server) return bulk(encodingOf(ctx.db, key, meta, DEFAULT_CONFIG));
  const server = serverOf(ctx);
  const access = server.observer.access;
  const lfu = (server.config.get("maxmemory-policy") & LFU_FLAG) !== 0;
  switch (sub) {
    case "encoding":
      return bulk(encodingOf(ctx.db, key, meta, server.config));
    case "refcount": {
      const n = meta.type === "string" ? toBigInt(ctx.db.getString(key)!) : null;
      return int(n !== null && n >= 0n && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1);
    }
    case "idletime":
      if (lfu) throw new ReplyError(LFU_SELECTED);
      return int(access.idleSeconds(key, ctx.now));
    default:
      if (!lfu) throw new ReplyError(NOT_LFU);
      return int(access.freq(key, ctx.now, server.config.get("lfu-decay-time")));
  }
}

const MEMORY_HELP = [
  "DOCTOR",
  "    Return memory problems reports.",
  "MALLOC-STATS",
  "    Return internal statistics report from the memory allocator.",
  "PURGE",
  "    Attempt to purge dirty pages for reclamation by the allocator.",
  "STATS",
  "    Return information about the memory usage of the server.",
  "USAGE <key> [SAMPLES <count>]",
  "    Return memory in bytes used by <key> and its value. Nested values are",
  "    sampled up to <count> times (default: 5, 0 means sample all).",
];

/** What MEMORY USAGE adds to the bytes stored: per key (Redis's dict entry and object header) and per element. */
const KEY_OVERHEAD = 56;
const ELEMENT_OVERHEAD = 16;
const DOCTOR_EMPTY =
  "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
const DOCTOR_FINE = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
/** memoryDoctor's "empty" bound (5 MB used). */
const DOCTOR_EMPTY_BYTES = 5 * 1024 * 1024;

/**
 * MEMORY USAGE key [SAMPLES count]: an estimate in bytes, from the key, the bytes its value stores
 * (db.valueBytes, elements sampled) and fixed overheads; not an allocator's figure.
 */
function memoryUsage(ctx: CommandContext, argv: BStr[]): Reply {
  let samples = 5;
  for (let j = 3; j < argv.length; j += 2) {
    if (!isOpt(argv[j], "samples") || j + 1 >= argv.length) throw new ReplyError(ERR.syntax);
    const n = bigIntArg(argv[j + 1]!);
    if (n < 0n) throw new ReplyError(ERR.syntax);
    samples = n > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(n);
  }
  const meta = ctx.db.meta(argv[2]!);
  if (!meta) return NULL;
  const elements = meta.type === "string" ? 0 : meta.count;
  return int(KEY_OVERHEAD + argv[2]!.length + ctx.db.valueBytes(meta, samples) + ELEMENT_OVERHEAD * elements);
}

function memoryCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const refusal = subcommandRefusal("memory", argv);
  if (refusal) throw new ReplyError(refusal);
  const sub = argv[1]!.toLowerCase();
  const exactly = (n: number): void => {
    if (argv.length !== n) throw new ReplyError(ERR.wrongArity(`memory|${sub}`));
  };
  switch (sub) {
    case "usage":
      if (argv.length < 3) throw new ReplyError(ERR.wrongArity("memory|usage"));
      return memoryUsage(ctx, argv);
    case "help":
      exactly(2);
      return helpReply("MEMORY", MEMORY_HELP);
    case "doctor":
      exactly(2);
      return verbatim(serverOf(ctx).memoryStats().storedBytes < DOCTOR_EMPTY_BYTES ? DOCTOR_EMPTY : DOCTOR_FINE);
    case "malloc-stats":
      exactly(2);
      // What zmalloc says for an allocator without statistics: the dataset is in SQLite here.
      return verbatim("Stats not supported for the current allocator");
    case "purge":
      exactly(2);
      return OK;
    case "stats":
      exactly(2);
      return memoryStats(ctx);
    default:
      throw badSubcommand("MEMORY", argv);
  }
}

/** MEMORY STATS: the node's SQLite database is its dataset; there is no allocator to report on. */
function memoryStats(ctx: CommandContext): Reply {
  const m = serverOf(ctx).memoryStats();
  const keys = ctx.db.size();
  const dataset = Math.max(0, m.storedBytes - m.backlogBytes);
  const e = (k: string, v: Reply): [Reply, Reply] => [bulk(k), v];
  return map([
    e("peak.allocated", int(m.storedBytes)), e("total.allocated", int(m.storedBytes)), e("startup.allocated", int(0)),
    e("replication.backlog", int(m.backlogBytes)), e("clients.slaves", int(0)), e("clients.normal", int(0)),
    e("cluster.links", int(0)), e("aof.buffer", int(0)), e("lua.caches", int(m.luaCaches)), e("functions.caches", int(m.functionsCaches)),
    e("overhead.total", int(m.backlogBytes)), e("keys.count", int(keys)),
    e("keys.bytes-per-key", int(keys ? Math.floor(m.storedBytes / keys) : 0)), e("dataset.bytes", int(dataset)),
    e("dataset.percentage", { t: "double", v: m.storedBytes ? (dataset * 100) / m.storedBytes : 0 }),
    e("peak.percentage", { t: "double", v: 100 }),
  ]);
}

export const objectMemoryHandlers: HandlerTable = {
  object: objectCommand,
  memory: memoryCommand,
};
