/**
 * Differential test: fast-check draws random command sequences over a tiny key/member alphabet
 * (strings, hashes, lists, sets, sorted sets, WRONGTYPE collisions, malformed numbers), runs each
 * on a fresh node Durable Object and on the reference model (test/workers/model/), and compares
 * every reply as the RESP2 bytes a client would receive (model/wire.ts), then the final content of
 * every key. Only replies Redis leaves unordered are sorted (SMEMBERS, SINTER, SUNION,
 * HGETALL pairs). The model itself is checked against a real redis-server by
 * test/e2e/redis-differential.test.ts.
 *
 * Seeded: the seed is printed; a failure prints the shrunk sequence, a transcript and the replay
 * command. Only VITE_-prefixed variables reach workerd: VITE_DIFF_SEED=<n> replays a seed,
 * VITE_DIFF_SEED=random explores, VITE_DIFF_RUNS / VITE_DIFF_LENGTH change the amount.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { node } from "./helpers";
import { Model } from "./model/model";
import { KEYS, dumpCommands, sequenceArb, showCommand, type Command } from "./model/generator";
import { bytesToWire, canonical, showWire, toResp2 } from "./model/wire";
import { encodeReply } from "../../src/resp/encoder";
import type { ConnState } from "../../src/commands/types";

const DEFAULT_SEED = 20240611;
const ENV = (import.meta as unknown as { env: Record<string, string | undefined> }).env;
const SEED = ENV.VITE_DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(ENV.VITE_DIFF_SEED ?? DEFAULT_SEED);
const RUNS = Number(ENV.VITE_DIFF_RUNS ?? 100);
const LENGTH = Number(ENV.VITE_DIFF_LENGTH ?? 40);
const REPLAY = `VITE_DIFF_SEED=${SEED} npx vitest run test/workers/differential.test.ts`;

const CONN: ConnState = { resp: 2, admin: true };
/** One hash tag: the node is a cluster node, multi-key commands must stay in one slot. */
const TAGGED = KEYS.map((k) => `{d}${k}`);

let runs = 0;

/** Runs one sequence on a fresh node and on a fresh model; throws with a transcript on the first difference. */
async function check(cmds: Command[]): Promise<void> {
  const name = `diff-${SEED}-${runs++}`;
  const n = node(name);
  const model = new Model();
  const transcript: string[] = [];
  const all = [...cmds, ["--- final state ---"], ...dumpCommands(TAGGED)];
  for (const argv of all) {
    if (argv[0]!.startsWith("---")) { transcript.push(argv[0]!); continue; }
    const [reply] = await n.execute([argv], CONN);
    // What a RESP2 client would receive, byte for byte (the project's own encoder).
    const got = canonical(argv, bytesToWire(encodeReply(reply!, 2)));
    const want = canonical(argv, toResp2(model.exec(argv)));
    const same = got === want;
    transcript.push(`${same ? "  " : "!!"} ${showCommand(argv)}  ->  ${showWire(got)}${same ? "" : `   (model: ${showWire(want)})`}`);
    if (!same) {
      throw new Error(`node ${name} and the model differ at "${showCommand(argv)}"\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
    }
  }
}

describe("differential: node vs reference model", () => {
  it(`${RUNS} random sequences of up to ${LENGTH} commands reply like the model (seed ${SEED})`, async () => {
    console.log(`[differential] seed=${SEED} runs=${RUNS} length<=${LENGTH}  replay: ${REPLAY}`);
    await fc.assert(fc.asyncProperty(sequenceArb(TAGGED, LENGTH), check), { seed: SEED, numRuns: RUNS });
  }, 600_000);

  it("hand-picked edge cases (int64 limits, count 0, NaN scores, LIMIT 0 -1) reply like the model", async () => {
    await check([
      ["SET", "{d}k1", "9223372036854775806"], ["INCR", "{d}k1"], ["INCR", "{d}k1"], ["GET", "{d}k1"],
      ["RPUSH", "{d}k3", "a", "b", "c"], ["LPOP", "{d}k3", "0"], ["LPOP", "{d}nope", "0"], ["LINSERT", "{d}k3", "AFTER", "c", "d"],
      ["ZADD", "{d}k6", "1", "a", "+inf", "b"], ["ZINCRBY", "{d}k6", "-inf", "b"], ["ZRANGE", "{d}k6", "(1", "+inf", "BYSCORE", "LIMIT", "0", "-1"],
      ["SADD", "{d}k4", "a"], ["SINTER", "{d}k4", "{d}k5"], ["SUNION", "{d}k4", "{d}k1"],
    ]);
    expect(runs).toBeGreaterThan(0);
  });
});
