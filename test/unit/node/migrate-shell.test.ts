/**
 * MigrateShell's source side against a fake target: IOERR when the target fails or does not
 * answer within the timeout (the key stays, its lock is released), and the lock that makes other
 * commands wait while pages are out.
 */
import { describe, expect, it } from "vitest";
import { error, OK, simple } from "../../../src/resp/reply";
import { Keyspace } from "../../../src/keyspace/db";
import { KeyLocks } from "../../../src/txn/locks";
import { MigrateShell } from "../../../src/node/migrate-shell";
import type { Clock } from "../../../src/node/ports";
import type { MigrateRequest, PeerReply } from "../../../src/txn/messages";
import { MemorySql } from "../../sim/sql-port";

const clock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  random: () => 0.5,
};

function source(peer: (msg: MigrateRequest) => Promise<PeerReply>) {
  const sql = new MemorySql();
  const db = new Keyspace(sql);
  const locks = new KeyLocks(sql, clock.setTimer);
  const sent: MigrateRequest[] = [];
  const shell = new MigrateShell({
    name: "src", sql, clock, db, locks, knows: (n) => n === "dst", gate: () => null, slotOpen: () => true, feed: () => {}, importing: () => false,
    peer: (_to, msg) => (sent.push(msg), peer(msg)),
  });
  db.now = Date.now();
  db.setString("k", "v");
  return { shell, db, locks, sent };
}

const migrate = (timeout = 200) => ["MIGRATE", "dst", "6379", "k", "0", String(timeout)];

describe("MIGRATE's source", () => {
  it("answers IOERR when the target fails, keeping the key and releasing its lock", async () => {
    const t = source(() => Promise.reject(new Error("unreachable")));
    expect(await t.shell.command(migrate(), { resp: 2 })).toEqual(error("IOERR error or timeout reading to target instance"));
    expect(t.db.getString("k")).toBe("v");
    expect(t.locks.empty).toBe(true);
  });

  it("answers IOERR when the target does not answer within the timeout", async () => {
    const t = source(() => new Promise(() => {}));
    const started = Date.now();
    expect(await t.shell.command(migrate(100), { resp: 2 })).toEqual(error("IOERR error or timeout reading to target instance"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(t.db.getString("k")).toBe("v");
  });

  it("holds the key's lock until the target acknowledged, then deletes it", async () => {
    let ack: (r: PeerReply) => void = () => {};
    const t = source(() => new Promise((resolve) => (ack = resolve)));
    const done = t.shell.command(migrate(5000), { resp: 2 });
    await new Promise((r) => setTimeout(r, 10));
    expect(t.locks.blocks(["k"])).toBe(true);
    expect(t.db.getString("k")).toBe("v");
    ack({ type: "done" });
    expect(await done).toEqual(OK);
    expect(t.locks.empty).toBe(true);
    expect(t.db.exists("k")).toBe(false);
    expect(t.sent).toMatchObject([{ type: "migrate-page", key: "k", seq: 0, last: true, expiresAt: null, replace: false }]);
    expect(await t.shell.command(migrate(), { resp: 2 })).toEqual(simple("NOKEY"));
  });
});
