/** MOVED and ASK as one type: what routing.ts writes is what the gateway's router reads. */
import { describe, expect, it } from "vitest";
import { formatRedirect, parseRedirect, redirectReply, type Redirect } from "../../../src/cluster/redirect";
import { error, simple } from "../../../src/resp/reply";
import { isRoutingRefusal, REDIRECT } from "../../../src/cluster";

describe("redirections", () => {
  it.each<Redirect>([
    { kind: "moved", slot: 12, node: "node-3", port: 6379 },
    { kind: "ask", slot: 16383, node: "a:b", port: 7000 },
  ])("reads back what it writes: %j", (r) => {
    expect(parseRedirect(redirectReply(r))).toEqual(r);
  });

  it("writes Redis's text", () => {
    expect(formatRedirect({ kind: "moved", slot: 3999, node: "n1", port: 6381 })).toBe("MOVED 3999 n1:6381");
    expect(formatRedirect({ kind: "ask", slot: 1, node: "n2", port: 6379 })).toBe("ASK 1 n2:6379");
  });

  it.each(["ERR MOVED", "MOVED 12 node-3", "MOVED x n:1", "ASK 1 n:1 extra", "TRYAGAIN Multiple keys request during rehashing of slot"])(
    "is no redirection: %s",
    (text) => expect(parseRedirect(error(text))).toBeNull(),
  );

  it("reads only errors", () => {
    expect(parseRedirect(simple("MOVED 1 n:1"))).toBeNull();
  });
});

describe("isRoutingRefusal", () => {
  it("tells the router's refusals from a command's own errors", () => {
    expect(isRoutingRefusal(error("MOVED 12 node-1:6379"))).toBe(true);
    expect(isRoutingRefusal(error("ASK 12 node-1:6379"))).toBe(true);
    for (const text of Object.values(REDIRECT)) expect(isRoutingRefusal(error(text))).toBe(true);
    expect(isRoutingRefusal(error("ERR wrong number of arguments for 'get' command"))).toBe(false);
    expect(isRoutingRefusal(error("MOVED elsewhere"))).toBe(false);
  });
});
