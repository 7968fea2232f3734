/**
 * CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO's state machine (tracking/options.ts): the
 * options, Redis 7.0's errors in its order, and what the node is told per command.
 */
import { describe, expect, it } from "vitest";
import { TrackingOptions, prefixCollision } from "../../../src/tracking/options";
import { encodeReply } from "../../../src/resp/encoder";
import { fromBytes } from "../../../src/resp/bytes";
import type { Reply } from "../../../src/resp/reply";

const exists = (id: number): boolean => id === 7;
const track = (o: TrackingOptions, ...args: string[]): Reply | object => o.tracking(["CLIENT", "TRACKING", ...args], exists);
const err = (r: unknown): string | undefined => ((r as Reply).t === "error" ? (r as { v: string }).v : undefined);
const wire = (r: Reply, resp: 2 | 3 = 3): string => fromBytes(encodeReply(r, resp));

describe("CLIENT TRACKING options", () => {
  it("turns on default mode, remembers reads, and reports it", () => {
    const o = new TrackingOptions("id");
    expect(o.connField()).toBeUndefined();
    expect(wire(o.info())).toBe("%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n");
    expect(err(track(o, "on"))).toBeUndefined();
    expect(o.connField()).toEqual({ id: "id", reads: true });
    expect(wire(o.getredir())).toBe(":0\r\n");
    expect(wire(o.info())).toBe("%3\r\n$5\r\nflags\r\n~1\r\n$2\r\non\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n");
    expect(err(track(o, "off"))).toBeUndefined();
    expect(o.connField()).toBeUndefined();
    expect(wire(o.getredir())).toBe(":-1\r\n");
  });

  it("refuses bad options with Redis's errors, changing nothing", () => {
    const o = new TrackingOptions("id");
    expect(err(track(o, "maybe"))).toBe("ERR syntax error");
    expect(err(track(o, "on", "bogus"))).toBe("ERR syntax error");
    expect(err(track(o, "on", "prefix"))).toBe("ERR syntax error");
    expect(err(track(o, "on", "redirect", "x"))).toBe("ERR value is not an integer or out of range");
    expect(err(track(o, "on", "redirect", "9"))).toBe("ERR The client ID you want redirect to does not exist");
    expect(err(track(o, "on", "redirect", "7", "redirect", "7"))).toBe("ERR A client can only redirect to a single other client");
    expect(err(track(o, "on", "prefix", "a"))).toBe("ERR PREFIX option requires BCAST mode to be enabled");
    expect(err(track(o, "on", "bcast", "optin"))).toBe("ERR OPTIN and OPTOUT are not compatible with BCAST");
    expect(err(track(o, "on", "optin", "optout"))).toBe("ERR You can't specify both OPTIN mode and OPTOUT mode");
    expect(err(track(o, "on", "bcast", "prefix", "ab", "prefix", "a"))).toBe(
      "ERR Prefix 'ab' overlaps with another provided prefix 'a'. Prefixes for a single client must not overlap.",
    );
    expect(o.on).toBe(false);
    track(o, "on", "optin");
    expect(err(track(o, "on", "optout"))).toBe(
      "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
    );
    expect(err(track(o, "on", "bcast"))).toBe(
      "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
    );
    expect(o.optin).toBe(true);
  });

  it("BCAST prefixes: none means every key, overlaps with existing ones are refused", () => {
    const o = new TrackingOptions("id");
    track(o, "on", "bcast", "prefix", "user:", "prefix", "item:");
    expect(o.prefixes).toEqual(["item:", "user:"]);
    expect(o.remembersReads).toBe(false);
    expect(err(track(o, "on", "bcast", "prefix", "user:1"))).toBe(
      "ERR Prefix 'user:1' overlaps with an existing prefix 'user:'. Prefixes for a single client must not overlap.",
    );
    track(o, "on", "bcast", "prefix", "cart:");
    expect(o.prefixes).toEqual(["cart:", "item:", "user:"]);
    track(o, "off");
    track(o, "on", "bcast");
    expect(o.prefixes).toEqual([""]);
    expect(prefixCollision([""], ["x"])).toContain("overlaps with an existing prefix ''");
  });

  it("OPTIN remembers only after CACHING YES, OPTOUT always but after CACHING NO, for one command", () => {
    const o = new TrackingOptions("id");
    expect(err(o.cachingCommand("yes"))).toBe(
      "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled",
    );
    track(o, "on", "optin", "noloop");
    expect(o.connField()).toEqual({ id: "id", reads: false });
    expect(err(o.cachingCommand("no"))).toBe("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
    expect(err(o.cachingCommand("maybe"))).toBe("ERR syntax error");
    expect(err(o.cachingCommand("YES"))).toBeUndefined();
    expect(o.connField()).toEqual({ id: "id", reads: true });
    expect(wire(o.info(), 2)).toBe("*6\r\n$5\r\nflags\r\n*4\r\n$2\r\non\r\n$5\r\noptin\r\n$11\r\ncaching-yes\r\n$6\r\nnoloop\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n");
    o.commandDone();
    expect(o.connField()).toEqual({ id: "id", reads: false });
    track(o, "off");
    track(o, "on", "optout", "redirect", "7");
    expect(o.connField()).toEqual({ id: "id", reads: true });
    expect(err(o.cachingCommand("yes"))).toBe("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
    o.cachingCommand("no");
    expect(o.connField()).toEqual({ id: "id", reads: false });
    expect(wire(o.getredir())).toBe(":7\r\n");
  });
});
