/**
 * How nodes are named. A leaf module: both the state (state.ts) and the bus messages
 * (messages.ts) speak of nodes, and the state counts messages by type, so neither may own these.
 */

/** Redis's "node name": 40 chars of [a-z0-9], random, stable for the node's life. */
export type NodeId = string;
/** The node's Durable Object name: the address messages are sent to (Redis's ip). */
export type NodeName = string;
