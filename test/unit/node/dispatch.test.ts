/**
 * The dispatcher's run(): a handler that throws something other than a ReplyError (a SQLite
 * statement failing) fails that one command, rolled back, instead of throwing out of the RPC.
 */
import { describe, expect, it, vi } from "vitest";
import { run, type DispatchEnv } from "../../../src/node/dispatch";
import { ReplyError, error, OK } from "../../../src/resp/reply";
import type { CommandDef } from "../../../src/commands/types";
import type { Keyspace } from "../../../src/keyspace/db";

function fakeEnv(): { env: DispatchEnv; rolledBack: () => boolean } {
  let rolledBack = false;
  const db = { now: 0, dirty: 0, onExpired: null, clearCache: vi.fn() } as unknown as Keyspace;
  const env: DispatchEnv = {
    db,
    sql: {
      transactionSync<T>(fn: () => T): T {
        try {
          return fn();
        } catch (e) {
          rolledBack = true;
          throw e;
        }
      },
    },
    now: 1000,
    rand: () => 0.5,
    conn: { resp: 2 },
    gate: () => null,
  };
  return { env, rolledBack: () => rolledBack };
}

const def = (flags: CommandDef["flags"], handler: CommandDef["handler"]): CommandDef =>
  ({ name: "hset", arity: -4, flags, firstKey: 1, lastKey: 1, step: 1, categories: [], handler }) as CommandDef;

describe("dispatch run(): exceptions from handlers", () => {
  it("answers a failing SQLite statement with ERR internal error, rolled back, no effects", () => {
    const { env, rolledBack } = fakeEnv();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const out = run(def(["write"], () => {
      throw new Error("string or blob too big: SQLITE_TOOBIG");
    }), ["HSET", "h", "f", "v"], env);
    quiet.mockRestore();
    expect(out).toEqual({ reply: error("ERR internal error: string or blob too big: SQLITE_TOOBIG"), effects: [] });
    expect(rolledBack()).toBe(true);
    expect(env.db.clearCache).toHaveBeenCalled();
  });

  it("keeps ReplyErrors as they are, and a read's lazy expiries as DEL effects", () => {
    const { env } = fakeEnv();
    const out = run(def(["readonly"], (ctx) => {
      ctx.db.onExpired!("gone");
      throw new ReplyError("WRONGTYPE Operation against a key holding the wrong kind of value");
    }), ["SUNION", "gone", "other"], env);
    expect(out).toEqual({ reply: error("WRONGTYPE Operation against a key holding the wrong kind of value"), effects: [["DEL", "gone"]] });
  });

  it("keeps one-line error replies whatever the exception says", () => {
    const { env } = fakeEnv();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const out = run(def(["readonly"], () => {
      throw new TypeError("bad\r\nthing");
    }), ["GET", "k"], env);
    quiet.mockRestore();
    expect(out.reply).toEqual(error("ERR internal error: bad  thing"));
    expect(run(def(["readonly"], () => OK), ["PING"], env).reply).toEqual(OK);
  });
});
