import { describe, expect, it } from "vitest";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { cmd, node, stubOf } from "./helpers";
import type { RedisNode } from "../../src/node/node";

describe("node durable object", () => {
  it("answers PING and ECHO", async () => {
    const n = node("basic");
    expect(await cmd(n, "PING")).toBe("PONG");
    expect(await cmd(n, "ping", "hi")).toBe("hi");
    expect(await cmd(n, "ECHO", "x")).toBe("x");
  });

  it("replies Redis's errors for unknown commands and wrong arity", async () => {
    const n = node("basic");
    expect(await cmd(n, "NOPE", "a", "b")).toEqual({ error: "ERR unknown command 'NOPE', with args beginning with: 'a' 'b' " });
    expect(await cmd(n, "ECHO")).toEqual({ error: "ERR wrong number of arguments for 'echo' command" });
  });

  it("keeps its node id across eviction", async () => {
    const n = node("identity");
    const stub = stubOf("identity");
    const id1 = await runInDurableObject(stub, (o: RedisNode) => o.nodeId);
    expect(id1).toMatch(/^[0-9a-f]{40}$/);
    await evictDurableObject(stub);
    expect(await runInDurableObject(stub, (o: RedisNode) => o.nodeId)).toBe(id1);
  });

  it("arms its cron on the first call and re-arms it after each run", async () => {
    const n = node("cron");
    const stub = stubOf("cron");
    await cmd(n, "PING");
    expect(await runInDurableObject(stub, (_o, state) => state.storage.getAlarm())).not.toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_o, state) => state.storage.getAlarm())).not.toBeNull();
  });

  it("CONFIG SET persists and CONFIG GET reads back", async () => {
    const n = node("config");
    const stub = stubOf("config");
    expect(await cmd(n, "CONFIG", "SET", "cluster-node-timeout", "5000")).toBe("OK");
    await evictDurableObject(stub);
    expect(await cmd(n, "CONFIG", "GET", "cluster-node-timeout")).toEqual({ map: [["cluster-node-timeout", "5000"]] });
  });
});
