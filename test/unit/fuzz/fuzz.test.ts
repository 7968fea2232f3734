/**
 * The input fuzzer (scripts/fuzz.ts) for 10 000 iterations with a fixed seed: random and mutated
 * RESP through the parser and a Connection, JSON bodies through the REST parsing and handlers, glob
 * patterns. Longer runs: `npx tsx scripts/fuzz.ts --count 1000000 --seed <n>`.
 */
import { describe, expect, it } from "vitest";
import { runFuzz } from "../../../scripts/fuzz/run";

const SEED = 7001;
const COUNT = 10_000;

describe("input fuzzing", () => {
  it(`finds no crash, hang or broken invariant in ${COUNT} iterations (seed ${SEED})`, async () => {
    console.log(`fuzz seed ${SEED}; replay: npx tsx scripts/fuzz.ts --seed ${SEED} --count ${COUNT}`);
    const r = await runFuzz({ seed: SEED, count: COUNT });
    console.log(r.line);
    expect(r.failure).toBeNull();
    expect(r.iterations).toBe(COUNT);
  }, 120_000);
});
