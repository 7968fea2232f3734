/** Bindings and vars of the Worker (wrangler.toml [vars] + secrets from .dev.vars / wrangler secret). */
export interface Env {
  /** The node Durable Objects (RedisNode). Untyped here so the gateway's types need nothing of the node; callers use `nodeByName`. */
  NODE: DurableObjectNamespace;
  /** The autoscaler (one object, "autoscaler"): see src/autoscale/autoscaler.ts. */
  AUTOSCALER: DurableObjectNamespace;
  /** off (default) | dry-run | on; thresholds AUTOSCALE_* (src/autoscale/policy.ts). */
  AUTOSCALE_MODE?: string;
  /** The pubsub hubs (PubSubHub, src/pubsub/hub.ts); PUBSUB_HUBS of them. */
  PUBSUB?: DurableObjectNamespace;
  PUBSUB_HUBS?: string;
  REDIS_TOKEN?: string;
  ADMIN_TOKEN?: string;
  CLUSTER_CRON_MS?: string;
  CLUSTER_NODE_TIMEOUT_MS?: string;
  CLUSTER_WRITABLE_DELAY_MS?: string;
  SEED_NODES?: string;
  PROTO_MAX_BULK_LEN?: string;
  DEBUG_COMMANDS?: string;
  /** "false": cluster events are not logged (they are still kept in each node's history). */
  CLUSTER_EVENT_LOG?: string;
}
