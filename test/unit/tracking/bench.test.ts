/** Runs scripts/bench/tracking.ts when asked (BENCH_TRACKING=1): vitest loads the node's code, tsx cannot. */
import { expect, it } from "vitest";
import { trackingBench } from "../../../scripts/bench/tracking";

it.runIf(process.env.BENCH_TRACKING === "1")("CLIENT TRACKING's cost per write", async () => {
  expect(await trackingBench()).toContain("µs per SET");
}, 1_800_000);
