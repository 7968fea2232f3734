/**
 * Differential test of the geo commands against a real Redis: random sequences of
 * geo-generator.ts (GEOADD, GEOPOS, GEOHASH, GEODIST, GEOSEARCH[STORE], GEORADIUS[BYMEMBER][_RO],
 * plus ZADD/ZREM/ZRANGE/SET/DEL around them) sent to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`, the shared e2e cluster), and
 *   (b) a `redis-server` this file starts on a free port (no persistence), then killed,
 * comparing the raw bytes of every reply, RESP2 or (a fifth of the commands) RESP3. Nothing is
 * sorted: every reply order, COUNT ANY's included, follows Redis's algorithm.
 *
 * One tolerance, counted and printed: a STOREDIST score (all 17 digits of a distance visible)
 * one ulp apart. glibc's sin/cos/asin misround about 1 in 1,000 arguments (near-ties), which this
 * project's correctly rounded ones do not follow (docs/geo.md). Everything else is byte for byte.
 *
 * Every sequence's keys share one hash tag. Skipped when `redis-server` is not on PATH.
 * Replay: GEO_SEED=<n> npx vitest run --project e2e test/e2e/geo-differential.test.ts
 * (GEO_RUNS, GEO_LENGTH change the amount).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RespReplyParser } from "../../src/resp/parser";
import type { Reply } from "../../src/resp/reply";
import { E2E } from "./global-setup";
import { GeoGenerator } from "./geo-generator";
import { redisServerAvailable, startRedis, tcpConn, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";

const env = process.env;
const SEED = env.GEO_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.GEO_SEED ?? 20260715);
const RUNS = Number(env.GEO_RUNS ?? 12);
const LENGTH = Number(env.GEO_LENGTH ?? 300);
const REPLAY = `GEO_SEED=${SEED} npx vitest run --project e2e test/e2e/geo-differential.test.ts`;
const TIMEOUT_MS = 15_000;

const parse = (wire: string): Reply => {
  const p = new RespReplyParser();
  p.push(Uint8Array.from(wire, (c) => c.charCodeAt(0)));
  const r = p.next();
  if (!r || !("t" in r)) throw new Error(`unparseable reply ${JSON.stringify(wire)}`);
  return r;
};

const scoreOf = (r: Reply): number | null => (r.t === "bulk" ? Number(r.v) : r.t === "double" ? r.v : null);

const F64 = new DataView(new ArrayBuffer(8));
const bitsOf = (x: number): bigint => (F64.setFloat64(0, x), F64.getBigInt64(0));

/** Whether two doubles are equal or adjacent. */
function withinUlp(a: number, b: number): boolean {
  if (a === b) return true;
  const d = bitsOf(a) - bitsOf(b);
  return Math.sign(a) === Math.sign(b) && d >= -1n && d <= 1n;
}

/** A ZRANGE ... WITHSCORES of a STOREDIST destination that differs only by one-ulp scores. */
function ulpApart(ours: string, theirs: string): boolean {
  const a = parse(ours);
  const b = parse(theirs);
  if (a.t !== "array" || b.t !== "array" || a.v.length !== b.v.length) return false;
  const flat = (r: Reply): Reply[] => (r.t === "array" ? r.v.flatMap((x) => (x.t === "array" ? x.v : [x])) : []);
  const fa = flat(a);
  const fb = flat(b);
  if (fa.length !== fb.length) return false;
  for (let i = 0; i < fa.length; i += 2) {
    const [ma, mb, sa, sb] = [fa[i]!, fb[i]!, scoreOf(fa[i + 1]!), scoreOf(fb[i + 1]!)];
    if (ma.t !== "bulk" || mb.t !== "bulk" || ma.v !== mb.v || sa === null || sb === null || !withinUlp(sa, sb)) return false;
  }
  return true;
}

describe.skipIf(!redisServerAvailable)(`geo differential: gateway vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  const ours = new Map<2 | 3, RespConn>();
  const theirs = new Map<2 | 3, RespConn>();

  beforeAll(async () => {
    redis = await startRedis();
    const url = `${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`;
    ours.set(2, await webSocketConn(url));
    ours.set(3, await webSocketConn(url));
    theirs.set(2, redis.conn);
    theirs.set(3, await tcpConn(redis.port));
    for (const side of [ours, theirs]) await side.get(3)!.send(["HELLO", "3"], TIMEOUT_MS);
  });

  afterAll(() => {
    for (const c of [...ours.values(), ...theirs.values()]) c.close();
    redis?.child.kill("SIGTERM");
  });

  it(`${RUNS} random sequences of ${LENGTH} geo commands reply byte for byte like Redis (seed ${SEED})`, async () => {
    console.log(`[geo-differential] seed=${SEED} runs=${RUNS} length=${LENGTH}  replay: ${REPLAY}`);
    let sent = 0;
    let ulpDiffs = 0;
    for (let run = 0; run < RUNS; run++) {
      const tag = `{geo${SEED}-${run}}`;
      const keys = { geo: [`${tag}g1`, `${tag}g2`], str: `${tag}s`, dst: `${tag}d` };
      const all = [...keys.geo, keys.str, keys.dst];
      for (const side of [ours, theirs]) await side.get(2)!.send(["DEL", ...all], TIMEOUT_MS);
      const gen = new GeoGenerator(SEED * 1000 + run, keys);
      const transcript: string[] = [];
      for (let i = 0; i < LENGTH; i++) {
        const { argv, resp } = gen.next();
        const a = await ours.get(resp)!.send(argv, TIMEOUT_MS);
        const b = await theirs.get(resp)!.send(argv, TIMEOUT_MS);
        sent++;
        const line = `${resp === 3 ? "[RESP3] " : ""}${argv.join(" ")}  ->  ${JSON.stringify(b).slice(0, 300)}`;
        if (a !== b) {
          if (argv[0] === "ZRANGE" && ulpApart(a, b)) {
            ulpDiffs++;
            transcript.push(`~~ ${line}   (project: ${JSON.stringify(a).slice(0, 300)})`);
            continue;
          }
          transcript.push(`!! ${line}   (project: ${JSON.stringify(a).slice(0, 300)})`);
          throw new Error(`the project differs from redis-server at "${argv.join(" ")}" (run ${run}, step ${i})\n${transcript.slice(-40).join("\n")}\nreplay: ${REPLAY}`);
        }
        transcript.push(`   ${line}`);
      }
    }
    console.log(`[geo-differential] ${sent} commands compared; ${ulpDiffs} STOREDIST score(s) one ulp apart (glibc's misrounding)`);
    expect(sent).toBe(RUNS * LENGTH);
  }, 900_000);
});
