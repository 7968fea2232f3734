/**
 * Full-stack routing: the gateway's module slot map pointed at two real nodes; pipelines must cost
 * one execute() per node, multi-key commands are split, MOVED from a real node is followed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { error } from "../../src/resp/reply";
import type { SlotGate } from "../../src/node/dispatch";
import { RedisNode } from "../../src/node/node";
import { slotMapFor } from "../../src/gateway/slot-map";
import { encodeCommand } from "../../src/resp/encoder";
import { fromBytes } from "../../src/resp/bytes";
import { cmd, node, stubOf } from "./helpers";
import { formCluster } from "./cluster-helpers";

/** Replaces a live node's slot gate (in memory, until eviction) to make it redirect like a stale owner. */
function setGate(name: string, gate: SlotGate): Promise<void> {
  return runInDurableObject(stubOf(name), (o: RedisNode) => {
    (o.runtime as unknown as { gate: SlotGate }).gate = gate;
  });
}

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;

async function post(path: string, body: unknown): Promise<unknown> {
  const r = await gw.fetch(
    new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: "Bearer test-token" } }),
  );
  return r.json();
}

// "{b}..." keys hash to slot 3300, "{a}..." keys to slot 15495.
const map = slotMapFor(env.SEED_NODES);

describe("gateway routing over real nodes", () => {
  beforeAll(async () => {
    // A real two-master cluster: gw-a serves 0-8191, gw-b 8192-16383.
    await formCluster(["gw-a", "gw-b"]);
    map.assign(0, 8191, "gw-a");
    map.assign(8192, 16383, "gw-b");
    map.learned = true;
  });
  afterAll(() => {
    map.assign(0, 16383, "node-0");
  });

  it("sends a pipeline as one execute() per node, replies in order", async () => {
    const spy = vi.spyOn(RedisNode.prototype, "execute");
    try {
      const body = await post("/pipeline", [
        ["SET", "{b}1", "x"], ["SET", "{a}1", "y"], ["GET", "{b}1"], ["GET", "{a}1"], ["INCR", "{b}n"], ["PING"],
      ]);
      expect(body).toEqual([{ result: "OK" }, { result: "OK" }, { result: "x" }, { result: "y" }, { result: 1 }, { result: "PONG" }]);
      expect(spy).toHaveBeenCalledTimes(2);
      const batches = spy.mock.calls.map(([cmds]) => cmds.map((c) => c.join(" ")));
      expect(batches).toContainEqual(["SET {a}1 y", "GET {a}1"]);
    } finally {
      spy.mockRestore();
    }
    expect(await cmd(node("gw-a"), "GET", "{b}1")).toBe("x");
    expect(await cmd(node("gw-b"), "GET", "{a}1")).toBe("y");
  });

  it("splits MGET/MSET/DEL/EXISTS per slot and reassembles them", async () => {
    expect(await post("/", ["MSET", "{a}m1", "1", "{b}m2", "2", "{a}m3", "3"])).toEqual({ result: "OK" });
    expect(await post("/", ["MGET", "{b}m2", "{a}m1", "none", "{a}m3"])).toEqual({ result: ["2", "1", null, "3"] });
    expect(await post("/", ["EXISTS", "{a}m1", "{b}m2", "{b}m2", "none"])).toEqual({ result: 3 });
    expect(await post("/", ["DEL", "{a}m1", "{b}m2"])).toEqual({ result: 2 });
    // Not split but run across nodes, atomically (cross-node.test.ts covers the rest).
    expect(await post("/", ["RENAME", "{a}m3", "{b}m3"])).toEqual({ result: "OK" });
    expect(await post("/", ["MGET", "{a}m3", "{b}m3"])).toEqual({ result: [null, "3"] });
  });

  it("groups a WebSocket frame's commands per node too", async () => {
    const res = await gw.fetch(new Request("http://gw/ws?_token=test-token", { headers: { Upgrade: "websocket" } }));
    const ws = res.webSocket!;
    ws.accept();
    let got = "";
    const done = new Promise<void>((resolve) =>
      ws.addEventListener("message", (ev) => {
        got += fromBytes(new Uint8Array(ev.data as ArrayBuffer));
        if (got.length >= 24) resolve();
      }),
    );
    const spy = vi.spyOn(RedisNode.prototype, "execute");
    try {
      const frame = [["SET", "{a}w", "1"], ["SET", "{b}w", "2"], ["MGET", "{a}w", "{b}w"]].flatMap((c) => [...encodeCommand(c)]);
      ws.send(new Uint8Array(frame));
      await done;
      expect(got).toBe("+OK\r\n+OK\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
      ws.close();
    }
  });

  it("runs multi-exec on the node owning the slot", async () => {
    expect(await post("/multi-exec", [["SET", "{a}t", "1"], ["INCR", "{a}t"]])).toEqual([{ result: "OK" }, { result: 2 }]);
    expect(await cmd(node("gw-b"), "GET", "{a}t")).toBe("2");
    expect(await cmd(node("gw-a"), "EXISTS", "{a}t")).toEqual({ error: "MOVED 15495 gw-b:6379" });
  });

  it("follows MOVED from a real node and learns the new owner", async () => {
    await setGate("gw-stale", (slot) => (slot === null ? null : error(`MOVED ${slot} gw-fresh:6379`)));
    await cmd(node("gw-fresh"), "SET", "{c}moved", "fresh");
    const slot = 7365; // "{c}..." hashes here
    map.assign(slot, slot, "gw-stale");
    expect(await post("/", ["GET", "{c}moved"])).toEqual({ result: "fresh" });
    expect(map.owner(slot)).toBe("gw-fresh");
    expect(await post("/pipeline", [["SET", "{c}moved", "again"], ["GET", "{c}moved"]])).toEqual([{ result: "OK" }, { result: "again" }]);
  });

  it("follows ASK from a real node with ASKING, without changing the map", async () => {
    const seen: boolean[] = [];
    await setGate("gw-migrating", (slot, _def, _keys, conn) => (slot === null || conn.asking ? null : error(`ASK ${slot} gw-importing:6379`)));
    await setGate("gw-importing", (_slot, _def, _keys, conn) => {
      seen.push(conn.asking === true);
      return null;
    });
    const slot = 7365;
    map.assign(slot, slot, "gw-migrating");
    expect(await post("/", ["SET", "{c}ask", "v"])).toEqual({ result: "OK" });
    expect(seen).toEqual([true]);
    expect(await cmd(node("gw-importing"), "GET", "{c}ask")).toBe("v");
    expect(map.owner(slot)).toBe("gw-migrating");
  });
});
