/**
 * Cross-node commands (issue: one database): what atomicity across nodes costs. Through the
 * gateway's REST API of a local 3-master cluster, side by side in one run, the same commands with
 * their keys on one node (same hash tag: the plain single-node path), on two nodes, and on three:
 *   - INCR of one key (the path every single-node command takes, for reference);
 *   - SUNIONSTORE dst a b (10-member sets);
 *   - RENAME a b, back and forth;
 *   - MULTI/EXEC (/multi-exec) of one INCR per key.
 * A two-node command is one gateway→coordinator call, plus one lock round trip per other node
 * (in node-name order) before the reply; the commits to other nodes leave after the reply.
 *
 *   npx tsx scripts/bench/cross-node.ts                    # starts its own wrangler dev cluster
 *   N=500 ROUNDS=3 CONCURRENCY=8 npx tsx scripts/bench/cross-node.ts
 *
 * Saves the figures and the report in docs/bench/cross-node.json.
 */
import { keyHashSlot } from "../../src/commands/slot";
import { slotRanges } from "../cluster";
import { benchCluster, markdownTable, measure, runLine, saveRun, startRun, stats, type Sample } from "./lib";

const N = Number(process.env.N ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const MASTERS = 3;
/** RENAME pairs: an op's pair comes back only after PAIRS ops, far more than are in flight. */
const PAIRS = 64;

type Cmd = (string | number)[];

async function post(url: string, token: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  const r = JSON.parse(text) as { error?: string } | { error?: string }[];
  const bad = Array.isArray(r) ? r.find((x) => x.error !== undefined) : r.error !== undefined ? r : undefined;
  if (bad) throw new Error(`${JSON.stringify(body).slice(0, 120)}: ${bad.error}`);
  return r;
}

/** Master i of the even split that `create` made. */
function masterOf(key: string): number {
  const slot = keyHashSlot(key);
  return slotRanges(MASTERS).findIndex(([lo, hi]) => slot >= lo && slot <= hi);
}

/** `count` key names, the i-th on master `nodes[i]` (all on master 0 with a shared hash tag when `sameNode`). */
function keysOn(prefix: string, nodes: number[], sameNode: boolean): string[] {
  return nodes.map((m, i) => {
    if (sameNode) return `{${prefix}}:${i}`;
    for (let j = 0; ; j++) if (masterOf(`${prefix}:${i}:${j}`) === m) return `${prefix}:${i}:${j}`;
  });
}

const LAYOUTS: [string, number[], boolean][] = [["one node", [0, 0, 0], true], ["two nodes", [0, 1, 1], false], ["three nodes", [0, 1, 2], false]];

interface Case {
  name: string;
  setup(): Promise<void>;
  op(i: number): Promise<unknown>;
}

async function main(): Promise<void> {
  const record = startRun(import.meta.url, { N, CONCURRENCY, MASTERS, ROUNDS });
  const cluster = await benchCluster(18997);
  const { url, token } = cluster;
  const call = (c: Cmd): Promise<unknown> => post(url, token, "/", c.map(String));
  const members = Array.from({ length: 10 }, (_, i) => `m${i}`);
  const cases: Case[] = [];
  for (const [layout, nodes, same] of LAYOUTS) {
    const incr = keysOn(`in:${layout}`, nodes, same);
    if (layout === "one node") cases.push({ name: "INCR (one key)", setup: async () => {}, op: () => call(["INCR", incr[0]!]) });
    const [a, b, dst] = keysOn(`su:${layout}`, nodes, same) as [string, string, string];
    cases.push({
      name: `SUNIONSTORE, ${layout}`,
      setup: async () => {
        await call(["SADD", a, ...members]);
        await call(["SADD", b, ...members.map((m) => `${m}b`)]);
      },
      op: () => call(["SUNIONSTORE", dst, a, b]),
    });
    if (layout !== "three nodes") {
      const pairs = Array.from({ length: PAIRS }, (_, p) => keysOn(`rn:${layout}:${p}`, nodes.slice(0, 2), same) as [string, string]);
      cases.push({
        name: `RENAME, ${layout}`,
        setup: async () => {
          for (const [x, y] of pairs) await post(url, token, "/pipeline", [["DEL", y], ["SET", x, "v"]]);
        },
        op: async (i) => {
          const [x, y] = pairs[i % PAIRS]!;
          const forth = Math.floor(i / PAIRS) % 2 === 0;
          await call(["RENAME", forth ? x : y, forth ? y : x]);
        },
      });
    }
    cases.push({ name: `MULTI INCR×3, ${layout}`, setup: async () => {}, op: () => post(url, token, "/multi-exec", incr.map((k) => ["INCR", k])) });
  }
  // Rounds interleave the cases, so drift on a shared machine does not pass for a difference; best round kept.
  const best = new Map<string, Sample>();
  const rounds: { round: number; name: string; stats: ReturnType<typeof stats> }[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of cases) {
        await c.setup();
        const s = await measure(c.name, N, CONCURRENCY, (i) => c.op(i).then(() => 1));
        rounds.push({ round, name: c.name, stats: stats(s) });
        const prev = best.get(c.name);
        if (!prev || s.ops / s.seconds > prev.ops / prev.seconds) best.set(c.name, s);
        console.error(`round ${round}: ${c.name}: ${stats(s).opsPerS} ops/s`);
      }
    }
  } finally {
    await cluster.server?.stop();
  }
  const samples = cases.map((c) => best.get(c.name)!);
  const rows = samples.map((s) => {
    const st = stats(s);
    return [s.name, String(st.opsPerS), st.p50Ms.toFixed(2), st.p99Ms.toFixed(2)];
  });
  const text = [
    `# Cross-node commands through the gateway (${MASTERS} masters, REST, ${CONCURRENCY} in flight, ${N} ops each, best of ${ROUNDS} interleaved rounds)`,
    runLine(record), "",
    markdownTable(["command, keys on", "ops/s", "p50 ms", "p99 ms"], rows),
  ].join("\n");
  console.log(text);
  saveRun(record, { best: samples.map((s) => ({ name: s.name, ...stats(s) })), rounds }, text);
}

await main();
