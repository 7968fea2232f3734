/**
 * The Worker's upload size, offline: `wrangler deploy --dry-run` of this checkout (scripts/lib/
 * bundle-size.ts), each file raw and gzip, against Cloudflare's Worker size limits. The deploy test
 * (test/unit/deploy/dry-run.test.ts) checks the same figures in CI; this script records them.
 *
 *   npx tsx scripts/bench/bundle-size.ts       # writes docs/bench/bundle-size.json
 */
import { bundleRows, bundleSizes, WORKERS_FREE_GZIP_LIMIT_BYTES, WORKERS_PAID_GZIP_LIMIT_BYTES } from "../lib/bundle-size";
import { markdownTable, ROOT, runLine, saveRun, startRun } from "./lib";

const record = startRun(import.meta.url, {});
const sizes = bundleSizes(ROOT);
const { rows, limits } = bundleRows(sizes);
const report = [runLine(record), "", markdownTable(["file", "bytes", "gzip (level 9)"], rows), "", limits].join("\n");
console.log(report);
saveRun(record, { ...sizes, limits: { workersPaidGzipBytes: WORKERS_PAID_GZIP_LIMIT_BYTES, workersFreeGzipBytes: WORKERS_FREE_GZIP_LIMIT_BYTES } }, report);
