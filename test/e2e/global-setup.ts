/**
 * Starts one `wrangler dev` (fresh storage in a temp dir), bootstraps a 3-master cluster through
 * the operator script, and hands the URL to the e2e tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDevServer, type DevServer } from "../../scripts/lib/dev-server";
import { create } from "../../scripts/cluster";

export const E2E = { port: Number(process.env.E2E_PORT ?? 18787), token: "dev-token", adminToken: "dev-admin-token" };

let server: DevServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), "redis-do-e2e-"));
  server = await startDevServer({ port: E2E.port, persistTo: dir, readyTimeoutMs: 90_000 });
  await create({ url: server.url, token: E2E.adminToken }, 3, 0);
  project.provide("e2eUrl", server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eUrl: string;
  }
}
