import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";

export default defineConfig({
  test: {
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
    ],
  },
});
