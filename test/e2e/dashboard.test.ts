/**
 * The live dashboard (GET /dashboard, src/dashboard/) in a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core), against `wrangler dev` with a 3-master + 3-replica
 * cluster of this file's own (the shared e2e cluster has no replicas) on E2E_DASHBOARD_PORT,
 * default E2E_PORT + 8 (clear of bridge-tools.test.ts's + 4..7). The page asks for the admin
 * token, keeps it in sessionStorage (never in the URL, never in a cookie), shows 3 masters,
 * 3 replicas and 16384 assigned slots, and a slot migration in progress; when a master is halted
 * (DEBUG HALT), its replica's row turns master, the old one fail, and the events show the
 * failover, within a few seconds. The screenshot in the README (docs/dashboard.png) is taken here.
 * Skipped, with the reason printed, only when no Chromium is installed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { startDevServer, type DevServer } from "../../scripts/lib/dev-server";
import { create } from "../../scripts/cluster";
import { events, eventsTail } from "../../scripts/lib/cluster-events";
import type { CliContext } from "../../scripts/lib/cluster-context";
import { Reporter } from "../../scripts/lib/reporter";
import { DEFAULT_MOVE } from "../../scripts/lib/slot-mover";
import { E2E } from "./global-setup";

const PORT = Number(process.env.E2E_DASHBOARD_PORT ?? E2E.port + 8);
/** A short node timeout, so the failover fits well within the wait below (15 s by default). */
const NODE_TIMEOUT_MS = 3000;
const FAILOVER_WAIT_MS = 30_000;
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT ?? "docs/dashboard.png";

function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim() || null;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const executable = findChromium();
if (!executable) console.log("[dashboard e2e] skipped: no chromium, chromium-browser or google-chrome on PATH (apt-get install chromium)");

describe.skipIf(!executable)("dashboard in headless Chromium", { timeout: 240_000 }, () => {
  let server: DevServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), "redis-do-dashboard-"));
  const text = (id: string) => page.getByTestId(id).textContent();
  const attr = (node: string, name: string) => page.locator(`tr[data-node="${node}"]`).getAttribute(name, { timeout: 1000 }).catch(() => null);

  beforeAll(async () => {
    server = await startDevServer({ port: PORT, persistTo: dir, readyTimeoutMs: 90_000, vars: { CLUSTER_NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS) } });
    await create({ url: server.url, token: E2E.adminToken }, 3, 1);
    browser = await chromium.launch({ executablePath: executable!, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("asks for the admin token, then shows 3 masters, 3 replicas and 16384 assigned slots", async () => {
    await page.goto(`${server!.url}/dashboard`);
    await expect.poll(() => page.getByTestId("login").isVisible()).toBe(true);
    await page.getByTestId("token").fill("not-the-token");
    await page.getByTestId("login-button").click();
    await expect.poll(() => page.locator("#login-error").textContent()).toMatch(/refused/);
    await page.getByTestId("token").fill(E2E.adminToken);
    await page.getByTestId("login-button").click();
    await expect.poll(() => text("masters"), { timeout: 15_000 }).toBe("3");
    await expect.poll(() => text("replicas")).toBe("3");
    await expect.poll(() => text("slots-assigned")).toBe("16384");
    expect(await page.locator("tr[data-role=master]").count()).toBe(3);
    expect(await page.locator("tr[data-role=replica]").count()).toBe(3);
    // The token is in sessionStorage only: not in the URL, not in a cookie; a reload stays logged in.
    expect(page.url()).toBe(`${server!.url}/dashboard`);
    expect(page.url()).not.toContain(E2E.adminToken);
    expect(await page.evaluate("sessionStorage.getItem('dashboard-admin-token')")).toBe(E2E.adminToken);
    expect(await page.context().cookies()).toEqual([]);
    await page.reload();
    await expect.poll(() => text("masters"), { timeout: 15_000 }).toBe("3");
    expect(await page.getByTestId("login").isVisible()).toBe(false);
  });

  it("highlights a slot migration in progress (SETSLOT IMPORTING/MIGRATING) until it is closed", async () => {
    const node = (name: string, ...argv: string[]) => fetch(`${server!.url}/node/${name}`, {
      method: "POST", headers: { Authorization: `Bearer ${E2E.adminToken}` }, body: JSON.stringify(argv),
    }).then((r) => r.json() as Promise<{ result?: unknown; error?: string }>);
    const [id1, id2] = [(await node("node-1", "CLUSTER", "MYID")).result as string, (await node("node-2", "CLUSTER", "MYID")).result as string];
    expect(await node("node-2", "CLUSTER", "SETSLOT", "6000", "IMPORTING", id1)).toEqual({ result: "OK" });
    expect(await node("node-1", "CLUSTER", "SETSLOT", "6000", "MIGRATING", id2)).toEqual({ result: "OK" });
    const listed = page.locator('#migrations [data-migration="setslot"]');
    await expect.poll(() => listed.textContent(), { timeout: 10_000 }).toBe("setslot node-1 -> node-2: 6000 (open)");
    expect(await page.locator('#slot-bar .mig[data-migration="setslot"]').count()).toBe(1);
    for (const name of ["node-1", "node-2"]) expect(await node(name, "CLUSTER", "SETSLOT", "6000", "STABLE")).toEqual({ result: "OK" });
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(0);
  });

  it("shows the replica promoted, the halted master failed and the failover's events", async () => {
    // node-3 replicates node-0 (create: replica r follows master r mod 3).
    expect(await attr("node-3", "data-role")).toBe("replica");
    const halt = await fetch(`${server!.url}/node/node-0`, {
      method: "POST", headers: { Authorization: `Bearer ${E2E.adminToken}` }, body: JSON.stringify(["DEBUG", "HALT", "120"]),
    });
    expect(await halt.json()).toEqual({ result: "OK" });
    const haltedAt = Date.now();
    await expect.poll(() => attr("node-3", "data-role"), { timeout: FAILOVER_WAIT_MS, interval: 250 }).toBe("master");
    await expect.poll(() => attr("node-0", "data-health"), { timeout: FAILOVER_WAIT_MS, interval: 250 }).toBe("fail");
    const events = page.getByTestId("events");
    await expect.poll(() => events.locator('li[data-event="promotion"][data-node="node-3"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await events.locator('li[data-event="fail"]').count()).toBeGreaterThan(0);
    expect(await events.locator('li[data-event="election-won"][data-node="node-3"]').count()).toBe(1);
    expect(await text("masters")).toBe("3"); // node-3 replaces node-0, which is failed
    expect(await text("slots-assigned")).toBe("16384");
    console.log(`[dashboard e2e] failover shown ${Date.now() - haltedAt} ms after DEBUG HALT (cluster-node-timeout ${NODE_TIMEOUT_MS} ms)`);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(page.url()).not.toContain(E2E.adminToken);
  });

  it("the CLI prints the same events: `cluster events` and the tail of `cluster info`", async () => {
    const lines: string[] = [];
    const sink = { write: (s: string) => lines.push(s) };
    const out = new Reporter(false, sink as unknown as typeof process.stdout, sink as unknown as typeof process.stderr);
    const ctx: CliContext = { opts: { url: server!.url, token: E2E.adminToken }, out, seed: "node-1", move: DEFAULT_MOVE };
    const list = await events(ctx, 200);
    expect(list.some((e) => e.event === "promotion" && e.node === "node-3" && e.formerMaster === "node-0")).toBe(true);
    expect(lines.some((l) => / node-3 promotion epoch=\d+ formerMaster=node-0 /.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("[WARNING] Node node-0 did not answer"))).toBe(true);
    lines.length = 0;
    const tail = await eventsTail(ctx);
    expect(tail.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^>>> Last \d+ cluster events/);
  });
});
