/**
 * The node's tracking table on a real NodeRuntime (better-sqlite3 storage, fake clock, a fake hub
 * port that records what the node publishes): a tracking read remembers its keys, the first change
 * by anyone publishes one invalidation per reader and forgets the key, FLUSHALL sends the null
 * form, expiry invalidates, a restarted node tells its former trackers to drop everything, and
 * nothing at all is published while nobody tracks.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../../src/node/runtime";
import type { Clock, RuntimePorts } from "../../../src/node/ports";
import type { Publication } from "../../../src/pubsub/protocol";
import type { ConnState } from "../../../src/commands/types";
import { channelOf, parseMessage } from "../../../src/tracking/message";
import { MemorySql } from "../../sim/sql-port";

let now = 1_700_000_000_000;
let sql: MemorySql;
let pubs: Publication[];
let rt: NodeRuntime;
/** Tracking ids nobody listens to any more (the fake hub counts 0 receivers for them). */
let gone: Set<string>;

const clock: Clock = { now: () => now, setTimer: () => () => {}, random: () => 0.5 };

function start(): NodeRuntime {
  const ports: RuntimePorts = {
    sql, clock,
    transport: { bus: async () => [], replicate: async () => [], peer: async () => { throw new Error("no peers"); } },
    deadline: { get: async () => null, set: async () => {} },
    pubsub: {
      hubs: 1,
      publish: async (_hub, p) => {
        pubs.push(...p);
        return p.map(([, ch]) => (gone.has(ch.slice(channelOf("").length)) ? 0 : 1));
      },
      query: async () => [],
    },
  };
  return new NodeRuntime(ports, { name: "n0", vars: {} });
}

const PLAIN: ConnState = { resp: 3, admin: true };
const tracker = (id: string, reads = true): ConnState => ({ resp: 3, tracking: { id, reads } });
const bcast = (id: string, ...prefixes: string[]): ConnState => ({ resp: 3, tracking: { id, reads: false, bcast: prefixes } });
const run = (conn: ConnState, ...cmds: string[][]) => rt.execute(cmds, conn);
/** What the node published, as [tracking id, writer, key]. */
const sent = () => pubs.map(([, ch, m]) => {
  const inv = parseMessage(m)!;
  return [ch.slice(channelOf("").length), inv.writer, inv.key];
});

beforeEach(async () => {
  sql = new MemorySql();
  pubs = [];
  gone = new Set();
  rt = start();
  await run(PLAIN, ["CLUSTER", "ADDSLOTSRANGE", "0", "16383"]);
  // A master that just started waits before its cluster state turns ok.
  now += 10_000;
  await rt.alarm();
  pubs = [];
});

describe("the node's tracking table", () => {
  it("publishes nothing while nobody tracks", async () => {
    await run(PLAIN, ["SET", "k", "1"], ["GET", "k"], ["SET", "k", "2"], ["DEL", "k"]);
    expect(pubs).toEqual([]);
    expect(rt.tracking.size).toBe(0);
  });

  it("invalidates a key a tracker read, once, whoever writes it", async () => {
    await run(PLAIN, ["SET", "{t}k", "1"]);
    await run(tracker("A"), ["GET", "{t}k"], ["MGET", "{t}k", "{t}j"]);
    await run(tracker("B"), ["STRLEN", "{t}k"]);
    expect(rt.tracking.size).toBe(2);
    await run(PLAIN, ["SET", "{t}k", "2"], ["SET", "{t}k", "3"]);
    expect(sent()).toEqual([["A", "", "{t}k"], ["B", "", "{t}k"]]);
    expect(rt.tracking.size).toBe(1);
    // Read again, tracked again.
    await run(tracker("A"), ["GET", "{t}k"]);
    await run(PLAIN, ["APPEND", "{t}k", "x"]);
    expect(sent().length).toBe(3);
  });

  it("tracks nothing for a command refused before it ran, but a read that failed (as Redis)", async () => {
    await run(PLAIN, ["SET", "a", "1"]);
    await run(tracker("A"), ["MGET", "a", "b"], ["GET"], ["NOSUCH", "a"]);
    expect(rt.tracking.size).toBe(0);
    await run(tracker("A"), ["LRANGE", "a", "0", "-1"]);
    expect(rt.tracking.size).toBe(1);
  });

  it("remembers only reads, and nothing when the connection does not track its reads (OPTIN without CACHING)", async () => {
    await run(tracker("A"), ["SET", "k", "1"]);
    await run(tracker("A", false), ["GET", "k"]);
    expect(rt.tracking.size).toBe(0);
    await run(PLAIN, ["SET", "k", "2"]);
    expect(pubs).toEqual([]);
  });

  it("names the writer, so a NOLOOP connection can drop its own", async () => {
    await run(tracker("A"), ["GET", "k"]);
    await run(tracker("A"), ["SET", "k", "1"]);
    expect(sent()).toEqual([["A", "A", "k"]]);
  });

  it("tracks inside MULTI/EXEC and invalidates from a transaction", async () => {
    await rt.transaction([["GET", "a"], ["GET", "b"]], tracker("A"));
    await rt.transaction([["SET", "a", "1"], ["SET", "b", "1"]], PLAIN);
    expect(sent()).toEqual([["A", "", "a"], ["A", "", "b"]]);
  });

  it("FLUSHALL sends the null invalidation to every tracker and forgets everything", async () => {
    await run(tracker("A"), ["GET", "a"]);
    await run(tracker("B"), ["GET", "b"]);
    await run(PLAIN, ["SET", "a", "1"]);
    pubs = [];
    await run(PLAIN, ["FLUSHALL"]);
    expect(sent()).toEqual([["A", "", null], ["B", "", null]]);
    expect(rt.tracking.size).toBe(0);
    pubs = [];
    await run(PLAIN, ["SET", "b", "1"], ["FLUSHALL"]);
    expect(pubs).toEqual([]);
  });

  it("invalidates a key that expires (lazily or by the cron)", async () => {
    await run(PLAIN, ["SET", "a", "1", "PX", "100"], ["SET", "b", "1", "PX", "100"]);
    await run(tracker("A"), ["GET", "a"], ["GET", "b"]);
    now += 200;
    await run(PLAIN, ["GET", "a"]);
    expect(sent()).toEqual([["A", "", "a"]]);
    await rt.alarm();
    expect(sent()).toEqual([["A", "", "a"], ["A", "", "b"]]);
  });

  it("a restarted node tells the connections that tracked there to drop everything", async () => {
    await run(tracker("A"), ["GET", "a"]);
    rt = start();
    now += 10_000;
    await rt.alarm();
    await run(PLAIN, ["SET", "a", "1"]);
    expect(sent()).toEqual([["A", "", null]]);
    rt = start();
    now += 10_000;
    await rt.alarm();
    await run(PLAIN, ["SET", "a", "2"]);
    expect(sent()).toEqual([["A", "", null]]);
  });

  it("BCAST: every change of a key under a registered prefix, until nobody listens", async () => {
    await run(bcast("A", "user:"), ["DBSIZE"]);
    await run(bcast("B", ""), ["PING"]);
    // One node call is one batch: a key changed twice in it is announced once (Redis: per event loop turn).
    await run(PLAIN, ["SET", "user:1", "x"], ["SET", "item:1", "x"], ["SET", "user:1", "y"]);
    expect(sent()).toEqual([["A", "", "user:1"], ["B", "", "user:1"], ["B", "", "item:1"]]);
    await run(PLAIN, ["SET", "user:1", "z"]);
    expect(sent().slice(3)).toEqual([["A", "", "user:1"], ["B", "", "user:1"]]);
    // A's prefixes change with its next command; a restart keeps them.
    await run(bcast("A", "item:"), ["PING"]);
    rt = start();
    now += 10_000;
    await rt.alarm();
    pubs = [];
    await run(bcast("C", "zzz"), ["SET", "item:2", "x"]);
    expect(sent()).toEqual([["A", "C", "item:2"], ["B", "C", "item:2"]]);
    // B went away: its next invalidation reaches nobody, and after that it is dropped.
    gone.add("B");
    pubs = [];
    await run(PLAIN, ["SET", "k", "1"]);
    await run(PLAIN, ["SET", "k", "2"]);
    expect(sent()).toEqual([["B", "", "k"]]);
  });

  it("forgets a connection once an invalidation reached nobody, until it reads again", async () => {
    await run(tracker("A"), ["MGET", "{t}a", "{t}b", "{t}c"]);
    gone.add("A");
    await run(PLAIN, ["SET", "{t}a", "1"]);
    await run(PLAIN, ["SET", "{t}b", "1"]);
    expect(sent()).toEqual([["A", "", "{t}a"]]);
    gone.delete("A");
    await run(tracker("A"), ["GET", "{t}b"]);
    await run(PLAIN, ["SET", "{t}b", "2"], ["SET", "{t}c", "2"]);
    expect(sent()).toEqual([["A", "", "{t}a"], ["A", "", "{t}b"], ["A", "", "{t}c"]]);
  });

  it("FLUSHALL reaches BCAST connections too", async () => {
    await run(bcast("A", "user:"), ["PING"]);
    await run(PLAIN, ["FLUSHALL"]);
    expect(sent()).toEqual([["A", "", null]]);
  });
});
