/** The deployable: the gateway Worker (default export), the node and the pubsub hub Durable Object classes. */
export { RedisNode } from "./node/node";
export { PubSubHub } from "./pubsub/hub";
export { default } from "./gateway/app";
