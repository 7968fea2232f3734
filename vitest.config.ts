import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";

const upstash = (path: string) => fileURLToPath(new URL(`./test/upstash/${path}`, import.meta.url));

/**
 * Vendored @upstash/redis test files of what this server does not have (single tests are in
 * test/upstash/known-failures.ts).
 */
const UPSTASH_UNSUPPORTED: string[] = [
  "pkg/http.test.ts", "pkg/commands/subscribe.test.ts", // start a server with Bun.serve
  "pkg/commands/xackdel.test.ts", "pkg/commands/xdelex.test.ts", // XACKDEL / XDELEX (Redis 8.2)
  "pkg/commands/json_*.test.ts", // JSON module
  "pkg/commands/search/**", // search module
];

export default defineConfig({
  test: {
    // The workers pool reports, as an unhandled error, a Durable Object still loading a module when
    // a test file's environment closes (a background alarm or gossip call outliving the file). That
    // is the harness tearing down, not a failure of the code under test; every other error counts.
    onUnhandledError: (error) => (error.name === "EnvironmentTeardownError" ? false : undefined),
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/sim/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                REDIS_TOKEN: "test-token", ADMIN_TOKEN: "test-admin", DEBUG_COMMANDS: "true",
                // Fresh test nodes serve at once (the 2 s default has its own test).
                CLUSTER_WRITABLE_DELAY_MS: "0",
                CLUSTER_EVENT_LOG: "false",
              },
            },
          }),
        ],
        test: { name: "workers", include: ["test/workers/**/*.test.ts"] },
      },
      {
        // Real clients against `wrangler dev` (one server for the whole project, see global-setup.ts).
        test: {
          name: "e2e", include: ["test/e2e/**/*.test.ts"], environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"], testTimeout: 60_000, hookTimeout: 180_000,
        },
      },
      // The official @upstash/redis client's own test files, vendored unmodified (see
      // test/upstash/vendor/README.md), against one `wrangler dev` cluster (`npm run test:upstash`
      // alone). `bun:test` and `bun` resolve to small shims over vitest.
      ...[
            {
              resolve: {
                alias: [
                  { find: /^bun:test$/, replacement: upstash("bun-test-shim.ts") },
                  { find: /^bun$/, replacement: upstash("bun-shim.ts") },
                ],
              },
              test: {
                name: "upstash", root: upstash("vendor"), include: ["pkg/**/*.test.ts"], exclude: UPSTASH_UNSUPPORTED,
                environment: "node", globalSetup: [upstash("global-setup.ts")], setupFiles: [upstash("setup-env.ts")],
                // FLUSHALL/FLUSHDB tests empty the whole database: one file at a time, as `bun test` runs them;
                // the timeout is the client's own `bun test --timeout 20000`.
                fileParallelism: false, testTimeout: 20_000, hookTimeout: 180_000,
              },
            },
          ],
    ],
  },
});
