/**
 * The RESP connection's own rules, with a fake router: reply slots of commands that never ran are
 * errors (never the +OK a placeholder once was), batches are bounded by INBOX_MAX_COMMANDS, and
 * unauthenticated input is parsed one command at a time under Redis's unauthenticated limits.
 */
import { describe, expect, it } from "vitest";
import { Connection } from "../../../src/gateway/connection";
import { INBOX_MAX_COMMANDS } from "../../../src/gateway/limits";
import type { Router } from "../../../src/gateway/router";
import type { Env } from "../../../src/env";
import { fromBytes, fromText, type BStr } from "../../../src/resp/bytes";
import { encodeCommand } from "../../../src/resp/encoder";
import { OK, type Reply } from "../../../src/resp/reply";

const ENV = { REDIS_TOKEN: "tok" } as Env;

function harness(execute: (cmds: BStr[][]) => Promise<Reply[]>, token: "data" | null = "data") {
  let sent = "";
  const closes: { code: number; reason: string }[] = [];
  const batches: number[] = [];
  const router = {
    execute: (cmds: BStr[][]) => {
      batches.push(cmds.length);
      return execute(cmds);
    },
  } as unknown as Router;
  const conn = new Connection(ENV, router, {
    send: (b) => (sent += fromBytes(b)),
    close: (code, reason) => closes.push({ code, reason }),
  }, token);
  const feed = async (...cmds: string[][]) => {
    conn.feed(Uint8Array.from(cmds.flatMap((c) => [...encodeCommand(c)])));
    await conn.idle();
    await conn.idle();
  };
  return { conn, feed, sent: () => sent, closes, batches };
}

describe("Connection: reply slots", () => {
  it("answers commands whose node call threw with an error, never +OK", async () => {
    const h = harness(async () => {
      throw new Error("boom");
    });
    await h.feed(["SET", "a", "1"], ["GET", "a"]);
    expect(h.sent()).toBe("-ERR internal error: boom\r\n-ERR internal error: boom\r\n");
    expect(h.closes).toEqual([{ code: 1011, reason: "internal error" }]);
  });

  it("answers a command the router returned no reply for with an error", async () => {
    const h = harness(async () => [OK]);
    await h.feed(["SET", "a", "1"], ["SET", "b", "2"]);
    expect(h.sent()).toBe("+OK\r\n-ERR internal error: the command was not run\r\n");
  });
});

describe("Connection: bounded inbox", () => {
  it(`runs a long pipeline in batches of at most ${INBOX_MAX_COMMANDS} commands, in order`, async () => {
    const h = harness(async (cmds) => cmds.map((c) => ({ t: "bulk", v: c[1]! }) as Reply));
    const n = INBOX_MAX_COMMANDS * 2 + 10;
    await h.feed(...Array.from({ length: n }, (_, i) => ["ECHO", String(i)]));
    expect(h.batches.every((b) => b <= INBOX_MAX_COMMANDS)).toBe(true);
    expect(h.batches.reduce((a, b) => a + b, 0)).toBe(n);
    expect(h.sent()).toBe(Array.from({ length: n }, (_, i) => `$${String(i).length}\r\n${i}\r\n`).join(""));
  });
});

describe("Connection: before authentication", () => {
  it("parses the command after AUTH with the authenticated limits", async () => {
    const h = harness(async (cmds) => cmds.map(() => OK), null);
    const big = "x".repeat(20_000);
    await h.feed(["AUTH", "tok"], ["SET", "k", big]);
    expect(h.sent()).toBe("+OK\r\n+OK\r\n");
  });

  it("refuses a bulk over 16 KiB with Redis's protocol error and closes", async () => {
    const h = harness(async (cmds) => cmds.map(() => OK), null);
    await h.feed(["AUTH", "nope"], ["SET", "k", "x".repeat(16 * 1024 + 1)]);
    expect(h.sent()).toBe("-WRONGPASS invalid username-password pair or user is disabled.\r\n-ERR Protocol error: unauthenticated bulk length\r\n");
    expect(h.closes).toEqual([{ code: 1002, reason: "protocol error" }]);
    expect(h.batches).toEqual([]);
  });

  it("refuses more than 10 arguments with Redis's protocol error", async () => {
    const h = harness(async (cmds) => cmds.map(() => OK), null);
    await h.feed(["MSET", ...Array.from({ length: 10 }, (_, i) => fromText(String(i)))]);
    expect(h.sent()).toBe("-ERR Protocol error: unauthenticated multibulk length\r\n");
  });
});
