/**
 * Where a MIGRATE-driven reshard's time goes (issue #11): one fresh 3-master cluster on `wrangler
 * dev`, loaded with KEYS keys of ~1 KiB in slots 0..SLOTS-1 of the first master, those slots
 * opened (IMPORTING on the second master, MIGRATING on the first), then each step timed ROUNDS
 * times, each on keys not moved before:
 *   - a gateway round trip to one node (CLUSTER MYID): what every step of the CLI pays;
 *   - CLUSTER GETKEYSINSLOT of one slot;
 *   - MIGRATE of 1 key and of PIPELINE keys (one command, one request);
 *   - BATCH MIGRATEs of PIPELINE keys in one pipeline request (what the CLI sends per step).
 * From these: the node's cost per key moved (MIGRATE of PIPELINE keys minus a round trip), and how
 * much of a batch step is the request itself. There is no Redis side: this is a profile of ours.
 *
 *   KEYS=20000 SLOTS=1000 PIPELINE=10 BATCH=64 ROUNDS=5 npx tsx scripts/bench/migrate-steps.ts
 *
 * Markdown on stdout; the record in docs/bench/migrate-steps.json (or $BENCH_JSON).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyHashSlot } from "../../src/commands/slot";
import { nodeCommand, nodePipeline, type AdminOptions } from "../lib/admin";
import { startDevServer } from "../lib/dev-server";
import { create } from "../cluster";
import { cleanUpAtExit, markdownTable, percentile, round, runLine, saveRun, started, startRun } from "./lib";

const KEYS = Number(process.env.KEYS ?? 20_000);
const SLOTS = Number(process.env.SLOTS ?? 1000);
const PIPELINE = Number(process.env.PIPELINE ?? 10);
const BATCH = Number(process.env.BATCH ?? 64);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PORT = Number(process.env.PORT ?? 25790);
const TOKEN = process.env.REDIS_TOKEN ?? "dev-token";
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? "dev-admin-token";
const LOAD_CHUNK = 1000;

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);
cleanUpAtExit(log);

/** Key names in slots 0..SLOTS-1 (found by counting up), grouped by slot. */
function keysBySlot(): Map<number, string[]> {
  const by = new Map<number, string[]>();
  let made = 0;
  for (let i = 0; made < KEYS; i++) {
    const k = `ms:${i}`;
    const s = keyHashSlot(k);
    if (s >= SLOTS) continue;
    (by.get(s) ?? by.set(s, []).get(s)!).push(k);
    made++;
  }
  return by;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

const median = (xs: number[]) => round(percentile([...xs].sort((a, b) => a - b), 50), 2);

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { keys: KEYS, slots: SLOTS, pipeline: PIPELINE, batch: BATCH, rounds: ROUNDS, port: PORT });
  const persistTo = mkdtempSync(join(tmpdir(), "redis-do-migrate-steps-"));
  started.tempDirs.add(persistTo);
  const server = await startDevServer({ port: PORT, persistTo });
  started.servers.add(server);
  const opts: AdminOptions = { url: server.url, token: ADMIN_TOKEN };
  const stdout = console.log;
  console.log = console.error;
  const names = await create(opts, 3, 0).finally(() => (console.log = stdout));
  const [src, dst] = [names[0]!, names[1]!];
  const [srcId, dstId] = await Promise.all([src, dst].map(async (n) => String(await nodeCommand(opts, n, "CLUSTER", "MYID"))));
  const by = keysBySlot();
  const all = [...by.values()].flat();
  for (let i = 0; i < all.length; i += LOAD_CHUNK) {
    const res = await fetch(`${server.url}/pipeline`, {
      method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(all.slice(i, i + LOAD_CHUNK).map((k) => ["SET", k, k.padEnd(1024, "v")])),
    });
    await res.text();
  }
  log(`loaded ${all.length} keys in ${by.size} slots`);
  const slots = [...by.keys()];
  await nodePipeline(opts, dst, slots.map((s) => ["CLUSTER", "SETSLOT", s, "IMPORTING", srcId]));
  await nodePipeline(opts, src, slots.map((s) => ["CLUSTER", "SETSLOT", s, "MIGRATING", dstId]));
  // Keys not yet moved, n of one slot (MIGRATE's keys share a slot).
  const pool = [...by.values()].map((ks) => [...ks]);
  const take = (n: number) => {
    const ks = pool.find((p) => p.length >= n);
    if (!ks) throw new Error(`no slot has ${n} keys left: raise KEYS`);
    return ks.splice(0, n);
  };
  const migrate = (keys: string[]) => ["MIGRATE", dst, 6379, "", 0, 60_000, "KEYS", ...keys];
  const check = (r: { error?: string; result?: unknown }[]) => {
    const bad = r.find((x) => x.error !== undefined || x.result !== "OK");
    if (bad) throw new Error(`MIGRATE: ${JSON.stringify(bad)}`);
  };
  const steps: Record<string, number[]> = { roundTrip: [], getKeysInSlot: [], migrate1: [], migrateN: [], batch: [] };
  for (let r = 0; r < ROUNDS; r++) {
    steps.roundTrip!.push(await timed(() => nodeCommand(opts, src, "CLUSTER", "MYID")));
    steps.getKeysInSlot!.push(await timed(() => nodeCommand(opts, src, "CLUSTER", "GETKEYSINSLOT", slots[slots.length - 1 - r]!, PIPELINE)));
    steps.migrate1!.push(await timed(async () => check(await nodePipeline(opts, src, [migrate(take(1))]))));
    steps.migrateN!.push(await timed(async () => check(await nodePipeline(opts, src, [migrate(take(PIPELINE))]))));
    const cmds = Array.from({ length: BATCH }, () => migrate(take(PIPELINE)));
    steps.batch!.push(await timed(async () => check(await nodePipeline(opts, src, cmds))));
  }
  const m = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])) as Record<keyof typeof steps, number>;
  const perKeyMs = round((m.migrateN - m.roundTrip) / PIPELINE, 3);
  const perKeyBatchMs = round((m.batch - m.roundTrip) / (BATCH * PIPELINE), 3);
  const rows = [
    ["gateway round trip (CLUSTER MYID)", m.roundTrip.toFixed(2), ""],
    [`CLUSTER GETKEYSINSLOT (1 slot, count ${PIPELINE})`, m.getKeysInSlot.toFixed(2), ""],
    ["MIGRATE of 1 key", m.migrate1.toFixed(2), (m.migrate1 - m.roundTrip).toFixed(2)],
    [`MIGRATE of ${PIPELINE} keys`, m.migrateN.toFixed(2), `${perKeyMs} per key`],
    [`${BATCH} MIGRATEs of ${PIPELINE} keys, one request`, m.batch.toFixed(2), `${perKeyBatchMs} per key`],
  ];
  const text = [
    runLine(record),
    `${all.length} string keys of 1 KiB in slots 0-${SLOTS - 1} of the first of 3 masters, opened for a move to the second; medians of ${ROUNDS} rounds.`,
    "",
    markdownTable(["step", "ms (median)", "beyond a round trip, ms"], rows),
  ].join("\n");
  console.log(text);
  saveRun(record, { medians: m, perKeyMs, perKeyBatchMs, samples: steps }, text);
  await server.stop();
  started.servers.delete(server);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
