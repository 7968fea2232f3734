/**
 * The ports through which a NodeRuntime touches the outside world. The consumer (the runtime)
 * defines them; the Durable Object adapter (node.ts) binds them to `ctx.storage`, the alarm and
 * DO stubs, and the simulator (test/sim) binds them to better-sqlite3, a fake clock and a fake
 * network. Nothing else in the runtime reads a clock, draws randomness, or does I/O.
 */
import type { BusMessage } from "../cluster";
import type { ReplMessage } from "../replication";
import type { PeerReply, PeerRequest } from "../txn/messages";
import type { HubPort } from "../pubsub/outbox";
import type { EventSink } from "../events/cluster-event";
import type { MeterReading } from "./do-meter";

export type { SqlCursor, SqlExec, SqlPort, SqlRow, SqlValue } from "../keyspace/sql";
import type { SqlPort } from "../keyspace/sql";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Uniform in [0, 1). */
  random(): number;
}

/** Messages to other nodes; what the target answers rides back as the result. */
export interface Transport {
  bus(to: string, msgs: BusMessage[]): Promise<BusMessage[]>;
  replicate(to: string, msg: ReplMessage): Promise<ReplMessage[]>;
  /** Cross-node transactions (locks, commits, outcomes): one request, one answer. */
  peer(to: string, msg: PeerRequest): Promise<PeerReply>;
}

/** The node's single wake-up (a Durable Object alarm): setting it replaces the previous one. */
export interface DeadlinePort {
  get(): Promise<number | null>;
  set(at: number): Promise<void>;
}

export interface RuntimePorts {
  sql: SqlPort;
  clock: Clock;
  transport: Transport;
  deadline: DeadlinePort;
  /** Throws the node's memory away, as a crash would (storage stays): DEBUG RESTART, where the platform can. */
  restart?: () => void;
  /** The pubsub hubs (PUBLISH, SPUBLISH, PUBSUB, keyspace notifications); absent: none (simulator). */
  pubsub?: HubPort;
  /**
   * The Lua interpreter's compiled wasm (scripting/wasm/redis-lua.wasm): the Worker imports it at
   * build time (workerd compiles no wasm at run time), Node loads the file. Absent: no scripting.
   */
  lua?: () => WebAssembly.Module;
  /** Where cluster events are logged besides the node's history (the Durable Object: console); absent: nowhere (simulator). */
  events?: EventSink;
  /** What the platform bills (do-meter.ts): counted by the Durable Object adapter; absent in the simulator. */
  meter?: MeterReading;
}

/** Waits `ms` on the clock port. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}

/**
 * For long loops of calls between nodes: `await turn()` gives the event loop a turn every `every`
 * calls. Calls between Durable Objects of one process (wrangler dev) never return to it by
 * themselves, and a slot migration's copy then held up every other request of the process.
 */
export function turnTaker(clock: Clock, every = 8): () => Promise<void> {
  let n = 0;
  return () => (++n % every === 0 ? sleep(clock, 0) : Promise.resolve());
}

/** The longest delay a timer (setTimeout) accepts. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A hex string of `bytes` random bytes drawn from the clock's random source. */
export function randomHex(clock: Clock, bytes: number): string {
  let s = "";
  for (let i = 0; i < bytes; i++) s += Math.floor(clock.random() * 256).toString(16).padStart(2, "0");
  return s;
}
