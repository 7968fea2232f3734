/**
 * A RESP client over one gateway WebSocket for the benchmarks (gateway.ts, bridge.ts): frames are
 * built before timing so the client's own encoding does not count, and `roundTrip` resolves when a
 * frame's replies are in.
 */
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";

export interface WsClient {
  /** Sends one frame; resolves once `replies` more replies have arrived (several may be in flight: replies come in order). */
  roundTrip(frame: Uint8Array, replies: number): Promise<void>;
  close(): void;
}

/**
 * One WebSocket to `url` (ws://…/ws), with `token` in the Authorization header when given.
 * `perMessageDeflate` as ws's option (its default offers compression; the bridge never does).
 */
export async function wsClient(url: string, opts: { token?: string; perMessageDeflate?: boolean } = {}): Promise<WsClient> {
  const headers = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  const ws = new WebSocket(url, opts.perMessageDeflate === undefined ? { headers } : { headers, perMessageDeflate: opts.perMessageDeflate });
  ws.binaryType = "nodebuffer";
  await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
  const parser = new RespReplyParser();
  const waiting: { left: number; done: () => void }[] = [];
  ws.on("message", (data: Buffer) => {
    parser.push(new Uint8Array(data));
    while (waiting.length > 0 && parser.next() !== null) if (--waiting[0]!.left === 0) waiting.shift()!.done();
  });
  return {
    roundTrip: (frame, replies) => new Promise<void>((done) => { waiting.push({ left: replies, done }); ws.send(frame); }),
    close: () => ws.close(),
  };
}

/** The RESP bytes of `commands`, back to back (one frame). */
export function frameOf(commands: string[][]): Uint8Array {
  const parts = commands.map((c) => encodeCommand(c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
