/** The pure parts of Pub/Sub: a hub's subscription index, notify-keyspace-events flags and event names, the output limit. */
import { describe, expect, it } from "vitest";
import { Subscriptions } from "../../../src/pubsub/subscriptions";
import { formatNotifyFlags, keyEvents, NOTIFY, parseNotifyFlags } from "../../../src/pubsub/notify";
import { OutputLimiter } from "../../../src/pubsub/output-limit";

describe("a hub's subscriptions", () => {
  it("counts one receiver per channel subscriber and per matching pattern subscription", () => {
    const s = new Subscriptions();
    s.add("a", "c", "news");
    s.add("a", "p", "n*");
    s.add("a", "p", "*s");
    s.add("b", "p", "x*");
    expect(s.deliveries(["c", "news", "m"]).map((d) => [d.conn, d.frame])).toEqual([
      ["a", ["m", "news", "m"]], ["a", ["p", "n*", "news", "m"]], ["a", ["p", "*s", "news", "m"]],
    ]);
    expect(s.query({ q: "numpat" })).toEqual([3]);
  });

  it("keeps shard channels apart and ignores patterns for them", () => {
    const s = new Subscriptions();
    s.add("a", "s", "{t}x");
    s.add("a", "p", "*");
    expect(s.deliveries(["s", "{t}x", "m"]).map((d) => d.frame)).toEqual([["s", "{t}x", "m"]]);
    expect(s.deliveries(["c", "{t}x", "m"]).map((d) => d.frame)).toEqual([["p", "*", "{t}x", "m"]]);
    expect(s.query({ q: "channels", kind: "s", pattern: null })).toEqual(["{t}x"]);
    expect(s.query({ q: "channels", kind: "c", pattern: null })).toEqual([]);
  });

  it("forgets everything of a connection that goes away", () => {
    const s = new Subscriptions();
    expect(s.add("a", "c", "x")).toBe(true);
    expect(s.add("a", "c", "x")).toBe(false);
    s.add("b", "c", "x");
    expect(s.dropConn("a")).toEqual([["c", "x"]]);
    expect(s.query({ q: "numsub", kind: "c", channels: ["x", "y"] })).toEqual([1, 0]);
    expect(s.remove("b", "c", "x")).toBe(true);
    expect(s.query({ q: "channels", kind: "c", pattern: "*" })).toEqual([]);
  });
});

describe("notify-keyspace-events", () => {
  it("parses and formats the classes as Redis does", () => {
    expect(formatNotifyFlags(parseNotifyFlags("KEA")!)).toBe("AKE");
    expect(formatNotifyFlags(parseNotifyFlags("Elx")!)).toBe("lxE");
    expect(formatNotifyFlags(parseNotifyFlags("")!)).toBe("");
    expect(parseNotifyFlags("Kq")).toBeNull();
    expect(parseNotifyFlags("m")! & NOTIFY.keyMiss).toBeTruthy();
  });

  it("names each key's event by its role in the command", () => {
    expect(keyEvents(["RENAME", "a", "b"], "a")).toEqual([[NOTIFY.generic, "rename_from"]]);
    expect(keyEvents(["RENAME", "a", "b"], "b")).toEqual([[NOTIFY.generic, "rename_to"]]);
    expect(keyEvents(["SET", "k", "v", "EX", "10"], "k")).toEqual([[NOTIFY.string, "set"], [NOTIFY.generic, "expire"]]);
    expect(keyEvents(["LMOVE", "s", "d", "RIGHT", "LEFT"], "s")).toEqual([[NOTIFY.list, "rpop"]]);
    expect(keyEvents(["LMOVE", "s", "d", "RIGHT", "LEFT"], "d")).toEqual([[NOTIFY.list, "lpush"]]);
    expect(keyEvents(["ZADD", "z", "INCR", "1", "m"], "z")).toEqual([[NOTIFY.zset, "zincr"]]);
    expect(keyEvents(["SUNIONSTORE", "d", "a", "b"], "d")).toEqual([[NOTIFY.set, "sunionstore"]]);
    expect(keyEvents(["GET", "k"], "k")).toEqual([]);
  });
});

describe("client-output-buffer-limit pubsub", () => {
  it("closes at the hard limit at once, and over the soft limit only after soft-seconds", () => {
    let now = 0;
    const l = new OutputLimiter({ hardBytes: 100, softBytes: 10, softSeconds: 60 }, () => now);
    expect(l.over(100)).toBe(true);
    expect(l.over(50)).toBe(false);
    now = 60_000;
    expect(l.over(50)).toBe(false);
    now = 60_001;
    expect(l.over(50)).toBe(true);
    expect(l.over(5)).toBe(false);
    now = 200_000;
    expect(l.over(50)).toBe(false);
  });
});
