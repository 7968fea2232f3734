/**
 * One database behind the endpoint: SCAN, KEYS, DBSIZE, RANDOMKEY and FLUSHALL through the
 * gateway cover every master of a real three-master cluster, not the one node a keyless command
 * used to reach.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { slotMapFor } from "../../src/gateway/slot-map";
import { nodeByName } from "../../src/node/client";
import { cmd } from "./helpers";
import { formCluster } from "./cluster-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const NODES = ["node-0", "ks-1", "ks-2"];
const KEYS = Array.from({ length: 30 }, (_, i) => `k${i}`);

async function post(path: string, body: unknown): Promise<unknown> {
  const r = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: "Bearer test-token" } }));
  return r.json();
}
const result = async (...argv: (string | number)[]): Promise<unknown> => ((await post("/", argv)) as { result: unknown }).result;
const nodeSize = (name: string): Promise<unknown> => cmd(nodeByName(env, name), "DBSIZE");

/** A full SCAN through the gateway: every key it returned, and how many calls it took. */
async function scanAll(...opts: string[]): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let cursor = "0";
  let calls = 0;
  do {
    const [next, batch] = (await result("SCAN", cursor, ...opts)) as [string, string[]];
    keys.push(...batch);
    cursor = next;
    calls++;
  } while (cursor !== "0" && calls < 1000);
  return { keys, calls };
}

describe("keyspace-wide commands over a three-master cluster", () => {
  beforeAll(async () => {
    // node-0 is the gateway's seed: it tells the gateway's map about the other two masters.
    await formCluster(NODES);
    const [slots] = await nodeByName(env, "node-0").execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
    expect(slotMapFor(env.SEED_NODES).apply(slots!)).toBe(true);
    await post("/pipeline", KEYS.map((k) => ["SET", k, "v"]));
    await post("/pipeline", [["RPUSH", "list:1", "a"], ["HSET", "hash:1", "f", "v"]]);
  });

  it("spreads the keys over every master", async () => {
    const sizes = (await Promise.all(NODES.map(nodeSize))) as number[];
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(32);
  });

  it("SCAN returns every key of every master exactly as KEYS does", async () => {
    const { keys, calls } = await scanAll("COUNT", "5");
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual([...KEYS, "list:1", "hash:1"].sort());
    expect(calls).toBeGreaterThan(NODES.length);
    expect(((await result("KEYS", "*")) as string[]).sort()).toEqual(keys);
  });

  it("SCAN keeps MATCH and TYPE, and answers Redis's errors", async () => {
    expect((await scanAll("MATCH", "k1*")).keys.sort()).toEqual(KEYS.filter((k) => k.startsWith("k1")).sort());
    expect((await scanAll("TYPE", "list")).keys).toEqual(["list:1"]);
    expect(await post("/", ["SCAN", "abc"])).toEqual({ error: "ERR invalid cursor" });
    expect(await post("/", ["SCAN", "0", "COUNT", "0"])).toEqual({ error: "ERR syntax error" });
  });

  it("SCAN WITHTYPE (Upstash's, as @upstash/redis's scan test uses it) follows each key with its type", async () => {
    const { keys: flat } = await scanAll("COUNT", "5", "WITHTYPE");
    const pairs = Array.from({ length: flat.length / 2 }, (_, i) => `${flat[2 * i]}=${flat[2 * i + 1]}`);
    expect(pairs.sort()).toEqual([...KEYS.map((k) => `${k}=string`), "list:1=list", "hash:1=hash"].sort());
    expect((await scanAll("WITHTYPE", "MATCH", "list*")).keys).toEqual(["list:1", "list"]);
  });

  it("DBSIZE sums the masters; RANDOMKEY draws from all of them", async () => {
    expect(await result("DBSIZE")).toBe(32);
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) seen.add((await result("RANDOMKEY")) as string);
    expect([...seen].every((k) => KEYS.includes(k) || k === "list:1" || k === "hash:1")).toBe(true);
    expect(seen.size).toBeGreaterThan(NODES.length);
  });

  it("INFO counts every master's keys in its keyspace section", async () => {
    expect(await result("INFO", "keyspace")).toBe("# Keyspace\r\ndb0:keys=32,expires=0,avg_ttl=0\r\n");
    expect(await result("INFO")).toContain("\r\n# Keyspace\r\ndb0:keys=32,expires=0,avg_ttl=0\r\n");
    expect(await result("INFO", "server")).not.toContain("Keyspace");
  });

  it("a pipeline's keyspace-wide command sees the writes before it", async () => {
    const out = (await post("/pipeline", [["SET", "later", "1"], ["DBSIZE"], ["DEL", "later"], ["DBSIZE"]])) as { result: unknown }[];
    expect(out.map((r) => r.result)).toEqual(["OK", 33, 1, 32]);
  });

  it("FLUSHALL empties every master; the /node routes keep one node's view", async () => {
    const direct = await gw.fetch(new Request("http://gw/node/ks-1", { method: "POST", body: JSON.stringify(["DBSIZE"]), headers: { Authorization: "Bearer test-admin" } }));
    expect(((await direct.json()) as { result: number }).result).toBe(await nodeSize("ks-1"));
    expect(await result("FLUSHALL")).toBe("OK");
    expect(await Promise.all(NODES.map(nodeSize))).toEqual([0, 0, 0]);
    expect(await result("DBSIZE")).toBe(0);
    expect(await result("RANDOMKEY")).toBeNull();
    expect((await scanAll()).keys).toEqual([]);
  });
});
