/**
 * INFO text (sections server, clients, stats, keyspace, ...), CRLF lines as Redis prints them.
 * Each section is a small function of the node; `sections` selects them like INFO's arguments.
 */
import type { RedisNode } from "./node";

type Section = (node: RedisNode, now: number) => [string, string | number][];

const SECTIONS: Record<string, Section> = {
  server: (node, now) => [
    ["redis_version", "7.0.15"],
    ["redis_mode", "cluster"],
    ["os", "Cloudflare Workers (Durable Objects)"],
    ["arch_bits", 64],
    ["run_id", node.nodeId],
    ["uptime_in_seconds", Math.floor((now - node.startedAt) / 1000)],
    ["uptime_in_days", Math.floor((now - node.startedAt) / 86_400_000)],
    ["hz", Math.max(1, Math.round(1000 / node.config.get("cluster-cron-ms")))],
  ],
  clients: (node) => [["blocked_clients", node.blockedClients]],
  stats: (node) => [
    ["total_commands_processed", node.stats.commands],
    ["expired_keys", node.stats.expiredKeys],
    // Not in Redis: the Durable Object invocations this node received since it started.
    ["cluster_cron_runs", node.stats.cronRuns],
    ["cluster_bus_calls_received", node.stats.busCallsReceived],
  ],
  keyspace: (node) => {
    const keys = node.db.size();
    return keys === 0 ? [] : [["db0", `keys=${keys},expires=${node.db.volatileSize()},avg_ttl=0`]];
  },
};

const DEFAULT = ["server", "clients", "stats", "keyspace"];

export function renderInfo(node: RedisNode, sections: string[], now: number): string {
  const wanted = sections.map((s) => s.toLowerCase());
  const names = wanted.length === 0 || wanted.some((s) => s === "default" || s === "all" || s === "everything")
    ? DEFAULT.concat(Object.keys(SECTIONS).filter((s) => !DEFAULT.includes(s)))
    : Object.keys(SECTIONS).filter((s) => wanted.includes(s));
  return names
    .map((name) => {
      const lines = SECTIONS[name]!(node, now).map(([k, v]) => `${k}:${v}`);
      return [`# ${name[0]!.toUpperCase()}${name.slice(1)}`, ...lines].join("\r\n") + "\r\n";
    })
    .join("\r\n");
}
