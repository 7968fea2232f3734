/**
 * The dispatcher's run(): a handler that throws something other than a ReplyError (a SQLite
 * statement failing) fails that one command, rolled back, instead of throwing out of the RPC.
 */
import { describe, expect, it, vi } from "vitest";
import { run, type DispatchEnv } from "../../../src/node/dispatch";
import { ReplyError, error, OK } from "../../../src/resp/reply";
import type { CommandSpec } from "../../../src/commands/types";
import type { Handler } from "../../../src/keyspace/handler";
import type { Keyspace } from "../../../src/keyspace/db";

function fakeEnv(): { env: DispatchEnv; rolledBack: () => boolean } {
  let rolledBack = false;
  const expired: string[] = [];
  const db = {
    now: 0, dirty: 0, clearCache: vi.fn(), expired,
    takeExpired: () => expired.splice(0),
  } as unknown as Keyspace;
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

const spec = (flags: CommandSpec["flags"]): CommandSpec =>
  ({ name: "hset", arity: -4, flags, firstKey: 1, lastKey: 1, step: 1, categories: [] }) as CommandSpec;
/** run() with a test handler in place of the command's own. */
const runWith = (flags: CommandSpec["flags"], handler: Handler, argv: string[], env: DispatchEnv) => run(spec(flags), argv, env, handler);

describe("dispatch run(): exceptions from handlers", () => {
  it("answers a failing SQLite statement with ERR internal error, rolled back, no effects", () => {
    const { env, rolledBack } = fakeEnv();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const out = runWith(["write"], () => {
      throw new Error("string or blob too big: SQLITE_TOOBIG");
    }, ["HSET", "h", "f", "v"], env);
    quiet.mockRestore();
    expect({ reply: out.reply, effects: out.effects }).toEqual({ reply: error("ERR internal error: string or blob too big: SQLITE_TOOBIG"), effects: [] });
    expect(rolledBack()).toBe(true);
    expect(env.db.clearCache).toHaveBeenCalled();
  });

  it("keeps ReplyErrors as they are, and a read's lazy expiries as DEL effects", () => {
    const { env } = fakeEnv();
    const out = runWith(["readonly"], (ctx) => {
      (ctx.db as unknown as { expired: string[] }).expired.push("gone"); // a lazy expiry during the read
      throw new ReplyError("WRONGTYPE Operation against a key holding the wrong kind of value");
    }, ["SUNION", "gone", "other"], env);
    expect({ reply: out.reply, effects: out.effects }).toEqual({ reply: error("WRONGTYPE Operation against a key holding the wrong kind of value"), effects: [["DEL", "gone"]] });
  });

  it("keeps one-line error replies whatever the exception says", () => {
    const { env } = fakeEnv();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const out = runWith(["readonly"], () => {
      throw new TypeError("bad\r\nthing");
    }, ["GET", "k"], env);
    quiet.mockRestore();
    expect(out.reply).toEqual(error("ERR internal error: bad  thing"));
    expect(runWith(["readonly"], () => OK, ["PING"], env).reply).toEqual(OK);
  });
});
