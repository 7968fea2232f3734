/**
 * Hostile input over RESP/WebSocket through the real gateway: each limit answers (or closes) the
 * way Redis does, and the node still serves what it held before.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { CLIENT_OUTPUT_BUFFER_LIMIT, CLIENT_QUERY_BUFFER_LIMIT } from "../../src/resp/limits";
import { INBOX_MAX_COMMANDS, MAX_AUTH_FAILURES } from "../../src/gateway/limits";
import { RedisNode } from "../../src/node/node";
import { encodeCommand } from "../../src/resp/encoder";
import { cmd, node, ownAllSlots } from "./helpers";
import { connect, type Client } from "./ws-client";

beforeAll(() => ownAllSlots("node-0"));

/** Seeds `key` = `value` on the node before the hostile input. */
async function before(key: string, value = "v"): Promise<void> {
  expect(await cmd(node("node-0"), "SET", key, value)).toBe("OK");
}

/** After the hostile input: a new connection still reads `key` = `value`. */
async function stillServes(key: string, value = "v"): Promise<void> {
  const c = await connect();
  c.cmd("GET", key);
  await c.expect(`$${value.length}\r\n${value}\r\n`);
  c.ws.close();
}

/** The close code and reason, or "open" if the socket is still open after `ms`. */
function closedWithin(c: Client, ms = 5000): Promise<{ code: number; reason: string } | "open"> {
  return Promise.race([c.closedWith, new Promise<"open">((r) => setTimeout(() => r("open"), ms))]);
}

describe("WebSocket limits", () => {
  it("closes a connection whose query buffer passes client-query-buffer-limit", async () => {
    await before("wl:q");
    const c = await connect();
    const len = CLIENT_QUERY_BUFFER_LIMIT + 1024;
    c.raw(`*3\r\n$3\r\nSET\r\n$4\r\nwl:q\r\n$${len}\r\n`);
    const mb = new Uint8Array(1024 * 1024).fill(120);
    for (let sent = 0; sent < len; sent += mb.length) c.raw(mb);
    expect(await closedWithin(c)).toEqual({ code: 1008, reason: "max query buffer length reached" });
    expect(c.pending()).toBe(""); // Redis closes without a reply
    await stillServes("wl:q");
  });

  it(`runs a long pipeline in node calls of at most ${INBOX_MAX_COMMANDS} commands`, async () => {
    await before("wl:i");
    const spy = vi.spyOn(RedisNode.prototype, "execute");
    try {
      const c = await connect();
      const n = INBOX_MAX_COMMANDS * 3;
      c.raw(Uint8Array.from(Array.from({ length: n }, () => [...encodeCommand(["GET", "wl:i"])]).flat()));
      await c.expect("$1\r\nv\r\n".repeat(n), 10_000);
      const sizes = spy.mock.calls.map(([cmds]) => cmds.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(n);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(INBOX_MAX_COMMANDS);
    } finally {
      spy.mockRestore();
    }
    await stillServes("wl:i");
  });

  it("refuses more than 10 arguments before AUTH (unauthenticated multibulk length)", async () => {
    await before("wl:m");
    const c = await connect("/ws");
    c.cmd("MSET", ...Array.from({ length: 10 }, () => "wl:m"));
    await c.expect("-ERR Protocol error: unauthenticated multibulk length\r\n");
    expect(await closedWithin(c)).toEqual({ code: 1002, reason: "protocol error" });
    await stillServes("wl:m");
  });

  it("refuses a bulk over 16 KiB before AUTH (unauthenticated bulk length), not after", async () => {
    await before("wl:b");
    const c = await connect("/ws");
    c.cmd("SET", "wl:b", "x".repeat(16 * 1024 + 1));
    await c.expect("-ERR Protocol error: unauthenticated bulk length\r\n");
    expect(await closedWithin(c)).toEqual({ code: 1002, reason: "protocol error" });
    await stillServes("wl:b");
    // AUTH then the same SET in one frame: the SET is parsed after AUTH ran, with the full limits.
    const ok = await connect("/ws");
    ok.raw(Uint8Array.from([...encodeCommand(["AUTH", "test-token"]), ...encodeCommand(["SET", "wl:b2", "y".repeat(20_000)])]));
    await ok.expect("+OK\r\n+OK\r\n");
  });

  it(`closes the connection after ${MAX_AUTH_FAILURES} failed AUTHs`, async () => {
    await before("wl:a");
    const c = await connect("/ws");
    for (let i = 0; i < MAX_AUTH_FAILURES; i++) c.cmd("AUTH", `guess-${i}`);
    await c.expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n".repeat(MAX_AUTH_FAILURES));
    expect(await closedWithin(c)).toEqual({ code: 1008, reason: "too many failed authentication attempts" });
    await stillServes("wl:a");
  });

  it("closes a connection whose unsent replies pass client-output-buffer-limit", async () => {
    const big = "z".repeat(1024 * 1024);
    await before("wl:o", big);
    const c = await connect();
    // One frame, one batch: its replies are sent together at its end. UNWATCH between the GETs
    // makes each GET its own node call (one call could not return more than 32 MiB anyway).
    const gets = Math.ceil(CLIENT_OUTPUT_BUFFER_LIMIT / big.length) + 1;
    const frame = Array.from({ length: gets }, () => [...encodeCommand(["GET", "wl:o"]), ...encodeCommand(["UNWATCH"])]).flat();
    c.raw(Uint8Array.from(frame));
    expect(await closedWithin(c, 20_000)).toEqual({ code: 1008, reason: "closed for overcoming of output buffer limits" });
    expect(c.pending()).toBe("");
    await stillServes("wl:o", big);
  }, 60_000);

  it("counts commands queued by MULTI in the query buffer", async () => {
    await before("wl:x");
    const c = await connect();
    c.cmd("MULTI");
    await c.expect("+OK\r\n");
    const mb = "m".repeat(1024 * 1024);
    for (let i = 0; i <= CLIENT_QUERY_BUFFER_LIMIT / mb.length; i++) c.cmd("SET", "wl:x", mb);
    expect(await closedWithin(c)).toEqual({ code: 1008, reason: "max query buffer length reached" });
    await stillServes("wl:x");
  });
});
