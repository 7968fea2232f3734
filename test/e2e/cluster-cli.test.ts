/**
 * The operator CLI (scripts/cluster.ts) against a real `wrangler dev`: grow 3 masters to 4 with
 * add-node + rebalance, shrink back with reshard + del-node, while a client keeps writing through
 * the gateway. Every write the gateway acknowledged must be readable at the end, and `check` clean.
 *
 * It runs its own wrangler dev (own port and storage) rather than the shared one of
 * global-setup.ts: it changes the slot layout, which the other e2e files assume fixed, and they
 * may run at the same time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "../../scripts/cluster";
import { check } from "../../scripts/lib/cluster-check";
import { CliError, type CliContext } from "../../scripts/lib/cluster-context";
import { addNode, delNode } from "../../scripts/lib/cluster-membership";
import { nodeCommand } from "../../scripts/lib/admin";
import { rebalance, reshard } from "../../scripts/lib/cluster-reshard";
import { loadCluster, masters } from "../../scripts/lib/cluster-view";
import { startDevServer, type DevServer } from "../../scripts/lib/dev-server";
import { Reporter } from "../../scripts/lib/reporter";
import { DEFAULT_MOVE } from "../../scripts/lib/slot-mover";
import { E2E } from "./global-setup";

const PORT = Number(process.env.E2E_CLI_PORT ?? 18797);

/** Writes fresh keys through the gateway until stopped; remembers the acknowledged ones. */
class Writer {
  readonly acked = new Map<string, string>();
  failed = 0;
  /** The first few errors, for the failure message. */
  readonly errors: string[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly url: string) {}

  start(): void {
    this.loop = (async () => {
      for (let i = 0; !this.stopped; i++) {
        const [key, value] = [`cli:w:${i}`, `v${i}`];
        const res = await fetch(`${this.url}/`, {
          method: "POST", headers: { authorization: `Bearer ${E2E.token}` }, body: JSON.stringify(["SET", key, value]),
        }).then((r) => r.json() as Promise<{ result?: string; error?: string }>).catch((e: unknown) => ({ result: undefined, error: String(e) }));
        if (res.result === "OK") this.acked.set(key, value);
        else {
          this.failed++;
          if (this.errors.length < 5) this.errors.push(res.error ?? "no result");
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}

async function readAll(url: string, keys: string[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const res = await fetch(`${url}/pipeline`, {
      method: "POST", headers: { authorization: `Bearer ${E2E.token}` },
      body: JSON.stringify(keys.slice(i, i + 500).map((k) => ["GET", k])),
    });
    out.push(...((await res.json()) as { result: string | null }[]).map((r) => r.result));
  }
  return out;
}

describe("operator CLI: 3 -> 4 -> 3 masters under writes", () => {
  let server: DevServer;
  let dir: string;
  let ctx: CliContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "redis-do-cli-e2e-"));
    server = await startDevServer({ port: PORT, persistTo: dir, readyTimeoutMs: 90_000 });
    await create({ url: server.url, token: E2E.adminToken }, 3, 0);
    ctx = {
      opts: { url: server.url, token: E2E.adminToken }, out: new Reporter(true), seed: "node-0",
      move: { ...DEFAULT_MOVE, pipeline: 50 },
    };
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Gossip spreads the last epochs after the moves: poll check until every node agrees. */
  async function checkClean(): Promise<void> {
    const deadline = Date.now() + 30_000;
    let report = await check(ctx);
    while (!report.ok && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      report = await check(ctx);
    }
    expect(report).toMatchObject({ ok: true, agree: true, openSlots: [], uncovered: [] });
  }

  it("adds node-3, rebalances, reshards back and deletes it; every acknowledged write survives", async () => {
    const writer = new Writer(server.url);
    writer.start();
    try {
      // A function library on every master: add-node copies it to the new master (as redis-cli does).
      const lib = "#!lua name=clilib\nredis.register_function('cli_get', function(keys) return redis.call('GET', keys[1]) end)";
      for (const m of ["node-0", "node-1", "node-2"]) await nodeCommand(ctx.opts, m, "FUNCTION", "LOAD", "REPLACE", lib);
      await addNode(ctx, "node-3");
      expect(JSON.stringify(await nodeCommand(ctx.opts, "node-3", "FUNCTION", "LIST"))).toContain("cli_get");
      const plan = await rebalance(ctx, { weights: [], useEmptyMasters: true, simulate: false });
      expect(plan.needed).toBe(true);
      let view = await loadCluster(ctx.opts, "node-0");
      expect(masters(view).map((m) => m.slots.length).sort()).toEqual([4096, 4096, 4096, 4096]);
      await checkClean();

      await expect(delNode(ctx, "node-3")).rejects.toThrow("[ERR] Node node-3:6379 is not empty! Reshard data away and try again.");
      await expect(delNode(ctx, "node-3")).rejects.toBeInstanceOf(CliError);

      // node-3 took the lowest slots of each master's range: giving back its lowest N slots to
      // each in turn restores the original layout exactly.
      for (const [to, n] of [["node-0", 1365], ["node-1", 1366], ["node-2", 1365]] as const) {
        await reshard(ctx, ["node-3"], to, n);
      }
      view = await loadCluster(ctx.opts, "node-0");
      expect(view.nodes.find((n) => n.name === "node-3")?.slots).toEqual([]);
      await delNode(ctx, "node-3");
    } finally {
      await writer.stop();
    }
    console.log(`writer: ${writer.acked.size} writes acknowledged, ${writer.failed} refused or failed`);
    expect(writer.acked.size).toBeGreaterThan(50);
    const keys = [...writer.acked.keys()];
    const values = await readAll(server.url, keys);
    const lost = keys.filter((k, i) => values[i] !== writer.acked.get(k));
    expect(lost).toEqual([]);

    await checkClean();
    const view = await loadCluster(ctx.opts, "node-0");
    expect(view.nodes.map((n) => n.name).sort()).toEqual(["node-0", "node-1", "node-2"]);
    expect(masters(view).map((m) => [m.name, m.slots[0], m.slots.at(-1)]).sort()).toEqual([
      ["node-0", 0, 5460], ["node-1", 5461, 10922], ["node-2", 10923, 16383],
    ]);
  }, 600_000);

  it("does the same with --atomic (atomic slot migration): no write refused, none lost", async () => {
    const atomic: CliContext = { ...ctx, move: { ...ctx.move, atomic: true } };
    const writer = new Writer(server.url);
    writer.start();
    try {
      await addNode(atomic, "node-4");
      await rebalance(atomic, { weights: [], useEmptyMasters: true, simulate: false });
      const view = await loadCluster(atomic.opts, "node-0");
      expect(masters(view).map((m) => m.slots.length).sort()).toEqual([4096, 4096, 4096, 4096]);
      for (const [to, n] of [["node-0", 1365], ["node-1", 1366], ["node-2", 1365]] as const) await reshard(atomic, ["node-4"], to, n);
      await delNode(atomic, "node-4");
    } finally {
      await writer.stop();
    }
    console.log(`writer (--atomic): ${writer.acked.size} writes acknowledged, ${writer.failed} refused or failed`, writer.errors);
    expect(writer.failed).toBe(0);
    const keys = [...writer.acked.keys()];
    const values = await readAll(server.url, keys);
    expect(keys.filter((k, i) => values[i] !== writer.acked.get(k))).toEqual([]);
    await checkClean();
  }, 600_000);
});
