/**
 * What a failed node call means for its commands. An RPC that throws usually means the node is
 * unreachable (the router marks it suspect and answers CLUSTERDOWN); one refused for the RPC size
 * limit means the node is healthy and the batch was too large.
 */
import { error, type Reply } from "../resp/reply";
import { REDIRECT } from "../cluster/routing";

/**
 * Whether a node call failed because its arguments or its result exceeded the RPC size limit
 * (32 MiB): the node is healthy, so it must not become suspect. workerd gives this error no code;
 * its message is the only sign ("Serialized RPC arguments or return values are limited to 32MiB").
 */
export function rpcTooLarge(e: unknown): boolean {
  return e instanceof Error && /Serialized RPC arguments or return values are limited/.test(e.message);
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The reply for the commands of a call the RPC limit refused (they may have run: the result was too large). */
export function refusedCall(e: unknown): Reply {
  return error(`ERR node call refused, its commands may have run: ${errorText(e)}`.replace(/[\r\n]/g, " "));
}

const NODE_CLUSTER_DOWN: ReadonlySet<string> = new Set([REDIRECT.unbound, REDIRECT.down, REDIRECT.downReadOnly]);

/**
 * Whether a node refused a command with CLUSTERDOWN (its slot gate: it did not run it), as opposed
 * to the gateway's own "CLUSTERDOWN node ... unreachable" for a call that threw (which may have
 * run). A node that left the cluster (del-node's CLUSTER RESET) knows no slot and answers
 * "CLUSTERDOWN Hash slot not served" to everything, where a node still in the cluster would have
 * answered MOVED: the map routing there is stale, and the router refreshes it before giving up.
 */
export function isNodeClusterDown(r: Reply | undefined): boolean {
  return r !== undefined && r.t === "error" && NODE_CLUSTER_DOWN.has(r.v);
}
