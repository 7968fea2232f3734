/**
 * Differential test of SORT and SORT_RO against a real Redis in cluster mode: random lists, sets
 * and sorted sets of mixed numeric and alphabetic content (hex, signs, spaces, inf, nan, empty
 * strings, NUL bytes in lists), sorted with random ASC/DESC/ALPHA/LIMIT/BY/GET/STORE options
 * (including malformed ones and the patterns a cluster refuses), STORE results read back with
 * LRANGE/TYPE/TTL, and WRONGTYPE collisions with a string and a hash.
 *
 * What Redis leaves unordered is compared as a multiset: SORT ... BY nosort of a set without
 * STORE (its hash table's order). Not generated: ERANGE numbers (1e400, 1e-310), since Redis's
 * sort never clears errno and a later sort of valid numbers on that server fails too; NUL bytes in
 * set and sorted-set members, whose ALPHA ties Redis leaves in hash-table order.
 * Replay: SORT_DIFF_SEED=<n> (SORT_DIFF_RUNS, SORT_DIFF_LENGTH).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { E2E } from "./global-setup";
import { redisServerAvailable, webSocketConn, type RespConn } from "./resp-conn";
import { compareSteps, Rng, sortedArray, startClusterRedis, type ClusterRedis, type Step } from "./family-differential";

const env = process.env;
const SEED = env.SORT_DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.SORT_DIFF_SEED ?? 20250716);
const RUNS = Number(env.SORT_DIFF_RUNS ?? 40);
const LENGTH = Number(env.SORT_DIFF_LENGTH ?? 80);
const REPLAY = `SORT_DIFF_SEED=${SEED} npx vitest run --project e2e test/e2e/sort-differential.test.ts`;

const ELEMENTS = [
  "1", "-2", "3.5", "10", "1e3", "0x10", " 7", "inf", "-inf", "nan", "abc", "B", "a", "", "007", "+5", "5 ", "2.0",
  "-0", "0", "1e30", "Z", "zz", "a b", "9223372036854775807", "-1.5e-3", "0.1", "é", "\xff",
];
const LIST_ONLY = ["a\0b", "a\0c", "1\0x", "a\0"];

function sortCommand(rng: Rng, keys: Record<string, string>): Step {
  const key = rng.pick([keys.list!, keys.list!, keys.set!, keys.zset!, keys.zset!, keys.str!, keys.hash!, keys.none!, keys.dst!]);
  const ro = rng.chance(0.2);
  const argv = [ro ? "SORT_RO" : "SORT", key];
  for (let n = rng.int(5); n > 0; n--) {
    const o = rng.next();
    if (o < 0.2) argv.push(rng.pick(["ASC", "DESC", "desc"]));
    else if (o < 0.4) argv.push(rng.pick(["ALPHA", "alpha"]));
    else if (o < 0.55) argv.push("LIMIT", rng.pick(["0", "1", "2", "-1", "-5", "100", "x", "3"]), rng.pick(["0", "1", "2", "-1", "-3", "100", "5", "1.5"]));
    else if (o < 0.7) argv.push("BY", rng.pick(["nosort", "nosort", "w_*", "a\0*", "x", "w_*->f"]));
    else if (o < 0.8) argv.push("STORE", rng.pick([keys.dst!, keys.dst!, keys.list!]));
    else if (o < 0.85) argv.push("GET", rng.pick(["#", "w_*"]));
    else if (o < 0.88) argv.push(rng.pick(["FOO", "LIMIT", "BY", "GET"]));
    else argv.push(rng.pick(["DESC", "ALPHA", "ASC"]));
  }
  // A bare STORE only last: before another word, that word would be a key in another slot (CROSSSLOT
  // on Redis, a cross-node command through this gateway).
  if (rng.chance(0.03)) argv.push("STORE");
  // A set's own order is its hash table's in Redis: compare as a multiset, and never cut it with LIMIT.
  const o = scanOptions(argv, ro);
  const nativeSet = key === keys.set && o.by && !o.store;
  if (nativeSet && o.limit) argv.splice(2);
  return nativeSet ? { argv, canon: sortedArray } : { argv };
}

/** Which options SORT's parser takes from `argv` (it stops at the first word it does not know). */
function scanOptions(argv: string[], ro: boolean): { by: boolean; store: boolean; limit: boolean } {
  const seen = { by: false, store: false, limit: false };
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const left = argv.length - j - 1;
    if (opt === "asc" || opt === "desc" || opt === "alpha") continue;
    if (opt === "limit" && left >= 2) (seen.limit = true), (j += 2);
    else if (opt === "store" && !ro && left >= 1) (seen.store = true), j++;
    else if ((opt === "by" || opt === "get") && left >= 1) (seen.by ||= opt === "by"), j++;
    else break;
  }
  return seen;
}

function sequence(rng: Rng, tag: string): Step[] {
  const keys: Record<string, string> = Object.fromEntries(["list", "set", "zset", "str", "hash", "none", "dst"].map((k) => [k, `${tag}${k}`]));
  const some = (from: string[], max: number) => Array.from({ length: 1 + rng.int(max) }, () => rng.pick(from));
  const steps: Step[] = [];
  for (let i = 0; i < LENGTH; i++) {
    const r = rng.next();
    if (r < 0.1) steps.push({ argv: [rng.pick(["RPUSH", "LPUSH"]), keys.list!, ...some([...ELEMENTS, ...LIST_ONLY], 6)] });
    else if (r < 0.18) steps.push({ argv: ["SADD", keys.set!, ...some(ELEMENTS, 6)] });
    else if (r < 0.26) steps.push({ argv: ["ZADD", keys.zset!, ...some(ELEMENTS, 4).flatMap((m) => [rng.pick(["1", "2", "-1", "0", "3.5"]), m])] });
    else if (r < 0.28) steps.push({ argv: ["DEL", rng.pick(Object.values(keys))] });
    else if (r < 0.3) steps.push({ argv: ["SET", keys.str!, rng.pick(ELEMENTS)] });
    else if (r < 0.31) steps.push({ argv: ["HSET", keys.hash!, "f", "v"] });
    else if (r < 0.36) steps.push({ argv: ["LRANGE", keys.dst!, "0", "-1"] });
    else if (r < 0.38) steps.push({ argv: ["EXPIRE", keys.dst!, "100"] });
    else if (r < 0.4) steps.push({ argv: [rng.pick(["TTL", "TYPE"]), keys.dst!] });
    else if (r < 0.42) steps.push({ argv: ["SORT"] });
    else steps.push(sortCommand(rng, keys));
  }
  steps.push({ argv: ["LRANGE", keys.dst!, "0", "-1"] }, { argv: ["LRANGE", keys.list!, "0", "-1"] });
  return steps;
}

describe.skipIf(!redisServerAvailable)(`SORT differential: gateway vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: ClusterRedis | undefined;
  let project: RespConn | undefined;

  beforeAll(async () => {
    redis = await startClusterRedis();
    project = await webSocketConn(`${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`);
  });

  afterAll(() => {
    project?.close();
    redis?.stop();
  });

  it(`${RUNS} random sequences of ${LENGTH} commands reply byte for byte like Redis (seed ${SEED})`, async () => {
    console.log(`[sort-differential] seed=${SEED} runs=${RUNS} length=${LENGTH}  replay: ${REPLAY}`);
    const rng = new Rng(SEED);
    let commands = 0;
    for (let run = 0; run < RUNS; run++) {
      const tag = `{sort${SEED}-${run}}`;
      const steps = sequence(rng, tag);
      const keys = ["list", "set", "zset", "str", "hash", "none", "dst"].map((k) => tag + k);
      for (const side of [project!, redis!.conn]) await side.send(["DEL", ...keys]);
      commands += await compareSteps(project!, redis!.conn, steps, `${REPLAY} (sequence ${run})`);
    }
    console.log(`[sort-differential] ${commands} commands compared`);
    expect(commands).toBeGreaterThanOrEqual(RUNS * LENGTH);
  }, 900_000);
});
