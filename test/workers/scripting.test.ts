/**
 * Scripting on real Durable Objects through the gateway of a three-master cluster: the wasm Lua
 * module loads in workerd; a script runs where its keys are; a script whose declared keys are on
 * several nodes runs atomically (the one-database machinery); SCRIPT LOAD and FUNCTION LOAD reach
 * every master; libraries survive an eviction, the script cache does not (as on a Redis restart).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { evictDurableObject } from "cloudflare:test";
import { slotMapFor } from "../../src/gateway/slot-map";
import { keyHashSlot } from "../../src/commands/slot";
import { nodeByName } from "../../src/node/client";
import { cmd, stubOf } from "./helpers";
import { formCluster } from "./cluster-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const NODES = ["node-0", "sc-1", "sc-2"];
const map = slotMapFor(env.SEED_NODES);

async function result(...argv: (string | number)[]): Promise<unknown> {
  const r = await gw.fetch(new Request("http://gw/", { method: "POST", body: JSON.stringify(argv), headers: { Authorization: "Bearer test-token" } }));
  const j = (await r.json()) as { result?: unknown; error?: string };
  return "error" in j ? j.error : j.result;
}

function keyOn(node: string, prefix: string): string {
  for (let i = 0; ; i++) if (map.owner(keyHashSlot(`${prefix}${i}`)) === node) return `${prefix}${i}`;
}

const MOVE = "local v = redis.call('GET', KEYS[1]) redis.call('DEL', KEYS[1]) redis.call('SET', KEYS[2], v) return v";

describe("scripting through the gateway", () => {
  const [A, B, C] = NODES as [string, string, string];
  beforeAll(async () => {
    await formCluster(NODES);
    const [slots] = await nodeByName(env, "node-0").execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
    expect(map.apply(slots!)).toBe(true);
  });

  it("EVAL runs on the node that owns its key", async () => {
    const k = keyOn(B, "ev:");
    expect(await result("EVAL", "return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, k, 5)).toBe(5);
    expect(await cmd(nodeByName(env, B), "GET", k)).toBe("5");
  });

  it("a script whose keys are on different nodes runs atomically across them", async () => {
    const src = keyOn(A, "mv:"), dst = keyOn(C, "mv:");
    expect(await result("SET", src, "payload")).toBe("OK");
    expect(await result("EVAL", MOVE, 2, src, dst)).toBe("payload");
    expect(await cmd(nodeByName(env, A), "EXISTS", src)).toBe(0);
    expect(await cmd(nodeByName(env, C), "GET", dst)).toBe("payload");
  });

  it("keys a script touches without declaring them work wherever they live, atomically", async () => {
    const a = keyOn(A, "ud:"), b = keyOn(B, "ud:"), c = keyOn(C, "ud:");
    // Declared a, undeclared b and c on two other nodes: the gateway finds them and runs it again with them locked.
    expect(await result("EVAL", "redis.call('SET', KEYS[1], 'x') redis.call('SET', ARGV[1], 'y') return redis.call('INCR', ARGV[2])", 1, a, b, c)).toBe(1);
    expect(await cmd(nodeByName(env, A), "GET", a)).toBe("x");
    expect(await cmd(nodeByName(env, B), "GET", b)).toBe("y");
    expect(await cmd(nodeByName(env, C), "GET", c)).toBe("1");
    // A script declaring no key at all, writing one (the vendored @upstash/redis tests do this).
    for (let i = 0; i < 6; i++) expect(await result("EVAL", "return redis.call('INCR', ARGV[1])", 0, c)).toBe(i + 2);
    // Ran once each: no partial first attempt remains.
    expect(await cmd(nodeByName(env, C), "GET", c)).toBe("7");
  });

  it("SCRIPT LOAD reaches every master, so EVALSHA works whichever node owns the key", async () => {
    const sha = (await result("SCRIPT", "LOAD", "return KEYS[1]")) as string;
    for (const node of NODES) expect(await result("EVALSHA", sha, 1, keyOn(node, "sha:"))).toBe(keyOn(node, "sha:"));
    expect(await result("SCRIPT", "EXISTS", sha, "0".repeat(40))).toEqual([1, 0]);
  });

  it("a script EVAL cached is known to every master: EVALSHA works for keys on another node", async () => {
    const body = "return 'spread:' .. KEYS[1]";
    const sha = "ffffffffffffffffffffffffffffffffffffffff";
    expect(await result("EVAL", body, 1, keyOn(A, "sp:"))).toBe(`spread:${keyOn(A, "sp:")}`);
    const real = String(await cmd(nodeByName(env, A), "SCRIPT", "LOAD", body));
    expect(real).not.toBe(sha);
    expect(await result("EVALSHA", real, 1, keyOn(C, "sp:"))).toBe(`spread:${keyOn(C, "sp:")}`);
    expect(await result("SCRIPT", "EXISTS", real)).toEqual([1]);
  });

  it("FUNCTION LOAD reaches every master and libraries survive an eviction; the script cache does not", async () => {
    const lib = "#!lua name=wlib\nredis.register_function('wset', function(keys, args) return redis.call('SET', keys[1], args[1]) end)";
    expect(await result("FUNCTION", "LOAD", "REPLACE", lib)).toBe("wlib");
    const k = keyOn(C, "fn:");
    expect(await result("FCALL", "wset", 1, k, "v1")).toBe("OK");
    const sha = (await result("SCRIPT", "LOAD", "return 'cached'")) as string;
    await evictDurableObject(stubOf(C));
    expect(await result("FCALL", "wset", 1, k, "v2")).toBe("OK");
    expect(await cmd(nodeByName(env, C), "GET", k)).toBe("v2");
    expect(await result("EVALSHA", sha, 1, k)).toBe("NOSCRIPT No matching script. Please use EVAL.");
  });
});
