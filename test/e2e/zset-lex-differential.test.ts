/**
 * Differential test of lex ranges over sorted sets whose members have different scores: the
 * sequences of zset-lex-cases.ts (ZADD with mixed scores, ZRANGEBYLEX, ZREVRANGEBYLEX, ZRANGE
 * BYLEX [REV] [LIMIT], ZLEXCOUNT, ZREMRANGEBYLEX, ZRANGESTORE BYLEX, WRONGTYPE, bad bounds) sent to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`, the shared e2e cluster of
 *       global-setup.ts), and
 *   (b) a `redis-server` this file starts on a free port (no persistence),
 * comparing the raw RESP2 bytes of every reply (lex ranges have no RESP3-specific reply). Redis
 * walks such a set in score order and stops at the first member out of range, so the replies are
 * not the plain member range (zset-lex.ts explains the walk).
 *
 * Each sequence's keys share one hash tag ("{zl<seed>-<n>}z1", ...). Skipped when `redis-server` is
 * not on PATH. Replay: ZLEX_SEED=<n> npx vitest run --project e2e test/e2e/zset-lex-differential.test.ts
 * (ZLEX_RUNS, ZLEX_LENGTH change the amount).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { E2E } from "./global-setup";
import { redisServerAvailable, startRedis, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";
import { generateSequence, rng, tagged } from "./zset-lex-cases";

const env = process.env;
const SEED = env.ZLEX_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.ZLEX_SEED ?? 20250715);
const RUNS = Number(env.ZLEX_RUNS ?? 90);
const LENGTH = Number(env.ZLEX_LENGTH ?? 40);
const REPLAY = `ZLEX_SEED=${SEED} npx vitest run --project e2e test/e2e/zset-lex-differential.test.ts`;

const show = (s: string): string => JSON.stringify(s);

describe.skipIf(!redisServerAvailable)(`zset lex ranges: gateway vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  let project: RespConn | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    project = await webSocketConn(`${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`);
  });

  afterAll(() => {
    project?.close();
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
  });

  it(`${RUNS} sequences of ${LENGTH} commands reply byte for byte like Redis (seed ${SEED})`, async () => {
    console.log(`[zset-lex-differential] seed=${SEED} runs=${RUNS} length=${LENGTH}  replay: ${REPLAY}`);
    let sent = 0;
    for (let n = 0; n < RUNS; n++) {
      const tag = `{zl${SEED}-${n}}`;
      const cmds = generateSequence(rng(SEED + n), LENGTH).map((argv) => tagged(argv, tag));
      const cleanup = ["DEL", ...["z1", "z2", "zd", "s"].map((k) => tag + k)];
      await project!.send(cleanup);
      await redis!.conn.send(cleanup);
      const transcript: string[] = [];
      for (const argv of cmds) {
        const ours = await project!.send(argv);
        const theirs = await redis!.conn.send(argv);
        sent++;
        transcript.push(`${argv.map(show).join(" ")}  ->  ${show(theirs)}`);
        if (ours !== theirs) {
          throw new Error(`sequence ${n} differs at ${argv.map(show).join(" ")}: project ${show(ours)}, redis ${show(theirs)}\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(RUNS * LENGTH);
  }, 600_000);
});
