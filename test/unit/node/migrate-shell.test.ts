/**
 * MigrateShell's source side against a fake target: IOERR when the target fails or does not
 * answer within the timeout (the key stays, its lock is released), and the lock that makes other
 * commands wait while pages are out.
 */
import { describe, expect, it } from "vitest";
import { error, OK, simple } from "../../../src/resp/reply";
import { Keyspace, type KeyValue } from "../../../src/keyspace/db";
import { encodeValue } from "../../../src/keyspace/serialize";
import { KeyLocks } from "../../../src/txn/locks";
import { MigrateShell } from "../../../src/node/migrate-shell";
import type { Clock } from "../../../src/node/ports";
import type { MigrateRequest, PeerReply } from "../../../src/txn/messages";
import type { BStr } from "../../../src/resp/bytes";
import { MemorySql } from "../../sim/sql-port";
import { MIGRATE_PAGE_BYTES } from "../../../src/node/migrate-shell";
import { migrateRunLength } from "../../../src/node/command-runs";

const clock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  random: () => 0.5,
};

function source(peer: (msg: MigrateRequest) => Promise<PeerReply>, fed: BStr[][] = []) {
  const sql = new MemorySql();
  const db = new Keyspace(sql);
  const locks = new KeyLocks(sql, clock.setTimer);
  const sent: MigrateRequest[] = [];
  const shell = new MigrateShell({
    name: "src", sql, clock, db, locks, knows: (n) => n === "dst", gate: () => null, slotOpen: () => true, feed: (cmds) => void fed.push(...cmds), importing: () => false,
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
    ack({ type: "restored", errors: [null] });
    expect(await done).toEqual(OK);
    expect(t.locks.empty).toBe(true);
    expect(t.db.exists("k")).toBe(false);
    expect(t.sent).toMatchObject([{ type: "migrate-keys", keys: [{ key: "k", expiresAt: null }], replace: false }]);
    expect(await t.shell.command(migrate(), { resp: 2 })).toEqual(simple("NOKEY"));
  });

  it("sends a MIGRATE's small keys in one message and deletes those the target restored (one DEL)", async () => {
    const fed: BStr[][] = [];
    const t = source(async (msg) => ({ type: "restored", errors: msg.type === "migrate-keys" ? msg.keys.map((k) => (k.key === "{t}b" ? error("BUSYKEY Target key name already exists.") : null)) : [] }), fed);
    for (const k of ["{t}a", "{t}b", "{t}c"]) t.db.setString(k, k);
    const reply = await t.shell.command(["MIGRATE", "dst", "6379", "", "0", "1000", "KEYS", "{t}a", "{t}b", "{t}c"], { resp: 2 });
    expect(reply).toEqual(error("ERR Target instance replied with error: BUSYKEY Target key name already exists."));
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]).toMatchObject({ type: "migrate-keys", keys: [{ key: "{t}a" }, { key: "{t}b" }, { key: "{t}c" }] });
    expect([t.db.exists("{t}a"), t.db.exists("{t}b"), t.db.exists("{t}c")]).toEqual([false, true, false]);
    expect(fed).toEqual([["DEL", "{t}a", "{t}c"]]);
  });

  it("sends a key larger than a page in pages of its own, after the small keys before it", async () => {
    const t = source(async (msg) => (msg.type === "migrate-keys" ? { type: "restored", errors: msg.keys.map(() => null) } : { type: "done" }));
    t.db.setString("{t}small", "x");
    t.db.setString("{t}big", "y".repeat(MIGRATE_PAGE_BYTES + 1000));
    expect(await t.shell.command(["MIGRATE", "dst", "6379", "", "0", "5000", "KEYS", "{t}small", "{t}big"], { resp: 2 })).toEqual(OK);
    expect(t.sent.map((m) => (m.type === "migrate-page" ? `page ${m.seq}${m.last ? " last" : ""}` : m.type))).toEqual(["migrate-keys", "page 0", "page 1 last"]);
    expect(t.db.exists("{t}big")).toBe(false);
  });

  it("sends the small keys of a run of MIGRATEs (one per slot) in one message, each answering for its own keys", async () => {
    const t = source(async (msg) => ({ type: "restored", errors: msg.type === "migrate-keys" ? msg.keys.map((k) => (k.key === "{b}2" ? error("BUSYKEY Target key name already exists.") : null)) : [] }));
    for (const k of ["{a}1", "{a}2", "{b}1", "{b}2"]) t.db.setString(k, k);
    const m = (...keys: string[]) => ["MIGRATE", "dst", "6379", "", "0", "1000", "KEYS", ...keys];
    const replies = await t.shell.commands([m("{a}1", "{a}2"), m("{b}1", "{b}2"), m("{c}1")], { resp: 2 });
    expect(replies).toEqual([OK, error("ERR Target instance replied with error: BUSYKEY Target key name already exists."), simple("NOKEY")]);
    expect(t.sent).toHaveLength(1);
    expect(["{a}1", "{a}2", "{b}1", "{b}2"].map((k) => t.db.exists(k))).toEqual([false, false, false, true]);
    expect(t.locks.empty).toBe(true);
  });

  it("answers IOERR for every MIGRATE of a run whose message was lost, keeping their keys", async () => {
    const t = source(() => Promise.reject(new Error("unreachable")));
    for (const k of ["{a}1", "{b}1"]) t.db.setString(k, k);
    const m = (key: string) => ["MIGRATE", "dst", "6379", key, "0", "1000"];
    const io = error("IOERR error or timeout reading to target instance");
    expect(await t.shell.commands([m("{a}1"), m("{b}1")], { resp: 2 })).toEqual([io, io]);
    expect([t.db.exists("{a}1"), t.db.exists("{b}1")]).toEqual([true, true]);
    expect(t.locks.empty).toBe(true);
  });
});

describe("MIGRATE's target", () => {
  function target() {
    const sql = new MemorySql();
    const db = new Keyspace(sql);
    const fed: BStr[][][] = [];
    const shell = new MigrateShell({
      name: "dst", sql, clock, db, locks: new KeyLocks(sql, clock.setTimer), knows: () => true, gate: () => null, slotOpen: () => true,
      feed: (cmds) => void fed.push(cmds), importing: () => false, peer: () => Promise.reject(new Error("no peer")),
    });
    db.now = Date.now();
    return { shell, db, fed };
  }
  const image = (key: string, value: KeyValue, expiresAt: number | null = null) => ({ key, payload: encodeValue(value), expiresAt });
  const busy = error("BUSYKEY Target key name already exists.");

  it("restores a message's keys (BUSYKEY for a live one without REPLACE, an expired one is no key) and replicates them in one feed", async () => {
    const t = target();
    t.db.setString("live", "old");
    t.db.setString("expired", "old", t.db.now - 1);
    const keys = [
      image("live", { type: "string", value: "new" }),
      image("expired", { type: "hash", entries: [["f", "v"]] }, t.db.now + 60_000),
      image("fresh", { type: "zset", entries: [["m", 2]] }),
      { key: "bad", payload: "not a payload", expiresAt: null },
    ];
    const reply = await t.shell.handle({ type: "migrate-keys", txid: "t1", keys, replace: false });
    expect(reply).toEqual({ type: "restored", errors: [busy, null, null, error("ERR DUMP payload version or checksum are wrong")] });
    expect(t.db.getString("live")).toBe("old");
    expect(t.db.readValue(t.db.meta("expired")!)).toEqual({ type: "hash", entries: [["f", "v"]] });
    expect(t.db.meta("expired")!.expiresAt).toBe(keys[1]!.expiresAt);
    expect(t.db.readValue(t.db.meta("fresh")!)).toEqual({ type: "zset", entries: [["m", 2]] });
    expect(t.fed).toHaveLength(1);
    expect(t.fed[0]!.map((c) => `${c[0]} ${c[1]}`)).toEqual(["RESTORE expired", "RESTORE fresh"]);
  });

  it("replaces a live key with REPLACE, whatever its type", async () => {
    const t = target();
    t.db.writeValue("k", { type: "set", members: ["a", "b"] }, null);
    const reply = await t.shell.handle({ type: "migrate-keys", txid: "t2", keys: [image("k", { type: "list", items: ["x"] })], replace: true });
    expect(reply).toEqual({ type: "restored", errors: [null] });
    expect(t.db.readValue(t.db.meta("k")!)).toEqual({ type: "list", items: ["x"] });
  });
});

describe("a run of MIGRATEs in one request", () => {
  const m = (...keys: string[]) => ["MIGRATE", "dst", "6379", "", "0", "1000", "KEYS", ...keys];
  it("takes consecutive MIGRATEs over disjoint keys, up to another command or a key seen before", () => {
    expect(migrateRunLength([m("a"), m("b"), ["GET", "a"], m("c")], 0)).toBe(2);
    expect(migrateRunLength([m("a"), m("b", "a"), m("c")], 0)).toBe(1);
    expect(migrateRunLength([["GET", "a"], m("a")], 0)).toBe(0);
    expect(migrateRunLength([m("a"), m("b"), m("c")], 0, 2)).toBe(2);
    expect(migrateRunLength([["MIGRATE", "dst"], m("a")], 0)).toBe(1);
  });
});
