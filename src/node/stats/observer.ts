/**
 * The dispatcher's observer (dispatch.ts `DispatchEnv.observer`): times every client command on
 * the clock port and feeds commandstats/errorstats (CommandStats), the slowlog and the latency
 * monitor, and counts keyspace hits and misses of read commands (Keyspace.onLookup). One per node.
 */
import type { BStr } from "../../resp/bytes";
import type { Reply } from "../../resp/reply";
import type { CommandSpec } from "../../commands/types";
import type { Keyspace } from "../../keyspace/db";
import type { NodeConfig } from "../config";
import type { Clock } from "../ports";
import { CommandStats } from "./command-stats";
import { LatencyMonitor, Slowlog } from "./slowlog";
import { KeyAccess } from "./key-access";

/** What the dispatcher calls around a command. */
export interface CommandObserver {
  /** A command refused before it ran (unknown, arity, MOVED, ...). */
  rejected(argv: readonly BStr[], def: CommandSpec | undefined, reply: Reply): void;
  /** About to run: a token for `ran`. */
  start(def: CommandSpec): number;
  ran(def: CommandSpec, argv: readonly BStr[], reply: Reply | { t: "block" }, started: number, replyBytes: number): void;
}

/** Redis's client address in SLOWLOG entries: clients reach the node through the gateway. */
const GATEWAY_PEER = "gateway:0";

/** cmd|sub for container commands (server.c's fullname), the command's name otherwise. */
export function fullName(def: CommandSpec, argv: readonly BStr[]): string {
  const sub = argv[1]?.toLowerCase();
  return def.subcommands && sub !== undefined && def.subcommands.includes(sub) ? `${def.name}|${sub}` : def.name;
}

/** The RESP bytes of a command as a client sends it (total_net_input_bytes). */
function requestBytes(argv: readonly BStr[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 5 + String(a.length).length + a.length;
  return n;
}

export class NodeObserver implements CommandObserver {
  readonly stats = new CommandStats();
  readonly slowlog = new Slowlog();
  readonly latency = new LatencyMonitor();
  /** OBJECT IDLETIME / FREQ. */
  readonly access: KeyAccess;
  private readKeys: Map<BStr, boolean> | null = null;
  /** OBJECT looks keys up without touching them (LOOKUP_NOTOUCH). */
  private touching = true;

  constructor(private readonly clock: Clock, private readonly config: NodeConfig, db: Keyspace) {
    this.access = new KeyAccess(clock.now());
    db.onLookup = (key, hit) => {
      if (this.readKeys && !this.readKeys.has(key)) this.readKeys.set(key, hit);
      if (hit && this.touching) this.access.touch(key, this.clock.now(), this.config.get("lfu-log-factor"), this.config.get("lfu-decay-time"));
    };
  }

  rejected(argv: readonly BStr[], def: CommandSpec | undefined, reply: Reply): void {
    this.stats.netInputBytes += requestBytes(argv);
    this.stats.rejected(def ? fullName(def, argv) : null, reply.t === "error" ? reply.v : "ERR");
  }

  start(def: CommandSpec): number {
    // lookupKeyRead counts hits and misses for commands that read (each key once here).
    this.readKeys = def.flags.includes("readonly") ? new Map() : null;
    this.touching = def.name !== "object";
    return this.clock.now();
  }

  ran(def: CommandSpec, argv: readonly BStr[], reply: Reply | { t: "block" }, started: number, replyBytes: number): void {
    const now = this.clock.now();
    const ms = Math.max(0, now - started);
    const usec = Math.round(ms * 1000);
    this.touching = true;
    if (this.readKeys) {
      for (const hit of this.readKeys.values()) hit ? this.stats.keyspaceHits++ : this.stats.keyspaceMisses++;
      this.readKeys = null;
    }
    this.stats.netInputBytes += requestBytes(argv);
    this.stats.netOutputBytes += replyBytes;
    this.stats.ran(fullName(def, argv), usec, reply.t === "error" ? reply.v : null);
    this.slowlog.push(argv, usec, now, this.config.get("slowlog-log-slower-than"), this.config.get("slowlog-max-len"), GATEWAY_PEER, "");
    this.latency.add(def.flags.includes("fast") ? "fast-command" : "command", ms, now, this.config.get("latency-monitor-threshold"));
  }

  /** The cron's tick: ops/sec sample, slowlog trimmed to a lowered slowlog-max-len. */
  tick(): void {
    this.stats.sample(this.clock.now());
    this.slowlog.trim(this.config.get("slowlog-max-len"));
  }
}
