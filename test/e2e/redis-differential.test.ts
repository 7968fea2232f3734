/**
 * Differential test against a real Redis: the command sequences of test/workers/differential.test.ts
 * (fast-check, tiny alphabets, WRONGTYPE collisions) sent one by one to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`, the 3-master wrangler dev cluster
 *       of global-setup.ts), and
 *   (b) a `redis-server` this file starts on a free port (no persistence) and kills afterwards,
 * comparing the raw RESP2 bytes of every reply (only SMEMBERS/SINTER/SUNION/HGETALL are sorted
 * first), then the final content of every key. The reference model of the workers test is checked
 * against the same Redis on the way, so a model bug cannot hide a project bug there.
 *
 * All keys of a sequence share one hash tag ("{d<seed>-<run>}k1", ...): multi-key commands stay in
 * one slot, and every sequence starts from empty keys on both servers.
 * Skipped when `redis-server` is not on PATH. Replay: DIFF_SEED=<n> npx vitest run --project e2e
 * test/e2e/redis-differential.test.ts (DIFF_RUNS, DIFF_LENGTH change the amount).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { Model } from "../workers/model/model";
import { KEYS, dumpCommands, sequenceArb, showCommand, type Command } from "../workers/model/generator";
import { canonical, showWire, toResp2 } from "../workers/model/wire";
import { E2E } from "./global-setup";
import { redisServerAvailable, startRedis, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";

const env = process.env;
const SEED = env.DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.DIFF_SEED ?? 20240611);
const RUNS = Number(env.DIFF_RUNS ?? 100);
const LENGTH = Number(env.DIFF_LENGTH ?? 40);
const REPLAY = `DIFF_SEED=${SEED} npx vitest run --project e2e test/e2e/redis-differential.test.ts`;

describe.skipIf(!redisServerAvailable)(`differential: gateway (RESP over WebSocket) vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  let project: RespConn | undefined;
  let run = 0;

  beforeAll(async () => {
    redis = await startRedis();
    project = await webSocketConn(`${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`);
  });

  afterAll(() => {
    project?.close();
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
  });

  /** One sequence on both servers and the model; throws with a transcript at the first difference. */
  async function check(cmds: Command[]): Promise<void> {
    const tag = `{d${SEED}-${run++}}`;
    const keys = KEYS.map((k) => tag + k);
    const model = new Model();
    const transcript: string[] = [];
    // The generator was given the plain keys; the tag is prefixed here so shrinking stays readable.
    const tagged = (argv: Command) => argv.map((a, i) => (i > 0 && KEYS.includes(a) ? tag + a : a));
    const all = [...cmds.map(tagged), ["--- final state ---"], ...dumpCommands(keys)];
    for (const argv of all) {
      if (argv[0]!.startsWith("---")) { transcript.push(argv[0]!); continue; }
      const ours = canonical(argv, await project!.send(argv));
      const theirs = canonical(argv, await redis!.conn.send(argv));
      const modelled = canonical(argv, toResp2(model.exec(argv)));
      const line = `${showCommand(argv)}  ->  ${showWire(theirs)}`;
      if (ours !== theirs) {
        transcript.push(`!! ${line}   (project: ${showWire(ours)})`);
        throw new Error(`the project differs from redis-server at "${showCommand(argv)}"\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
      }
      if (modelled !== theirs) {
        transcript.push(`!! ${line}   (model: ${showWire(modelled)})`);
        throw new Error(`the reference model (test/workers/model) differs from redis-server at "${showCommand(argv)}"\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
      }
      transcript.push(`   ${line}`);
    }
  }

  it(`${RUNS} random sequences of up to ${LENGTH} commands reply byte for byte like Redis (seed ${SEED})`, async () => {
    console.log(`[redis-differential] seed=${SEED} runs=${RUNS} length<=${LENGTH}  replay: ${REPLAY}`);
    await fc.assert(fc.asyncProperty(sequenceArb(KEYS, LENGTH), check), { seed: SEED, numRuns: RUNS });
  }, 600_000);
});
