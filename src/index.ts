/** The deployable: the gateway Worker (default export) and the Durable Object classes (node, autoscaler, pubsub hub). */
export { RedisNode } from "./node/node";
export { Autoscaler } from "./autoscale/autoscaler";
export { PubSubHub } from "./pubsub/hub";
export { default } from "./gateway/app";
