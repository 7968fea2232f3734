/**
 * Input the node's storage cannot hold, sent through the real gateway (REST pipelines): elements
 * over ELEMENT_MAX_BYTES are refused before SQLite sees them; a statement that fails anyway, a reply
 * too large for one command, and a transaction too large for one node call each fail alone (a
 * pipeline too large for one call takes several). Every time
 * the other commands keep their replies, the node keeps its data, and the gateway does not take
 * the node for unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { ELEMENT_MAX_BYTES, ELEMENT_TOO_LARGE, KEY_TOO_LARGE } from "../../src/keyspace/element-limit";
import { REPLY_TOO_LARGE } from "../../src/node/dispatch";
import { NODE_REPLY_MAX_BYTES } from "../../src/resp/limits";
import { slotMapFor } from "../../src/gateway/slot-map";
import { cmd, node, ownAllSlots, stubOf } from "./helpers";
import { gateway } from "./ws-client";

beforeAll(() => ownAllSlots("node-0"));

const map = slotMapFor(env.SEED_NODES);

async function pipeline(cmds: (string | number)[][]): Promise<unknown> {
  const res = await gateway().fetch(new Request("http://gw/pipeline", {
    method: "POST", body: JSON.stringify(cmds), headers: { Authorization: "Bearer test-token" },
  }));
  expect(res.status).toBe(200);
  return res.json();
}

const big = "b".repeat(ELEMENT_MAX_BYTES + 1);
const tooLarge = { error: ELEMENT_TOO_LARGE };

describe("keyspace: elements over ELEMENT_MAX_BYTES", () => {
  it("refuses them in every collection type, rolled back, the batch's other replies kept", async () => {
    await cmd(node("node-0"), "HSET", "lk:h", "f", "small");
    await cmd(node("node-0"), "RPUSH", "lk:l0", "x");
    expect(await pipeline([
      ["SET", "lk:a", "1"],
      ["HSET", "lk:h", "f2", "v2", "f3", big],
      ["HSET", "lk:h", "f".repeat(ELEMENT_MAX_BYTES / 2), "v".repeat(ELEMENT_MAX_BYTES / 2 + 1)],
      ["RPUSH", "lk:l", "x", big],
      ["LSET", "lk:l0", 0, big],
      ["LINSERT", "lk:l0", "BEFORE", "x", big],
      ["SADD", "lk:s", "m", big],
      ["ZADD", "lk:z", 1, "m", 2, big],
      ["SET", "k".repeat(ELEMENT_MAX_BYTES + 1), "v"],
      ["GET", "lk:a"],
    ])).toEqual([
      { result: "OK" }, { error: ELEMENT_TOO_LARGE }, tooLarge, tooLarge, tooLarge, tooLarge, tooLarge, tooLarge,
      { error: KEY_TOO_LARGE }, { result: "1" },
    ]);
    expect(await cmd(node("node-0"), "HGETALL", "lk:h")).toEqual({ map: [["f", "small"]] });
    expect(await cmd(node("node-0"), "LRANGE", "lk:l0", 0, -1)).toEqual(["x"]);
    for (const k of ["lk:l", "lk:s", "lk:z"]) expect(await cmd(node("node-0"), "EXISTS", k)).toBe(0);
    expect(map.isSuspect("node-0")).toBe(false);
  });

  it("accepts an element of exactly ELEMENT_MAX_BYTES", async () => {
    const max = "m".repeat(ELEMENT_MAX_BYTES);
    expect(await pipeline([["SADD", "lk:max", max], ["SCARD", "lk:max"]])).toEqual([{ result: 1 }, { result: 1 }]);
  });
});

describe("keyspace: a SQLite statement that fails inside a command", () => {
  // Miniflare does not enforce the 2 MB row limit: a trigger fails inserts of the field "boom" the
  // way an oversized row fails in production.
  const sql = (query: string) => runInDurableObject(stubOf("node-0"), (_o: unknown, state: DurableObjectState) => {
    state.storage.sql.exec(query);
  });
  beforeAll(() => sql("CREATE TRIGGER lk_boom BEFORE INSERT ON hashes WHEN NEW.field = X'626f6f6d' BEGIN SELECT RAISE(ABORT, 'string or blob too big'); END"));
  afterAll(() => sql("DROP TRIGGER lk_boom"));

  it("fails that command alone, rolled back; the node is not suspect", async () => {
    const replies = (await pipeline([["SET", "lk:b", "1"], ["HSET", "lk:hb", "ok", "1", "boom", "2"], ["GET", "lk:b"]])) as unknown[];
    expect(replies[0]).toEqual({ result: "OK" });
    expect((replies[1] as { error: string }).error).toMatch(/^ERR internal error: .*string or blob too big/);
    expect(replies[2]).toEqual({ result: "1" });
    expect(await cmd(node("node-0"), "EXISTS", "lk:hb")).toBe(0);
    expect(map.isSuspect("node-0")).toBe(false);
  });
});

describe("keyspace: replies too large for a node call", () => {
  const mb = "r".repeat(1024 * 1024);
  const elements = NODE_REPLY_MAX_BYTES / mb.length + 1;
  beforeAll(async () => {
    for (let i = 0; i < elements; i++) await cmd(node("node-0"), "RPUSH", "lk:big", mb);
  });

  it(`fails a command whose reply passes NODE_REPLY_MAX_BYTES, rolled back`, async () => {
    await cmd(node("node-0"), "SET", "lk:c", "1");
    expect(await pipeline([["LRANGE", "lk:big", 0, -1], ["LPOP", "lk:big", elements], ["GET", "lk:c"]]))
      .toEqual([{ error: REPLY_TOO_LARGE }, { error: REPLY_TOO_LARGE }, { result: "1" }]);
    expect(await cmd(node("node-0"), "LLEN", "lk:big")).toBe(elements);
    expect(map.isSuspect("node-0")).toBe(false);
  });

  it("serves a batch whose replies together pass the 32 MiB RPC limit, in several node calls", async () => {
    // Two replies of 20 MiB: each within NODE_REPLY_MAX_BYTES, together over the RPC limit. The node
    // stops after EXECUTE_REPLY_BUDGET of replies and the router sends it the rest again.
    const replies = (await pipeline([["LRANGE", "lk:big", 0, 19], ["LRANGE", "lk:big", 0, 19], ["GET", "lk:c"]])) as { result: unknown }[];
    expect(replies.map((r) => (Array.isArray(r.result) ? r.result.length : r.result))).toEqual([20, 20, "1"]);
    expect(map.isSuspect("node-0")).toBe(false);
  });

  it("answers a transaction whose replies pass the RPC limit with a JSON error, without suspecting the node", async () => {
    const res = await gateway().fetch(new Request("http://gw/multi-exec", {
      method: "POST", body: JSON.stringify([["LRANGE", "lk:big", 0, 19], ["LRANGE", "lk:big", 0, 19]]), headers: { Authorization: "Bearer test-token" },
    }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^ERR node call refused, its commands may have run: .*32MiB/);
    expect(map.isSuspect("node-0")).toBe(false);
    expect(await pipeline([["GET", "lk:c"]])).toEqual([{ result: "1" }]);
  });
});
