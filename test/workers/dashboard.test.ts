/**
 * The dashboard's routes with real node Durable Objects (src/dashboard/): /admin/overview fans
 * out to every node (found from the seed node-0's view) and folds their answers; /admin/events
 * merges every node's event history newest first; both need the admin token; a halted node is
 * reported unreachable while the others still answer; /dashboard is the self-contained page.
 */
import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import type { ClusterEvent } from "../../src/events/cluster-event";
import type { Overview } from "../../src/dashboard/overview";
import { formCluster } from "./cluster-helpers";
import { at } from "./replication-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const NODES = ["node-0", "dash-1", "dash-2"];

const get = (path: string, token?: string): Promise<Response> =>
  gw.fetch(new Request(`http://gw${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {}));

describe("dashboard routes", { timeout: 60_000 }, () => {
  it("serves the overview, the merged events and the page; refuses without the admin token", async () => {
    await formCluster(NODES);

    const o = (await (await get("/admin/overview", "test-admin")).json()) as Overview;
    expect(o.counts).toMatchObject({ masters: 3, replicas: 0, slotsAssigned: 16384, failing: 0, unreachable: 0 });
    const byName = [...o.nodes].sort((a, b) => NODES.indexOf(a.name) - NODES.indexOf(b.name));
    expect(byName.map((n) => [n.name, n.role, n.health])).toEqual(NODES.map((n) => [n, "master", "ok"]));
    expect(o.slots.map(([, , owner]) => owner)).toEqual(NODES);
    expect(o.nodes.every((n) => n.configEpoch >= 1 && n.currentEpoch === 3 && n.link === "2/2")).toBe(true);
    // Each node saw the others' slots arrive: slots-moved events from every node, merged.
    expect(new Set(o.events.filter((e) => e.event === "slots-moved").map((e) => e.node))).toEqual(new Set(NODES));

    const r = await get("/admin/events?count=4", "test-admin");
    expect(r.status).toBe(200);
    const { events, unreachable } = (await r.json()) as { events: ClusterEvent[]; unreachable: unknown[] };
    expect(events).toHaveLength(4);
    expect(unreachable).toEqual([]);
    const ts = events.map((e) => e.ts);
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
    expect(events[0]).toMatchObject({ event: expect.any(String), node: expect.any(String), nodeId: expect.stringMatching(/^[0-9a-f]{40}$/) });

    expect((await get("/admin/overview")).status).toBe(401);
    expect((await get("/admin/overview", "test-token")).status).toBe(403);
    expect((await get("/admin/events", "test-token")).status).toBe(403);
    expect((await get("/admin/events?count=-1", "test-admin")).status).toBe(400);

    const page = await get("/dashboard");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const html = await page.text();
    expect(html).toContain('data-testid="login"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing loaded from elsewhere
  });

  it("reports a halted node unreachable while the others answer", async () => {
    expect(await at("dash-2", "DEBUG", "HALT", 30)).toBe("OK");
    const o = (await (await get("/admin/overview", "test-admin")).json()) as Overview;
    const halted = o.nodes.find((n) => n.name === "dash-2")!;
    expect(halted).toMatchObject({ role: "master", health: "unreachable", error: expect.stringMatching(/halted/) });
    expect(o.counts.unreachable).toBe(1);
    expect(o.nodes.filter((n) => n.health === "ok").map((n) => n.name).sort()).toEqual(["dash-1", "node-0"]);
  });
});
