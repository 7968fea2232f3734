/**
 * ioredis over the gateway's RESP WebSocket, from Node, without a bridge process
 * (`redis-cluster-do/ioredis`):
 *
 *   import { Redis, Cluster } from "ioredis";
 *   import { gatewayConnector, gatewayClusterOptions } from "redis-cluster-do/ioredis";
 *   // the whole database on one connection (/ws; the gateway routes by slot):
 *   const redis = new Redis({ Connector: gatewayConnector({ url, token }) });
 *   // the cluster as it is (/node/<name>/ws per node, admin token; ioredis follows MOVED/ASK):
 *   const cluster = new Cluster([{ host: "node-0", port: 6379 }], gatewayClusterOptions({ url, token: adminToken }));
 *
 * Each ioredis connection is one WebSocket (websocket-stream.ts), so MULTI/WATCH, blocking
 * commands and pub/sub keep their per-connection meaning, and ioredis's reconnect opens a new one.
 * In cluster mode a node's host is its Durable Object name, which is how the nodes announce
 * themselves (`node-1:6379` in CLUSTER SLOTS/NODES, MOVED, ASK); the port is ignored.
 * ioredis's Cluster resolves its startup hosts with DNS first: `nodeNameLookup` (set by
 * gatewayClusterOptions) hands the name through unchanged.
 */
import { isIP } from "node:net";
import { AbstractConnector, type ClusterOptions, type DNSLookupFunction, type RedisOptions } from "ioredis";
import { defaultImplementation, openWebSocket, type WebSocketImplementation } from "./websocket-port";
import { WebSocketStream } from "./websocket-stream";

export interface GatewayConnectorOptions {
  /** The gateway: http(s)://… or ws(s)://… (e.g. http://127.0.0.1:8787). */
  url: string;
  /** REDIS_TOKEN for the one-database route; ADMIN_TOKEN for `cluster` (the /node routes need it). */
  token?: string;
  /** Connect to `/node/<host>/ws`, host being the node's name (for ioredis's Cluster). */
  cluster?: boolean;
  /** `auto` (default): the global WebSocket when the runtime has one (Node >= 22), else the `ws` package. */
  implementation?: "auto" | WebSocketImplementation;
}

/** What ioredis hands a connector: its options (host/port of the node, for a Cluster's connections). */
type ConnectorInput = Pick<RedisOptions, "disconnectTimeout"> & { host?: string; port?: number };

/** ioredis's "Connection is closed." (CONNECTION_CLOSED_ERROR_MSG), for a connect cancelled by disconnect(). */
const CONNECTION_CLOSED = "Connection is closed.";

const DEFAULT_DISCONNECT_TIMEOUT_MS = 2000;
const NODE_PORT = 6379;

/** The ioredis `Connector` option: a class ioredis instantiates per client with its options. */
export function gatewayConnector(opts: GatewayConnectorOptions): new (options: unknown) => AbstractConnector {
  const base = opts.url.replace(/^http/, "ws").replace(/\/+$/, "");
  if (!/^wss?:\/\//.test(base)) throw new TypeError(`gatewayConnector: url must be http(s):// or ws(s)://, got ${opts.url}`);
  const implementation = !opts.implementation || opts.implementation === "auto" ? defaultImplementation() : opts.implementation;

  return class GatewayConnector extends AbstractConnector {
    private readonly host: string;
    private readonly port: number;

    constructor(options: unknown) {
      const o = (options ?? {}) as ConnectorInput;
      super(o.disconnectTimeout ?? DEFAULT_DISCONNECT_TIMEOUT_MS);
      this.host = o.host ?? "";
      this.port = o.port ?? NODE_PORT;
    }

    async connect(): Promise<never> {
      this.connecting = true;
      const path = opts.cluster ? nodePath(this.host) : "/ws";
      const stream = new WebSocketStream(opts.cluster ? this.host : new URL(base).hostname, opts.cluster ? this.port : NODE_PORT);
      const port = await openWebSocket(implementation, `${base}${path}`, opts.token, stream.events);
      if (!this.connecting) {
        // disconnect() ran while the WebSocket library loaded.
        port.terminate();
        throw new Error(CONNECTION_CLOSED);
      }
      stream.attach(port);
      stream.once("error", (err: Error) => (this.firstError = err));
      // ioredis types its connector's stream as a net.Socket; it uses only what WebSocketStream has
      // (write/end/destroy, data/error/close, connecting + connect, setTimeout/setNoDelay/setKeepAlive).
      this.stream = stream as unknown as typeof this.stream;
      return stream as never;
    }
  };
}

/** `/node/<name>/ws`; refuses an address that is no node name (it would make a new, empty node). */
function nodePath(host: string): string {
  if (!host || isIP(host) !== 0 || host === "localhost") {
    throw new Error(`gatewayConnector (cluster): "${host}" is not a node name; start from a node such as { host: "node-0", port: 6379 }`);
  }
  return `/node/${encodeURIComponent(host)}/ws`;
}

/** ioredis Cluster `dnsLookup`: node names are not DNS names; they go to the connector as they are. */
export const nodeNameLookup: DNSLookupFunction = (hostname, callback) => callback(null, hostname, 0);

/** Cluster options for the gateway: `cluster`'s own options plus the connector and nodeNameLookup. */
export function gatewayClusterOptions(opts: Omit<GatewayConnectorOptions, "cluster">, options: ClusterOptions = {}): ClusterOptions {
  return {
    ...options,
    dnsLookup: nodeNameLookup,
    redisOptions: { ...options.redisOptions, Connector: gatewayConnector({ ...opts, cluster: true }) },
  };
}
