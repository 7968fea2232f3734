/**
 * A throwaway real Redis 7 cluster for benchmarks: N `redis-server` processes spawned by this
 * process (so they can be SIGSTOPped, SIGCONTed and killed), fresh temp dirs, no persistence,
 * joined with `redis-cli --cluster create`. Health checks ask every node over RESP.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sleep, parseInfo } from "../lib/admin";
import { nodeCall, parseClusterSlots, replyText, RespConnection } from "./resp-cluster-client";

const run = promisify(execFile);

/** One line of CLUSTER NODES. */
export interface NodeLine {
  id: string;
  /** Address host (an IP for Redis, the Durable Object name here) and port. */
  host: string;
  port: number;
  flags: string[];
  masterId: string;
  link: string;
  slots: string[];
}

export function parseClusterNodes(text: string): NodeLine[] {
  return text.trim().split("\n").map((line) => {
    const f = line.trim().split(" ");
    const addr = f[1]!.split("@")[0]!;
    return {
      id: f[0]!, host: addr.slice(0, addr.lastIndexOf(":")), port: Number(addr.slice(addr.lastIndexOf(":") + 1)), flags: f[2]!.split(","),
      masterId: f[3]!, link: f[7]!, slots: f.slice(8),
    };
  });
}

export class RedisCluster {
  private constructor(
    readonly ports: number[],
    readonly ntMs: number,
    private readonly dir: string,
    private readonly procs: Map<number, ChildProcess>,
  ) {}

  /** The redis-server processes. */
  get pids(): number[] {
    return [...this.procs.values()].flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
  }

  /** Starts `ports.length` nodes (masters = length / (1 + replicas)) and waits for a healthy cluster. */
  static async start(ports: number[], ntMs: number, replicas = 1): Promise<RedisCluster> {
    for (const p of ports) {
      const busy = await RespConnection.open(p, 300).then((c) => (c.close(), true), () => false);
      if (busy) throw new Error(`port ${p} is already in use`);
    }
    const dir = mkdtempSync(join(tmpdir(), "redis-failover-"));
    const procs = new Map<number, ChildProcess>();
    const cluster = new RedisCluster(ports, ntMs, dir, procs);
    alive.add(cluster);
    for (const p of ports) {
      procs.set(p, spawn("redis-server", [
        "--port", String(p), "--bind", "127.0.0.1", "--daemonize", "no",
        "--cluster-enabled", "yes", "--cluster-node-timeout", String(ntMs),
        "--cluster-config-file", join(dir, `nodes-${p}.conf`), "--dir", dir, "--logfile", join(dir, `${p}.log`),
        "--save", "", "--appendonly", "no",
      ], { stdio: "ignore" }));
    }
    try {
      await waitFor("redis-server to accept connections", 10_000, async () => {
        for (const p of ports) if (replyText(await nodeCall(p, ["PING"], 500)) !== "PONG") return false;
        return true;
      });
      await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", String(replicas), "--cluster-yes"]);
      await cluster.waitHealthy(60_000);
    } catch (e) {
      cluster.kill();
      throw e;
    }
    return cluster;
  }

  /** Freezes a node (the process keeps its sockets: peers and clients see a hung node, not a closed one). */
  pause(port: number): void {
    this.procs.get(port)!.kill("SIGSTOP");
  }

  resume(port: number): void {
    this.procs.get(port)!.kill("SIGCONT");
  }

  /** The master port owning `slot`, according to `askPort` (any healthy node). */
  async owner(slot: number, askPort = this.ports[0]!): Promise<number> {
    const { ranges } = parseClusterSlots(await nodeCall(askPort, ["CLUSTER", "SLOTS"]));
    const r = ranges.find(([lo, hi]) => slot >= lo && slot <= hi);
    if (!r) throw new Error(`slot ${slot} is not served`);
    return r[2];
  }

  /** Ports of the replicas of the master at `port`, according to `askPort`. */
  async replicasOf(port: number, askPort: number): Promise<number[]> {
    const view = parseClusterNodes(replyText(await nodeCall(askPort, ["CLUSTER", "NODES"])));
    const id = view.find((n) => n.port === port)?.id;
    return view.filter((n) => n.masterId === id).map((n) => n.port);
  }

  /** See clusterHealthy; `replicaPort`, if given, must be a replica (the old master after a failover). */
  isHealthy(replicaPort?: number): Promise<boolean> {
    const ask = async (port: string, ...argv: string[]) => replyText(await nodeCall(Number(port), argv));
    return clusterHealthy(this.ports.map(String), ask, (n) => String(n.port), replicaPort === undefined ? undefined : String(replicaPort));
  }

  async waitHealthy(timeoutMs: number, replicaPort?: number): Promise<void> {
    await waitFor("a healthy Redis cluster", timeoutMs, () => this.isHealthy(replicaPort), 200);
  }

  /** SIGKILLs every node (a stopped one too) and removes the data dir. Synchronous: safe in exit handlers. */
  kill(): void {
    for (const p of this.procs.values()) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      p.kill("SIGCONT");
      p.kill("SIGKILL");
    }
    rmSync(this.dir, { recursive: true, force: true });
    alive.delete(this);
  }
}

/**
 * Healthy, for either system: every node says cluster_state:ok and lists every node, connected,
 * with no fail/pfail/handshake flag; all nodes agree who the masters are; every replica's link to
 * its master is up; `replica` (if given) is a replica. `ask` runs a command on a node, `nameOf`
 * names a CLUSTER NODES line the way `nodes` does.
 */
export async function clusterHealthy(
  nodes: string[], ask: (node: string, ...argv: string[]) => Promise<string>, nameOf: (n: NodeLine) => string, replica?: string,
): Promise<boolean> {
  let masters: string | null = null;
  for (const node of nodes) {
    if (parseInfo(await ask(node, "CLUSTER", "INFO")).cluster_state !== "ok") return false;
    const view = parseClusterNodes(await ask(node, "CLUSTER", "NODES"));
    if (view.length !== nodes.length) return false;
    if (view.some((n) => n.link !== "connected" || n.flags.some((f) => f.startsWith("fail") || f === "handshake" || f === "noaddr"))) return false;
    const m = view.filter((n) => n.flags.includes("master")).map(nameOf).sort().join(",");
    if (masters !== null && m !== masters) return false;
    masters = m;
    const self = view.find((n) => n.flags.includes("myself"));
    if (!self) return false;
    if (self.flags.includes("slave") && parseInfo(await ask(node, "INFO", "replication")).master_link_status !== "up") return false;
    if (node === replica && !self.flags.includes("slave")) return false;
  }
  return true;
}

const alive = new Set<RedisCluster>();

/** Kills every cluster still running (exit, Ctrl-C, a crash). */
export function killAllRedisClusters(): void {
  for (const c of [...alive]) c.kill();
}

export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await sleep(pollMs);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ""}`);
}
