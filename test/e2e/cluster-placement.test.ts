/**
 * `scripts/cluster.ts create --locations` and `add-node --location` against a real `wrangler dev`
 * (its own port and storage): every node records the hint its first access carried, replicas away
 * from their master, `info` prints them, and a bad hint creates nothing. wrangler dev ignores the
 * hints themselves (everything runs here); what is checked is that each node got its hint in time.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeCommand, parseInfo } from "../../scripts/lib/admin";
import { startDevServer, type DevServer } from "../../scripts/lib/dev-server";
import { E2E } from "./global-setup";

// Its own wrangler dev, next to the shared one (E2E_PORT + 11: 18798 by default; +4..8 are the bridge and dashboard files).
const PORT = Number(process.env.E2E_PLACEMENT_PORT ?? E2E.port + 11);

/** Runs the CLI as an operator would; its exit code, stdout and stderr. */
async function cli(url: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "scripts/cluster.ts", ...args, "--url", url, "--token", E2E.adminToken], {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe("cluster create --locations", () => {
  let server: DevServer;
  let dir: string;
  const opts = () => ({ url: server.url, token: E2E.adminToken });
  const location = async (name: string) => parseInfo(String(await nodeCommand(opts(), name, "INFO", "server")));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "redis-do-placement-e2e-"));
    server = await startDevServer({ port: PORT, persistTo: dir, readyTimeoutMs: 90_000 });
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a bad location before touching any node", async () => {
    const r = await cli(server.url, "create", "--masters", "2", "--replicas", "1", "--locations", "wnam,atlantis");
    expect(r.code).toBe(1);
    expect(r.out).toContain("invalid location hint 'atlantis': expected one of wnam, enam, sam, weur, eeur, apac, oc, afr, me");
    expect(r.out).not.toContain("placing");
  });

  it("places masters round-robin and replicas in another location, each on its first access", async () => {
    const r = await cli(server.url, "create", "--masters", "2", "--replicas", "1", "--locations", "wnam,weur");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("placing node-0 (master) in wnam");
    expect(r.out).toContain("placing node-2 (replica) in weur");
    expect(r.out).not.toContain("[WARNING]");
    const want = { "node-0": "wnam", "node-1": "weur", "node-2": "weur", "node-3": "wnam" };
    for (const [name, hint] of Object.entries(want)) {
      const info = await location(name);
      expect([name, info.location_hint, info.location_hint_first_access]).toEqual([name, hint, "1"]);
    }
    // node-2 replicates node-0 and node-3 node-1: never in their master's location.
    expect(String(await nodeCommand(opts(), "node-2", "ROLE"))).toContain("node-0");
  }, 120_000);

  it("prints each node's location in info", async () => {
    const r = await cli(server.url, "info");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("node-0:6379 location wnam | replicas: node-2 weur");
    expect(r.out).toContain("node-1:6379 location weur | replicas: node-3 wnam");
  });

  it("add-node --location places the new node", async () => {
    const r = await cli(server.url, "add-node", "node-4", "--location", "apac", "--replica-of", "node-0");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("node-4 placed in apac");
    expect((await location("node-4")).location_hint).toBe("apac");
  }, 120_000);
});
