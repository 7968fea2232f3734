/**
 * Replication costs on wrangler dev (workerd, real alarms): full sync vs partial resync (bytes on
 * the wire and time to be in sync) for datasets of KEYS keys and gaps of GAPS bytes, and the
 * replication lag under a steady write load.
 *
 *   npx tsx scripts/bench/replication.ts      # KEYS=10000,100000 GAPS=1024,102400,10485760 LOAD_S=10
 *
 * Each dataset gets its own master (owning all slots) and replica (CLUSTER REPLICATE). A gap is
 * made with DEBUG REPL-PAUSE on the replica (it loses incoming replication messages, as in a partition) while
 * the master takes writes of that many stream bytes; the next write shows the replica the gap and
 * it PSYNCs. The gap actually written is a whole number of SETs (≥ the target); the bytes sent
 * to the replica are that gap, plus the trigger write twice (once dropped as out of order, once
 * in the +CONTINUE). Bytes are the replica's counters (INFO stats repl_*_bytes_received); times run from
 * CLUSTER REPLICATE (full) or the trigger write (partial) until the replica's offset equals the
 * master's. Prints a Markdown report (docs/benchmarks-replication.md quotes it) and saves it with
 * every row and lag sample in docs/bench/replication.json.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeCommand, parseInfo, sleep, type AdminOptions } from "../lib/admin";
import { startDevServer } from "../lib/dev-server";
import { markdownTable, percentile, round, runLine, saveRun, startRun } from "./lib";

const KEYS = (process.env.KEYS ?? "10000,100000").split(",").map(Number);
const GAPS = (process.env.GAPS ?? "1024,102400,10485760").split(",").map(Number);
const LOAD_S = Number(process.env.LOAD_S ?? 10);
const VALUE_BYTES = 100;
const PORT = Number(process.env.PORT ?? 18997);

let opts: AdminOptions;
const cmd = (name: string, ...args: (string | number)[]) => nodeCommand(opts, name, ...args);
const info = async (name: string, section: string) => parseInfo(String(await cmd(name, "INFO", section)));

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(pollMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function inSync(m: string, r: string): Promise<boolean> {
  const [mi, ri] = await Promise.all([info(m, "replication"), info(r, "replication")]);
  return ri.master_link_status === "up" && ri.slave_repl_offset === mi.master_repl_offset;
}

/** Stream bytes one `SET key value` costs: *3 $3 SET $len key $len value. */
function setBytes(key: string, value: string): number {
  const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`.length;
  return "*3\r\n".length + bulk("SET") + bulk(key) + bulk(value);
}

async function pair(m: string, r: string): Promise<void> {
  for (const n of [m, r]) {
    await cmd(n, "CONFIG", "SET", "cluster-writable-delay-ms", 0);
    await cmd(n, "CONFIG", "SET", "cluster-node-timeout", 2000);
  }
  await cmd(m, "CLUSTER", "ADDSLOTSRANGE", 0, 16383);
  await cmd(m, "CLUSTER", "SET-CONFIG-EPOCH", 1);
  await cmd(r, "CLUSTER", "MEET", m, 6379);
  await waitFor("the pair to agree", 60_000, async () => {
    for (const n of [m, r]) {
      const ci = parseInfo(String(await cmd(n, "CLUSTER", "INFO")));
      if (ci.cluster_state !== "ok" || ci.cluster_known_nodes !== "2") return false;
    }
    return true;
  }, 200);
}

/** N keys of VALUE_BYTES in one slot (MSET of 1000 keys per call). */
async function load(m: string, n: number): Promise<void> {
  const value = "v".repeat(VALUE_BYTES);
  for (let i = 0; i < n; i += 1000) {
    const args: string[] = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) args.push(`{d}:key:${j}`, value);
    await cmd(m, "MSET", ...args);
  }
}

interface Row { dataset: number; kind: string; gap: string; bytes: number; ms: number; digestOk: boolean }

async function replicaBytes(r: string): Promise<number> {
  const s = await info(r, "stats");
  return Number(s.repl_partial_sync_bytes_received) + Number(s.repl_stream_bytes_received) + Number(s.repl_snapshot_bytes_received);
}

async function digestsEqual(m: string, r: string): Promise<boolean> {
  return (await cmd(m, "DEBUG", "DIGEST")) === (await cmd(r, "DEBUG", "DIGEST"));
}

async function fullSync(m: string, r: string, dataset: number): Promise<Row> {
  const b0 = await replicaBytes(r);
  const t0 = performance.now();
  await cmd(r, "CLUSTER", "REPLICATE", String(await cmd(m, "CLUSTER", "MYID")));
  await waitFor("full sync", 600_000, () => inSync(m, r));
  const ms = performance.now() - t0;
  return { dataset, kind: "full sync", gap: "-", bytes: (await replicaBytes(r)) - b0, ms, digestOk: await digestsEqual(m, r) };
}

/** Writes `gap` stream bytes while the replica is partitioned, then measures the resync. */
async function partial(m: string, r: string, dataset: number, gap: number, round: number): Promise<Row> {
  await waitFor("sync before the gap", 60_000, () => inSync(m, r));
  const s0 = await info(m, "stats");
  const b0 = await replicaBytes(r);
  const valueLen = Math.max(1, Math.min(10_000, gap - 40));
  const value = "g".repeat(valueLen);
  // Partitioned until told otherwise (REPL-PAUSE 0), however long the writes take.
  await cmd(r, "DEBUG", "REPL-PAUSE", 3_600_000);
  let written = 0;
  for (let i = 0; written < gap; i++) {
    const key = `{d}:gap:${round}:${i}`;
    await cmd(m, "SET", key, value);
    written += setBytes(key, value);
  }
  await sleep(200); // the master's last (lost) deliveries
  await cmd(r, "DEBUG", "REPL-PAUSE", 0);
  const t0 = performance.now();
  await cmd(m, "SET", `{d}:trigger:${round}`, "1");
  await waitFor("partial resync", 600_000, () => inSync(m, r));
  const ms = performance.now() - t0;
  const s1 = await info(m, "stats");
  const kind = Number(s1.sync_full) > Number(s0.sync_full) ? "full sync (gap > backlog)" : "partial resync";
  return { dataset, kind, gap: `${fmtBytes(gap)} (${written} B written)`, bytes: (await replicaBytes(r)) - b0, ms, digestOk: await digestsEqual(m, r) };
}

/**
 * Steady writes (8 writers) for LOAD_S seconds. Lag in time comes from the master (INFO stats
 * repl_lag_ms_*: a write entering the stream → the replica's RPC that applied it returned); lag in
 * bytes is sampled as master_repl_offset − the replica's slave_repl_offset.
 */
async function lag(m: string, r: string): Promise<{ ops: number; bytesLag: number[]; p50: number; p99: number; max: number }> {
  const value = "w".repeat(VALUE_BYTES);
  await cmd(m, "DEBUG", "REPL-LAG-RESET");
  const end = Date.now() + LOAD_S * 1000;
  let ops = 0;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; Date.now() < end; i++) {
      await cmd(m, "SET", `{d}:load:${w}:${i % 1000}`, value);
      ops++;
    }
  });
  const bytesLag: number[] = [];
  const sampler = (async () => {
    while (Date.now() < end) {
      const [mi, ri] = await Promise.all([info(m, "replication"), info(r, "replication")]);
      bytesLag.push(Math.max(0, Number(mi.master_repl_offset) - Number(ri.slave_repl_offset)));
      await sleep(50);
    }
  })();
  await Promise.all([...writers, sampler]);
  const st = await info(m, "stats");
  return { ops: ops / LOAD_S, bytesLag, p50: Number(st.repl_lag_ms_p50), p99: Number(st.repl_lag_ms_p99), max: Number(st.repl_lag_ms_max) };
}

function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} B`;
}

const pct = (xs: number[], p: number): number => percentile([...xs].sort((a, b) => a - b), p);

/** A full sync's cost per key of the dataset: bytes to the replica and µs end to end. */
const perKey = (r: Row) => ({ keys: r.dataset, bytesPerKey: round(r.bytes / r.dataset, 1), usPerKey: round((r.ms * 1000) / r.dataset, 1) });

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { KEYS, GAPS, LOAD_S, VALUE_BYTES, writers: 8 });
  const loads: { keys: number; seconds: number }[] = [];
  const server = await startDevServer({
    port: PORT, persistTo: mkdtempSync(join(tmpdir(), "redis-do-repl-bench-")), vars: { DEBUG_COMMANDS: "true" },
  });
  opts = { url: server.url, token: process.env.ADMIN_TOKEN ?? "dev-admin-token" };
  const rows: Row[] = [];
  let lagResult: Awaited<ReturnType<typeof lag>> | null = null;
  try {
    for (const [i, n] of KEYS.entries()) {
      const m = `bench-m${i}`;
      const r = `bench-r${i}`;
      await pair(m, r);
      // Big enough for the largest gap: partial resyncs are what is measured here.
      await cmd(m, "CONFIG", "SET", "repl-backlog-size", Math.max(1024 * 1024, 2 * Math.max(...GAPS)));
      const t0 = performance.now();
      await load(m, n);
      loads.push({ keys: n, seconds: round((performance.now() - t0) / 1000, 2) });
      console.error(`loaded ${n} keys in ${loads.at(-1)!.seconds} s`);
      rows.push(await fullSync(m, r, n));
      console.error(JSON.stringify(rows.at(-1)));
      for (const [g, gap] of GAPS.entries()) {
        rows.push(await partial(m, r, n, gap, g));
        console.error(JSON.stringify(rows.at(-1)));
      }
      if (i === 0) {
        // The same 10 MiB-class gap with the default 1 MiB backlog: a full sync instead.
        await cmd(m, "CONFIG", "SET", "repl-backlog-size", 1024 * 1024);
        rows.push(await partial(m, r, n, Math.max(...GAPS), 99));
        console.error(JSON.stringify(rows.at(-1)));
        lagResult = await lag(m, r);
      }
    }
  } finally {
    await server.stop();
  }
  const fulls = rows.filter((r) => r.kind === "full sync").map(perKey);
  const lines = [
    runLine(record),
    "",
    markdownTable(["keys", "sync", "gap", "bytes to replica", "time to in-sync (ms)", "digests equal"],
      rows.map((r) => [String(r.dataset), r.kind, r.gap, `${r.bytes} (${fmtBytes(r.bytes)})`, r.ms.toFixed(0), r.digestOk ? "yes" : "NO"])),
    "",
    ...fulls.map((f) => `Full sync of ${f.keys} keys: ${f.bytesPerKey} bytes and ${f.usPerKey} µs per key.`),
  ];
  if (lagResult) {
    lines.push(
      "",
      `Steady load: 8 writers, SET of ${VALUE_BYTES}-byte values for ${LOAD_S} s over the admin REST route: ${lagResult.ops.toFixed(0)} writes/s.`,
      "",
      markdownTable(["replication lag", "p50", "p99", "max"], [
        [`bytes behind the master (sampled every ~50 ms, ${lagResult.bytesLag.length} samples)`,
          String(pct(lagResult.bytesLag, 50)), String(pct(lagResult.bytesLag, 99)), String(Math.max(...lagResult.bytesLag))],
        ["ms from the write entering the stream to the replica having applied it (last ≤1024 deliveries)",
          String(lagResult.p50), String(lagResult.p99), String(lagResult.max)],
      ]),
    );
  }
  console.log(lines.join("\n"));
  const rowsOut = rows.map((r) => ({ ...r, ms: round(r.ms, 1) }));
  const lagOut = lagResult && { ...lagResult, ops: round(lagResult.ops, 1), bytesLagP50: pct(lagResult.bytesLag, 50), bytesLagP99: pct(lagResult.bytesLag, 99) };
  saveRun(record, { loads, rows: rowsOut, fullSyncPerKey: fulls, lag: lagOut }, lines.join("\n"));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
