/**
 * Script flags (script.c scripts_flags_def) and the `#!lua flags=...` shebang of an EVAL body
 * (eval.c evalExtractShebangFlags), with Redis's error texts.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError } from "../resp/reply";

export const SCRIPT_FLAG = {
  noWrites: 1, allowOom: 2, allowStale: 4, noCluster: 8, allowCrossSlot: 16,
  /** No shebang: EVAL's compatibility mode (Redis 6 behaviour: writes allowed, no flag checks). */
  compat: 1 << 10,
} as const;

/** In the glue's bit order (native/lua/redis-lua.c flag_names). */
export const FLAG_NAMES: readonly [string, number][] = [
  ["no-writes", SCRIPT_FLAG.noWrites], ["allow-oom", SCRIPT_FLAG.allowOom], ["allow-stale", SCRIPT_FLAG.allowStale],
  ["no-cluster", SCRIPT_FLAG.noCluster], ["allow-cross-slot-keys", SCRIPT_FLAG.allowCrossSlot],
];

export function flagNames(flags: number): string[] {
  return FLAG_NAMES.filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
}

const UPSTASH_KEY_LOCKING = "allow-key-locking";

/** The flags of an EVAL body and the length of its shebang line (0 without one). Throws Redis's errors. */
export function parseShebang(body: BStr): { flags: number; length: number } {
  if (!body.startsWith("#!")) return { flags: SCRIPT_FLAG.compat, length: 0 };
  const end = body.indexOf("\n");
  if (end < 0) throw new ReplyError("ERR Invalid script shebang");
  const parts = body.slice(0, end).split(/[ \t\r]+/).filter((p) => p !== "");
  if (parts.length === 0) throw new ReplyError("ERR Invalid engine in script shebang");
  if (parts[0] !== "#!lua") throw new ReplyError(`ERR Unexpected engine in script shebang: ${parts[0]}`);
  let flags = 0;
  for (const part of parts.slice(1)) {
    // Upstash's own flag (every script of @upstash/ratelimit sets it): "lock only the declared
    // keys". Scripts here always run atomically on their declared keys, so it changes nothing.
    if (!part.startsWith("flags=")) throw new ReplyError(`ERR Unknown lua shebang option: ${part}`);
    const list = part.slice(6);
    if (list === "") continue;
    for (const name of list.split(",")) {
      if (name === UPSTASH_KEY_LOCKING) continue;
      const bit = FLAG_NAMES.find(([n]) => n === name)?.[1];
      if (bit === undefined) throw new ReplyError(`ERR Unexpected flag in script shebang: ${name}`);
      flags |= bit;
    }
  }
  return { flags, length: end };
}
