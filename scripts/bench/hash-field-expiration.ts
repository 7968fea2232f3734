/**
 * Hash-field expiration benchmark: does the cost of a field-TTL command stay flat as the hash
 * grows, and how fast does the node's cron delete expired fields? Through the gateway REST API:
 *   - per size (SIZES, default 10k and 1M fields, every field with a TTL an hour away), the
 *     same command 100 times per `/pipeline` POST, one POST in flight: µs per command;
 *   - active expiry: EXPIRING fields given a 1 ms TTL in a fresh hash, then HLEN polled (it
 *     counts expired fields until they are deleted) until the hash is gone: fields deleted per s.
 *
 *   npx tsx scripts/bench/hash-field-expiration.ts
 *   SIZES=10000,200000 POSTS=20 npx tsx scripts/bench/hash-field-expiration.ts
 *
 * Saves the figures and the report in docs/bench/hash-field-expiration.json.
 */
import { benchCluster, markdownTable, round, runLine, saveRun, startRun } from "./lib";

const SIZES = (process.env.SIZES ?? "10000,1000000").split(",").map(Number);
const POSTS = Number(process.env.POSTS ?? 30);
const PIPE = 100;
const FIELDS_PER_CMD = 50;
const CMDS_PER_POST = 200;
const EXPIRING = Number(process.env.EXPIRING ?? 20000);
const HOUR_MS = 3_600_000;

type Cmd = string[];

async function pipeline(url: string, token: string, cmds: Cmd[]): Promise<unknown[]> {
  const res = await fetch(`${url}/pipeline`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(cmds) });
  const out = (await res.json()) as { result?: unknown; error?: string }[];
  const bad = out.find((r) => r.error !== undefined);
  if (!res.ok || bad) throw new Error(`pipeline: ${res.status} ${bad?.error ?? ""}`);
  return out.map((r) => r.result);
}

/** `size` fields f:0..f:size-1, each with a TTL `ttlMs` away, HSETEX FIELDS_PER_CMD at a time. */
async function fill(url: string, token: string, key: string, size: number, ttlMs: number): Promise<number> {
  const t0 = performance.now();
  const batch: Cmd[] = [];
  for (let i = 0; i < size; i += FIELDS_PER_CMD) {
    const n = Math.min(FIELDS_PER_CMD, size - i);
    const pairs = Array.from({ length: n }, (_, j) => [`f:${i + j}`, `v:${i + j}`]).flat();
    batch.push(["HSETEX", key, "PX", String(ttlMs), "FIELDS", String(n), ...pairs]);
    if (batch.length >= CMDS_PER_POST) await pipeline(url, token, batch.splice(0));
  }
  if (batch.length) await pipeline(url, token, batch);
  return (performance.now() - t0) / 1000;
}

const OPS: { name: string; make: (key: string, field: string) => Cmd }[] = [
  { name: "HEXPIRE 1 field", make: (k, f) => ["HEXPIRE", k, "3600", "FIELDS", "1", f] },
  { name: "HTTL 1 field", make: (k, f) => ["HTTL", k, "FIELDS", "1", f] },
  { name: "HGET (field with TTL)", make: (k, f) => ["HGET", k, f] },
  { name: "HGETEX PX 1 field", make: (k, f) => ["HGETEX", k, "PX", String(HOUR_MS), "FIELDS", "1", f] },
  { name: "HSETEX PX 1 field", make: (k, f) => ["HSETEX", k, "PX", String(HOUR_MS), "FIELDS", "1", f, "x"] },
  { name: "HPERSIST 1 field", make: (k, f) => ["HPERSIST", k, "FIELDS", "1", f] },
];

const fmt = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

async function main(): Promise<void> {
  const cluster = await benchCluster(Number(process.env.PORT ?? 18994));
  const { url, token } = cluster;
  const record = startRun(import.meta.url, { SIZES, POSTS, PIPE, EXPIRING, REDIS_URL: process.env.REDIS_URL ?? null });
  const perOp: Record<string, Record<number, number>> = {};
  const fills: Record<number, number> = {};
  let expiry = { fields: EXPIRING, seconds: 0, fieldsPerS: 0 };
  try {
    for (const size of SIZES) {
      const key = `hfe:${size}`;
      await pipeline(url, token, [["DEL", key]]);
      fills[size] = round(await fill(url, token, key, size, HOUR_MS), 1);
      console.error(`filled ${key}: ${size} fields in ${fills[size]} s`);
    }
    let seed = 1;
    const pick = (size: number) => `f:${(seed = (seed * 48271) % 2147483647) % size}`;
    for (const op of OPS) {
      for (const size of SIZES) {
        const key = `hfe:${size}`;
        await pipeline(url, token, Array.from({ length: PIPE }, () => op.make(key, pick(size)))); // warm-up
        const t0 = performance.now();
        for (let p = 0; p < POSTS; p++) await pipeline(url, token, Array.from({ length: PIPE }, () => op.make(key, pick(size))));
        (perOp[op.name] ??= {})[size] = Math.round(((performance.now() - t0) * 1000) / (POSTS * PIPE));
        console.error(`  ${op.name} @${fmt(size)}: ${perOp[op.name]![size]} µs/op pipelined`);
      }
    }
    await pipeline(url, token, [["DEL", "hfe:expiring"]]);
    await fill(url, token, "hfe:expiring", EXPIRING, 1);
    const t0 = performance.now();
    for (;;) {
      const [len] = (await pipeline(url, token, [["HLEN", "hfe:expiring"]])) as number[];
      if (len === 0) break;
      if (performance.now() - t0 > 600_000) throw new Error(`active expiry: ${len} fields left after 10 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    expiry = { fields: EXPIRING, seconds: round(seconds, 2), fieldsPerS: Math.round(EXPIRING / seconds) };
  } finally {
    await cluster.server?.stop();
  }
  const head = ["operation", ...SIZES.map((s) => `${fmt(s)} µs/op pipelined`), "largest / smallest"];
  const rows = OPS.map((op) => {
    const v = SIZES.map((s) => perOp[op.name]![s]!);
    return [op.name, ...v.map(String), `${(v.at(-1)! / v[0]!).toFixed(2)}×`];
  });
  const text = [
    runLine(record),
    `${POSTS} POSTs of ${PIPE} commands per figure, one in flight; fill: HSETEX of ${FIELDS_PER_CMD} fields, ${CMDS_PER_POST} per POST (${SIZES.map((s) => `${fmt(s)}: ${fills[s]} s`).join(", ")})`,
    "", markdownTable(head, rows), "",
    `active expiry: ${expiry.fields} fields given a 1 ms TTL were all deleted by the cron in ${expiry.seconds} s (${expiry.fieldsPerS} fields/s, HLEN polled every 100 ms)`,
  ].join("\n");
  console.log(`\n${text}`);
  saveRun(record, { fills, usPerOpPipelined: perOp, activeExpiry: expiry }, text);
}

await main();
