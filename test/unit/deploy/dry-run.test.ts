/**
 * The deploy path, checked offline: `wrangler deploy --dry-run` bundles the Worker as `wrangler
 * deploy` would (no Cloudflare account or network here), and the upload must hold the Worker and
 * the Lua wasm module and fit Cloudflare's size limits. The proxies point at a closed port, so a
 * dry run that needed the network would fail here rather than in a deploy. Figures are printed;
 * scripts/bench/bundle-size.ts records them.
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import {
  bundleRows, bundleSizes, WORKERS_FREE_GZIP_LIMIT_BYTES, WORKERS_PAID_GZIP_LIMIT_BYTES, type BundleSizes,
} from "../../../scripts/lib/bundle-size";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** A port nothing listens on: any request through the proxy fails at once. */
const NO_NETWORK = { HTTP_PROXY: "http://127.0.0.1:9", HTTPS_PROXY: "http://127.0.0.1:9", http_proxy: "http://127.0.0.1:9", https_proxy: "http://127.0.0.1:9" };

describe("wrangler deploy --dry-run", () => {
  let sizes: BundleSizes;

  it("bundles the Worker without network", () => {
    sizes = bundleSizes(ROOT, NO_NETWORK);
    const { rows, limits } = bundleRows(sizes);
    console.log(`${rows.map((r) => r.join("  ")).join("\n")}\n${limits}`);
    expect(sizes.wrangler).toMatch(/^Total Upload: /);
  }, 120_000);

  it("uploads the Worker and the Lua wasm module", () => {
    const names = sizes.files.map((f) => f.file);
    expect(names).toContain("index.js");
    expect(names).toContain("redis-lua.wasm");
    const worker = sizes.files.find((f) => f.file === "index.js")!;
    // The gateway and the node class are both in the one Worker module.
    expect(worker.bytes).toBeGreaterThan(100_000);
  });

  it("fits Cloudflare's Worker size limits (gzip)", () => {
    expect(sizes.totalGzipBytes).toBeLessThan(WORKERS_PAID_GZIP_LIMIT_BYTES);
    expect(sizes.totalGzipBytes).toBeLessThan(WORKERS_FREE_GZIP_LIMIT_BYTES);
  });
});
