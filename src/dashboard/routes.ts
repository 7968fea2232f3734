/**
 * The dashboard's routes, mounted by the gateway (app.ts):
 *   GET /dashboard              the page (page.ts): public, it holds no data; it asks for the admin token
 *   GET /admin/overview         one fan-out to every node, folded for the page (admin token)
 *   GET /admin/events?count=N   every node's event history merged, newest first (admin token)
 * The admin routes take the token as every admin route does (auth.ts): `Authorization: Bearer`.
 */
import { Hono, type Context } from "hono";
import type { GatewayEnv } from "../gateway/gateway-env";
import type { NodeRpc } from "../node-rpc";
import { requestToken, tokenLevel } from "../gateway/auth";
import { errorResponse, jsonResponse, unauthorized } from "../gateway/rest";
import { parseSeeds } from "../gateway/slot-map";
import { EVENT_HISTORY_MAX } from "../events/cluster-event";
import { assembleOverview } from "./overview";
import { probeCluster } from "./probe";
import { DASHBOARD_HTML } from "./page";

/** Events the overview carries (the page shows the newest of every node, merged). */
const OVERVIEW_EVENTS = 40;
/** /admin/events without ?count. */
const DEFAULT_EVENTS = 100;

type C = Context<{ Bindings: GatewayEnv }>;

/** null when the request carries the admin token; else the 401/403 response. */
function refusal(c: C): Response | null {
  const level = tokenLevel(c.env, requestToken(c.req.raw));
  if (level === null) return unauthorized(c.req.raw);
  if (level !== "admin") return errorResponse(c.req.raw, "NOPERM /admin needs the admin token", 403);
  return null;
}

export function dashboardRoutes(lookup: (env: GatewayEnv) => (name: string) => NodeRpc): Hono<{ Bindings: GatewayEnv }> {
  const app = new Hono<{ Bindings: GatewayEnv }>();

  app.get("/dashboard", (c) => c.html(DASHBOARD_HTML, 200, {
    // Self-contained: inline script and style, nothing loaded from elsewhere, never framed.
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
  }));

  app.get("/admin/overview", async (c) => {
    const refused = refusal(c);
    if (refused) return refused;
    const probes = await probeCluster(lookup(c.env), parseSeeds(c.env.SEED_NODES), OVERVIEW_EVENTS);
    return jsonResponse(c.req.raw, assembleOverview(probes, Date.now(), OVERVIEW_EVENTS));
  });

  app.get("/admin/events", async (c) => {
    const refused = refusal(c);
    if (refused) return refused;
    const raw = c.req.query("count");
    const count = raw === undefined ? DEFAULT_EVENTS : Number(raw);
    if (!Number.isSafeInteger(count) || count < 0) return errorResponse(c.req.raw, "ERR count should be an integer >= 0", 400);
    const probes = await probeCluster(lookup(c.env), parseSeeds(c.env.SEED_NODES), Math.min(count, EVENT_HISTORY_MAX));
    const events = probes.flatMap((p) => p.events).sort((a, b) => b.ts - a.ts || b.seq - a.seq).slice(0, count);
    return jsonResponse(c.req.raw, { events, unreachable: probes.filter((p) => p.error !== null).map((p) => ({ node: p.name, error: p.error })) });
  });

  return app;
}
