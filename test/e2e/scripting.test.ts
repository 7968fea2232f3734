/**
 * Lua scripting end to end against `wrangler dev` (the 3-master cluster of global-setup.ts:
 * node-0 0-5460, node-1 5461-10922, node-2 10923-16383), with clients used unmodified:
 * - @upstash/ratelimit (every algorithm is an EVALSHA, then EVAL on NOSCRIPT; resetUsedTokens is a
 *   script that SCANs and DELs);
 * - @upstash/redis's createScript (EVALSHA then EVAL; EVALSHA_RO then EVAL_RO), eval, evalsha,
 *   scriptLoad, scriptExists, scriptFlush, in pipelines and transactions;
 * - ioredis through the local TCP bridge (scripts/bridge.ts): defineCommand (EVAL on a connection's
 *   first use, then EVALSHA, EVAL again on NOSCRIPT), scripts whose keys live on different nodes
 *   (atomic on the single endpoint), and Redis Cluster's own errors in the bridge's cluster mode;
 * - a runaway script: stopped by its budget, its writes rolled back, the node serving right after.
 */
import { createHash } from "node:crypto";
import { MultiRegionRatelimit, Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { Cluster, Redis as IORedis, type Result } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startBridge, type Bridge } from "../../scripts/bridge";
import { keyHashSlot } from "../../src/commands/slot";
import { E2E } from "./global-setup";

const url = inject("e2eUrl");
/** Away from bridge.test.ts's 16379 / 17000-17002, and apart per E2E_PORT (one checkout, one pair). */
const BRIDGE_PORT = E2E.port - 2000;
const BRIDGE_CLUSTER_BASE_PORT = E2E.port - 1000;

/** Every key of this file starts with RUN (a rerun against a kept cluster never meets old keys). */
const RUN = `sc${Date.now().toString(36)}`;
let seq = 0;
/** A fresh prefix for one test. */
const fresh = (what: string) => `${RUN}:${what}${++seq}`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

/** The master owning `key`'s slot: 0, 1 or 2. */
const nodeOf = (key: string): number => {
  const slot = keyHashSlot(key);
  return slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
};
/** `${prefix}${i}` for the first i whose key lives on master `node`. */
function keyOn(prefix: string, node: number): string {
  for (let i = 0; ; i++) if (nodeOf(`${prefix}${i}`) === node) return `${prefix}${i}`;
}

/**
 * Waits, if needed, until at least `needMs` are left in the current window of `windowMs` (as the
 * ratelimit algorithms number them: floor(now / window)), so a test's calls share one window.
 */
async function roomInWindow(windowMs: number, needMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await sleep(left + 50);
}

/** The data client as applications build it (auto-pipelining on, the default). */
const newRedis = () => new Redis({ url, token: E2E.token, enableTelemetry: false });
/** One request per command: what is sent is easy to read back. */
const newPlainRedis = () => new Redis({ url, token: E2E.token, enableTelemetry: false, enableAutoPipelining: false });

/**
 * Runs `fn` and returns the commands @upstash/redis sent meanwhile (every argument as a string),
 * read from the JSON bodies of its fetch calls (`/` carries one command, `/pipeline` and
 * `/multi-exec` an array of them).
 */
async function sentCommands(fn: () => Promise<unknown>): Promise<{ outcome: unknown; sent: string[][] }> {
  const spy = vi.spyOn(globalThis, "fetch");
  try {
    let outcome: unknown;
    try {
      outcome = await fn();
    } catch (e) {
      outcome = e;
    }
    const sent: string[][] = [];
    for (const [input, init] of spy.mock.calls) {
      const target = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!target.startsWith(url) || typeof init?.body !== "string") continue;
      const body = JSON.parse(init.body) as unknown[];
      const commands = /\/(pipeline|multi-exec)$/.test(new URL(target).pathname) ? (body as unknown[][]) : [body];
      for (const c of commands) sent.push(c.map((a) => String(a)));
    }
    return { outcome, sent };
  } finally {
    spy.mockRestore();
  }
}

/** Command names, lowercase, in order. */
const names = (sent: string[][]) => sent.map((c) => c[0]!.toLowerCase());

describe("@upstash/ratelimit", () => {
  const redis = newRedis();
  const WINDOW = 10_000;

  it("fixed window: 3 per 10 s gives 3 successes, then failures, with remaining/limit/reset", async () => {
    const prefix = fresh("fw");
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.fixedWindow(3, "10 s"), ephemeralCache: false, timeout: 0 });
    await roomInWindow(WINDOW, 4_000);
    const start = Date.now();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await rl.limit("user"));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(results.map((r) => r.limit)).toEqual([3, 3, 3, 3, 3]);
    expect(results.every((r) => r.reason === undefined)).toBe(true); // answered by Redis, not a timeout
    const reset = results[0]!.reset;
    expect(results.every((r) => r.reset === reset)).toBe(true);
    expect(reset % WINDOW).toBe(0);
    expect(reset).toBeGreaterThan(start);
    expect(reset).toBeLessThanOrEqual(start + WINDOW);

    // The counter the script keeps: INCRBY on every call, PEXPIRE on the first.
    const key = `${prefix}:user:${reset / WINDOW - 1}`;
    expect(await redis.get(key)).toBe(5);
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(WINDOW);

    expect(await rl.getRemaining("user")).toEqual({ remaining: 0, reset, limit: 3 });
    expect(await rl.getRemaining("somebody-else")).toEqual({ remaining: 3, reset, limit: 3 });
  });

  it("sliding window: 3 per 10 s, and a full previous window weighs on the current one", async () => {
    const prefix = fresh("sw");
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.slidingWindow(3, "10 s"), ephemeralCache: false, timeout: 0 });
    await roomInWindow(WINDOW, 4_000);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await rl.limit("user"));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results.map((r) => r.limit)).toEqual([3, 3, 3, 3]);
    const reset = results[0]!.reset;
    expect(reset % WINDOW).toBe(0);
    expect(results.every((r) => r.reset === reset)).toBe(true);
    // A refused request is not counted (the script returns before its INCRBY).
    const current = reset / WINDOW - 1;
    expect(await redis.get(`${prefix}:user:${current}`)).toBe(3);
    expect(await rl.getRemaining("user")).toEqual({ remaining: 0, reset, limit: 3 });

    // Another identifier whose previous window was full: refused at once ((1 - elapsed share) x 1e6 >= 3).
    await redis.set(`${prefix}:busy:${current - 1}`, 1_000_000);
    const busy = await rl.limit("busy");
    expect(busy.success).toBe(false);
    expect(await redis.exists(`${prefix}:busy:${current}`)).toBe(0);
  });

  it("token bucket: 3 tokens refilled 1 per 10 s; a rate larger than what is left is refused and consumes nothing", async () => {
    const prefix = fresh("tb");
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.tokenBucket(1, "10 s", 3), ephemeralCache: false, timeout: 0 });
    const before = Date.now();
    const first = await rl.limit("user");
    const after = Date.now();
    expect(first).toMatchObject({ success: true, remaining: 2, limit: 3 });
    expect(first.reset).toBeGreaterThanOrEqual(before + WINDOW);
    expect(first.reset).toBeLessThanOrEqual(after + WINDOW);
    const second = await rl.limit("user");
    expect(second).toMatchObject({ success: true, remaining: 1, limit: 3, reset: first.reset });
    const tooMany = await rl.limit("user", { rate: 2 });
    expect(tooMany).toMatchObject({ success: false, remaining: 0, limit: 3, reset: first.reset });
    expect(await rl.getRemaining("user")).toEqual({ remaining: 1, reset: first.reset, limit: 3 });
    const third = await rl.limit("user");
    expect(third).toMatchObject({ success: true, remaining: 0, reset: first.reset });
    const refused = await rl.limit("user");
    expect(refused).toMatchObject({ success: false, remaining: 0, reset: first.reset });

    // The bucket as the script keeps it: a hash with an expiry.
    expect(await redis.hgetall(`${prefix}:user`)).toEqual({ refilledAt: first.reset - WINDOW, tokens: 0 });
    expect(await redis.pttl(`${prefix}:user`)).toBeGreaterThan(0);
  });

  it("an ephemeral cache (ephemeralCache: new Map()) refuses a blocked identifier without asking Redis", async () => {
    const prefix = fresh("cache");
    const cache = new Map<string, number>();
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.fixedWindow(2, "10 s"), ephemeralCache: cache, timeout: 0 });
    await roomInWindow(WINDOW, 4_000);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await rl.limit("user"));
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
    expect(cache.get(`${prefix}:user`)).toBe(results[2]!.reset);

    const { outcome, sent } = await sentCommands(() => rl.limit("user"));
    expect(outcome).toMatchObject({ success: false, remaining: 0, reason: "cacheBlock" });
    expect(sent).toEqual([]);
    expect(await redis.get(`${prefix}:user:${results[0]!.reset / WINDOW - 1}`)).toBe(3);
  });

  it("cachedFixedWindow counts locally and updates Redis behind", async () => {
    const prefix = fresh("cfw");
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.cachedFixedWindow(2, "10 s"), ephemeralCache: new Map(), timeout: 0 });
    await roomInWindow(WINDOW, 4_000);
    const results = [];
    for (let i = 0; i < 3; i++) {
      const r = await rl.limit("user");
      await r.pending;
      results.push(r);
    }
    expect(results.map((r) => r.success)).toEqual([true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([1, 0, -1]);
    expect(await redis.get(`${prefix}:user:${results[0]!.reset / WINDOW - 1}`)).toBe(2);
  });

  it("dynamic limits: the script reads the limit from a second key, on another node than the counter", async () => {
    const prefix = fresh("dyn");
    const rl = new Ratelimit({
      redis, prefix, limiter: Ratelimit.fixedWindow(3, "10 s"), ephemeralCache: false, timeout: 0, dynamicLimits: true,
    });
    const dynamicKey = `${prefix}:dynamic:global`;
    await roomInWindow(WINDOW, 4_000);
    const bucket = Math.floor(Date.now() / WINDOW);
    let n = 0;
    while (nodeOf(`${prefix}:u${n}:${bucket}`) === nodeOf(dynamicKey)) n++;
    const id = `u${n}`; // the script's two keys (counter, limit) live on two nodes

    await rl.setDynamicLimit({ limit: 1 });
    expect(await rl.getDynamicLimit()).toEqual({ dynamicLimit: 1 });
    expect(await rl.limit(id)).toMatchObject({ success: true, remaining: 0, limit: 1 });
    expect(await rl.limit(id)).toMatchObject({ success: false, remaining: 0, limit: 1 });
    await rl.setDynamicLimit({ limit: false });
    expect(await rl.limit(id)).toMatchObject({ success: true, remaining: 0, limit: 3 });
    expect(await rl.limit(id)).toMatchObject({ success: false, remaining: 0, limit: 3 });
  });

  it("sends EVALSHA with the script's hash first and falls back to EVAL on NOSCRIPT, once", async () => {
    await newPlainRedis().scriptFlush();
    const prefix = fresh("sha");
    const rl = new Ratelimit({
      redis: newPlainRedis(), prefix, limiter: Ratelimit.fixedWindow(3, "10 s"), ephemeralCache: false, timeout: 0,
    });
    await roomInWindow(WINDOW, 4_000);
    const first = await sentCommands(() => rl.limit("user"));
    expect(first.outcome).toMatchObject({ success: true, remaining: 2 });
    expect(names(first.sent)).toEqual(["evalsha", "eval"]);
    const [evalsha, evalCmd] = first.sent as [string[], string[]];
    const body = evalCmd[1]!;
    expect(body.startsWith("#!lua flags=allow-key-locking\n")).toBe(true);
    // EVALSHA sha numkeys key... arg...: the same layout as EVAL's, sha1 of the very body.
    expect(evalsha[1]).toBe(sha1(body));
    expect(evalsha.slice(2)).toEqual(evalCmd.slice(2));
    expect(evalsha.slice(2, 4)).toEqual(["1", expect.stringMatching(new RegExp(`^${prefix}:user:\\d+$`))]);
    expect(evalsha.slice(4)).toEqual(["3", "10000", "1"]); // tokens, window (ms), increment

    const second = await sentCommands(() => rl.limit("user"));
    expect(second.outcome).toMatchObject({ success: true, remaining: 1 });
    expect(names(second.sent)).toEqual(["evalsha"]);
  });

  // resetUsedTokens runs a script that SCANs for `<prefix>:<id>*` and DELs what it finds. SCAN in a
  // script sees one node's keys only, and this database spans 3 nodes: the node refuses it with an
  // error that says so (nothing deleted) rather than resetting some keys and silently missing others.
  const SCAN_IN_SCRIPT = /ERR SCAN inside a script sees only the keys of the node running it, and this database spans several nodes/;

  it("resetUsedTokens (a script that SCANs and DELs) fails with a clear error and deletes nothing", async () => {
    const prefix = fresh("rs");
    const cache = new Map<string, number>();
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.fixedWindow(2, "10 s"), ephemeralCache: cache, timeout: 0 });
    await roomInWindow(WINDOW, 4_000);
    const bucket = Math.floor(Date.now() / WINDOW);
    let n = 0;
    while (nodeOf(`${prefix}:u${n}:${bucket}`) === nodeOf(`${prefix}:u${n}:*`)) n++;
    const id = `u${n}`; // the counter on another node than the SCAN pattern (the script's only key)
    for (let i = 0; i < 3; i++) await rl.limit(id);
    expect((await rl.limit(id)).reason).toBe("cacheBlock");
    await expect(rl.resetUsedTokens(id)).rejects.toThrow(SCAN_IN_SCRIPT);
    // The library lifts its local block before running the script; Redis still has the counter.
    expect(cache.has(`${prefix}:${id}`)).toBe(false);
    expect(await redis.get(`${prefix}:${id}:${bucket}`)).toBe(3);
    expect(await rl.getRemaining(id)).toMatchObject({ remaining: 0, limit: 2 });
    expect(await rl.limit(id)).toMatchObject({ success: false, remaining: 0 });
  });

  it("resetUsedTokens on a token bucket (the pattern is the bucket's own key): the same clear error", async () => {
    const prefix = fresh("rstb");
    const rl = new Ratelimit({ redis, prefix, limiter: Ratelimit.tokenBucket(1, "10 s", 2), ephemeralCache: false, timeout: 0 });
    await rl.limit("user");
    await rl.limit("user");
    expect((await rl.limit("user")).success).toBe(false);
    await expect(rl.resetUsedTokens("user")).rejects.toThrow(SCAN_IN_SCRIPT);
    expect(await redis.exists(`${prefix}:user`)).toBe(1);
    expect(await rl.limit("user")).toMatchObject({ success: false, remaining: 0 });
  });

  describe("MultiRegionRatelimit over two clients of the same endpoint", () => {
    const regions = [newRedis(), newRedis()];

    it("fixed window: every request recorded once, 3 successes then failures", async () => {
      const prefix = fresh("mrfw");
      const rl = new MultiRegionRatelimit({ redis: regions, prefix, limiter: MultiRegionRatelimit.fixedWindow(3, "10 s"), timeout: 0 });
      await roomInWindow(WINDOW, 4_000);
      const results = [];
      for (let i = 0; i < 4; i++) {
        const r = await rl.limit("user");
        await r.pending; // the sync between regions (HSETs of the request ids one of them lacks)
        results.push(r);
      }
      expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, -1]);
      const reset = results[0]!.reset;
      expect(results.every((r) => r.reset === reset && r.limit === 3)).toBe(true);
      const key = `${prefix}:user:${reset / WINDOW - 1}`;
      expect(await redis.hlen(key)).toBe(4); // request ids, one field each
      expect(await redis.pttl(key)).toBeGreaterThan(0);
      expect(await rl.getRemaining("user")).toEqual({ remaining: 0, reset, limit: 3 });
      // The ephemeral cache (always on for multi-region) now refuses locally.
      expect((await rl.limit("user")).reason).toBe("cacheBlock");
    });

    it("sliding window: allows the first requests and refuses past the limit", async () => {
      const prefix = fresh("mrsw");
      const rl = new MultiRegionRatelimit({ redis: regions, prefix, limiter: MultiRegionRatelimit.slidingWindow(3, "10 s"), timeout: 0 });
      await roomInWindow(WINDOW, 4_000);
      const results = [];
      for (let i = 0; i < 5; i++) {
        const r = await rl.limit("user");
        await r.pending;
        results.push(r);
      }
      // Both "regions" run the script for the same request id on the same hash, so the one that runs
      // second sees the first one's field: the last allowed request may be refused by it.
      expect(results.slice(0, 2).map((r) => r.success)).toEqual([true, true]);
      expect(results.slice(3).map((r) => r.success)).toEqual([false, false]);
      expect(results[0]!.limit).toBe(3);
    });
  });
});

describe("@upstash/redis scripts", () => {
  const redis = newRedis();
  const plain = newPlainRedis();

  it("EVAL: KEYS and ARGV as sent, Lua values converted as Redis does", async () => {
    const p = fresh("ev");
    const [k1, k2] = [`{${p}}a`, `{${p}}b`];
    expect(await redis.eval("return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}", [k1, k2], ["x", "y"])).toEqual([k1, k2, "x", "y", 2, 2]);
    expect(await redis.eval("return {1, 'two', {3, 'four'}, redis.status_reply('FINE'), false, 3.99}", [], [])).toEqual([
      1, "two", [3, "four"], "FINE", null, 3,
    ]);
    expect(await redis.eval("return true", [], [])).toBe(1);
    expect(await redis.eval("return nil", [], [])).toBe(null);
    expect(await redis.eval("return redis.call('SET', KEYS[1], ARGV[1])", [k1], ["v"])).toBe("OK");
    expect(await redis.eval("return redis.call('GET', KEYS[1])", [k1], [])).toBe("v");
    expect(await redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", [k2], [5])).toBe(5);
  });

  it("EVAL: errors of the script, of its Redis calls and of compilation", async () => {
    const k = fresh("everr");
    await redis.set(k, "text");
    await expect(redis.eval("return redis.error_reply('MY custom failure')", [], [])).rejects.toThrow(/MY custom failure/);
    await expect(redis.eval("return redis.call('INCR', KEYS[1])", [k], [])).rejects.toThrow(/value is not an integer or out of range/);
    // Redis 7's pcall hands a failed redis.call's error over as its message (a string), redis.pcall as a table.
    expect(await redis.eval("local ok, e = pcall(redis.call, 'INCR', KEYS[1]) return {ok and 1 or 0, e}", [k], [])).toEqual([
      0, "ERR value is not an integer or out of range",
    ]);
    expect(await redis.eval("return redis.pcall('INCR', KEYS[1])['err']", [k], [])).toBe("ERR value is not an integer or out of range");
    await expect(redis.eval("return +", [], [])).rejects.toThrow(/Error compiling script/);
    await expect(redis.eval("return redis.call('NOSUCHCOMMAND')", [], [])).rejects.toThrow(/Unknown Redis command called from script/);
  });

  it("SCRIPT LOAD reaches every master; SCRIPT EXISTS, EVALSHA on every node, SCRIPT FLUSH, NOSCRIPT", async () => {
    const p = fresh("load");
    const body = `return {'${p}', KEYS[1], ARGV[1]}`;
    const sha = await redis.scriptLoad(body);
    expect(sha).toBe(sha1(body));
    expect(await redis.scriptExists(sha, sha1(`${body} --`))).toEqual([1, 0]);
    for (const node of [0, 1, 2]) {
      const k = keyOn(`${p}:k`, node);
      expect(await redis.evalsha(sha, [k], ["a"])).toEqual([p, k, "a"]);
    }
    expect(await redis.scriptFlush()).toBe("OK");
    expect(await redis.scriptExists(sha)).toEqual([0]);
    for (const node of [0, 1, 2]) {
      await expect(redis.evalsha(sha, [keyOn(`${p}:k`, node)], [])).rejects.toThrow(/NOSCRIPT No matching script/);
    }
    expect(await redis.scriptFlush({ sync: true })).toBe("OK");
    expect(await redis.scriptFlush({ async: true })).toBe("OK");
  });

  it("a script run by EVAL is cached for the whole database: SCRIPT EXISTS, then EVALSHA on keys of every node", async () => {
    const p = fresh("evcache");
    const body = `return 'cached ${p}'`;
    expect(await plain.eval(body, [keyOn(`${p}:k`, 0)], [])).toBe(`cached ${p}`);
    // One Redis: EVAL put the script in its cache, so EVALSHA finds it whatever the key.
    expect(await plain.scriptExists(sha1(body))).toEqual([1]);
    for (const node of [0, 1, 2]) expect(await plain.evalsha(sha1(body), [keyOn(`${p}:k`, node)], [])).toBe(`cached ${p}`);
    expect(await plain.evalsha(sha1(body), [], [])).toBe(`cached ${p}`);
  });

  it("createScript().exec sends EVALSHA, then EVAL on NOSCRIPT; later calls only EVALSHA", async () => {
    const k = fresh("cs");
    await plain.scriptFlush();
    const script = plain.createScript<[string, string]>("return {KEYS[1], ARGV[1]}");
    const first = await sentCommands(() => script.exec([k], ["hello"]));
    expect(first.outcome).toEqual([k, "hello"]);
    const sha = sha1("return {KEYS[1], ARGV[1]}");
    expect(first.sent).toEqual([
      ["evalsha", sha, "1", k, "hello"],
      ["eval", "return {KEYS[1], ARGV[1]}", "1", k, "hello"],
    ]);
    expect(script.sha1).toBe(sha);
    const second = await sentCommands(() => script.exec([k], ["again"]));
    expect(second.outcome).toEqual([k, "again"]);
    expect(second.sent).toEqual([["evalsha", sha, "1", k, "again"]]);
    expect(await script.eval([k], ["direct"])).toEqual([k, "direct"]);
    expect(await script.evalsha([k], ["sha"])).toEqual([k, "sha"]);
  });

  it("createScript with auto-pipelining: concurrent exec calls in one pipeline", async () => {
    const p = fresh("csap");
    await plain.scriptFlush();
    const script = redis.createScript<number>("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    const keys = [0, 1, 2].map((n) => keyOn(`${p}:k`, n));
    expect(await Promise.all(keys.map((k, i) => script.exec([k], [String(i + 1)])))).toEqual([1, 2, 3]);
    expect(await Promise.all(keys.map((k) => script.exec([k], ["10"])))).toEqual([11, 12, 13]);
  });

  it("createScript(..., { readonly: true }) sends EVALSHA_RO, then EVAL_RO; writes are refused", async () => {
    const k = fresh("ro");
    await plain.set(k, "value");
    await plain.scriptFlush();
    const body = "return redis.call('GET', KEYS[1])";
    // The option is `readonly` (its doc comment says `readOnly`, which the code ignores: a plain Script).
    const script = plain.createScript<string, true>(body, { readonly: true });
    const first = await sentCommands(() => script.exec([k], []));
    expect(first.outcome).toBe("value");
    expect(first.sent).toEqual([["evalsha_ro", sha1(body), "1", k], ["eval_ro", body, "1", k]]);
    const second = await sentCommands(() => script.exec([k], []));
    expect(second.outcome).toBe("value");
    expect(names(second.sent)).toEqual(["evalsha_ro"]);
    expect(await script.evalRo([k], [])).toBe("value");
    expect(await script.evalshaRo([k], [])).toBe("value");

    const writer = plain.createScript<number, true>("return redis.call('DEL', KEYS[1])", { readonly: true });
    await expect(writer.exec([k], [])).rejects.toThrow(/Write commands are not allowed from read-only scripts/);
    await expect(plain.evalRo("#!lua\nreturn 1", [k], [])).rejects.toThrow(/Can not execute a script with write flag using \*_ro command/);
    expect(await plain.evalRo("#!lua flags=no-writes\nreturn redis.call('GET', KEYS[1])", [k], [])).toBe("value");
    expect(await plain.get(k)).toBe("value");
  });

  it("EVAL whose keys live on different nodes: moves a value, atomically", async () => {
    const p = fresh("xmove");
    const from = keyOn(`${p}:from`, 0);
    const to = keyOn(`${p}:to`, 2);
    await plain.set(from, "payload");
    const move = "local v = redis.call('GET', KEYS[1]) redis.call('SET', KEYS[2], v) redis.call('DEL', KEYS[1]) return v";
    expect(await plain.eval(move, [from, to], [])).toBe("payload");
    expect(await plain.get(from)).toBe(null);
    expect(await plain.get(to)).toBe("payload");
    // A script failing half-way, across both nodes:
    await expect(plain.eval("redis.call('SET', KEYS[1], 'x') redis.call('SET', KEYS[2], 'y') return redis.call('INCR', KEYS[2])", [from, to], []))
      .rejects.toThrow(/not an integer/);
    // Redis keeps a script's writes made before a runtime error (no rollback): same here.
    expect(await plain.get(from)).toBe("x");
    expect(await plain.get(to)).toBe("y");
  });

  it("EVAL in a pipeline and in a transaction", async () => {
    const p = fresh("pipe");
    const [a, b] = [keyOn(`${p}:a`, 0), keyOn(`${p}:b`, 1)];
    const sha = await plain.scriptLoad("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    const pipe = plain.pipeline();
    pipe.eval("return redis.call('SET', KEYS[1], ARGV[1])", [a], ["5"]);
    pipe.evalsha(sha, [a], [2]);
    pipe.evalsha(sha, [b], [3]);
    pipe.get(a);
    expect(await pipe.exec()).toEqual(["OK", 7, 3, 7]);
    const tx = plain.multi();
    tx.evalsha(sha, [a], [1]);
    tx.eval("return redis.call('INCRBY', KEYS[1], ARGV[1]) + redis.call('INCRBY', KEYS[2], ARGV[1])", [a, b], [10]);
    tx.get(b);
    expect(await tx.exec()).toEqual([8, 18 + 13, 13]);
  });
});

describe("a runaway script", () => {
  it("is stopped by its budget: an error naming it, its write rolled back, the node serving right after", async () => {
    const redis = newPlainRedis();
    const other = newPlainRedis();
    const key = fresh("runaway");
    const elsewhere = keyOn(`${key}:other`, (nodeOf(key) + 1) % 3);
    const running = redis.eval("redis.call('SET', KEYS[1], 'partial') while true do end", [key], []).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }),
    );
    await sleep(100);
    // The other masters serve meanwhile.
    expect(await other.set(elsewhere, "meanwhile")).toBe("OK");
    const outcome = await running;
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.message).toMatch(/budget|busy-reply-threshold/i);
    expect(await other.get(key)).toBe(null);
    expect(await other.set(key, "after")).toBe("OK");
    expect(await other.get(key)).toBe("after");
    expect(await redis.get(elsewhere)).toBe("meanwhile");
  });
});

// The commands defineCommand adds, for ioredis's types.
declare module "ioredis" {
  interface RedisCommander<Context> {
    scMove(from: string, to: string): Result<string | null, Context>;
    scBump(a: string, b: string, by: number): Result<number, Context>;
  }
}

const MOVE_LUA = "local v = redis.call('GET', KEYS[1]) if not v then return false end redis.call('SET', KEYS[2], v) redis.call('DEL', KEYS[1]) return v";

describe("ioredis through the bridge, single endpoint", () => {
  let bridge: Bridge;
  const clients: IORedis[] = [];
  const connect = async () => {
    const r = new IORedis({ host: "127.0.0.1", port: BRIDGE_PORT, lazyConnect: true, maxRetriesPerRequest: 1 });
    await r.connect();
    clients.push(r);
    return r;
  };
  beforeAll(async () => {
    bridge = await startBridge({ url, token: E2E.token, port: BRIDGE_PORT });
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await bridge.close();
  });

  /** Runs `fn` and returns the names of the commands `r` wrote (a script command's name is set when written). */
  async function written(r: IORedis, fn: () => Promise<unknown>): Promise<{ outcome: unknown; names: string[] }> {
    const spy = vi.spyOn(r, "sendCommand");
    try {
      const outcome = await fn();
      return { outcome, names: spy.mock.calls.map(([c]) => c.name.toLowerCase()) };
    } finally {
      spy.mockRestore();
    }
  }

  it("defineCommand: EVAL on the connection's first use, then EVALSHA, and EVAL again after SCRIPT FLUSH (NOSCRIPT)", async () => {
    const r = await connect();
    r.defineCommand("scMove", { numberOfKeys: 2, lua: MOVE_LUA });
    const p = fresh("io");
    const [a, b] = [`{${p}}a`, `{${p}}b`];
    await r.set(a, "1");
    const first = await written(r, () => r.scMove(a, b));
    expect(first).toEqual({ outcome: "1", names: ["eval"] });
    const second = await written(r, () => r.scMove(b, a));
    expect(second).toEqual({ outcome: "1", names: ["evalsha"] });
    expect(await r.script("FLUSH")).toBe("OK");
    const third = await written(r, () => r.scMove(a, b));
    expect(third).toEqual({ outcome: "1", names: ["evalsha", "eval"] });
    expect(await r.get(b)).toBe("1");
    expect(await r.scMove(a, b)).toBe(null); // a is gone: Lua false is a nil reply
  });

  it("defineCommand on keys of different nodes, in a pipeline and in MULTI", async () => {
    const r = await connect();
    r.defineCommand("scBump", {
      numberOfKeys: 2,
      lua: "return redis.call('INCRBY', KEYS[1], ARGV[1]) + redis.call('INCRBY', KEYS[2], ARGV[1])",
    });
    const p = fresh("iob");
    const [a, b] = [keyOn(`${p}:a`, 1), keyOn(`${p}:b`, 2)];
    expect(await r.scBump(a, b, 1)).toBe(2);
    expect(await r.pipeline().scBump(a, b, 2).scBump(a, b, 3).exec()).toEqual([[null, 6], [null, 12]]);
    expect(await r.multi().scBump(a, b, 4).get(a).exec()).toEqual([[null, 20], [null, "10"]]);
  });

  it("EVAL moving values between nodes is atomic: concurrent transfers never lose or create units", async () => {
    const p = fresh("iox");
    const [a, b] = [keyOn(`${p}:a`, 0), keyOn(`${p}:b`, 1)];
    const setup = await connect();
    await setup.mset(a, "100", b, "0");
    const transfer = "local n = tonumber(redis.call('GET', KEYS[1])) if n <= 0 then return 0 end redis.call('DECR', KEYS[1]) redis.call('INCR', KEYS[2]) return 1";
    const total = "return tonumber(redis.call('GET', KEYS[1])) + tonumber(redis.call('GET', KEYS[2]))";
    const writers = await Promise.all([0, 1, 2, 3].map(() => connect()));
    const reader = await connect();
    const [moved, sums] = await Promise.all([
      Promise.all(writers.flatMap((w) => Array.from({ length: 30 }, () => w.eval(transfer, 2, a, b)))),
      Promise.all(Array.from({ length: 30 }, () => reader.eval(total, 2, a, b))),
    ]);
    expect(moved.filter((m) => m === 1)).toHaveLength(100);
    expect(moved.filter((m) => m === 0)).toHaveLength(20);
    expect(new Set(sums)).toEqual(new Set([100]));
    expect(await setup.mget(a, b)).toEqual(["0", "100"]);
    expect(await reader.eval(MOVE_LUA, 2, b, a)).toBe("100");
    expect(await reader.mget(a, b)).toEqual(["100", null]);
  });

  it("SCRIPT KILL finds no script running; SCRIPT EXISTS and LOAD as Redis answers them", async () => {
    const r = await connect();
    await expect(r.script("KILL")).rejects.toThrow(/NOTBUSY No scripts in execution right now/);
    const sha = (await r.script("LOAD", "return 'loaded'")) as string;
    expect(sha).toBe(sha1("return 'loaded'"));
    expect(await r.evalsha(sha, 0)).toBe("loaded");
    expect(await r.script("EXISTS", sha, "0000000000000000000000000000000000000000")).toEqual([1, 0]);
  });
});

describe("ioredis Cluster through the bridge's cluster mode (plain Redis Cluster semantics)", () => {
  let bridge: Bridge;
  let cluster: Cluster;
  beforeAll(async () => {
    bridge = await startBridge({ url, token: E2E.adminToken, cluster: true, basePort: BRIDGE_CLUSTER_BASE_PORT });
    cluster = new Cluster([{ host: "127.0.0.1", port: BRIDGE_CLUSTER_BASE_PORT }]);
  });
  afterAll(async () => {
    cluster?.disconnect();
    await bridge?.close();
  });

  it("defineCommand on keys of one slot runs on their node", async () => {
    cluster.defineCommand("scMove", { numberOfKeys: 2, lua: MOVE_LUA });
    const p = fresh("cl");
    for (const node of [0, 1, 2]) {
      const tag = keyOn(`${p}:t`, node);
      const [a, b] = [`{${tag}}a`, `{${tag}}b`];
      await cluster.set(a, `v${node}`);
      expect(await cluster.scMove(a, b)).toBe(`v${node}`);
      expect(await cluster.get(b)).toBe(`v${node}`);
    }
  });

  it("keys of different slots are CROSSSLOT; an undeclared key of another node is refused", async () => {
    const p = fresh("clx");
    const [a, b] = [keyOn(`${p}:a`, 0), keyOn(`${p}:b`, 1)];
    await expect(cluster.eval(MOVE_LUA, 2, a, b)).rejects.toThrow(/CROSSSLOT/);
    await expect(cluster.eval("return redis.call('GET', ARGV[1])", 1, a, b)).rejects.toThrow(/Script attempted to access a non local key in a cluster node/);
  });
});
