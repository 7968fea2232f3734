/**
 * The isolate's connections through the shared e2e cluster (`wrangler dev` runs one gateway
 * isolate, so every WebSocket here is in one registry): CLIENT LIST shows them with their names,
 * CLIENT KILL ID closes another one, MONITOR receives another connection's SET, CLIENT PAUSE WRITE
 * holds a SET but not a GET; over REST, MONITOR is refused.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import type { Reply } from "../../src/resp/reply";
import { E2E } from "./global-setup";

const url = inject("e2eUrl");

/** A raw RESP connection over /ws that keeps every reply (MONITOR lines arrive unasked). */
class Sock {
  private parser = new RespReplyParser();
  readonly replies: Reply[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.parser.push(new Uint8Array(data));
      for (let r = this.parser.next(); r !== null; r = this.parser.next()) if ("t" in r) this.replies.push(r);
      this.wake();
    });
    ws.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }
  private wake(): void {
    this.waiters.splice(0).forEach((w) => w());
  }
  static async open(token = E2E.adminToken): Promise<Sock> {
    const ws = new WebSocket(`${url.replace("http", "ws")}/ws?_token=${token}`);
    await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
    const s = new Sock(ws);
    socks.push(s);
    return s;
  }
  /** Waits until `pred` holds (or `ms` pass: then returns false). */
  async until(pred: () => boolean, ms = 5000): Promise<boolean> {
    const end = Date.now() + ms;
    while (!pred()) {
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
    return true;
  }
  async call(...argv: string[]): Promise<Reply> {
    const n = this.replies.length;
    this.ws.send(Buffer.from(encodeCommand(argv)));
    if (!(await this.until(() => this.replies.length > n))) throw new Error(`no reply to ${argv.join(" ")}`);
    return this.replies.splice(n, 1)[0]!;
  }
}

const socks: Sock[] = [];
afterEach(() => {
  for (const s of socks.splice(0)) s.ws.close();
});

const text = (r: Reply): string => (r.t === "bulk" || r.t === "verbatim" || r.t === "simple" || r.t === "error" ? r.v : JSON.stringify(r));
const idOf = (r: Reply): string => /id=(\d+)/.exec(text(r))![1]!;

describe("CLIENT LIST / KILL / PAUSE and MONITOR across WebSocket connections", () => {
  it("CLIENT LIST shows the connections with their names; CLIENT KILL ID closes another one", async () => {
    const a = await Sock.open();
    const b = await Sock.open();
    const c = await Sock.open(E2E.token);
    expect(await a.call("CLIENT", "SETNAME", "e2e-a")).toEqual({ t: "simple", v: "OK" });
    expect(await b.call("CLIENT", "SETNAME", "e2e-b")).toEqual({ t: "simple", v: "OK" });
    expect(await c.call("CLIENT", "SETNAME", "e2e-c")).toEqual({ t: "simple", v: "OK" });
    const list = text(await a.call("CLIENT", "LIST"));
    const bid = idOf(await b.call("CLIENT", "INFO"));
    for (const name of ["e2e-a", "e2e-b", "e2e-c"]) expect(list).toMatch(new RegExp(`^id=\\d+ addr=\\S+:\\d+ laddr=\\S+ fd=-1 name=${name} `, "m"));
    expect(list).toMatch(/name=e2e-c .* user=default /);
    expect(await c.call("CLIENT", "KILL", "ID", bid)).toEqual({ t: "error", v: "NOPERM this user has no permissions to run the 'client|kill' command" });
    expect(await a.call("CLIENT", "KILL", "ID", bid)).toEqual({ t: "int", v: 1 });
    expect(await b.until(() => b.closed)).toBe(true);
    expect(text(await a.call("CLIENT", "LIST"))).not.toContain("name=e2e-b");
  });

  it("MONITOR receives another connection's SET", async () => {
    const m = await Sock.open();
    const w = await Sock.open();
    expect(await m.call("MONITOR")).toEqual({ t: "simple", v: "OK" });
    const waddr = /addr=(\S+)/.exec(text(await w.call("CLIENT", "INFO")))![1]!;
    expect(await w.call("SET", "{mon}k", "hello world\n")).toEqual({ t: "simple", v: "OK" });
    const line = (r: Reply) => r.t === "simple" && r.v.endsWith('"SET" "{mon}k" "hello world\\n"');
    expect(await m.until(() => m.replies.some(line))).toBe(true);
    const got = m.replies.find(line)!;
    expect(text(got)).toMatch(new RegExp(`^\\d+\\.\\d{6} \\[0 ${waddr.replace(/[.[\]]/g, "\\$&")}\\] "SET"`));
    expect(await m.call("RESET")).toEqual({ t: "simple", v: "RESET" });
  });

  it("CLIENT PAUSE WRITE delays a SET but not a GET", async () => {
    const p = await Sock.open();
    const w = await Sock.open();
    const r = await Sock.open();
    expect(await w.call("SET", "{pause}k", "before")).toEqual({ t: "simple", v: "OK" });
    expect(await p.call("CLIENT", "PAUSE", "800", "WRITE")).toEqual({ t: "simple", v: "OK" });
    const t0 = Date.now();
    const set = w.call("SET", "{pause}k", "after");
    expect(await r.call("GET", "{pause}k")).toEqual({ t: "bulk", v: "before" });
    expect(Date.now() - t0).toBeLessThan(600);
    expect(await set).toEqual({ t: "simple", v: "OK" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
    expect(await r.call("GET", "{pause}k")).toEqual({ t: "bulk", v: "after" });
    expect(await p.call("CLIENT", "PAUSE", "5000", "WRITE")).toEqual({ t: "simple", v: "OK" });
    const set2 = w.call("SET", "{pause}k", "again");
    expect(await p.call("CLIENT", "UNPAUSE")).toEqual({ t: "simple", v: "OK" });
    expect(await set2).toEqual({ t: "simple", v: "OK" });
  });

  it("refuses MONITOR over REST", async () => {
    const res = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${E2E.adminToken}` }, body: JSON.stringify(["MONITOR"]) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "ERR MONITOR needs a WebSocket connection (/ws): a REST request answers one reply" });
  });
});
