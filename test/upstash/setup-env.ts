/** The vendored test-utils.ts reads the server from these, as in the client's own CI. */
import { inject } from "vitest";

process.env.UPSTASH_REDIS_REST_URL = inject("upstashUrl");
process.env.UPSTASH_REDIS_REST_TOKEN = inject("upstashToken");
