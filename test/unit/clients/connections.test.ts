/**
 * Several Connections of one isolate (a fake router): CLIENT LIST sees them all, CLIENT KILL closes
 * another one, MONITOR receives another connection's commands, CLIENT PAUSE WRITE holds writes
 * only, RESET leaves MONITOR, and the data token is refused the admin subcommands.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Connection } from "../../../src/gateway/connection";
import type { Router } from "../../../src/gateway/router";
import type { Env } from "../../../src/env";
import { fromBytes, type BStr } from "../../../src/resp/bytes";
import { encodeCommand } from "../../../src/resp/encoder";
import { OK, type Reply } from "../../../src/resp/reply";
import { isolateClients } from "../../../src/gateway/clients/registry";

const ENV = { REDIS_TOKEN: "tok", ADMIN_TOKEN: "adm" } as Env;
const open: Connection[] = [];

function client(addr: string, token: "data" | "admin" = "admin") {
  let sent = "";
  const closes: string[] = [];
  const answer = (cmds: BStr[][]) => cmds.map((c): Reply => (c[0]!.toLowerCase() === "get" ? { t: "bulk", v: "v" } : OK));
  const router = {
    execute: async (cmds: BStr[][]) => answer(cmds),
    check: () => ({ slots: { kind: "none" } }),
    transaction: async (cmds: BStr[][]): Promise<Reply> => ({ t: "array", v: answer(cmds) }),
  } as unknown as Router;
  const conn = new Connection(ENV, router, { send: (b) => (sent += fromBytes(b)), close: (_c, reason) => closes.push(reason) }, token, undefined, {
    addr,
    laddr: "gw:443",
  });
  open.push(conn);
  const run = async (...cmds: string[][]) => {
    const before = sent.length;
    conn.feed(Uint8Array.from(cmds.flatMap((c) => [...encodeCommand(c)])));
    await conn.idle();
    await conn.idle();
    return sent.slice(before);
  };
  return { conn, run, sent: () => sent, closes };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const idOf = (info: string): number => Number(/id=(\d+)/.exec(info)![1]);

afterEach(() => {
  for (const c of open.splice(0)) c.closedByPeer();
  isolateClients.pause.unpause();
});

describe("the isolate's connections", () => {
  it("CLIENT LIST shows every connection with its name, address and last command", async () => {
    const a = client("10.0.0.1:10001");
    const b = client("10.0.0.2:10002", "data");
    await a.run(["CLIENT", "SETNAME", "alpha"]);
    await b.run(["CLIENT", "SETNAME", "beta"], ["GET", "k"]);
    const list = await a.run(["CLIENT", "LIST"]);
    expect(list).toMatch(/^\$\d+\r\n/);
    const lines = list.split("\r\n")[1]!.split("\n").concat(list.split("\r\n").slice(2).join("\r\n").split("\n")).filter((l) => l.startsWith("id="));
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/addr=10\.0\.0\.1:10001 laddr=gw:443 fd=-1 name=alpha .* cmd=client\|list user=admin redir=-1 resp=2/);
    expect(lines[1]).toMatch(/addr=10\.0\.0\.2:10002 .*name=beta .* cmd=get user=default/);
    const bid = idOf(await b.run(["CLIENT", "INFO"]));
    expect(await a.run(["CLIENT", "LIST", "ID", String(bid), "999999"])).toContain("name=beta");
    expect(await a.run(["CLIENT", "LIST", "ID", String(bid), "999999"])).not.toContain("name=alpha");
    expect(await a.run(["CLIENT", "LIST", "TYPE", "pubsub"])).toBe("$0\r\n\r\n");
  });

  it("CLIENT KILL ID closes the other connection; the old form answers OK or No such client", async () => {
    const a = client("10.0.0.1:10003");
    const b = client("10.0.0.2:10004");
    const bid = idOf(await b.run(["CLIENT", "INFO"]));
    expect(await a.run(["CLIENT", "KILL", "ID", String(bid)])).toBe(":1\r\n");
    await tick();
    expect(b.closes).toEqual(["killed by CLIENT KILL"]);
    expect(await a.run(["CLIENT", "KILL", "ID", String(bid)])).toBe(":0\r\n");
    expect(await a.run(["CLIENT", "KILL", "10.0.0.9:1"])).toBe("-ERR No such client\r\n");
    const c = client("10.0.0.3:10005");
    expect(await a.run(["CLIENT", "KILL", "10.0.0.3:10005"])).toBe("+OK\r\n");
    await tick();
    expect(c.closes.length).toBe(1);
    // SKIPME yes (the default) spares the caller; the old form kills it after the reply.
    expect(await a.run(["CLIENT", "KILL", "ADDR", "10.0.0.1:10003"])).toBe(":0\r\n");
    expect(await a.run(["CLIENT", "KILL", "10.0.0.1:10003"])).toBe("+OK\r\n");
    expect(a.closes).toEqual(["killed by CLIENT KILL"]);
  });

  it("MONITOR receives other connections' commands, escaped and redacted; RESET ends it", async () => {
    const m = client("10.0.0.5:10006");
    const w = client("10.0.0.6:10007");
    expect(await m.run(["MONITOR"])).toBe("+OK\r\n");
    expect(await m.run(["MONITOR"])).toBe("");
    await w.run(["SET", "k", "a\"b\n"], ["AUTH", "secret"], ["CONFIG", "GET", "x"], ["NOSUCH"], ["GET"]);
    await tick();
    const lines = m.sent().split("\r\n").filter((l) => l.startsWith("+1"));
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/^\+\d+\.\d{6} \[0 10\.0\.0\.6:10007\] "SET" "k" "a\\"b\\n"$/);
    expect(lines[1]).toMatch(/\[0 10\.0\.0\.6:10007\] "AUTH" "\(redacted\)"$/);
    expect(await m.run(["GET", "k"])).toBe("-ERR Replica can't interact with the keyspace\r\n");
    expect(await m.run(["CLIENT", "INFO"])).toContain("flags=O");
    expect(await m.run(["RESET"])).toBe("+RESET\r\n");
    const before = m.sent().length;
    await w.run(["SET", "k", "2"]);
    await tick();
    expect(m.sent().length).toBe(before);
  });

  it("MONITOR shows a transaction's commands at EXEC", async () => {
    const m = client("10.0.0.5:10008");
    const w = client("10.0.0.6:10009");
    await m.run(["MONITOR"]);
    await w.run(["MULTI"], ["SET", "a", "1"], ["EXEC"]);
    await tick();
    const cmds = m.sent().split("\r\n").filter((l) => l.startsWith("+1")).map((l) => l.replace(/^.*\] /, ""));
    expect(cmds).toEqual(['"MULTI"', '"SET" "a" "1"', '"EXEC"']);
  });

  it("CLIENT PAUSE WRITE holds a SET but not a GET until it ends; UNPAUSE ends it early", async () => {
    const a = client("10.0.0.7:10010");
    const b = client("10.0.0.8:10011");
    expect(await a.run(["CLIENT", "PAUSE", "5000", "WRITE"])).toBe("+OK\r\n");
    const set = b.run(["SET", "k", "v"]);
    await tick(30);
    expect(b.sent()).toBe("");
    const c = client("10.0.0.9:10012");
    expect(await c.run(["GET", "k"])).toBe("$1\r\nv\r\n");
    expect(await a.run(["CLIENT", "UNPAUSE"])).toBe("+OK\r\n");
    expect(await set).toBe("+OK\r\n");
  });

  it("refuses LIST/KILL/PAUSE/UNPAUSE/MONITOR to the data token with Redis's NOPERM", async () => {
    const d = client("10.0.0.10:10013", "data");
    expect(await d.run(["CLIENT", "KILL", "ID", "1"])).toBe("-NOPERM this user has no permissions to run the 'client|kill' command\r\n");
    expect(await d.run(["CLIENT", "LIST"])).toBe("-NOPERM this user has no permissions to run the 'client|list' command\r\n");
    expect(await d.run(["MONITOR"])).toBe("-NOPERM this user has no permissions to run the 'monitor' command\r\n");
    expect(await d.run(["CLIENT", "INFO"])).toContain("user=default");
    expect(await d.run(["CLIENT", "PAUSE", "x"])).toBe("-NOPERM this user has no permissions to run the 'client|pause' command\r\n");
  });

  it("checks arity and arguments with Redis's errors", async () => {
    const a = client("10.0.0.11:10014");
    expect(await a.run(["CLIENT", "KILL"])).toBe("-ERR wrong number of arguments for 'client|kill' command\r\n");
    expect(await a.run(["CLIENT", "INFO", "x"])).toBe("-ERR wrong number of arguments for 'client|info' command\r\n");
    expect(await a.run(["CLIENT", "PAUSE", "1", "ALL", "x"])).toBe("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n");
    expect(await a.run(["CLIENT", "PAUSE", "-5"])).toBe("-ERR timeout is negative\r\n");
    expect(await a.run(["CLIENT", "LIST", "TYPE", "nope"])).toBe("-ERR Unknown client type 'nope'\r\n");
  });
});
