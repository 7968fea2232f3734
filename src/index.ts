/** The deployable: the gateway Worker (default export) and the node Durable Object class. */
export { RedisNode } from "./node/node";
export { Autoscaler } from "./autoscale/autoscaler";
export { default } from "./gateway/app";
