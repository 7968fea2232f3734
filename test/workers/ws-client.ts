/**
 * Test clients of the real gateway Worker: its fetch (optionally with some vars overridden, e.g. a
 * lower PROTO_MAX_BULK_LEN) and a RESP-over-WebSocket client reading replies as text.
 */
import { expect } from "vitest";
import { env, exports } from "cloudflare:workers";
import app from "../../src/gateway/app";
import type { Env } from "../../src/env";
import { fromBytes } from "../../src/resp/bytes";
import { encodeCommand } from "../../src/resp/encoder";

export interface Gateway {
  fetch(req: Request): Promise<Response>;
}

/** The deployed gateway (the Worker's default export), or its Hono app with `vars` overriding env. */
export function gateway(vars?: Partial<Env>): Gateway {
  if (!vars) return (exports as unknown as { default: Gateway }).default;
  return { fetch: async (req) => app.fetch(req, { ...(env as unknown as Env), ...vars }) };
}

export interface Client {
  ws: WebSocket;
  /** Sends one RESP command (one frame). */
  cmd(...args: string[]): void;
  /** Sends raw bytes or text as one frame. */
  raw(data: string | Uint8Array): void;
  /** Waits until the received bytes contain `text` (exact RESP), and consumes through it. */
  expect(text: string, timeoutMs?: number): Promise<void>;
  /**
   * Waits for `parts` (exact RESP messages) in any order, and consumes them: messages on channels
   * of different pubsub hubs reach a pattern subscriber over different hub sockets.
   */
  expectInAnyOrder(parts: string[], timeoutMs?: number): Promise<void>;
  /** Waits until the received bytes start with a match of `re`, and consumes it. */
  until(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Everything received and not consumed yet. */
  pending(): string;
  /** The close code. */
  closed: Promise<number>;
  /** The close code and reason. */
  closedWith: Promise<{ code: number; reason: string }>;
}

/** Waits up to `timeoutMs` for `done()`, re-checking whenever bytes arrive (or every 50 ms). */
async function waitFor(done: () => boolean, timeoutMs: number, wakeUp: (w: () => void) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    await new Promise<void>((r) => {
      wakeUp(r);
      setTimeout(r, Math.min(left, 50));
    });
  }
}

export async function connect(path = "/ws?_token=test-token", headers: Record<string, string> = {}, gw: Gateway = gateway()): Promise<Client> {
  const res = await gw.fetch(new Request(`http://gw${path}`, { headers: { Upgrade: "websocket", ...headers } }));
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  let buf = "";
  let wake: (() => void) | null = null;
  const wakeUp = (w: () => void): void => {
    wake = w;
  };
  ws.addEventListener("message", (ev) => {
    buf += typeof ev.data === "string" ? ev.data : fromBytes(new Uint8Array(ev.data as ArrayBuffer));
    wake?.();
  });
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (ev) => resolve({ code: ev.code, reason: ev.reason })));
  return {
    ws,
    cmd: (...args) => ws.send(encodeCommand(args)),
    raw: (data) => ws.send(data),
    pending: () => buf,
    async until(re, timeoutMs = 2000) {
      let m: RegExpExecArray | null = null;
      await waitFor(() => (m = re.exec(buf)) !== null && m.index === 0, timeoutMs, wakeUp);
      const found = m as RegExpExecArray | null;
      if (!found || found.index !== 0) throw new Error(`no match for ${re} in ${JSON.stringify(buf.slice(0, 200))}`);
      buf = buf.slice(found[0].length);
      return found[0];
    },
    async expect(text, timeoutMs = 2000) {
      const mismatch = (): boolean => buf.length >= text.length && !text.startsWith(buf.slice(0, text.length));
      await waitFor(() => buf.startsWith(text) || mismatch(), timeoutMs, wakeUp);
      expect(JSON.stringify(buf.slice(0, Math.max(text.length, 1)))).toBe(JSON.stringify(text));
      buf = buf.slice(text.length);
    },
    async expectInAnyOrder(parts, timeoutMs = 2000) {
      const total = parts.reduce((n, p) => n + p.length, 0);
      await waitFor(() => buf.length >= total, timeoutMs, wakeUp);
      let rest = buf.slice(0, total);
      const left = [...parts];
      while (left.length > 0) {
        const i = left.findIndex((p) => rest.startsWith(p));
        if (i < 0) break;
        rest = rest.slice(left[i]!.length);
        left.splice(i, 1);
      }
      expect(left.map((p) => JSON.stringify(p)), `received ${JSON.stringify(buf.slice(0, total))}`).toEqual([]);
      buf = buf.slice(total);
    },
    closed: closedWith.then((c) => c.code),
    closedWith,
  };
}
