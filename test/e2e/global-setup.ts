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

/** A fresh 3-master cluster under `wrangler dev` on `port`; `stop` ends it and removes its storage. */
export async function startTestCluster(port: number): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), "redis-do-e2e-"));
  let server: DevServer | undefined;
  const stop = async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = await startDevServer({ port, persistTo: dir, readyTimeoutMs: 90_000 });
    await create({ url: server.url, token: E2E.adminToken }, 3, 0);
    return { url: server.url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface TestCluster {
  url: string;
  stop(): Promise<void>;
}

/** A vitest global setup's `setup`/`teardown` around one test cluster; `provide` hands its URL on. */
export function clusterGlobalSetup(port: number, provide: (project: TestProject, url: string) => void) {
  let cluster: TestCluster | undefined;
  return {
    async setup(project: TestProject): Promise<void> {
      cluster = await startTestCluster(port);
      provide(project, cluster.url);
    },
    async teardown(): Promise<void> {
      await cluster?.stop();
    },
  };
}

export const { setup, teardown } = clusterGlobalSetup(E2E.port, (project, url) => project.provide("e2eUrl", url));

declare module "vitest" {
  export interface ProvidedContext {
    e2eUrl: string;
  }
}
