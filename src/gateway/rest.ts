/**
 * The Upstash-compatible REST API: `POST /` (JSON command), the path form (`GET /set/k/v`),
 * `POST /pipeline` and `POST /multi-exec`, JSON or base64 or raw RESP2 responses, CORS.
 * Connection commands are answered here without a node (REST requests are stateless).
 */
import type { GatewayEnv } from "./gateway-env";
import { toText, type BStr } from "../resp/bytes";
import { ERR, error, ReplyError, type Reply } from "../resp/reply";
import { encodeReplies, encodeReply } from "../resp/encoder";
import { arityOk, GATEWAY_COMMANDS, lookupCommand } from "../commands/registry";
import { parseAuth, parseHello, statelessConnectionReplies } from "../commands/connection";
import type { ConnState } from "../commands/types";
import { tokenLevel } from "./auth";
import { jsonEntry, jsonResult } from "./json-reply";
import type { Router } from "./router";
import { parseBatch, parseCommand, parsePathCommand, readBody, RestInputError, restLimits, type RestLimits } from "./rest-body";

/** What a REST request runs against: the cluster router or one node, with the caller's rights. */
export interface RestTarget {
  env: GatewayEnv;
  router: Router;
  conn: ConnState;
}

// ---- responses -------------------------------------------------------------------------------

const EXPOSE = "upstash-sync-token";

/**
 * Upstash's read-your-writes token: a client sends the last one it got and replaces it with the
 * one in the answer. Here every request is served by the master of its slots, so a request always
 * sees the writes acknowledged before it and the token needs to carry no position; each answer
 * still carries a new one, as the client (and its tests) expect a token to change after a write.
 */
const syncToken = (): string => crypto.randomUUID();

function headers(contentType: string): Headers {
  const h = new Headers();
  h.set("Content-Type", contentType);
  h.set("Access-Control-Allow-Origin", "*");
  h.set("Access-Control-Expose-Headers", EXPOSE);
  h.set("upstash-sync-token", syncToken());
  return h;
}

export function jsonResponse(req: Request, body: unknown, status = 200): Response {
  return new Response(req.method === "HEAD" ? null : JSON.stringify(body), { status, headers: headers("application/json") });
}

export function errorResponse(req: Request, text: string, status = 400): Response {
  return jsonResponse(req, { error: text }, status);
}

export const unauthorized = (req: Request): Response => errorResponse(req, "WRONGPASS invalid or missing auth token", 401);

export function methodNotAllowed(req: Request): Response {
  const r = errorResponse(req, `ERR method ${req.method} not allowed`, 405);
  r.headers.set("Allow", "GET, HEAD, POST, PUT, OPTIONS");
  return r;
}

/** CORS preflight. */
export function preflight(req: Request): Response {
  const h = new Headers();
  h.set("Access-Control-Allow-Origin", "*");
  h.set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, OPTIONS");
  h.set(
    "Access-Control-Allow-Headers",
    req.headers.get("Access-Control-Request-Headers") ??
      "Authorization, Content-Type, Upstash-Encoding, Upstash-Response-Format, upstash-sync-token",
  );
  h.set("Access-Control-Expose-Headers", EXPOSE);
  h.set("Access-Control-Max-Age", "86400");
  return new Response(null, { status: 204, headers: h });
}

const wantsBase64 = (req: Request): boolean => req.headers.get("Upstash-Encoding")?.toLowerCase() === "base64";
const wantsResp2 = (req: Request): boolean => req.headers.get("Upstash-Response-Format")?.toLowerCase() === "resp2";

function rawResponse(req: Request, bytes: Uint8Array, status = 200): Response {
  return new Response(req.method === "HEAD" ? null : bytes, { status, headers: headers("application/octet-stream") });
}

// ---- request bodies --------------------------------------------------------------------------

/** The refusal of bad input, as JSON with its status. */
export function inputErrorResponse(req: Request, e: RestInputError): Response {
  return errorResponse(req, e.message, e.status);
}

/** The path form (`/<cmd>/<arg>...`, then the POST/PUT body, then query params), limits checked. */
export async function pathCommand(req: Request, skipSegments: number, limits: RestLimits): Promise<BStr[] | RestInputError> {
  let body: Uint8Array | null = null;
  if (req.method === "POST" || req.method === "PUT") {
    const b = await readBody(req, limits.maxBodyBytes);
    if (b instanceof RestInputError) return b;
    body = b;
  }
  return parsePathCommand(req.url, skipSegments, body, limits);
}

async function readInput<T>(req: Request, t: RestTarget, parse: (body: Uint8Array, l: RestLimits) => T | RestInputError): Promise<T | RestInputError> {
  const limits = restLimits(t.env);
  const body = await readBody(req, limits.maxBodyBytes);
  return body instanceof RestInputError ? body : parse(body, limits);
}

// ---- running commands ------------------------------------------------------------------------

/** The stateless answer to a connection command over REST (there is no connection to change). */
function connectionReply(argv: BStr[], t: RestTarget): Reply | null {
  const def = lookupCommand(argv[0]!);
  if (!def || !GATEWAY_COMMANDS.has(def.name)) return null;
  if (!arityOk(def, argv.length)) return error(ERR.wrongArity(def.name));
  let credentials: { pass: BStr } | null = null;
  if (def.name === "auth") {
    const a = parseAuth(argv);
    if ("t" in a) return a;
    credentials = a;
  } else if (def.name === "hello") {
    const h = parseHello(argv);
    if ("t" in h) return h;
    credentials = h.auth;
  }
  if (credentials && tokenLevel(t.env, credentials.pass) === null) return error(ERR.wrongPass);
  try {
    return statelessConnectionReplies[def.name]!(argv, t.conn, Date.now());
  } catch (e) {
    if (e instanceof ReplyError) return e.reply;
    throw e;
  }
}

/** Runs a pipeline: connection commands locally, everything else through the router. */
export async function runRest(cmds: BStr[][], t: RestTarget): Promise<Reply[]> {
  let local: (Reply | null)[] | null = null;
  for (let i = 0; i < cmds.length; i++) {
    const name = cmds[i]![0]!;
    // (The length test skips lower-casing most names; READWRITE, 9 letters, goes to a node, which
    // answers it just as statelessly.)
    if (name.length > 8 || !GATEWAY_COMMANDS.has(name.toLowerCase())) continue;
    (local ??= new Array<Reply | null>(cmds.length).fill(null))[i] = connectionReply(cmds[i]!, t);
  }
  if (local === null) return t.router.execute(cmds, t.conn);
  const routed = cmds.filter((_, i) => local![i] === null);
  const replies = routed.length > 0 ? await t.router.execute(routed, t.conn) : [];
  let j = 0;
  return local.map((r) => r ?? replies[j++]!);
}

/** Sends one command's reply (200, or 400 for an error). */
export function commandResponse(req: Request, r: Reply): Response {
  if (r.t === "error") return errorResponse(req, toText(r.v));
  if (wantsResp2(req)) return rawResponse(req, encodeReply(r, 2));
  return jsonResponse(req, { result: jsonResult(r, wantsBase64(req)) });
}

export async function singleCommand(req: Request, argv: BStr[] | RestInputError, t: RestTarget): Promise<Response> {
  if (argv instanceof RestInputError) return inputErrorResponse(req, argv);
  const [r] = await runRest([argv], t);
  return commandResponse(req, r!);
}

/** `POST /` with a JSON array body. */
export async function jsonCommand(req: Request, t: RestTarget): Promise<Response> {
  return singleCommand(req, await readInput(req, t, parseCommand), t);
}

/** `POST /pipeline`: 200 with one `{"result"}`/`{"error"}` per command, not atomic. */
export async function pipeline(req: Request, t: RestTarget): Promise<Response> {
  const cmds = await readInput(req, t, parseBatch);
  if (cmds instanceof RestInputError) return inputErrorResponse(req, cmds);
  const replies = await runRest(cmds, t);
  if (wantsResp2(req)) return rawResponse(req, encodeReplies(replies, 2));
  const b64 = wantsBase64(req);
  return jsonResponse(req, replies.map((r) => jsonEntry(r, b64)));
}

/** `POST /multi-exec`: atomic on the node owning the (single) slot; a rejected transaction → 400. */
export async function multiExec(req: Request, t: RestTarget): Promise<Response> {
  const cmds = await readInput(req, t, parseBatch);
  if (cmds instanceof RestInputError) return inputErrorResponse(req, cmds);
  const r = await t.router.transaction(cmds, t.conn);
  if (r.t === "error") return errorResponse(req, toText(r.v));
  if (r.t !== "array") return errorResponse(req, "EXECABORT Transaction discarded");
  if (wantsResp2(req)) return rawResponse(req, encodeReply(r, 2));
  const b64 = wantsBase64(req);
  return jsonResponse(req, r.v.map((x) => jsonEntry(x, b64)));
}
