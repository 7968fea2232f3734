/**
 * What the gateway needs from the Worker's bindings (the full Env, src/env.ts, satisfies it). The
 * gateway states its own needs so that its module graph holds no node code: the node namespace is
 * typed by what the gateway calls on a stub (NodeRpc), not by the Durable Object class.
 */
import type { HubNamespace } from "../pubsub/protocol";

export interface GatewayEnv extends HubNamespace {
  NODE: { idFromName(name: string): DurableObjectId; get(id: DurableObjectId, opts?: { locationHint?: DurableObjectLocationHint }): unknown };
  REDIS_TOKEN?: string;
  ADMIN_TOKEN?: string;
  /** Nodes the gateway asks for the slot map when it has none (comma-separated names). */
  SEED_NODES?: string;
  PROTO_MAX_BULK_LEN?: string;
  AUTOSCALE_MODE?: string;
  /** The autoscaler: its decisions (GET /admin/autoscale) and its cron round. */
  AUTOSCALER?: { idFromName(name: string): DurableObjectId; get(id: DurableObjectId): unknown };
}

/** What the gateway calls on the autoscaler (src/autoscale/autoscaler.ts). */
export interface AutoscalerRpc {
  tick(): Promise<unknown>;
  log(limit?: number): Promise<unknown[]>;
}

export function autoscaler(env: GatewayEnv): AutoscalerRpc | null {
  const ns = env.AUTOSCALER;
  return ns ? (ns.get(ns.idFromName("autoscaler")) as AutoscalerRpc) : null;
}
