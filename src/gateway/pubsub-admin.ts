/**
 * `GET /pubsub/hubs` (admin token): each pubsub hub's counters (PubSubHub.stats), for operators and
 * for the benchmark that checks idle subscribers cost no invocation.
 */
import { hubCount, hubStub, type HubNamespace, type HubStats } from "../pubsub/protocol";

export async function hubStats(env: HubNamespace): Promise<HubStats[]> {
  return Promise.all([...Array(hubCount(env)).keys()].map((i) => hubStub(env, i).stats()));
}
