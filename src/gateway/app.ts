/**
 * The gateway Worker (Hono). Routes:
 *   POST /                       one command as a JSON array          (Upstash REST)
 *   POST /pipeline               2-D array, not atomic
 *   POST /multi-exec             2-D array, atomic on one node
 *   GET|POST|PUT|HEAD /<cmd>/... the path form
 *   GET  /ws                     RESP over WebSocket
 *   POST /subscribe/<ch>, /psubscribe/<pattern>  Pub/Sub as a text/event-stream (pubsub-sse.ts)
 *   GET  /pubsub/hubs            the pubsub hubs' counters (admin)
 *   GET  /health                 CLUSTER INFO of a node: 200 when cluster_state is ok, else 503
 *   GET  /dashboard, /admin/overview, /admin/events   the live dashboard and the cluster events (dashboard/)
 *   /node/<name>[/...]           the same REST and WebSocket API on one node, no redirects (admin);
 *                                `x-location-hint: wnam` places a new node (placement.ts)
 *   OPTIONS *                    CORS preflight; any other method → 405
 */
import { Hono, type Context } from "hono";
import { autoscaler, type GatewayEnv } from "./gateway-env";
import type { NodeRpc } from "../node-rpc";
import { REST_CONN, requestToken, tokenLevel, type AuthLevel } from "./auth";
import {
  errorResponse, jsonCommand, jsonResponse, methodNotAllowed, multiExec, pathCommand, pipeline, preflight,
  singleCommand, unauthorized, type RestTarget,
} from "./rest";
import { restLimits } from "./rest-body";
import { Router, type NodeLookup } from "./router";
import { slotMapFor } from "./slot-map";
import { acceptWebSocket } from "./websocket";
import { sseSubscribe } from "./pubsub-sse";
import { hubStats } from "./pubsub-admin";
import { dashboardRoutes } from "../dashboard/routes";
import { placeNode, withPlacement } from "./placement";

type C = Context<{ Bindings: GatewayEnv }>;

// ---- node handles ----------------------------------------------------------------------------

/** Durable Object ids by node name: plain data, safe to keep across requests. */
const ids = new Map<string, DurableObjectId>();
let lookupEnv: GatewayEnv | null = null;
let lookupFn: NodeLookup | null = null;

export function nodeLookup(env: GatewayEnv): NodeLookup {
  if (lookupEnv === env && lookupFn) return lookupFn;
  lookupEnv = env;
  lookupFn = (name) => {
    let id = ids.get(name);
    if (!id) {
      if (ids.size > 1024) ids.clear();
      id = env.NODE.idFromName(name);
      ids.set(name, id);
    }
    return env.NODE.get(id) as NodeRpc;
  };
  return lookupFn;
}

function waitUntil(c: C): ((p: Promise<unknown>) => void) | undefined {
  try {
    const ec = c.executionCtx;
    return (p) => ec.waitUntil(p);
  } catch {
    return undefined; // no ExecutionContext (direct app.fetch calls)
  }
}

function clusterRouter(c: C): Router {
  return new Router(slotMapFor(c.env.SEED_NODES), nodeLookup(c.env), { waitUntil: waitUntil(c) });
}

function nodeRouter(c: C, name: string): Router {
  return new Router(slotMapFor(c.env.SEED_NODES), nodeLookup(c.env), { fixedNode: name });
}

// ---- auth ------------------------------------------------------------------------------------

const levelOf = (c: C): AuthLevel | null => tokenLevel(c.env, requestToken(c.req.raw));

/** Runs `fn` for an authenticated cluster request (401 otherwise). */
function cluster(fn: (req: Request, t: RestTarget) => Promise<Response>) {
  return (c: C): Promise<Response> | Response => {
    const level = levelOf(c);
    if (level === null) return unauthorized(c.req.raw);
    return fn(c.req.raw, { env: c.env, router: clusterRouter(c), conn: REST_CONN[level] });
  };
}

/**
 * Runs `fn` for an admin request on one node (401 without a valid token, 403 with the data token).
 * A location hint header first places the node (placement.ts); a bad hint is refused, nothing runs.
 */
function direct(fn: (req: Request, t: RestTarget) => Promise<Response>) {
  return async (c: C): Promise<Response> => {
    const level = levelOf(c);
    if (level === null) return unauthorized(c.req.raw);
    if (level !== "admin") return forbidden(c.req.raw);
    const name = c.req.param("name") ?? "";
    const placed = name === "" ? null : await placeNode(c.env, name, c.req.raw);
    if (placed && !placed.ok) return errorResponse(c.req.raw, placed.error, 400);
    const res = await fn(c.req.raw, { env: c.env, router: nodeRouter(c, name), conn: REST_CONN.admin });
    return placed ? withPlacement(res, placed.placement) : res;
  };
}

const forbidden = (req: Request): Response => errorResponse(req, "NOPERM the /node routes need the admin token", 403);

// ---- routes ----------------------------------------------------------------------------------

const app = new Hono<{ Bindings: GatewayEnv }>();

const ALLOWED = new Set(["GET", "HEAD", "POST", "PUT", "OPTIONS"]);
app.use("*", async (c, next) => {
  if (!ALLOWED.has(c.req.method)) return methodNotAllowed(c.req.raw);
  if (c.req.method === "OPTIONS") return preflight(c.req.raw);
  await next();
});

app.get("/health", (c) => health(c));

// Error bodies are always JSON, even for a failure nobody expected.
app.onError((e, c) => errorResponse(c.req.raw, `ERR internal error: ${e.message}`.replace(/[\r\n]/g, " "), 500));

app.get("/ws", (c) => {
  // A bad token fails the upgrade; no token leaves authentication to AUTH / HELLO ... AUTH.
  const token = requestToken(c.req.raw);
  const level = tokenLevel(c.env, token);
  if (token !== null && level === null) return unauthorized(c.req.raw);
  return acceptWebSocket(c.req.raw, c.env, clusterRouter(c), level);
});

app.get("/node/:name/ws", (c) => {
  const level = levelOf(c);
  if (level === null) return unauthorized(c.req.raw);
  if (level !== "admin") return forbidden(c.req.raw);
  return acceptWebSocket(c.req.raw, c.env, nodeRouter(c, c.req.param("name")), level);
});

// The autoscaler's decisions, newest first (?limit=N).
app.get("/admin/autoscale", async (c) => {
  const level = levelOf(c);
  if (level === null) return unauthorized(c.req.raw);
  if (level !== "admin") return errorResponse(c.req.raw, "NOPERM /admin needs the admin token", 403);
  const a = autoscaler(c.env);
  if (!a) return errorResponse(c.req.raw, "ERR no autoscaler binding", 404);
  return c.json({ mode: c.env.AUTOSCALE_MODE ?? "off", decisions: await a.log(Number(c.req.query("limit") ?? 50)) });
});

// GET /dashboard, /admin/overview, /admin/events (src/dashboard/routes.ts).
app.route("/", dashboardRoutes(nodeLookup));

app.on(["GET", "POST"], ["/subscribe/*", "/psubscribe/*"], cluster((req, t) => sseSubscribe(req, t.env)));
app.get("/pubsub/hubs", direct(async (req, t) => jsonResponse(req, await hubStats(t.env))));
app.post("/", cluster(jsonCommand));
app.post("/pipeline", cluster(pipeline));
app.post("/multi-exec", cluster(multiExec));
app.post("/node/:name", direct(jsonCommand));
app.post("/node/:name/pipeline", direct(pipeline));
app.post("/node/:name/multi-exec", direct(multiExec));

const pathForm = ["GET", "HEAD", "POST", "PUT"];
app.on(pathForm, ["/node/:name", "/node/:name/*"], direct(async (req, t) => singleCommand(req, await pathCommand(req, 2, restLimits(t.env)), t)));
app.on(pathForm, "*", cluster(async (req, t) => singleCommand(req, await pathCommand(req, 0, restLimits(t.env)), t)));

// ---- health ----------------------------------------------------------------------------------

async function health(c: C): Promise<Response> {
  const router = clusterRouter(c);
  const node = router.map.anyNode();
  try {
    const [r] = await nodeLookup(c.env)(node).execute([["CLUSTER", "INFO"]], REST_CONN.admin);
    if (r && (r.t === "bulk" || r.t === "verbatim")) {
      const info: Record<string, string | number> = { node };
      for (const line of r.v.split("\r\n")) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const v = line.slice(colon + 1);
        info[line.slice(0, colon)] = /^-?\d+$/.test(v) ? Number(v) : v;
      }
      return jsonResponse(c.req.raw, info, info.cluster_state === "ok" ? 200 : 503);
    }
    const why = r?.t === "error" ? r.v : "unexpected CLUSTER INFO reply";
    return jsonResponse(c.req.raw, { node, cluster_state: "unknown", error: why }, 503);
  } catch (e) {
    return jsonResponse(c.req.raw, { node, cluster_state: "unknown", error: e instanceof Error ? e.message : String(e) }, 503);
  }
}

/** The Cron Trigger ([triggers] crons in wrangler.toml): one autoscaler round (it does nothing when off). */
async function scheduled(_event: ScheduledController, env: GatewayEnv, ctx: ExecutionContext): Promise<void> {
  const a = autoscaler(env);
  if (a && (env.AUTOSCALE_MODE ?? "off") !== "off") ctx.waitUntil(a.tick());
}

export default { fetch: app.fetch, scheduled };
