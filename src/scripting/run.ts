/**
 * One script run (EVAL*, FCALL*): the checks before it (script.c scriptPrepareForRun), the
 * commands it calls (scriptCall: the same checks and error texts), its result, and its effects.
 *
 * A script runs synchronously inside the node's command, in that command's SQLite transaction:
 * nothing else runs meanwhile (SCRIPT KILL therefore never finds a script to kill), and a script
 * stopped by its instruction budget rolls back every write it made, which Redis cannot do.
 * Replicas receive the script's effects (the write commands it ran), never the script.
 */
import type { BStr } from "../resp/bytes";
import { ReplyError, type Reply } from "../resp/reply";
import { encodeReply } from "../resp/encoder";
import { arityOk, keyIndexes, lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import { toInt } from "../commands/args";
import type { CommandContext } from "../keyspace/handler";
import { EVAL_STATE, HOOK_EVERY, OP, type HostCall, type LuaState } from "./lua-vm";
import { parseScriptResult } from "./result";
import { SCRIPT_FLAG } from "./shebang";
import { isElsewhere, scriptKeysError } from "./discovery";
import type { Scripting } from "./scripting";

/**
 * Lua VM instructions a script may run per millisecond of busy-reply-threshold. Measured in the
 * node (docs/scripting.md: about 100-200 k simple instructions per ms in workerd); set low so the
 * budget stops a runaway script well before its threshold in wall time.
 */
export const LUA_INSTRUCTIONS_PER_MS = 20_000;

export interface ScriptCall {
  state: LuaState;
  /** EVAL: the registry name f_<sha>; functions: the registry ref. */
  target: BStr;
  /** For error texts: the sha (EVAL) or the function's name. */
  name: BStr;
  keys: BStr[];
  args: BStr[];
  flags: number;
  /** Called as EVAL_RO, EVALSHA_RO or FCALL_RO. */
  readOnlyCommand: boolean;
}

/** What the node lends a run (ctx.server's scripting part). */
export interface ScriptHost {
  readonly scripting: Scripting;
  /** This node is a replica (writes refused unless from its master). */
  isReplica(): boolean;
  /** busy-reply-threshold, in ms (0: no limit). */
  busyReplyThreshold(): number;
  /** This node serves every slot (its keyspace is the whole database). */
  servesAllSlots(): boolean;
}

/** Commands about the whole keyspace: on the one-database routes a script sees only its node's part. */
const KEYSPACE_WIDE = new Set(["scan", "keys", "dbsize", "randomkey", "flushall", "flushdb"]);

const READONLY_REPLICA = "READONLY You can't write against a read only replica.";

export function scriptHost(ctx: CommandContext): ScriptHost {
  const host = (ctx.server as { scriptHost?: ScriptHost } | undefined)?.scriptHost;
  if (!host) throw new ReplyError("ERR scripting is not available here");
  return host;
}

/** Runs `call` for `ctx`'s command; returns the script's reply, throws a killed script's error (rolling its writes back). */
export function runScript(ctx: CommandContext, call: ScriptCall): Reply {
  const host = scriptHost(ctx);
  const conn = ctx.conn;
  const compat = (call.flags & SCRIPT_FLAG.compat) !== 0;
  if (!compat) {
    // One database to its clients: a no-cluster script runs there (it cannot tell the cluster apart).
    if ((call.flags & SCRIPT_FLAG.noCluster) !== 0 && !conn.oneDatabase) {
      throw new ReplyError("ERR Can not run script on cluster, 'no-cluster' flag is set.");
    }
    if ((call.flags & SCRIPT_FLAG.noWrites) === 0) {
      // (A replica never runs its master's scripts: it receives their effects.)
      if (host.isReplica()) throw new ReplyError("READONLY Can not run script with write flag on readonly replica");
      if (call.readOnlyCommand) throw new ReplyError("ERR Can not execute a script with write flag using *_ro command.");
    }
  }
  const readOnly = call.readOnlyCommand || (!compat && (call.flags & SCRIPT_FLAG.noWrites) !== 0);
  const crossSlotOk = (call.flags & SCRIPT_FLAG.allowCrossSlot) !== 0 || conn.oneDatabase === true;
  const nested = ctx.nested?.();
  if (!nested) throw new ReplyError("ERR scripting is not available here");
  const scripting = host.scripting;

  let slot = call.keys.length > 0 ? keyHashSlot(call.keys[0]!) : -1;
  const effects: BStr[][] = [];
  let replicate = true;
  // One database: keys this run may not touch here, which the gateway will lock and run it again with.
  const discovered = new Set<BStr>();

  const callCommand = (argv: BStr[], resp: 2 | 3): Reply | string => {
    const def = lookupCommand(argv[0]!);
    if (!def || !arityOk(def, argv.length)) {
      return def ? "Wrong number of args calling Redis command from script" : "Unknown Redis command called from script";
    }
    if (def.flags.includes("noscript")) return "This Redis command is not allowed from script";
    const writes = def.flags.includes("write");
    if (readOnly && (writes || def.flags.includes("may_replicate"))) return "Write commands are not allowed from read-only scripts.";
    if (writes && host.isReplica()) return READONLY_REPLICA;
    // Better a clear error than a silent answer about a part of the database.
    if (conn.oneDatabase && KEYSPACE_WIDE.has(def.name) && !host.servesAllSlots()) {
      return `${def.name.toUpperCase()} inside a script sees only the keys of the node running it, and this database spans several nodes: ` +
        "run it outside the script (the gateway covers every node) and pass the keys in KEYS";
    }
    {
      for (const i of keyIndexes(def, argv)) {
        const key = argv[i]!;
        const refusal = nested.refusal(def, key, conn);
        if (refusal !== null) {
          if (refusal.startsWith("CLUSTERDOWN")) return "Script attempted to execute a command while the cluster is down";
          if (conn.retriesScripts && isElsewhere(refusal)) {
            discovered.add(key);
            scripting.vm().abort(call.state);
            return "Script attempted to access a non local key in a cluster node";
          }
          return refusal.startsWith("MOVED") || refusal.startsWith("ASK") || refusal.startsWith("TRYAGAIN")
            ? "Script attempted to access a non local key in a cluster node" : refusal;
        }
        const s = keyHashSlot(key);
        if (slot === -1) slot = s;
        else if (s !== slot && !crossSlotOk) return "Script attempted to access keys that do not hash to the same slot";
      }
    }
    const out = nested.run(def, argv, { ...conn, resp, canBlock: false, asking: false });
    if (replicate) effects.push(...out.effects);
    return out.reply.t === "block" ? out.reply.timeoutReply : out.reply;
  };

  const hostCall: HostCall = (op, argv, resp) => {
    switch (op) {
      case OP.call: {
        const r = callCommand(argv, resp);
        return typeof r === "string" ? `-${r.startsWith("READONLY ") ? r : `ERR ${r}`}\r\n` : encodeReply(r, resp);
      }
      case OP.setRepl:
        replicate = (Number(argv[0]) & 2) !== 0;
        return null;
      case OP.aclCheck: {
        const def = lookupCommand(argv[0]!);
        return def && arityOk(def, argv.length) ? "1" : null;
      }
      case OP.log:
        if (argv[0] === "3") console.warn(`script: ${argv[1]}`);
        return null;
      default:
        return null;
    }
  };

  const threshold = host.busyReplyThreshold();
  const budget = threshold > 0 ? (threshold * LUA_INSTRUCTIONS_PER_MS) / HOOK_EVERY : Number.MAX_SAFE_INTEGER;
  const out = scripting.run(call.state, () => scripting.vm().call(call.state, call.target, call.name, call.keys, call.args, budget, hostCall));
  // Thrown, these errors roll the command's transaction back: nothing of the run remains.
  if (out.aborted && discovered.size > 0) throw new ReplyError(scriptKeysError([...discovered]));
  if (out.killed) throw new ReplyError(out.resp.slice(1, out.resp.indexOf("\r\n")));
  ctx.propagate(...effects);
  return parseScriptResult(out.resp);
}

/** `numkeys key... arg...` of EVAL/FCALL: validated (Redis's errors), split. */
export function keysAndArgs(argv: BStr[], notInteger = "ERR value is not an integer or out of range"): { keys: BStr[]; args: BStr[] } {
  const n = toInt(argv[2]!);
  if (n === null) throw new ReplyError(notInteger);
  if (n > argv.length - 3) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  if (n < 0) throw new ReplyError("ERR Number of keys can't be negative");
  return { keys: argv.slice(3, 3 + n), args: argv.slice(3 + n) };
}

export { EVAL_STATE };
