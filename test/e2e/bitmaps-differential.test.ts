/**
 * Differential test of the bitmap commands against a real Redis: seeded random sequences
 * (bitmaps-generator.ts: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO mixed with
 * SET/APPEND/SETRANGE/GETRANGE, offsets small and around the chunk boundaries, WRONGTYPE, bad
 * arguments) sent one by one to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`, the shared 3-master wrangler dev
 *       cluster of global-setup.ts), and
 *   (b) a `redis-server` this file starts on a free port (no persistence) and kills afterwards,
 * comparing the raw bytes of every reply; every other sequence runs on a RESP3 connection (HELLO 3:
 * BITFIELD's nil is `_` there). After each sequence, every key's type, length and SHA1 (a script
 * over GET) must match too.
 *
 * All keys of a sequence share one hash tag ("{bm<seed>-<run>}k1", ...): BITOP stays in one slot,
 * and every sequence starts from empty keys on both servers (but L, a list, for WRONGTYPE).
 * Skipped when `redis-server` is not on PATH. Replay: BITMAP_DIFF_SEED=<n> npx vitest run --project e2e
 * test/e2e/bitmaps-differential.test.ts (BITMAP_DIFF_RUNS, BITMAP_DIFF_LENGTH change the amount).
 */
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { E2E } from "./global-setup";
import { redisServerAvailable, startRedis, tcpConn, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";
import { command, KEYS, rng } from "./bitmaps-generator";

const env = process.env;
const SEED = env.BITMAP_DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.BITMAP_DIFF_SEED ?? 20250715);
const RUNS = Number(env.BITMAP_DIFF_RUNS ?? 60);
const LENGTH = Number(env.BITMAP_DIFF_LENGTH ?? 60);
const REPLAY = `BITMAP_DIFF_SEED=${SEED} npx vitest run --project e2e test/e2e/bitmaps-differential.test.ts`;
const TIMEOUT_MS = 30_000;

/** Type, length and SHA1 of a key's value, the same way on both servers. */
const DIGEST = "local t = redis.call('TYPE', KEYS[1]).ok if t ~= 'string' then return t end " +
  "local v = redis.call('GET', KEYS[1]) return {#v, redis.sha1hex(v)}";

/** Bytes as readable text: printable ASCII as is, the rest \xHH; long runs cut. */
function show(s: string): string {
  const t = s.length > 200 ? `${s.slice(0, 200)}...(${s.length} bytes)` : s;
  return t.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

describe.skipIf(!redisServerAvailable)(`bitmaps differential: gateway (RESP over WebSocket) vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  const conns: { ours: RespConn; theirs: RespConn }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const url = `${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`;
    for (const proto of [2, 3]) {
      const pair = { ours: await webSocketConn(url), theirs: await tcpConn(redis.port) };
      if (proto === 3) for (const c of [pair.ours, pair.theirs]) await c.send(["HELLO", "3"], TIMEOUT_MS);
      conns.push(pair);
    }
  });

  afterAll(() => {
    for (const p of conns) (p.ours.close(), p.theirs.close());
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
  });

  it(`${RUNS} sequences of ${LENGTH} commands reply byte for byte like Redis, RESP2 and RESP3 (seed ${SEED})`, async () => {
    console.log(`[bitmaps-differential] seed=${SEED} runs=${RUNS} length=${LENGTH}  replay: ${REPLAY}`);
    const r = rng(SEED);
    let commands = 0;
    for (let run = 0; run < RUNS; run++) {
      const proto = run % 2 === 0 ? 2 : 3;
      const { ours, theirs } = conns[proto - 2]!;
      const tag = `{bm${SEED}-${run}}`;
      const tagged = (argv: string[]) => argv.map((a, i) => (i > 0 && KEYS.includes(a) ? tag + a : a));
      const transcript: string[] = [];
      const steps = [["DEL", ...KEYS], ["RPUSH", "L", "x"], ...Array.from({ length: LENGTH }, () => command(r)), ...KEYS.map((k) => ["EVAL", DIGEST, "1", k])];
      for (const plainArgv of steps) {
        const argv = tagged(plainArgv);
        const expected = await theirs.send(argv, TIMEOUT_MS);
        const actual = await ours.send(argv, TIMEOUT_MS);
        const line = `${plainArgv.map(show).join(" ")}  ->  ${show(expected)}`;
        if (actual !== expected) {
          transcript.push(`!! ${line}   (project: ${show(actual)})`);
          throw new Error(`sequence ${run} (RESP${proto}) differs from redis-server:\n${transcript.slice(-40).join("\n")}\nreplay: ${REPLAY}`);
        }
        transcript.push(`   ${line}`);
        commands++;
      }
    }
    console.log(`[bitmaps-differential] ${commands} commands, every reply identical`);
  }, 900_000);
});
