import { describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { cmd, node, plain, stubOf, type Plain } from "./helpers";
import type { RedisNode } from "../../src/node/node";
import type { ConnState } from "../../src/commands/types";
import { dispatch } from "../../src/node/dispatch";
import type { BStr } from "../../src/resp/bytes";

const NAME = "blocking";
const n = node(NAME);
const WS: ConnState = { resp: 2, canBlock: true };
const HTTP: ConnState = { resp: 2, canBlock: false };

/** Runs one command on the test node with the given connection state; returns the raw reply. */
async function run(conn: ConnState, ...argv: (string | number)[]) {
  const [reply] = await n.execute([argv.map(String)], conn);
  return reply!;
}

async function exec(conn: ConnState, ...argv: (string | number)[]): Promise<Plain> {
  return plain(await run(conn, ...argv));
}

/** Waits until `count` clients are blocked on the node (so the next push really wakes them). */
async function blockedClients(count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const now = await runInDurableObject(stubOf(NAME), (o: RedisNode) => o.blockedClients);
    if (now === count) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never saw ${count} blocked clients`);
}

/** What a command would send to replicas: runs it through the dispatcher inside the node. */
function effectsOf(argv: BStr[], conn: ConnState = HTTP): Promise<BStr[][]> {
  return runInDurableObject(stubOf(NAME), (o: RedisNode, state) =>
    dispatch(argv, { db: o.db, sql: state.storage, now: Date.now(), rand: Math.random, conn, gate: () => null }).effects,
  );
}

describe("blocking list commands with data", () => {
  it("BLPOP/BRPOP reply at once from the first non-empty list", async () => {
    await cmd(n, "RPUSH", "{d}2", "a", "b", "c");
    expect(await exec(WS, "BLPOP", "{d}1", "{d}2", 0)).toEqual(["{d}2", "a"]);
    expect(await exec(HTTP, "BRPOP", "{d}1", "{d}2", 0)).toEqual(["{d}2", "c"]);
    expect(await exec(WS, "BRPOP", "{d}2", 1)).toEqual(["{d}2", "b"]);
    expect(await cmd(n, "LLEN", "{d}2")).toBe(0);
  });

  it("BLMOVE, BRPOPLPUSH and BLMPOP serve like their non-blocking forms", async () => {
    await cmd(n, "RPUSH", "{e}src", "a", "b", "c", "d");
    expect(await exec(HTTP, "BLMOVE", "{e}src", "{e}dst", "LEFT", "RIGHT", 0)).toBe("a");
    expect(await exec(HTTP, "BRPOPLPUSH", "{e}src", "{e}dst", 0)).toBe("d");
    expect(await cmd(n, "LRANGE", "{e}dst", 0, -1)).toEqual(["d", "a"]);
    expect(await exec(HTTP, "BLMPOP", 0, 2, "{e}none", "{e}src", "RIGHT", "COUNT", 5)).toEqual(["{e}src", ["c", "b"]]);
  });

  it("replicate as their non-blocking forms", async () => {
    await cmd(n, "RPUSH", "{r}a", "1", "2", "3", "4", "5");
    expect(await effectsOf(["BLPOP", "{r}none", "{r}a", "0"])).toEqual([["LPOP", "{r}a"]]);
    expect(await effectsOf(["BRPOP", "{r}a", "0"])).toEqual([["RPOP", "{r}a"]]);
    expect(await effectsOf(["BLMOVE", "{r}a", "{r}b", "left", "RIGHT", "0"])).toEqual([["LMOVE", "{r}a", "{r}b", "left", "RIGHT"]]);
    expect(await effectsOf(["BRPOPLPUSH", "{r}a", "{r}b", "0"])).toEqual([["RPOPLPUSH", "{r}a", "{r}b"]]);
    expect(await effectsOf(["BLMPOP", "0", "1", "{r}a", "LEFT", "COUNT", "9"])).toEqual([["LPOP", "{r}a", "1"]]);
    expect(await effectsOf(["LMPOP", "1", "{r}b", "RIGHT", "COUNT", "9"])).toEqual([["RPOP", "{r}b", "2"]]);
    expect(await effectsOf(["BLPOP", "{r}a", "0"])).toEqual([]);
    expect(await effectsOf(["LMPOP", "1", "{r}a", "LEFT"])).toEqual([]);
  });
});

describe("blocking list commands without data", () => {
  it("BLPOP returns the element pushed by another client", async () => {
    const pending = run(WS, "BLPOP", "w1", 0);
    await blockedClients(1);
    expect(await cmd(n, "LPUSH", "w1", "hello")).toBe(1);
    expect(plain(await pending)).toEqual(["w1", "hello"]);
    expect(await cmd(n, "LLEN", "w1")).toBe(0);
    await blockedClients(0);
  });

  it("BLPOP times out with a null array", async () => {
    const start = Date.now();
    expect(await run(WS, "BLPOP", "{w2}a", "{w2}b", 0.1)).toEqual({ t: "nullarray" });
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(3000);
    await blockedClients(0);
  });

  it("over HTTP (no blocking) replies the timeout reply at once, even with timeout 0", async () => {
    const start = Date.now();
    expect(await run(HTTP, "BLPOP", "w3", 0)).toEqual({ t: "nullarray" });
    expect(await run(HTTP, "BRPOP", "w3", 0)).toEqual({ t: "nullarray" });
    expect(await run(HTTP, "BLMPOP", 0, 1, "w3", "LEFT")).toEqual({ t: "nullarray" });
    // Redis answers a null bulk for BLMOVE/BRPOPLPUSH when the client may not block.
    expect(await run(HTTP, "BLMOVE", "{w3}a", "{w3}b", "LEFT", "LEFT", 0)).toEqual({ t: "null" });
    expect(await run(HTTP, "BRPOPLPUSH", "{w3}a", "{w3}b", 0)).toEqual({ t: "null" });
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it("inside MULTI/EXEC never blocks", async () => {
    const reply = await n.transaction([["BLPOP", "w4", "0"], ["BLMOVE", "{w4}a", "{w4}b", "LEFT", "LEFT", "0"]], WS);
    expect(reply).toEqual({ t: "array", v: [{ t: "nullarray" }, { t: "null" }] });
  });

  it("BLMOVE wakes up and moves the pushed element", async () => {
    const pending = run(WS, "BLMOVE", "{m}src", "{m}dst", "RIGHT", "LEFT", 0);
    await blockedClients(1);
    await cmd(n, "RPUSH", "{m}src", "x", "y");
    expect(plain(await pending)).toBe("y");
    expect(await cmd(n, "LRANGE", "{m}src", 0, -1)).toEqual(["x"]);
    expect(await cmd(n, "LRANGE", "{m}dst", 0, -1)).toEqual(["y"]);
  });

  it("BRPOPLPUSH and BLMPOP wake up too", async () => {
    const a = run(WS, "BRPOPLPUSH", "{p}src", "{p}dst", 5);
    await blockedClients(1);
    await cmd(n, "LPUSH", "{p}src", "one");
    expect(plain(await a)).toBe("one");
    const b = run(WS, "BLMPOP", 5, 2, "{p}x", "{p}y", "LEFT", "COUNT", 2);
    await blockedClients(1);
    await cmd(n, "RPUSH", "{p}y", "1", "2", "3");
    expect(plain(await b)).toEqual(["{p}y", ["1", "2"]]);
  });

  it("serves two blocked clients in the order they blocked", async () => {
    const first = run(WS, "BLPOP", "w5", 0);
    await blockedClients(1);
    const second = run(WS, "BLPOP", "w5", 0);
    await blockedClients(2);
    expect(await cmd(n, "RPUSH", "w5", "x", "y")).toBe(2);
    expect(plain(await first)).toEqual(["w5", "x"]);
    expect(plain(await second)).toEqual(["w5", "y"]);
    await blockedClients(0);
  });

  it("a woken client that finds the list empty again keeps waiting", async () => {
    const pending = run(WS, "BLPOP", "w6", 5);
    await blockedClients(1);
    // Pushed and popped within one pipeline: the blocked client wakes up to an empty list.
    expect((await n.execute([["LPUSH", "w6", "gone"], ["LPOP", "w6"]], HTTP)).map(plain)).toEqual([1, "gone"]);
    await blockedClients(1);
    await cmd(n, "RPUSH", "w6", "kept");
    expect(plain(await pending)).toEqual(["w6", "kept"]);
  });

  it("a woken client that finds nothing times out at its original deadline", async () => {
    const start = Date.now();
    const pending = run(WS, "BRPOP", "w7", 0.2);
    await blockedClients(1);
    await n.execute([["LPUSH", "w7", "gone"], ["LPOP", "w7"]], HTTP);
    expect(await pending).toEqual({ t: "nullarray" });
    expect(Date.now() - start).toBeLessThan(3000);
  });
});

describe("timeout argument", () => {
  it("rejects bad and negative timeouts before looking at keys", async () => {
    const notFloat = { error: "ERR timeout is not a float or out of range" };
    const negative = { error: "ERR timeout is negative" };
    expect(await exec(WS, "BLPOP", "t1", "abc")).toEqual(notFloat);
    expect(await exec(WS, "BLPOP", "t1", "nan")).toEqual(notFloat);
    expect(await exec(WS, "BLPOP", "t1", " 1")).toEqual(notFloat);
    expect(await exec(WS, "BLPOP", "t1", -1)).toEqual(negative);
    expect(await exec(WS, "BRPOP", "t1", "inf")).toEqual(negative);
    expect(await exec(WS, "BRPOP", "t1", "1e300")).toEqual(negative);
    expect(await exec(WS, "BLMOVE", "{t}a", "{t}b", "LEFT", "LEFT", "-0.5")).toEqual(negative);
    expect(await exec(WS, "BLMOVE", "{t}a", "{t}b", "UP", "LEFT", "x")).toEqual({ error: "ERR syntax error" });
    expect(await exec(WS, "BRPOPLPUSH", "{t}a", "{t}b", "x")).toEqual(notFloat);
    expect(await exec(WS, "BLMPOP", "x", 1, "t1", "LEFT")).toEqual(notFloat);
    expect(await exec(WS, "BLMPOP", "x", 0, "t1", "LEFT")).toEqual({ error: "ERR numkeys should be greater than 0" });
    expect(await exec(WS, "BLMPOP", "x", 1, "t1", "MIDDLE")).toEqual({ error: "ERR syntax error" });
  });

  it("accepts fractional, exponent and hexadecimal seconds", async () => {
    await cmd(n, "RPUSH", "t2", "a", "b", "c");
    expect(await exec(HTTP, "BLPOP", "t2", "0.5")).toEqual(["t2", "a"]);
    expect(await exec(HTTP, "BLPOP", "t2", "1e1")).toEqual(["t2", "b"]);
    expect(await exec(HTTP, "BLPOP", "t2", "0x10")).toEqual(["t2", "c"]);
  });

  it("rounds a sub-millisecond timeout up: 0.0009 waits 1 ms, not forever", async () => {
    expect(await exec(WS, "BLPOP", "t3", "0.0009")).toBe(null);
    expect(await exec(WS, "BLMPOP", "0.0009", 1, "t3", "LEFT")).toBe(null);
    expect(await exec(WS, "BZPOPMIN", "t3", "0.0009")).toBe(null);
  });
});
