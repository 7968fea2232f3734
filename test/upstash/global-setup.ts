/** One fresh 3-master cluster under `wrangler dev` for the vendored @upstash/redis tests (port: UPSTASH_PORT, default 18788). */
import { clusterGlobalSetup, E2E } from "../e2e/global-setup";

export const { setup, teardown } = clusterGlobalSetup(Number(process.env.UPSTASH_PORT ?? 18788), (project, url) => {
  project.provide("upstashUrl", url);
  project.provide("upstashToken", E2E.token);
});

declare module "vitest" {
  export interface ProvidedContext {
    upstashUrl: string;
    upstashToken: string;
  }
}
