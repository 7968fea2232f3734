/**
 * Replication between real node Durable Objects: a master owning every slot and replicas joined
 * with CLUSTER REPLICATE, alarms driven by hand, and a keyspace digest to compare datasets.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { nodeByName } from "../../src/node/client";
import type { RedisNode } from "../../src/node/node";
import { blob, type KeyType } from "../../src/keyspace/db";
import { cmd, stubOf, type Plain } from "./helpers";
import { converged, cronRound, fastNode, formCluster, until } from "./cluster-helpers";

/** A command on a named node (no slot bootstrap: the cluster decides who owns what). */
export const at = (name: string, ...args: (string | number)[]): Promise<Plain> => cmd(nodeByName(env, name), ...args);

/** Several commands in one pipeline (one RPC). */
export async function pipeline(name: string, cmds: (string | number)[][]): Promise<void> {
  await nodeByName(env, name).execute(cmds.map((c) => c.map(String)), { resp: 2, admin: true });
}

/** MULTI/EXEC of `cmds` (one stream batch). */
export async function multi(name: string, cmds: (string | number)[][]): Promise<void> {
  await nodeByName(env, name).transaction(cmds.map((c) => c.map(String)), { resp: 2, admin: true });
}

/** An INFO section as a record. */
export async function info(name: string, section: string): Promise<Record<string, string>> {
  const text = (await at(name, "INFO", section)) as string;
  return Object.fromEntries(text.split("\r\n").filter((l) => l.includes(":")).map((l) => {
    const i = l.indexOf(":");
    return [l.slice(0, i), l.slice(i + 1)];
  }));
}

/** A digest of the whole keyspace: every key, type, value (sets and hashes sorted) and expiry. */
export function digest(name: string): Promise<string> {
  return runInDurableObject(stubOf(name), (o: RedisNode) => {
    const rows = o.db.rows("SELECT id, key, type, expires_at, count FROM keys ORDER BY key");
    const parts: string[] = [];
    let h = 0;
    for (const r of rows) {
      const meta = { id: r.id as number, type: r.type as KeyType, expiresAt: r.expires_at as number | null, count: r.count as number };
      const v = o.db.readValue(meta);
      const norm = v.type === "set" ? [...v.members].sort() : v.type === "hash" ? [...v.entries].sort() : v;
      const text = JSON.stringify([blob(r.key), meta.type, meta.expiresAt, norm]);
      for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
      parts.push(text);
    }
    return `${rows.length}:${(h >>> 0).toString(16)}`;
  });
}

export async function nodeId(name: string): Promise<string> {
  return (await at(name, "CLUSTER", "MYID")) as string;
}

/** A master owning all slots plus replicas that know it (not yet replicating). */
export async function masterWithPeers(master: string, replicas: string[]): Promise<void> {
  await formCluster([master]);
  for (const r of replicas) {
    await fastNode(r);
    await at(r, "CLUSTER", "MEET", master, 6379);
  }
  await until([master, ...replicas], () => converged([master, ...replicas]));
}

/** True when `replica`'s link is up and it applied everything `master` produced. */
export async function inSync(master: string, replica: string): Promise<boolean> {
  const m = await info(master, "replication");
  const r = await info(replica, "replication");
  return r.master_link_status === "up" && r.slave_repl_offset === m.master_repl_offset;
}

/** Drives cron rounds until every replica is in sync with the master. */
export async function untilSynced(master: string, replicas: string[], maxRounds = 60): Promise<number> {
  const names = [master, ...replicas];
  return until(names, async () => {
    for (const r of replicas) if (!(await inSync(master, r))) return false;
    return true;
  }, maxRounds);
}

export { cronRound };
