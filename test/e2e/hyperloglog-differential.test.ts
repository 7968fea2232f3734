/**
 * Differential test of the HyperLogLog commands against a real Redis: random sequences of PFADD
 * (often hundreds or thousands of elements at once, so sparse HLLs grow past hll-sparse-max-bytes
 * and turn dense), PFCOUNT of one key (the cached cardinality written into the string) and of
 * several, PFMERGE, PFDEBUG, GET of the HLL strings (compared byte for byte: the goal is Redis's
 * exact representation), an HLL's bytes GET from Redis and SET here (and ours SET on Redis), COPY, EXPIRE/TTL, WRONGTYPE
 * collisions with a list and a plain string, and malformed commands now and then.
 *
 * Sent to (a) this project through the gateway's RESP WebSocket (the shared e2e cluster; admin
 * token, for PFDEBUG) and (b) a redis-server in cluster mode started here. Every sequence's keys
 * share one hash tag. Skipped when redis-server is missing. Replay: HLL_DIFF_SEED=<n> (HLL_DIFF_RUNS,
 * HLL_DIFF_LENGTH change the amount).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { E2E } from "./global-setup";
import { redisServerAvailable, webSocketConn, type RespConn } from "./resp-conn";
import { compareSteps, Rng, startClusterRedis, type ClusterRedis, type Step } from "./family-differential";

const env = process.env;
const SEED = env.HLL_DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.HLL_DIFF_SEED ?? 20250715);
const RUNS = Number(env.HLL_DIFF_RUNS ?? 40);
const LENGTH = Number(env.HLL_DIFF_LENGTH ?? 80);
const REPLAY = `HLL_DIFF_SEED=${SEED} npx vitest run --project e2e test/e2e/hyperloglog-differential.test.ts`;

/** Elements: a large space (new registers keep rising) and a few binary ones. */
function element(rng: Rng): string {
  if (rng.chance(0.02)) return rng.pick(["", "\0", "\xff\xfe\x00\x01", "a b", "é"]);
  return `e${rng.int(rng.chance(0.5) ? 1000 : 2_000_000)}`;
}

function pfaddSize(rng: Rng): number {
  const r = rng.next();
  return r < 0.6 ? rng.int(8) : r < 0.85 ? 50 + rng.int(300) : 500 + rng.int(3000);
}

/** One random sequence over the keys of `tag`. */
function sequence(rng: Rng, tag: string): Step[] {
  const hll = [`${tag}a`, `${tag}b`, `${tag}c`];
  const [list, str] = [`${tag}list`, `${tag}str`];
  const any = [...hll, ...hll, list, str, `${tag}none`];
  const steps: Step[] = [{ argv: ["RPUSH", list, "x"] }, { argv: ["SET", str, "not an hll"] }];
  let saved: string | null = null;
  for (let i = 0; i < LENGTH; i++) {
    const r = rng.next();
    if (r < 0.35) steps.push({ argv: ["PFADD", rng.pick(rng.chance(0.95) ? hll : any), ...Array.from({ length: pfaddSize(rng) }, () => element(rng))] });
    else if (r < 0.5) steps.push({ argv: ["PFCOUNT", rng.pick(rng.chance(0.9) ? hll : any)] });
    else if (r < 0.57) steps.push({ argv: ["PFCOUNT", ...Array.from({ length: 2 + rng.int(3) }, () => rng.pick(any))] });
    else if (r < 0.64) steps.push({ argv: ["PFMERGE", rng.pick(hll), ...Array.from({ length: rng.int(3) }, () => rng.pick(rng.chance(0.9) ? hll : any))] });
    else if (r < 0.76) steps.push({ argv: ["GET", rng.pick(hll)] });
    else if (r < 0.8) steps.push({ argv: ["PFDEBUG", rng.pick(["ENCODING", "DECODE", "TODENSE", "encoding", "GETREG"]), rng.pick(any)] });
    else if (r < 0.83) steps.push({ argv: ["DEL", rng.pick(hll)] });
    else if (r < 0.86) steps.push({ argv: ["COPY", rng.pick(hll), rng.pick(hll), "REPLACE"] });
    else if (r < 0.88) steps.push({ argv: ["EXPIRE", rng.pick(hll), "1000"] }, { argv: ["TTL", rng.pick(hll)] });
    else if (r < 0.9) steps.push({ argv: ["SET", rng.pick(hll), rng.pick(["plain", "HYLL", "HYLL\x02\0\0\0\0\0\0\0\0\0\0\0"])] });
    else if (r < 0.93) {
      // An HLL's bytes as Redis wrote them SET here, and ours SET on Redis: each side goes on with the other's string.
      saved = rng.pick(hll);
      steps.push({ argv: [], crossCopy: [saved, `${tag}saved`] }, { argv: ["PFCOUNT", `${tag}saved`] });
      steps.push({ argv: ["PFADD", `${tag}saved`, ...Array.from({ length: pfaddSize(rng) }, () => element(rng))] });
    } else if (r < 0.96) {
      steps.push({ argv: rng.pick([["PFADD"], ["PFCOUNT"], ["PFMERGE"], ["PFDEBUG", "ENCODING"], ["PFDEBUG", "NOPE", rng.pick(hll)], ["PFDEBUG", "GETREG", rng.pick(hll), "x"]]) });
    } else {
      steps.push({ argv: ["STRLEN", rng.pick(hll)] }, { argv: ["TYPE", rng.pick(any)] });
    }
  }
  for (const k of hll) steps.push({ argv: ["GET", k] }, { argv: ["PFCOUNT", k] }, { argv: ["GET", k] });
  if (saved) steps.push({ argv: ["GET", `${tag}saved`] });
  return steps;
}

describe.skipIf(!redisServerAvailable)(`HyperLogLog differential: gateway vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: ClusterRedis | undefined;
  let project: RespConn | undefined;

  beforeAll(async () => {
    redis = await startClusterRedis();
    project = await webSocketConn(`${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.adminToken}`);
  });

  afterAll(() => {
    project?.close();
    redis?.stop();
  });

  it(`${RUNS} random sequences of ${LENGTH}+ commands reply and store byte for byte like Redis (seed ${SEED})`, async () => {
    console.log(`[hyperloglog-differential] seed=${SEED} runs=${RUNS} length=${LENGTH}  replay: ${REPLAY}`);
    const rng = new Rng(SEED);
    let commands = 0;
    for (let run = 0; run < RUNS; run++) {
      const tag = `{hll${SEED}-${run}}`;
      const steps = sequence(rng, tag);
      const keys = ["a", "b", "c", "list", "str", "saved"].map((k) => tag + k);
      for (const side of [project!, redis!.conn]) await side.send(["DEL", ...keys]);
      commands += await compareSteps(project!, redis!.conn, steps, `${REPLAY} (sequence ${run})`);
    }
    console.log(`[hyperloglog-differential] ${commands} commands compared`);
    expect(commands).toBeGreaterThan(RUNS * LENGTH);
  }, 900_000);
});
