/**
 * config.c's special parameters, each with its own syntax: save, client-output-buffer-limit,
 * oom-score-adj-values, notify-keyspace-events, bind, latency-tracking-info-percentiles. Each
 * parser takes the CONFIG SET value and answers the CONFIG GET text (or Redis's refusal).
 */
import { BAD_EVENT_CLASS, formatNotifyFlags, parseNotifyFlags } from "../../pubsub/notify";
import { memtoull, strtollWhole, type ParseResult } from "./kinds";

/** sdssplitlen(value, " "): MULTI_ARG_CONFIG values split on single spaces (empty parts kept). */
const split = (s: string): string[] => (s === "" ? [] : s.split(" "));

const saveRefusal = { err: "Invalid save parameters" };

/** "<seconds> <changes> ..." pairs (seconds >= 1, changes >= 0); "" clears them. */
export function parseSave(s: string): ParseResult {
  const args = split(s);
  if (args.length % 2 !== 0) return saveRefusal;
  const nums: bigint[] = [];
  for (let j = 0; j < args.length; j++) {
    const v = strtollWhole(args[j]!);
    if (v === null || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) return saveRefusal;
    nums.push(v);
  }
  // Stored as time_t seconds and int changes (printed "%jd %d").
  const pairs: string[] = [];
  for (let j = 0; j < nums.length; j += 2) pairs.push(`${nums[j]} ${BigInt.asIntN(32, nums[j + 1]!)}`);
  return { text: pairs.join(" "), num: pairs.length };
}

const OBUF_CLASSES = ["normal", "slave", "pubsub"] as const;
/** getClientTypeByName: "replica" names the slave class; "master" is a class that cannot be limited. */
const obufClass = (name: string): number | null => {
  const n = name.toLowerCase();
  if (n === "normal") return 0;
  if (n === "slave" || n === "replica") return 1;
  if (n === "pubsub") return 2;
  return null;
};

/** "<class> <hard> <soft> <soft seconds>" groups; classes not named keep their limits. */
export function parseOutputBufferLimit(s: string, current: string): ParseResult {
  const args = split(s);
  if (args.length % 4 !== 0) return { err: "Wrong number of arguments in buffer limit configuration." };
  const rows = current.split(" ");
  for (let j = 0; j < args.length; j += 4) {
    const cls = obufClass(args[j]!);
    if (cls === null) return { err: "Invalid client class specified in buffer limit configuration." };
    const hard = memtoull(args[j + 1]!);
    const soft = memtoull(args[j + 2]!);
    const secs = strtollWhole(args[j + 3]!);
    if (hard === null || soft === null || secs === null || BigInt.asIntN(32, secs) < 0n) {
      return { err: "Error in hard, soft or soft_seconds setting in buffer limit configuration." };
    }
    rows.splice(cls * 4, 4, OBUF_CLASSES[cls]!, String(hard), String(soft), String(BigInt.asIntN(32, secs)));
  }
  return { text: rows.join(" "), num: 0 };
}

export function parseOomScoreAdjValues(s: string): ParseResult {
  const args = split(s);
  if (args.length !== 3) return { err: "wrong number of arguments" };
  const out: string[] = [];
  for (const a of args) {
    const v = strtollWhole(a);
    if (v === null || v < -2000n || v > 2000n) return { err: "Invalid oom-score-adj-values, elements must be between -2000 and 2000." };
    out.push(String(v));
  }
  return { text: out.join(" "), num: 0 };
}

export function parseNotifyKeyspaceEvents(s: string): ParseResult {
  const flags = parseNotifyFlags(s);
  return flags === null ? { err: BAD_EVENT_CLASS } : { text: formatNotifyFlags(flags), num: flags };
}

/** CONFIG_BINDADDR_MAX. */
const BIND_MAX = 16;

export function parseBind(s: string): ParseResult {
  const args = split(s);
  if (args.length > BIND_MAX) return { err: "Too many bind addresses specified." };
  return { text: args.length === 1 && args[0] === "" ? "" : args.join(" "), num: 0 };
}

/** string2d: a whole decimal or hex float, no spaces, not NaN. */
function string2d(s: string): number | null {
  if (s.length === 0 || /^\s/.test(s) || /\s$/.test(s)) return null;
  const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : /^[+-]?inf(inity)?$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : NaN;
  return Number.isNaN(v) ? null : v;
}

export function parseLatencyPercentiles(s: string): ParseResult {
  const args = split(s);
  if (args.length === 1 && args[0] === "") return { text: "", num: 0 };
  const out: string[] = [];
  for (const a of args) {
    const p = string2d(a);
    if (p === null) return { err: "Invalid latency-tracking-info-percentiles parameters" };
    if (p > 100 || p < 0) return { err: "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]" };
    out.push(formatDouble(p));
  }
  return { text: out.join(" "), num: 0 };
}

/** sprintf("%f") then trimDoubleString: six decimals, trailing zeros and a bare point dropped. */
function formatDouble(v: number): string {
  const f = v.toFixed(6);
  return f.includes(".") ? f.replace(/0+$/, "").replace(/\.$/, "") : f;
}
