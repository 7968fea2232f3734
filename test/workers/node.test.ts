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

  it("aborts EXEC when a watched key expired after WATCH (Redis 7 counts expiry as a change)", async () => {
    const n = node("watch-expiry");
    expect(await cmd(n, "SET", "w", "1", "PX", "400")).toBe("OK");
    const token = await n.watch(["w"]);
    await new Promise((r) => setTimeout(r, 450));
    expect(await n.transaction([["SET", "w", "2"]], { resp: 2 }, token)).toEqual({ t: "nullarray" });
    const fresh = await n.watch(["w"]);
    expect(await n.transaction([["SET", "w", "3"]], { resp: 2 }, fresh)).toEqual({ t: "array", v: [{ t: "simple", v: "OK" }] });
  });

  it("aborts EXEC when a watched key was written, and not when another key was", async () => {
    const n = node("watch-write");
    const token = await n.watch(["a"]);
    await cmd(n, "SET", "b", "x");
    expect(await n.transaction([["INCR", "a"]], { resp: 2 }, token)).toEqual({ t: "array", v: [{ t: "int", v: 1 }] });
    const again = await n.watch(["a"]);
    await cmd(n, "SET", "a", "5");
    expect(await n.transaction([["INCR", "a"]], { resp: 2 }, again)).toEqual({ t: "nullarray" });
    expect(await cmd(n, "GET", "a")).toBe("5");
  });

  it("counts its commands in COMMAND COUNT and lists them in COMMAND LIST", async () => {
    const n = node("basic");
    const count = (await cmd(n, "COMMAND", "COUNT")) as number;
    expect(count).toBeGreaterThan(150);
    // Redis 7.0's COMMAND LIST names subcommands too (`config|get`); COUNT counts commands.
    const names = (await cmd(n, "COMMAND", "LIST")) as string[];
    expect(names.filter((x) => !x.includes("|")).length).toBe(count);
  });

  it("serves GETs from its value cache without ever returning a stale value", async () => {
    const n = node("cache");
    const steps: [(string | number)[], unknown][] = [
      [["SET", "{k}c", "1"], "OK"], [["GET", "{k}c"], "1"],
      [["APPEND", "{k}c", "2"], 2], [["GET", "{k}c"], "12"],
      [["SETRANGE", "{k}c", 0, "x"], 2], [["GET", "{k}c"], "x2"],
      [["SET", "{k}c", "10"], "OK"], [["GET", "{k}c"], "10"], [["INCR", "{k}c"], 11], [["GET", "{k}c"], "11"],
      [["INCRBYFLOAT", "{k}c", "0.5"], "11.5"], [["GET", "{k}c"], "11.5"],
      [["RENAME", "{k}c", "{k}d"], "OK"], [["GET", "{k}c"], null], [["GET", "{k}d"], "11.5"],
      [["COPY", "{k}d", "{k}c"], 1], [["GET", "{k}c"], "11.5"],
      [["DEL", "{k}c"], 1], [["GET", "{k}c"], null],
      [["LPUSH", "{k}c", "x"], 1], [["GET", "{k}c"], { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
      [["GETDEL", "{k}d"], "11.5"], [["GET", "{k}d"], null],
      [["SET", "e", "v", "PX", 5000], "OK"], [["GET", "e"], "v"],
      [["FLUSHALL"], "OK"], [["GET", "e"], null],
    ];
    for (const [args, want] of steps) expect(await cmd(n, ...args), args.join(" ")).toEqual(want);
    // Long enough that a loaded machine reads before the expiry, short enough to wait for.
    expect(await cmd(n, "SET", "t", "v", "PX", 400)).toBe("OK");
    expect(await cmd(n, "GET", "t")).toBe("v");
    await new Promise((r) => setTimeout(r, 450));
    expect(await cmd(n, "GET", "t")).toBe(null);
  });
});
