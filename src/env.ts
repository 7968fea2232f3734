import type { RedisNode } from "./node/node";

/** Bindings and vars of the Worker (wrangler.toml [vars] + secrets from .dev.vars / wrangler secret). */
export interface Env {
  NODE: DurableObjectNamespace<RedisNode>;
  REDIS_TOKEN?: string;
  ADMIN_TOKEN?: string;
  CLUSTER_CRON_MS?: string;
  CLUSTER_NODE_TIMEOUT_MS?: string;
  CLUSTER_WRITABLE_DELAY_MS?: string;
  SEED_NODES?: string;
  PROTO_MAX_BULK_LEN?: string;
  DEBUG_COMMANDS?: string;
}
