/**
 * The local bridge (issue 16): plain TCP for redis-cli, ioredis and other Redis clients, carried
 * over the gateway's RESP WebSocket.
 *   npx tsx scripts/bridge.ts [--url http://127.0.0.1:8787] [--port 6379]
 *   npx tsx scripts/bridge.ts --cluster [--base-port 7000] [--seed node-0]
 * The token comes from the environment, never the command line (it would show in `ps`):
 * REDIS_DO_TOKEN (or REDIS_DO_ADMIN_TOKEN, which --cluster needs), or the variable --token-env names.
 * - Single endpoint: 127.0.0.1:<port>, each TCP connection one WebSocket to /ws; the gateway routes
 *   by slot and follows MOVED/ASK, so the client sees one big Redis.
 * - Cluster: one local port per node (<base-port> + i), each bridged to /node/<name>/ws, with node
 *   addresses in replies rewritten to the local ports (bridge/rewrite.ts), so cluster clients
 *   (redis-cli -c, redis-cli --cluster, ioredis Cluster) see a Redis Cluster on 127.0.0.1.
 * Listens on 127.0.0.1 only: anyone who reaches a port has the token's rights.
 */
import { createServer, type Server, type Socket } from "node:net";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type WebSocket from "ws";
import { ClusterTap } from "./bridge/cluster-tap";
import { readLayout } from "./bridge/layout";
import { pipeConnection } from "./bridge/pipe";

export const BRIDGE_HOST = "127.0.0.1";

export interface BridgeOptions {
  /** The gateway, e.g. http://127.0.0.1:8787. */
  url: string;
  /** The data token (single endpoint) or the admin token (needed by cluster mode). */
  token: string;
  cluster?: boolean;
  /** Single-endpoint port (default 6379). */
  port?: number;
  /** Cluster mode: the first node's port, the others follow (default 7000). */
  basePort?: number;
  /** Cluster mode: the node first asked for the layout (default node-0, the gateway's default seed). */
  seed?: string;
  log?: (line: string) => void;
}

export interface Bridge {
  /** The listening ports: one in single-endpoint mode, one per node (in name order) in cluster mode. */
  ports: number[];
  /** Cluster mode: node name → local port (grows when a new node shows up). */
  nodes: ReadonlyMap<string, number>;
  /** What the bridge holds now (tests and operators: backpressure and close propagation are visible here). */
  stats(): BridgeStats;
  close(): Promise<void>;
}

export interface BridgeStats {
  /** Client TCP connections open. */
  clients: number;
  /** Gateway WebSockets not yet closed (one per client connection). */
  webSockets: number;
  /** WebSockets whose reading is paused because their client is not reading (backpressure). */
  pausedWebSockets: number;
  /** Reply bytes waiting in the client sockets' write buffers. */
  unsentToClientsBytes: number;
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const bridge = new BridgeServers(opts);
  try {
    if (opts.cluster) await bridge.startCluster();
    else await bridge.listen(opts.port ?? 6379, "/ws", false);
  } catch (e) {
    await bridge.close();
    throw e;
  }
  return { ports: bridge.ports(), nodes: bridge.nodes, stats: () => bridge.stats(), close: () => bridge.close() };
}

class BridgeServers {
  readonly nodes = new Map<string, number>();
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly websockets = new Set<WebSocket>();
  private readonly listening: number[] = [];
  private refreshing: Promise<void> | null = null;
  private closed = false;
  private readonly url: string;

  constructor(private readonly opts: BridgeOptions) {
    this.url = opts.url.replace(/\/+$/, "");
  }

  ports(): number[] {
    return this.opts.cluster ? [...this.nodes.values()] : [...this.listening];
  }

  stats(): BridgeStats {
    const ws = [...this.websockets];
    const tcp = [...this.sockets];
    return {
      clients: tcp.length, webSockets: ws.length, pausedWebSockets: ws.filter((w) => w.isPaused).length,
      unsentToClientsBytes: tcp.reduce((n, t) => n + t.writableLength, 0),
    };
  }

  async startCluster(): Promise<void> {
    const names = await readLayout(this.url, this.opts.token, [this.opts.seed ?? "node-0"]);
    if (names.length === 0) throw new Error("the cluster has no nodes yet (run scripts/cluster.ts create)");
    await Promise.all(names.map((name) => this.addNode(name)));
  }

  /**
   * The local port of a node. A name not seen before (a MOVED to a node added since the bridge
   * started) gets the next port at once, so the rewritten reply goes out without waiting; its
   * listener and a layout refresh follow.
   */
  readonly portOf = (name: string): number => {
    const known = this.nodes.get(name);
    if (known !== undefined) return known;
    void this.addNode(name).catch((e: unknown) => this.log(`node ${name}: ${e instanceof Error ? e.message : String(e)}`));
    void this.refresh();
    return this.nodes.get(name)!;
  };

  private addNode(name: string): Promise<void> {
    if (this.nodes.has(name)) return Promise.resolve();
    const port = (this.opts.basePort ?? 7000) + this.nodes.size;
    this.nodes.set(name, port);
    return this.listen(port, `/node/${encodeURIComponent(name)}/ws`, true).then(() => this.log(`${name} -> ${BRIDGE_HOST}:${port}`));
  }

  /** Single-flight: one CLUSTER NODES at a time, asking any node the bridge knows. */
  private refresh(): Promise<void> {
    this.refreshing ??= readLayout(this.url, this.opts.token, [...this.nodes.keys()])
      .then((names) => Promise.all(names.map((n) => this.addNode(n))))
      .then(() => undefined, (e: unknown) => this.log(`layout refresh failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  listen(port: number, path: string, cluster: boolean): Promise<void> {
    const wsUrl = `${this.url.replace(/^http/, "ws")}${path}`;
    const server = createServer((tcp) => {
      if (this.closed) return void tcp.destroy();
      tcp.setNoDelay(true);
      this.sockets.add(tcp);
      const ws = pipeConnection(tcp, wsUrl, this.opts.token, cluster ? (out) => new ClusterTap(this.portOf, out) : undefined);
      this.websockets.add(ws);
      tcp.on("close", () => this.sockets.delete(tcp));
      ws.on("close", () => this.websockets.delete(ws));
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, BRIDGE_HOST, () => {
        server.off("error", reject);
        server.on("error", (e) => this.log(`port ${port}: ${e.message}`));
        this.listening.push(port);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const ws of this.websockets) ws.terminate();
    for (const tcp of this.sockets) tcp.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r()))));
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

/** The command line (also run by bin/redis-do-bridge.mjs). */
export async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "http://127.0.0.1:8787" },
      port: { type: "string", default: "6379" },
      cluster: { type: "boolean", default: false },
      "base-port": { type: "string", default: "7000" },
      seed: { type: "string", default: "node-0" },
      "token-env": { type: "string" },
    },
  });
  const tokenEnv = values["token-env"] ?? (values.cluster ? "REDIS_DO_ADMIN_TOKEN" : "REDIS_DO_TOKEN");
  const token = process.env[tokenEnv];
  if (!token) {
    console.error(`set ${tokenEnv} to the gateway's ${values.cluster ? "admin " : ""}token (see .dev.vars.example)`);
    process.exit(2);
  }
  const log = (line: string): void => console.log(line);
  const bridge = await startBridge({
    url: values.url, token, cluster: values.cluster, port: Number(values.port),
    basePort: Number(values["base-port"]), seed: values.seed, log,
  }).catch((e: unknown) => {
    console.error(`bridge: ${e instanceof Error ? e.message : String(e)}`);
    return process.exit(1);
  });
  if (!values.cluster) log(`${BRIDGE_HOST}:${bridge.ports[0]} -> ${values.url}/ws`);
  log(values.cluster ? `try: redis-cli -c -p ${bridge.ports[0]}` : `try: redis-cli -p ${bridge.ports[0]}`);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void bridge.close().then(() => process.exit(0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
