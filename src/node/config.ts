/**
 * CONFIG GET/SET for the node's tunables, under Redis's parameter names. Defaults come from the
 * Worker's [vars] (wrangler.toml); values set with CONFIG SET are persisted by the node.
 */
import { ReplyError } from "../resp/reply";
import { toInt } from "../commands/args";
import { globMatch } from "../keyspace/glob";
import type { Env } from "../env";
import { BAD_EVENT_CLASS, formatNotifyFlags, parseNotifyFlags } from "../pubsub/notify";

interface Param {
  /** Default when neither [vars] nor CONFIG SET gave one. */
  def: number;
  min: number;
  max: number;
  /** The [vars] entry that overrides the default. */
  envVar?: keyof Env;
}

/** Integer parameters (all the node has): name → bounds and default. */
export const PARAMS: Record<string, Param> = {
  // Redis: 15000. A node silent this long is PFAIL.
  "cluster-node-timeout": { def: 15000, min: 100, max: 2 ** 31, envVar: "CLUSTER_NODE_TIMEOUT_MS" },
  // Ours: the alarm period of clusterCron/replicationCron (Redis runs them every 100 ms; 1 s keeps idle nodes cheap).
  "cluster-cron-ms": { def: 1000, min: 10, max: 60000, envVar: "CLUSTER_CRON_MS" },
  // Redis: 512 MB. Largest bulk string a client may send or a value may grow to.
  "proto-max-bulk-len": { def: 512 * 1024 * 1024, min: 1024 * 1024, max: 2 ** 53, envVar: "PROTO_MAX_BULK_LEN" },
  // Redis's CLUSTER_WRITABLE_DELAY (2000 ms, not a Redis option): a master's wait after start
  // before its cluster state turns ok. Tests set it to 0 to use fresh nodes at once.
  "cluster-writable-delay-ms": { def: 2000, min: 0, max: 60000, envVar: "CLUSTER_WRITABLE_DELAY_MS" },
  "cluster-replica-validity-factor": { def: 10, min: 0, max: 2 ** 31 },
  "cluster-migration-barrier": { def: 1, min: 0, max: 2 ** 31 },
  "cluster-replica-no-failover": { def: 0, min: 0, max: 1 },
  "cluster-allow-replica-migration": { def: 1, min: 0, max: 1 },
  "cluster-require-full-coverage": { def: 1, min: 0, max: 1 },
  "cluster-allow-reads-when-down": { def: 0, min: 0, max: 1 },
  "repl-backlog-size": { def: 1024 * 1024, min: 16 * 1024, max: 2 ** 40 },
  "repl-backlog-ttl": { def: 3600, min: 0, max: 2 ** 31 },
  "repl-ping-replica-period": { def: 10, min: 1, max: 2 ** 31 },
  "repl-timeout": { def: 60, min: 1, max: 2 ** 31 },
  "min-replicas-to-write": { def: 0, min: 0, max: 2 ** 31 },
  "min-replicas-max-lag": { def: 10, min: 0, max: 2 ** 31 },
  "replica-priority": { def: 100, min: 0, max: 2 ** 31 },
  // Redis: 5000 (lua-time-limit before 7.0). Here it sets a script's instruction budget
  // (scripting/run.ts LUA_INSTRUCTIONS_PER_MS per ms): wall time does not advance in a Worker's CPU work.
  "busy-reply-threshold": { def: 5000, min: 0, max: 2 ** 31 },
  // Redis: "" (off). Kept as notify.c's flag bits; CONFIG GET/SET use the class letters.
  "notify-keyspace-events": { def: 0, min: 0, max: 2 ** 31 },
  // Redis: 3000. A sparse HyperLogLog longer than this turns dense (hyperloglog/hll.ts).
  "hll-sparse-max-bytes": { def: 3000, min: 0, max: 2 ** 53 },
};

/** Parameters whose text form is not a number: parse (null: invalid, with the error) and format. */
const TEXT_PARAMS: Record<string, { parse(s: string): number | null; error: string; format(v: number): string }> = {
  "notify-keyspace-events": { parse: parseNotifyFlags, error: BAD_EVENT_CLASS, format: formatNotifyFlags },
};

const BOOLEAN_PARAMS = new Set([
  "cluster-require-full-coverage", "cluster-allow-reads-when-down", "cluster-replica-no-failover", "cluster-allow-replica-migration",
]);

export class NodeConfig {
  private values = new Map<string, number>();

  constructor(env: Partial<Env>, persisted: Record<string, number> = {}) {
    for (const [name, p] of Object.entries(PARAMS)) {
      const fromEnv = p.envVar ? toInt(String(env[p.envVar] ?? "")) : null;
      this.values.set(name, persisted[name] ?? fromEnv ?? p.def);
    }
  }

  get(name: keyof typeof PARAMS & string): number {
    return this.values.get(name)!;
  }

  /** CONFIG GET pattern...: flat [name, value, ...] pairs, Redis-style text values. */
  match(patterns: string[]): [string, string][] {
    const out: [string, string][] = [];
    for (const [name, v] of this.values) {
      if (patterns.some((p) => globMatch(p.toLowerCase(), name))) {
        out.push([name, BOOLEAN_PARAMS.has(name) ? (v ? "yes" : "no") : TEXT_PARAMS[name]?.format(v) ?? String(v)]);
      }
    }
    return out;
  }

  /** CONFIG SET name value [name value ...]: all or nothing, Redis's error texts. */
  set(pairs: [string, string][]): void {
    const parsed: [string, number][] = [];
    for (const [rawName, raw] of pairs) {
      const name = rawName.toLowerCase();
      const p = PARAMS[name];
      if (!p) throw new ReplyError(`ERR Unknown option or number of arguments for CONFIG SET - '${rawName}'`);
      const text = TEXT_PARAMS[name];
      if (text) {
        const flags = text.parse(raw);
        if (flags === null) throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${rawName}') - ${text.error}`);
        parsed.push([name, flags]);
        continue;
      }
      let v: number | null = BOOLEAN_PARAMS.has(name)
        ? raw.toLowerCase() === "yes" ? 1 : raw.toLowerCase() === "no" ? 0 : null
        : toInt(raw);
      if (v === null) {
        throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${rawName}') - argument couldn't be parsed into an integer`);
      }
      if (v < p.min || v > p.max) {
        throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${rawName}') - argument must be between ${p.min} and ${p.max} inclusive`);
      }
      parsed.push([name, v]);
    }
    for (const [name, v] of parsed) this.values.set(name, v);
  }

  /** Everything, for persistence. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}
