/**
 * Pub/Sub over HTTP, as the Upstash REST API streams it and its client's `redis.subscribe` /
 * `redis.psubscribe` read it: `POST /subscribe/<channel>` or `/psubscribe/<pattern>` (more
 * channels as more path segments) answers `text/event-stream`, one event per line:
 *   data: subscribe,<channel>,<count>
 *   data: message,<channel>,<message>
 *   data: pmessage,<pattern>,<channel>,<message>
 * Values are raw text (never base64). The stream lasts until the client goes away (the body is
 * cancelled: the hub links close); the Worker invocation holds it and one hub link per hub it
 * needs, like a WebSocket subscriber. Bytes the client has not read count against
 * client-output-buffer-limit pubsub: past it the stream ends.
 */
import { toText, type BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { GatewayEnv } from "./gateway-env";
import { parsePathCommand } from "./rest-body";
import { restLimits } from "./rest-body";
import { errorResponse, inputErrorResponse } from "./rest";
import { PubSubSession } from "./pubsub-session";
import { OutputLimiter, PUBSUB_OUTPUT_LIMIT } from "../pubsub/output-limit";

const utf8 = new TextEncoder();

/** A push reply (`subscribe`, `message`, ...) as one event line. */
function eventLine(r: Reply): string {
  const parts = r.t === "push" || r.t === "array" ? r.v : [r];
  const text = parts.map((p) => (p.t === "bulk" || p.t === "simple" ? toText(p.v) : p.t === "int" ? String(p.v) : ""));
  return `data: ${text.join(",")}\n\n`;
}

export async function sseSubscribe(req: Request, env: GatewayEnv): Promise<Response> {
  const argv = parsePathCommand(req.url, 0, null, restLimits(env));
  if (!Array.isArray(argv)) return inputErrorResponse(req, argv);
  let stream!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const limit = new OutputLimiter(PUBSUB_OUTPUT_LIMIT, Date.now);
  const close = (): void => {
    if (!open) return;
    open = false;
    session.close();
    try {
      stream.close();
    } catch {
      // already cancelled by the client
    }
  };
  // Bytes queued and not yet pulled by the client's connection: -desiredSize with a zero high-water mark.
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (stream = c), cancel: close }, { highWaterMark: 0, size: (c) => c.byteLength });
  const write = (r: Reply): void => {
    if (!open) return;
    stream.enqueue(utf8.encode(eventLine(r)));
    if (limit.over(-(stream.desiredSize ?? 0))) close();
  };
  const session = new PubSubSession(env, write, close);
  const replies = await session.handle(argv as BStr[], { resp: 3, shardCheck: () => Promise.resolve(null) });
  const failed = replies?.find((r) => r.t === "error");
  if (!replies || failed) {
    session.close();
    return errorResponse(req, failed?.t === "error" ? failed.v : "ERR wrong number of arguments for 'subscribe' command");
  }
  replies.forEach(write);
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive", "Access-Control-Allow-Origin": "*",
    },
  });
}
