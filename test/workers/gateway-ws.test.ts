/**
 * RESP over WebSocket through the gateway: framing, auth, HELLO, MULTI/EXEC/WATCH, CLIENT,
 * blocking commands, protocol errors, /node/<name>/ws.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fromBytes, toBytes } from "../../src/resp/bytes";
import { encodeCommand } from "../../src/resp/encoder";
import { cmd, node, ownAllSlots } from "./helpers";
import { connect, gateway } from "./ws-client";

// The gateway's seed node is a one-node cluster owning every slot.
beforeAll(() => ownAllSlots("node-0"));

const gw = gateway();

describe("WebSocket: framing", () => {
  it("answers PING with a token in the URL", async () => {
    const c = await connect();
    c.cmd("PING");
    await c.expect("+PONG\r\n");
  });

  it("reassembles a command split across three frames (text and binary)", async () => {
    const c = await connect();
    const bytes = encodeCommand(["SET", "ws:split", "value"]);
    c.raw(bytes.subarray(0, 5));
    c.raw(fromBytes(bytes.subarray(5, 17)));
    c.raw(bytes.subarray(17));
    await c.expect("+OK\r\n");
    c.cmd("GET", "ws:split");
    await c.expect("$5\r\nvalue\r\n");
  });

  it("answers several commands in one frame, in order", async () => {
    const c = await connect();
    c.raw(fromBytes(new Uint8Array([...encodeCommand(["SET", "ws:3", "1"]), ...encodeCommand(["INCR", "ws:3"]), ...encodeCommand(["GET", "ws:3"])])));
    await c.expect("+OK\r\n:2\r\n$1\r\n2\r\n");
    c.raw("PING\r\nECHO hi\r\n");
    await c.expect("+PONG\r\n$2\r\nhi\r\n");
  });

  it("keeps bytes binary-safe", async () => {
    const c = await connect();
    c.raw(encodeCommand(["SET", "ws:bin", "\x00\xff\r\n"]));
    c.raw(encodeCommand(["GET", "ws:bin"]));
    await c.expect("+OK\r\n$4\r\n\x00\xff\r\n\r\n");
    expect(toBytes("\xff")[0]).toBe(255);
  });

  it("replies a protocol error and closes only that socket", async () => {
    const bad = await connect();
    const good = await connect();
    bad.raw("PING\r\n*1\r\n$x\r\n");
    await bad.expect("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
    expect(await bad.closed).toBe(1002);
    good.cmd("PING");
    await good.expect("+PONG\r\n");
  });
});

describe("WebSocket: auth", () => {
  it("requires AUTH before other commands", async () => {
    const c = await connect("/ws");
    c.cmd("PING");
    await c.expect("-NOAUTH Authentication required.\r\n");
    c.cmd("AUTH", "wrong");
    await c.expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    c.cmd("HELLO", "3");
    await c.expect("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n");
    c.cmd("AUTH", "default", "test-token");
    await c.expect("+OK\r\n");
    c.cmd("PING");
    await c.expect("+PONG\r\n");
  });

  it("authenticates with HELLO 3 AUTH and answers in RESP3", async () => {
    const c = await connect("/ws");
    c.cmd("HELLO", "3", "AUTH", "default", "nope");
    await c.expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    c.cmd("HELLO", "3", "AUTH", "default", "test-token");
    await c.expect("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:");
    await c.until(/^\d+\r\n\$4\r\nmode\r\n\$7\r\ncluster\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n/);
    c.cmd("GET", "ws:none");
    await c.expect("_\r\n");
  });

  it("accepts the Authorization header and rejects a bad URL token", async () => {
    const c = await connect("/ws", { Authorization: "Bearer test-token" });
    c.cmd("PING");
    await c.expect("+PONG\r\n");
    const res = await gw.fetch(new Request("http://gw/ws?_token=bad", { headers: { Upgrade: "websocket" } }));
    expect(res.status).toBe(401);
    const plain = await gw.fetch(new Request("http://gw/ws?_token=test-token"));
    expect(plain.status).toBe(426);
  });

  it("enforces data-token permissions", async () => {
    const c = await connect();
    c.cmd("CONFIG", "SET", "x", "y");
    await c.expect("-NOPERM this user has no permissions to run the 'config|set' command\r\n");
    c.cmd("AUTH", "test-admin");
    c.cmd("CONFIG", "GET", "cluster-node-timeout");
    await c.expect("+OK\r\n*2\r\n$20\r\ncluster-node-timeout\r\n$5\r\n15000\r\n");
  });
});

describe("WebSocket: HELLO and CLIENT", () => {
  it("switches reply encoding with HELLO 3 and back with HELLO 2", async () => {
    const c = await connect();
    c.cmd("ZADD", "ws:z", "1.5", "m");
    await c.expect(":1\r\n");
    c.cmd("ZSCORE", "ws:z", "m");
    await c.expect("$3\r\n1.5\r\n");
    c.cmd("HELLO", "3");
    await c.expect("%7\r\n");
    await c.until(/^[^]*?\*0\r\n/);
    c.cmd("ZSCORE", "ws:z", "m");
    c.cmd("GET", "ws:none");
    await c.expect(",1.5\r\n_\r\n");
    c.cmd("HELLO", "4");
    await c.expect("-NOPROTO unsupported protocol version\r\n");
    c.cmd("HELLO", "2");
    await c.expect("*14\r\n");
    await c.until(/^[^]*?\*0\r\n/);
    c.cmd("ZSCORE", "ws:z", "m");
    await c.expect("$3\r\n1.5\r\n");
  });

  it("keeps the client name and honours CLIENT REPLY", async () => {
    const c = await connect();
    c.cmd("CLIENT", "GETNAME");
    c.cmd("CLIENT", "SETNAME", "my-app");
    c.cmd("CLIENT", "GETNAME");
    c.cmd("CLIENT", "SETNAME", "bad name");
    await c.expect("$-1\r\n+OK\r\n$6\r\nmy-app\r\n-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
    c.cmd("CLIENT", "ID");
    await c.until(/^:\d+\r\n/);
    c.cmd("CLIENT", "REPLY", "SKIP");
    c.cmd("SET", "ws:skip", "1");
    c.cmd("CLIENT", "REPLY", "OFF");
    c.cmd("INCR", "ws:skip");
    c.cmd("CLIENT", "REPLY", "ON");
    c.cmd("GET", "ws:skip");
    await c.expect("+OK\r\n$1\r\n2\r\n");
  });

  it("RESET returns to RESP2 and clears the name", async () => {
    const c = await connect();
    c.cmd("CLIENT", "SETNAME", "n");
    c.cmd("HELLO", "3");
    c.cmd("RESET");
    c.cmd("CLIENT", "GETNAME");
    c.cmd("GET", "ws:none");
    await c.expect("+OK\r\n%7\r\n");
    await c.until(/^[^]*?\*0\r\n/); // the rest of the HELLO map
    await c.expect("+RESET\r\n$-1\r\n$-1\r\n");
  });

  it("QUIT replies OK and closes", async () => {
    const c = await connect();
    c.cmd("QUIT");
    await c.expect("+OK\r\n");
    expect(await c.closed).toBe(1000);
  });
});

describe("WebSocket: MULTI / EXEC / WATCH", () => {
  it("queues commands and executes them atomically", async () => {
    const c = await connect();
    c.cmd("MULTI");
    c.cmd("SET", "{ws}a", "1");
    c.cmd("INCR", "{ws}a");
    c.cmd("MULTI");
    c.cmd("EXEC");
    await c.expect("+OK\r\n+QUEUED\r\n+QUEUED\r\n-ERR MULTI calls can not be nested\r\n*2\r\n+OK\r\n:2\r\n");
    c.cmd("EXEC");
    c.cmd("DISCARD");
    await c.expect("-ERR EXEC without MULTI\r\n-ERR DISCARD without MULTI\r\n");
  });

  it("aborts EXEC after a queueing error", async () => {
    const c = await connect();
    c.cmd("MULTI");
    c.cmd("SET", "{ws}b", "1");
    c.cmd("NOPE");
    c.cmd("GET");
    c.cmd("SET", "{other}b", "1");
    c.cmd("EXEC");
    await c.expect(
      "+OK\r\n+QUEUED\r\n-ERR unknown command 'NOPE', with args beginning with: \r\n" +
        "-ERR wrong number of arguments for 'get' command\r\n+QUEUED\r\n" +
        "-EXECABORT Transaction discarded because of previous errors.\r\n",
    );
    c.cmd("GET", "{ws}b");
    await c.expect("$-1\r\n");
  });

  it("DISCARD drops the queue", async () => {
    const c = await connect();
    c.cmd("MULTI");
    c.cmd("SET", "{ws}d", "1");
    c.cmd("DISCARD");
    c.cmd("GET", "{ws}d");
    await c.expect("+OK\r\n+QUEUED\r\n+OK\r\n$-1\r\n");
  });

  it("aborts EXEC when a watched key changed, and runs it otherwise", async () => {
    const c = await connect();
    c.cmd("SET", "{ws}w", "1");
    c.cmd("WATCH", "{ws}w");
    await c.expect("+OK\r\n+OK\r\n");
    expect(await cmd(node("node-0"), "SET", "{ws}w", "changed")).toBe("OK");
    c.cmd("MULTI");
    c.cmd("SET", "{ws}w", "mine");
    c.cmd("EXEC");
    await c.expect("+OK\r\n+QUEUED\r\n*-1\r\n");
    c.cmd("GET", "{ws}w");
    await c.expect("$7\r\nchanged\r\n");
    // The token was cleared by EXEC: a new transaction runs.
    c.cmd("WATCH", "{ws}w");
    c.cmd("MULTI");
    c.cmd("WATCH", "{ws}x");
    c.cmd("SET", "{ws}w", "mine");
    c.cmd("EXEC");
    await c.expect("+OK\r\n+OK\r\n-ERR WATCH inside MULTI is not allowed\r\n+QUEUED\r\n*1\r\n+OK\r\n");
  });

  it("runs MULTI over several slots, WATCH included (one database)", async () => {
    const c = await connect();
    c.cmd("WATCH", "{ws}s1", "{other}s2");
    c.cmd("MULTI");
    c.cmd("SET", "{ws}s1", "a");
    c.cmd("SET", "{third}s3", "b");
    c.cmd("EXEC");
    await c.expect("+OK\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n");
    c.cmd("WATCH", "{other}s2");
    await c.expect("+OK\r\n");
    expect(await cmd(node("node-0"), "SET", "{other}s2", "changed")).toBe("OK");
    c.cmd("MULTI");
    c.cmd("SET", "{ws}s1", "mine");
    c.cmd("SET", "{third}s3", "mine");
    c.cmd("EXEC");
    c.cmd("MGET", "{ws}s1", "{third}s3");
    await c.expect("+OK\r\n+QUEUED\r\n+QUEUED\r\n*-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  });

  it("UNWATCH forgets watched keys", async () => {
    const c = await connect();
    c.cmd("WATCH", "{ws}u");
    await c.expect("+OK\r\n");
    await cmd(node("node-0"), "SET", "{ws}u", "x");
    c.cmd("UNWATCH");
    c.cmd("MULTI");
    c.cmd("INCR", "{ws}n");
    c.cmd("EXEC");
    await c.expect("+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n:1\r\n");
  });
});

describe("WebSocket: blocking commands", () => {
  it("replies to earlier commands before a blocking one is served", async () => {
    const c = await connect();
    c.raw(fromBytes(new Uint8Array([...encodeCommand(["PING"]), ...encodeCommand(["BLPOP", "ws:list", "0"]), ...encodeCommand(["ECHO", "after"])])));
    await c.expect("+PONG\r\n");
    expect(c.pending()).toBe("");
    expect(await cmd(node("node-0"), "RPUSH", "ws:list", "item")).toBe(1);
    await c.expect("*2\r\n$7\r\nws:list\r\n$4\r\nitem\r\n$5\r\nafter\r\n");
  });
});

describe("WebSocket: /node/<name>/ws", () => {
  it("needs the admin token and talks to that node", async () => {
    await ownAllSlots("gw-ws-direct");
    const denied = await gw.fetch(new Request("http://gw/node/gw-ws-direct/ws?_token=test-token", { headers: { Upgrade: "websocket" } }));
    expect(denied.status).toBe(403);
    const c = await connect("/node/gw-ws-direct/ws?_token=test-admin");
    c.cmd("SET", "direct", "1");
    await c.expect("+OK\r\n");
    expect(await cmd(node("gw-ws-direct"), "GET", "direct")).toBe("1");
  });
});
