/**
 * What a failed node call means for its commands. An RPC that throws usually means the node is
 * unreachable (the router marks it suspect and answers CLUSTERDOWN); one refused for the RPC size
 * limit means the node is healthy and the batch was too large.
 */
import { error, type Reply } from "../resp/reply";

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
