/**
 * Pub/Sub through the gateway with real hubs and nodes: (un)subscribe replies and counts, RESP2's
 * subscribed mode, RESP3 pushes between ordinary replies, patterns, shard channels, PUBSUB
 * introspection, and PUBLISH over another route than the subscriber's (REST, /ws, /node/<name>/ws).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ownAllSlots } from "./helpers";
import { connect, gateway } from "./ws-client";

beforeAll(() => ownAllSlots("node-0"));

const gw = gateway();
const ADMIN_WS = "/node/node-0/ws?_token=test-admin";

async function rest(...args: string[]): Promise<unknown> {
  const res = await gw.fetch(new Request("http://gw/", { method: "POST", headers: { Authorization: "Bearer test-token" }, body: JSON.stringify(args) }));
  return res.json();
}

const sub = (word: string, ch: string | null, n: number): string =>
  `*3\r\n$${word.length}\r\n${word}\r\n${ch === null ? "$-1\r\n" : `$${ch.length}\r\n${ch}\r\n`}:${n}\r\n`;
const msg = (ch: string, m: string, head = "*3"): string => `${head}\r\n$7\r\nmessage\r\n$${ch.length}\r\n${ch}\r\n$${m.length}\r\n${m}\r\n`;

describe("Pub/Sub over WebSocket", () => {
  it("delivers a message published over REST to a /ws subscriber, with Redis's counts", async () => {
    const c = await connect();
    c.cmd("SUBSCRIBE", "news", "sport", "news");
    await c.expect(sub("subscribe", "news", 1) + sub("subscribe", "sport", 2) + sub("subscribe", "news", 2));
    expect(await rest("PUBLISH", "news", "hello")).toEqual({ result: 1 });
    await c.expect(msg("news", "hello"));
    expect(await rest("PUBLISH", "nobody", "x")).toEqual({ result: 0 });
    c.cmd("UNSUBSCRIBE");
    await c.expect(sub("unsubscribe", "news", 1) + sub("unsubscribe", "sport", 0));
    c.cmd("UNSUBSCRIBE");
    await c.expect(sub("unsubscribe", null, 0));
    expect(await rest("PUBLISH", "news", "late")).toEqual({ result: 0 });
    c.cmd("PING");
    await c.expect("+PONG\r\n");
  });

  it("subscribes on one node's route and receives what another connection publishes on /ws", async () => {
    const s = await connect(ADMIN_WS);
    s.cmd("SUBSCRIBE", "cross");
    await s.expect(sub("subscribe", "cross", 1));
    const p = await connect();
    p.cmd("PUBLISH", "cross", "m1");
    p.cmd("PUBLISH", "cross", "m2");
    await p.expect(":1\r\n:1\r\n");
    await s.expect(msg("cross", "m1") + msg("cross", "m2"));
  });

  it("refuses other commands in RESP2 subscribed mode, with Redis's text; PING answers an array", async () => {
    const c = await connect();
    c.cmd("SUBSCRIBE", "r2");
    await c.expect(sub("subscribe", "r2", 1));
    c.cmd("GET", "k");
    await c.expect("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    c.cmd("CONFIG", "GET", "x");
    await c.expect("-ERR Can't execute 'config|get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    c.cmd("PING");
    await c.expect("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
    c.cmd("PING", "hi");
    await c.expect("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
    c.cmd("RESET");
    await c.expect("+RESET\r\n");
    c.cmd("GET", "k");
    await c.expect("$-1\r\n");
  });

  it("interleaves RESP3 pushes with ordinary replies", async () => {
    const c = await connect();
    c.cmd("HELLO", "3");
    await c.until(/^%7\r\n[\s\S]*?\$7\r\nmodules\r\n\*0\r\n/);
    c.cmd("SUBSCRIBE", "r3");
    await c.expect(">3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n");
    c.cmd("SET", "r3key", "v");
    await c.expect("+OK\r\n");
    expect(await rest("PUBLISH", "r3", "pushed")).toEqual({ result: 1 });
    await c.expect(msg("r3", "pushed", ">3"));
    c.cmd("GET", "r3key");
    await c.expect("$1\r\nv\r\n");
  });

  it("matches patterns, counting each matching pattern", async () => {
    const c = await connect();
    c.cmd("PSUBSCRIBE", "h?llo", "h*");
    await c.expect(sub("psubscribe", "h?llo", 1) + sub("psubscribe", "h*", 2));
    c.cmd("SUBSCRIBE", "hello");
    await c.expect(sub("subscribe", "hello", 3));
    expect(await rest("PUBLISH", "hello", "x")).toEqual({ result: 3 });
    const pm = (p: string): string => `*4\r\n$8\r\npmessage\r\n$${p.length}\r\n${p}\r\n$5\r\nhello\r\n$1\r\nx\r\n`;
    await c.expect(msg("hello", "x"));
    const rest2 = await c.until(/^(\*4[\s\S]*?\r\nx\r\n){2}/);
    expect([pm("h?llo") + pm("h*"), pm("h*") + pm("h?llo")]).toContain(rest2);
    expect(await rest("PUBSUB", "NUMPAT")).toEqual({ result: 2 });
    c.cmd("PUNSUBSCRIBE", "h*");
    await c.expect(sub("punsubscribe", "h*", 2));
    expect(await rest("PUBLISH", "hxx", "y")).toEqual({ result: 0 });
  });

  it("answers PUBSUB CHANNELS and NUMSUB across hubs", async () => {
    const a = await connect();
    const b = await connect();
    a.cmd("SUBSCRIBE", "ps:a", "ps:b");
    await a.expect(sub("subscribe", "ps:a", 1) + sub("subscribe", "ps:b", 2));
    b.cmd("SUBSCRIBE", "ps:a");
    await b.expect(sub("subscribe", "ps:a", 1));
    const chans = (await rest("PUBSUB", "CHANNELS", "ps:*")) as { result: string[] };
    expect(chans.result.sort()).toEqual(["ps:a", "ps:b"]);
    expect(await rest("PUBSUB", "NUMSUB", "ps:a", "ps:b", "ps:c")).toEqual({ result: ["ps:a", 2, "ps:b", 1, "ps:c", 0] });
    expect(await rest("PUBSUB", "NoPe")).toEqual({ error: "ERR unknown subcommand 'NoPe'. Try PUBSUB HELP." });
    expect(await rest("PUBSUB", "Numpat", "x")).toEqual({ error: "ERR wrong number of arguments for 'pubsub|numpat' command" });
    expect(await rest("PUBSUB", "CHANNELS", "a", "b")).toEqual({ error: "ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP." });
    expect(((await rest("PUBSUB", "HELP")) as { result: string[] }).result).toHaveLength(14);
    a.ws.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await rest("PUBSUB", "NUMSUB", "ps:a")).toEqual({ result: ["ps:a", 1] });
  });

  it("keeps shard channels apart from channels (SSUBSCRIBE / SPUBLISH / smessage)", async () => {
    const c = await connect();
    c.cmd("SSUBSCRIBE", "{s}1", "{s}2");
    await c.expect(sub("ssubscribe", "{s}1", 1) + sub("ssubscribe", "{s}2", 2));
    c.cmd("SUBSCRIBE", "{s}1");
    await c.expect(sub("subscribe", "{s}1", 1));
    expect(await rest("SPUBLISH", "{s}1", "sharded")).toEqual({ result: 1 });
    await c.expect("*3\r\n$8\r\nsmessage\r\n$4\r\n{s}1\r\n$7\r\nsharded\r\n");
    expect(await rest("PUBSUB", "SHARDNUMSUB", "{s}1")).toEqual({ result: ["{s}1", 1] });
    expect(await rest("PUBSUB", "SHARDCHANNELS", "{s}*")).toEqual({ result: expect.arrayContaining(["{s}1", "{s}2"]) as unknown });
    c.cmd("SSUBSCRIBE", "a", "b");
    await c.expect("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
    c.cmd("SUNSUBSCRIBE");
    await c.expect(sub("sunsubscribe", "{s}1", 1) + sub("sunsubscribe", "{s}2", 0));
  });

  it("refuses subscribe commands over REST", async () => {
    expect(await rest("SUBSCRIBE", "x")).toEqual({ error: expect.stringContaining("need a connection") as unknown });
  });
});

describe("Pub/Sub over HTTP streaming (Upstash)", () => {
  it("streams subscribe and message events for /subscribe/<channel>", async () => {
    const res = await gw.fetch(new Request("http://gw/subscribe/sse-ch", { method: "POST", headers: { Authorization: "Bearer test-token", Accept: "text/event-stream" }, body: "[]" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = "";
    const read = async (until: string): Promise<void> => {
      while (!text.includes(until)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${until}`);
        text += dec.decode(value);
      }
    };
    await read("data: subscribe,sse-ch,1\n");
    expect(await rest("PUBLISH", "sse-ch", '{"a":1}')).toEqual({ result: 1 });
    await read('data: message,sse-ch,{"a":1}\n');
    await reader.cancel();
  });

  it("streams pmessage events for /psubscribe/<pattern>", async () => {
    const res = await gw.fetch(new Request("http://gw/psubscribe/sse-*?_token=test-token", { method: "POST", body: "[]" }));
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = "";
    while (!text.includes("\n\n")) text += dec.decode((await reader.read()).value);
    expect(text).toBe("data: psubscribe,sse-*,1\n\n");
    expect(await rest("PUBLISH", "sse-x", "hi")).toEqual({ result: 1 });
    while (!text.includes("pmessage")) text += dec.decode((await reader.read()).value);
    expect(text).toContain("data: pmessage,sse-*,sse-x,hi\n\n");
    await reader.cancel();
  });
});
