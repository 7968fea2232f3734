/**
 * REST request input → commands, every limit checked before anything runs: the body's size
 * (client-query-buffer-limit: the declared Content-Length up front, and the bytes counted while
 * reading, since a chunked body declares nothing), the commands per request (REST_MAX_COMMANDS) and
 * each argument's length (proto-max-bulk-len). Refused input gets a RestInputError, sent as a JSON
 * `{"error"}` with its status; nothing reaches a node. Only `readBody` does I/O: the rest is pure,
 * so the fuzz script and unit tests call it without a network.
 */
import type { Env } from "../env";
import { fromBytes, fromText, type BStr } from "../resp/bytes";
import { CLIENT_QUERY_BUFFER_LIMIT } from "../resp/limits";
import { protoMaxBulkLen, REST_MAX_COMMANDS } from "./limits";

export interface RestLimits {
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
  /** Most commands in one /pipeline or /multi-exec body. */
  maxCommands: number;
  /** proto-max-bulk-len: the longest argument, in bytes. */
  maxBulkLen: number;
}

export function restLimits(env: Pick<Env, "PROTO_MAX_BULK_LEN">): RestLimits {
  return { maxBodyBytes: CLIENT_QUERY_BUFFER_LIMIT, maxCommands: REST_MAX_COMMANDS, maxBulkLen: protoMaxBulkLen(env) };
}

export type RestInputCode = "body-too-large" | "bad-json" | "bad-command" | "too-many-commands" | "bulk-too-long" | "bad-path";

/** Input the gateway refuses: answered `{"error": message}` with `status`, before any command runs. */
export class RestInputError extends Error {
  constructor(readonly code: RestInputCode, readonly status: 400 | 413, message: string) {
    super(message);
  }
}

const BAD_COMMAND = "ERR command must be a non-empty JSON array of strings, numbers or booleans";

function tooLarge(max: number): RestInputError {
  return new RestInputError("body-too-large", 413, `ERR request body exceeds client-query-buffer-limit (${max} bytes)`);
}

/** The whole body, or a 413 as soon as it is known to be too large (declared, or counted). */
export async function readBody(req: Request, max: number): Promise<Uint8Array | RestInputError> {
  const declared = req.headers.get("Content-Length");
  if (declared !== null && Number(declared) > max) {
    void req.body?.cancel().catch(() => {});
    return tooLarge(max);
  }
  if (req.body === null) return new Uint8Array(0);
  // A declared length is what the runtime delivers: read it at once, not chunk by chunk.
  if (declared !== null) return new Uint8Array(await req.arrayBuffer());
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      void reader.cancel().catch(() => {});
      return tooLarge(max);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/** Every argument within proto-max-bulk-len (Redis: "Protocol error: invalid bulk length"). */
export function checkArgs(argv: BStr[], maxBulkLen: number): RestInputError | null {
  for (const a of argv) {
    if (a.length > maxBulkLen) {
      return new RestInputError(
        "bulk-too-long", 400,
        `ERR Protocol error: invalid bulk length (an argument of ${a.length} bytes exceeds proto-max-bulk-len ${maxBulkLen})`,
      );
    }
  }
  return null;
}

/** One JSON command → argv (strings as UTF-8 bytes, numbers and booleans stringified), checked. */
function toArgv(v: unknown, maxBulkLen: number): BStr[] | RestInputError {
  if (!Array.isArray(v) || v.length === 0) return new RestInputError("bad-command", 400, BAD_COMMAND);
  const argv = new Array<BStr>(v.length);
  for (let i = 0; i < v.length; i++) {
    const a: unknown = v[i];
    if (typeof a === "string") argv[i] = fromText(a);
    else if (typeof a === "number" || typeof a === "boolean") argv[i] = String(a);
    else return new RestInputError("bad-command", 400, BAD_COMMAND);
  }
  return checkArgs(argv, maxBulkLen) ?? argv;
}

function parseJson(body: Uint8Array): { value: unknown } | RestInputError {
  try {
    return { value: JSON.parse(new TextDecoder().decode(body)) as unknown };
  } catch {
    return new RestInputError("bad-json", 400, "ERR failed to parse the request body as JSON");
  }
}

/** `POST /`: a body holding one JSON command. */
export function parseCommand(body: Uint8Array, limits: RestLimits): BStr[] | RestInputError {
  if (body.byteLength > limits.maxBodyBytes) return tooLarge(limits.maxBodyBytes);
  const json = parseJson(body);
  return json instanceof RestInputError ? json : toArgv(json.value, limits.maxBulkLen);
}

/** `POST /pipeline` and `/multi-exec`: a body holding a non-empty JSON array of commands. */
export function parseBatch(body: Uint8Array, limits: RestLimits): BStr[][] | RestInputError {
  if (body.byteLength > limits.maxBodyBytes) return tooLarge(limits.maxBodyBytes);
  const json = parseJson(body);
  if (json instanceof RestInputError) return json;
  const v = json.value;
  if (!Array.isArray(v) || v.length === 0) return new RestInputError("bad-command", 400, "ERR body must be a non-empty JSON array of commands");
  if (v.length > limits.maxCommands) {
    return new RestInputError("too-many-commands", 400, `ERR too many commands in one request (${v.length}; the limit is ${limits.maxCommands})`);
  }
  const cmds: BStr[][] = [];
  for (const c of v as unknown[]) {
    const argv = toArgv(c, limits.maxBulkLen);
    if (argv instanceof RestInputError) return argv;
    cmds.push(argv);
  }
  return cmds;
}

/**
 * The path form: `/<cmd>/<arg>...` (percent-decoded) from `url`, then `body` (POST/PUT, if not
 * empty), then the query parameters except `_token`.
 */
export function parsePathCommand(url: string, skipSegments: number, body: Uint8Array | null, limits: RestLimits): BStr[] | RestInputError {
  const schemeEnd = url.indexOf("//");
  const pathStart = url.indexOf("/", schemeEnd + 2);
  const q = url.indexOf("?", pathStart);
  const path = url.slice(pathStart + 1, q < 0 ? undefined : q);
  const segments = path.split("/").slice(skipSegments);
  if (segments.length > 0 && segments[segments.length - 1] === "") segments.pop();
  if (segments.length === 0) return new RestInputError("bad-path", 400, "ERR empty command");
  const argv: BStr[] = [];
  try {
    for (const s of segments) argv.push(fromText(decodeURIComponent(s)));
  } catch {
    return new RestInputError("bad-path", 400, "ERR invalid percent-encoding in the request path");
  }
  if (body !== null && body.byteLength > 0) argv.push(fromBytes(body));
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
      if (k === "_token") continue;
      argv.push(fromText(k));
      if (v !== "") argv.push(fromText(v));
    }
  }
  return checkArgs(argv, limits.maxBulkLen) ?? argv;
}
