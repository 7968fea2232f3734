/**
 * Hostile input over the REST API through the real gateway: oversized bodies (declared or
 * chunked), too many commands, arguments over proto-max-bulk-len, malformed JSON, a pathological
 * glob. Each gets a JSON error (or a fast answer), runs nothing, and the node keeps its data.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CLIENT_QUERY_BUFFER_LIMIT } from "../../src/resp/limits";
import { REST_MAX_COMMANDS } from "../../src/gateway/limits";
import { cmd, node, ownAllSlots } from "./helpers";
import { gateway, type Gateway } from "./ws-client";

beforeAll(() => ownAllSlots("node-0"));

const AUTH = { Authorization: "Bearer test-token" };

async function call(path: string, body: BodyInit | null, gw: Gateway = gateway(), headers: Record<string, string> = {}) {
  const res = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body, headers: { ...AUTH, ...headers } }));
  return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as unknown };
}

async function before(key: string): Promise<void> {
  expect(await cmd(node("node-0"), "SET", key, "v")).toBe("OK");
}

/** The node still serves what it held, through the gateway. */
async function stillServes(key: string): Promise<void> {
  expect((await call("/", JSON.stringify(["GET", key]))).body).toEqual({ result: "v" });
}

const tooLarge = { error: `ERR request body exceeds client-query-buffer-limit (${CLIENT_QUERY_BUFFER_LIMIT} bytes)` };

describe("REST limits: body size", () => {
  /** A body of `total` bytes, 1 MiB per pull; `pulled()` says how much the reader took. */
  function counted(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
    const chunk = new Uint8Array(1024 * 1024).fill(120);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    return { stream, pulled: () => sent };
  }

  it("answers 413 to a declared Content-Length over client-query-buffer-limit, without reading the body", async () => {
    await before("rl:len");
    const body = counted(CLIENT_QUERY_BUFFER_LIMIT + 1024 * 1024);
    const res = await gateway().fetch(new Request("http://gw/", {
      method: "POST", body: body.stream, headers: { ...AUTH, "Content-Length": String(CLIENT_QUERY_BUFFER_LIMIT + 1024 * 1024) },
    }));
    expect({ status: res.status, type: res.headers.get("Content-Type"), body: await res.json() }).toEqual({ status: 413, type: "application/json", body: tooLarge });
    expect(body.pulled()).toBeLessThanOrEqual(2 * 1024 * 1024); // the stream's own read-ahead at most
    await stillServes("rl:len");
  });

  it("counts the bytes of a chunked body (no Content-Length) and stops reading once over", async () => {
    await before("rl:chunked");
    const body = counted(4 * CLIENT_QUERY_BUFFER_LIMIT);
    const req = new Request("http://gw/", { method: "POST", body: body.stream, headers: AUTH });
    expect(req.headers.get("Content-Length")).toBeNull();
    const res = await gateway().fetch(req);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 413, body: tooLarge });
    expect(body.pulled()).toBeLessThanOrEqual(CLIENT_QUERY_BUFFER_LIMIT + 3 * 1024 * 1024);
    await stillServes("rl:chunked");
  });

  it("applies the limit to the body of the path form", async () => {
    await before("rl:path");
    expect(await call("/set/rl:path", "y".repeat(CLIENT_QUERY_BUFFER_LIMIT + 1))).toEqual({ status: 413, type: "application/json", body: tooLarge });
    await stillServes("rl:path");
  });
});

describe("REST limits: commands and arguments", () => {
  it(`refuses more than ${REST_MAX_COMMANDS} commands in /pipeline and /multi-exec, running none`, async () => {
    await before("rl:many");
    const cmds = [["SET", "rl:many", "changed"], ...Array.from({ length: REST_MAX_COMMANDS }, () => ["PING"])];
    const error = `ERR too many commands in one request (${REST_MAX_COMMANDS + 1}; the limit is ${REST_MAX_COMMANDS})`;
    expect(await call("/pipeline", JSON.stringify(cmds))).toEqual({ status: 400, type: "application/json", body: { error } });
    expect(await call("/multi-exec", JSON.stringify(cmds))).toEqual({ status: 400, type: "application/json", body: { error } });
    await stillServes("rl:many");
    expect((await call("/pipeline", JSON.stringify(cmds.slice(1)))).status).toBe(200);
  });

  it("refuses an argument over proto-max-bulk-len in every request form, running nothing", async () => {
    await before("rl:bulk");
    const gw = gateway({ PROTO_MAX_BULK_LEN: "1048576" });
    const long = "z".repeat(1048577);
    const error = "ERR Protocol error: invalid bulk length (an argument of 1048577 bytes exceeds proto-max-bulk-len 1048576)";
    const refused = { status: 400, type: "application/json", body: { error } };
    expect(await call("/", JSON.stringify(["SET", "rl:bulk", long]), gw)).toEqual(refused);
    expect(await call("/pipeline", JSON.stringify([["SET", "rl:bulk", "changed"], ["SET", "rl:bulk", long]]), gw)).toEqual(refused);
    expect(await call("/multi-exec", JSON.stringify([["SET", "rl:bulk", "changed"], ["APPEND", "rl:bulk", long]]), gw)).toEqual(refused);
    expect(await call("/set/rl:bulk", long, gw)).toEqual(refused);
    await stillServes("rl:bulk");
    expect((await call("/", JSON.stringify(["ECHO", long.slice(1)]), gw)).status).toBe(200);
  });

  it("answers malformed JSON with a 400 JSON error", async () => {
    await before("rl:json");
    for (const body of ["{not json", '["SET","rl:json",', "[[]]", "[{}]", '["SET","rl:json",null]', "\xff\xfe"]) {
      const path = body.startsWith("[[") || body.startsWith("[{") ? "/pipeline" : "/";
      const r = await call(path, body);
      expect([r.status, r.type]).toEqual([400, "application/json"]);
      expect((r.body as { error: string }).error).toMatch(/^ERR /);
    }
    await stillServes("rl:json");
  });
});

describe("REST limits: glob patterns", () => {
  it("answers a pathological pattern at once in KEYS, SCAN, HSCAN and CONFIG GET", async () => {
    await before("rl:glob");
    const key = "a".repeat(40);
    await cmd(node("node-0"), "SET", key, "1");
    await cmd(node("node-0"), "HSET", "rl:h", key, "1");
    const pattern = "a*".repeat(20) + "b";
    expect(await call("/pipeline", JSON.stringify([
      ["KEYS", pattern], ["SCAN", "0", "MATCH", pattern, "COUNT", "1000"], ["HSCAN", "rl:h", "0", "MATCH", pattern],
      ["CONFIG", "GET", pattern], ["GET", "rl:glob"],
    ]), gateway(), { Authorization: "Bearer test-admin" })).toEqual({
      status: 200, type: "application/json",
      body: [{ result: [] }, { result: ["0", []] }, { result: ["0", []] }, { result: [] }, { result: "v" }],
    });
  });
});
