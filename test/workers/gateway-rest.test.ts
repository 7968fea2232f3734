/**
 * The Upstash-compatible REST API through the real gateway Worker and real node Durable Objects.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { cmd, node, ownAllSlots } from "./helpers";

// The gateway's seed node is a one-node cluster owning every slot.
beforeAll(() => ownAllSlots("node-0"));

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const TOKEN = "test-token";
const ADMIN = "test-admin";

type Init = { method?: string; body?: BodyInit | null; headers?: Record<string, string>; token?: string | null };

function call(path: string, init: Init = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return gw.fetch(new Request(`http://gw${path}`, { method: init.method ?? "GET", body: init.body, headers }));
}

async function json(res: Response | Promise<Response>): Promise<{ status: number; body: unknown }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

const post = (path: string, body: unknown, init: Init = {}) =>
  json(call(path, { ...init, method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...init.headers } }));

const b64 = { "Upstash-Encoding": "base64" };

describe("REST: POST / with a JSON command", () => {
  it("runs commands and wraps results", async () => {
    expect(await post("/", ["SET", "r:k", "v"])).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post("/", ["get", "r:k"])).toEqual({ status: 200, body: { result: "v" } });
    expect(await post("/", ["GET", "r:missing"])).toEqual({ status: 200, body: { result: null } });
  });

  it("stringifies numbers and booleans, and encodes text as UTF-8", async () => {
    await post("/", ["SET", "r:n", 42]);
    expect((await post("/", ["INCRBY", "r:n", 8])).body).toEqual({ result: 50 });
    await post("/", ["SET", "r:b", true]);
    expect((await post("/", ["GET", "r:b"])).body).toEqual({ result: "true" });
    await post("/", ["SET", "r:u", "héllo ✓"]);
    expect((await post("/", ["STRLEN", "r:u"])).body).toEqual({ result: 10 });
    expect((await post("/", ["GET", "r:u"])).body).toEqual({ result: "héllo ✓" });
  });

  it("answers command errors with 400 and bad bodies with 400", async () => {
    expect(await post("/", ["NOPE", "a"])).toEqual({ status: 400, body: { error: "ERR unknown command 'NOPE', with args beginning with: 'a' " } });
    expect(await post("/", ["GET"])).toEqual({ status: 400, body: { error: "ERR wrong number of arguments for 'get' command" } });
    await post("/", ["SET", "r:s", "x"]);
    expect(await post("/", ["INCR", "r:s"])).toEqual({ status: 400, body: { error: "ERR value is not an integer or out of range" } });
    const bad = await json(call("/", { method: "POST", body: "{not json" }));
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/^ERR /);
    expect((await post("/", { cmd: "GET" })).status).toBe(400);
    expect((await post("/", [])).status).toBe(400);
    expect((await post("/", ["GET", null])).status).toBe(400);
  });

  it("flattens maps and shows doubles as strings (RESP2 shapes)", async () => {
    expect((await post("/", ["CONFIG", "GET", "cluster-node-timeout"], { token: ADMIN })).body).toEqual({
      result: ["cluster-node-timeout", "15000"],
    });
    await post("/", ["ZADD", "r:z", "1.5", "m"]);
    expect((await post("/", ["ZSCORE", "r:z", "m"])).body).toEqual({ result: "1.5" });
    expect((await post("/", ["HELLO", "3"])).body).toEqual({
      result: ["server", "redis", "version", "7.0.15", "proto", 3, "id", 0, "mode", "cluster", "role", "master", "modules", []],
    });
  });
});

describe("REST: auth, methods, CORS", () => {
  it("rejects missing and wrong tokens with 401", async () => {
    const expected = { status: 401, body: { error: "WRONGPASS invalid or missing auth token" } };
    expect(await post("/", ["PING"], { token: null })).toEqual(expected);
    expect(await post("/", ["PING"], { token: "nope" })).toEqual(expected);
    expect(await json(call("/get/x", { token: "test-token-longer" }))).toEqual(expected);
    expect(await json(call("/ping?_token=wrong", { token: null }))).toEqual(expected);
  });

  it("accepts ?_token= and either token", async () => {
    expect(await json(call(`/ping?_token=${TOKEN}`, { token: null }))).toEqual({ status: 200, body: { result: "PONG" } });
    expect(await post("/", ["PING"], { token: ADMIN })).toEqual({ status: 200, body: { result: "PONG" } });
  });

  it("answers 405 for other methods", async () => {
    for (const method of ["DELETE", "PATCH"]) {
      const r = await json(call("/", { method }));
      expect(r.status).toBe(405);
      expect((r.body as { error: string }).error).toMatch(/not allowed/);
    }
  });

  it("answers CORS preflights and sends CORS headers", async () => {
    const pre = await call("/", { method: "OPTIONS", token: null, headers: { "Access-Control-Request-Headers": "authorization, upstash-encoding" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(pre.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(pre.headers.get("Access-Control-Allow-Headers")).toBe("authorization, upstash-encoding");
    const r = await call("/ping");
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(r.headers.get("Access-Control-Expose-Headers")).toContain("upstash-sync-token");
  });

  it("answers every request with a new upstash-sync-token (as @upstash/redis's read-your-writes tests expect)", async () => {
    const sent = (await call("/ping")).headers.get("upstash-sync-token");
    expect(sent).toBeTruthy();
    const tokens = await Promise.all(
      [0, 1, 2].map(async (i) => (await call(`/set/r:sync${i}/v`, { headers: { "upstash-sync-token": sent! } })).headers.get("upstash-sync-token")),
    );
    expect(new Set([sent, ...tokens]).size).toBe(4);
    const pipe = await call("/pipeline", { method: "POST", body: JSON.stringify([["GET", "r:sync0"]]), headers: { "upstash-sync-token": sent! } });
    expect(pipe.headers.get("upstash-sync-token")).not.toBe(sent);
  });

  it("refuses admin commands to the data token with NOPERM", async () => {
    expect(await post("/", ["CONFIG", "SET", "cluster-node-timeout", "5000"])).toEqual({
      status: 400,
      body: { error: "NOPERM this user has no permissions to run the 'config|set' command" },
    });
    expect((await post("/pipeline", [["CONFIG", "GET", "x"], ["PING"]])).body).toEqual([
      { error: "NOPERM this user has no permissions to run the 'config|get' command" }, { result: "PONG" },
    ]);
    expect(await post("/", ["CONFIG", "GET", "cluster-node-timeout"], { token: ADMIN })).toMatchObject({ status: 200 });
  });
});

describe("REST: path form", () => {
  it("percent-decodes path segments", async () => {
    expect(await json(call("/set/r%2Fp/hello%20world"))).toEqual({ status: 200, body: { result: "OK" } });
    expect((await post("/", ["GET", "r/p"])).body).toEqual({ result: "hello world" });
    expect((await json(call("/GET/r%2Fp"))).body).toEqual({ result: "hello world" });
    expect((await json(call("/get/r%E2%9C%93"))).body).toEqual({ result: null });
  });

  it("appends a POST/PUT body as the last argument, then query parameters", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 254, 10]);
    expect(await json(call("/set/r:bin?EX=100", { method: "POST", body: bytes }))).toEqual({ status: 200, body: { result: "OK" } });
    const ttl = (await post("/", ["TTL", "r:bin"])).body as { result: number };
    expect(ttl.result).toBeGreaterThan(90);
    expect((await post("/", ["GET", "r:bin"], { headers: b64 })).body).toEqual({ result: btoa("\x00\x01\x02\xff\xfe\n") });
    expect((await json(call("/set/r:put", { method: "PUT", body: "put-value" }))).body).toEqual({ result: "OK" });
    expect((await json(call("/get/r:put"))).body).toEqual({ result: "put-value" });
    expect((await json(call("/set/r:q/v?NX"))).body).toEqual({ result: "OK" });
    expect((await json(call("/set/r:q/w?NX"))).body).toEqual({ result: null });
  });

  it("answers HEAD without a body", async () => {
    const r = await call("/get/r:put", { method: "HEAD" });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("");
  });
});

describe("REST: encodings", () => {
  it("base64-encodes every string except a top-level OK", async () => {
    expect((await post("/", ["SET", "r:e", "hi"], { headers: b64 })).body).toEqual({ result: "OK" });
    expect((await post("/", ["GET", "r:e"], { headers: b64 })).body).toEqual({ result: btoa("hi") });
    expect((await post("/", ["MGET", "r:e", "r:none"], { headers: b64 })).body).toEqual({ result: [btoa("hi"), null] });
    expect((await post("/", ["PING"], { headers: b64 })).body).toEqual({ result: btoa("PONG") });
    expect((await post("/", ["STRLEN", "r:e"], { headers: b64 })).body).toEqual({ result: 2 });
    expect((await post("/", ["INCR", "r:e"], { headers: b64 })).body).toEqual({ error: "ERR value is not an integer or out of range" });
    await post("/", ["SET", "r:e8", "é"]);
    expect((await post("/", ["GET", "r:e8"], { headers: b64 })).body).toEqual({ result: btoa("\xc3\xa9") });
  });

  it("returns raw RESP2 with Upstash-Response-Format: resp2", async () => {
    await post("/", ["SET", "r:raw", "hello"]);
    const r = await call("/get/r:raw", { headers: { "Upstash-Response-Format": "resp2" } });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("$5\r\nhello\r\n");
    const p = await call("/pipeline", {
      method: "POST",
      body: JSON.stringify([["GET", "r:raw"], ["STRLEN", "r:raw"], ["MGET", "r:none"]]),
      headers: { "Upstash-Response-Format": "resp2" },
    });
    expect(await p.text()).toBe("$5\r\nhello\r\n:5\r\n*1\r\n$-1\r\n");
  });
});

describe("REST: pipeline and multi-exec", () => {
  it("returns one result or error per command", async () => {
    const r = await post("/pipeline", [["SET", "p:1", "a"], ["GET", "p:1"], ["NOPE"], ["INCR", "p:1"], ["DEL", "p:1", "p:2"]]);
    expect(r).toEqual({
      status: 200,
      body: [
        { result: "OK" }, { result: "a" }, { error: "ERR unknown command 'NOPE', with args beginning with: " },
        { error: "ERR value is not an integer or out of range" }, { result: 1 },
      ],
    });
    expect((await post("/pipeline", [["SET", "p:3", "x"], ["GET", "p:3"]], { headers: b64 })).body).toEqual([{ result: "OK" }, { result: btoa("x") }]);
    expect((await post("/pipeline", [["GET", "a"], "GET"])).status).toBe(400);
  });

  it("runs multi-exec atomically on the slot's node", async () => {
    const r = await post("/multi-exec", [["SET", "{t}a", "1"], ["INCR", "{t}a"], ["GET", "{t}a"], ["LPUSH", "{t}a", "v"]]);
    expect(r).toEqual({
      status: 200,
      body: [{ result: "OK" }, { result: 2 }, { result: "2" }, { error: "WRONGTYPE Operation against a key holding the wrong kind of value" }],
    });
  });

  it("runs cross-slot transactions, and rejects malformed ones with an error status", async () => {
    // One database: a block over several slots runs atomically across nodes.
    expect(await post("/multi-exec", [["SET", "{t}b", "1"], ["SET", "{u}b", "1"]])).toEqual({
      status: 200,
      body: [{ result: "OK" }, { result: "OK" }],
    });
    expect(await post("/multi-exec", [["SET", "{t}c", "1"], ["NOPE"]])).toEqual({
      status: 400,
      body: { error: "EXECABORT Transaction discarded because of previous errors." },
    });
    expect((await post("/", ["GET", "{t}c"])).body).toEqual({ result: null });
  });
});

describe("REST: connection commands and health", () => {
  it("answers connection commands statelessly", async () => {
    expect((await post("/", ["AUTH", TOKEN])).body).toEqual({ result: "OK" });
    expect(await post("/", ["AUTH", "default", "bad"])).toEqual({
      status: 400,
      body: { error: "WRONGPASS invalid username-password pair or user is disabled." },
    });
    expect((await post("/", ["EXEC"])).body).toEqual({ error: "ERR EXEC without MULTI" });
    expect((await post("/", ["CLIENT", "SETNAME", "x"])).body).toEqual({ result: "OK" });
    expect((await post("/", ["HELLO", "4"])).body).toEqual({ error: "NOPROTO unsupported protocol version" });
    expect((await post("/pipeline", [["MULTI"], ["PING"], ["READONLY"]])).body).toEqual([{ result: "OK" }, { result: "PONG" }, { result: "OK" }]);
  });

  it("reports health from CLUSTER INFO", async () => {
    const r = await call("/health", { token: null });
    const body = (await r.json()) as { cluster_state?: string };
    expect(r.headers.get("Content-Type")).toContain("application/json");
    expect(body).toHaveProperty("cluster_state");
    expect(r.status).toBe(body.cluster_state === "ok" ? 200 : 503);
  });
});

describe("REST: /node/<name>", () => {
  it("needs the admin token", async () => {
    expect((await post("/node/gw-direct", ["PING"], { token: null })).status).toBe(401);
    expect(await post("/node/gw-direct", ["PING"])).toMatchObject({ status: 403 });
    expect((await json(call("/node/gw-direct/ping"))).status).toBe(403);
    expect((await post("/node/gw-direct/pipeline", [["PING"]])).status).toBe(403);
  });

  it("addresses one node directly", async () => {
    await ownAllSlots("gw-direct");
    expect(await post("/node/gw-direct", ["SET", "d:k", "v"], { token: ADMIN })).toEqual({ status: 200, body: { result: "OK" } });
    expect(await cmd(node("gw-direct"), "GET", "d:k")).toBe("v");
    expect((await json(call("/node/gw-direct/get/d:k", { token: ADMIN }))).body).toEqual({ result: "v" });
    expect((await post("/node/gw-direct/pipeline", [["GET", "d:k"], ["EXISTS", "d:k", "d:k"]], { token: ADMIN })).body).toEqual([
      { result: "v" }, { result: 2 },
    ]);
    expect((await post("/node/gw-direct", ["EXISTS", "d:k", "nope"], { token: ADMIN })).body).toEqual({
      error: "CROSSSLOT Keys in request don't hash to the same slot",
    });
    expect((await post("/node/gw-direct/multi-exec", [["INCR", "d:n"], ["INCR", "d:n"]], { token: ADMIN })).body).toEqual([
      { result: 1 }, { result: 2 },
    ]);
    // Not on the cluster's node.
    expect(await cmd(node("node-0"), "EXISTS", "d:k")).toBe(0);
  });
});
