/**
 * npm start: runs the whole cluster locally in wrangler dev (workerd), bootstraps it on first run
 * (MASTERS=3 masters with slots split evenly, REPLICAS=1 replica each via CLUSTER REPLICATE; state
 * persists in .wrangler/state, so re-runs reuse it), and prints the URL and tokens. Ctrl-C stops it.
 */
import { readFileSync } from "node:fs";
import { startDevServer } from "./lib/dev-server";
import { create } from "./cluster";

function devVar(name: string, fallback: string): string {
  const m = new RegExp(`^${name}=(.*)$`, "m").exec(readFileSync(".dev.vars", "utf8"));
  return m?.[1]?.trim() ?? fallback;
}

const port = Number(process.env.PORT ?? 8787);
const masters = Number(process.env.MASTERS ?? 3);
const replicas = Number(process.env.REPLICAS ?? 1);

const server = await startDevServer({ port, inheritOutput: true });
const token = devVar("REDIS_TOKEN", "dev-token");
const adminToken = devVar("ADMIN_TOKEN", "dev-admin-token");
await create({ url: server.url, token: adminToken }, masters, replicas);
console.log(`
Redis Cluster on Durable Objects is up.
  REST:       ${server.url}/            (Authorization: Bearer ${token})
  WebSocket:  ${server.url.replace("http", "ws")}/ws?_token=${token}
  Admin:      ${server.url}/node/node-0 (Authorization: Bearer ${adminToken})
  Health:     ${server.url}/health
  Dashboard:  ${server.url}/dashboard  (log in with the admin token)
Press Ctrl-C to stop.`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void server.stop().then(() => process.exit(0)));
