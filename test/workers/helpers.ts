import type { RedisNode } from "../../src/node/node";
/**
 * Helpers for Workers tests: talk to real node Durable Objects over RPC and turn replies into
 * plain JS values so assertions read like redis-cli output.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Reply } from "../../src/resp/reply";
import type { ConnState } from "../../src/commands/types";
import { fromText } from "../../src/resp/bytes";
import { nodeByName } from "../../src/node/client";
import type { NodeRpc } from "../../src/node-rpc";

export type Plain = string | number | bigint | boolean | null | { error: string } | Plain[] | { map: [Plain, Plain][] };

export function plain(r: Reply): Plain {
  switch (r.t) {
    case "simple": case "bulk": case "verbatim": case "bignum": return r.v;
    case "error": return { error: r.v };
    case "int": case "double": case "bool": return r.v;
    case "null": case "nullarray": return null;
    case "array": case "set": case "push": return r.v.map(plain);
    case "map": return { map: r.v.map(([k, v]) => [plain(k), plain(v)] as [Plain, Plain]) };
  }
}

/** Nodes of this test file that already own all slots (storage is per file, so is this memo). */
const bootstrapped = new Map<string, Promise<unknown>>();

/**
 * Makes `name` a one-node cluster owning all 16384 slots (like `npm start` with one master), once
 * per test file. Returns the node's raw handle.
 */
export function ownAllSlots(name: string): Promise<unknown> {
  const key = `${expect.getState().testPath}:${name}`;
  let p = bootstrapped.get(key);
  if (!p) {
    p = nodeByName(env, name).execute([["CLUSTER", "ADDSLOTSRANGE", "0", "16383"]], CONN);
    bootstrapped.set(key, p);
  }
  return p;
}

/**
 * A node's RPC handle, owning all slots before its first command; pass the name to
 * `runInDurableObject`/`evictDurableObject` through `stubOf`.
 */
export function node(name = "node-0"): NodeRpc {
  const rpc = nodeByName(env, name);
  return {
    execute: async (cmds, conn) => (await ownAllSlots(name), rpc.execute(cmds, conn)),
    transaction: async (cmds, conn, watch) => (await ownAllSlots(name), rpc.transaction(cmds, conn, watch)),
    watch: async (keys) => (await ownAllSlots(name), rpc.watch(keys)),
    coordinate: async (req, conn) => (await ownAllSlots(name), rpc.coordinate(req, conn)),
  };
}

/** The raw Durable Object stub behind a handle, for `cloudflare:test` helpers. */
export function stubOf(name: string): DurableObjectStub<RedisNode> {
  return env.NODE.get(env.NODE.idFromName(name)) as DurableObjectStub<RedisNode>;
}

const CONN: ConnState = { resp: 2, admin: true };

/** Runs one command on a node (args as text, converted to byte strings) and returns the plain reply. */
export async function cmd(stub: NodeRpc, ...args: (string | number)[]): Promise<Plain> {
  const [reply] = await stub.execute([args.map((a) => fromText(String(a)))], CONN);
  return plain(reply!);
}

/** Runs a command and returns the raw Reply (to check types like double vs bulk). */
export async function raw(stub: NodeRpc, conn: Partial<ConnState>, ...args: string[]): Promise<Reply> {
  const [reply] = await stub.execute([args], { ...CONN, ...conn });
  return reply!;
}
