/**
 * Location hints through the gateway (src/gateway/placement.ts): an admin `/node/<name>` request
 * with `x-location-hint` reaches the node through `NODE.get(id, { locationHint })` and the node
 * records it (INFO server). Miniflare ignores the hint itself, so these tests check the plumbing:
 * the option reaching `NODE.get`, what the node stores, and the refusal of a bad hint.
 */
import { describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { listDurableObjectIds } from "cloudflare:test";
import app from "../../src/gateway/app";
import type { GatewayEnv } from "../../src/gateway/gateway-env";

const ADMIN = "test-admin";
const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;

function nodeRequest(name: string, cmd: string[], hint?: string, token = ADMIN): Request {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  if (hint !== undefined) headers["x-location-hint"] = hint;
  return new Request(`http://gw/node/${name}`, { method: "POST", headers, body: JSON.stringify(cmd) });
}

async function infoServer(name: string): Promise<Record<string, string>> {
  const res = await gw.fetch(nodeRequest(name, ["INFO", "server"]));
  const text = ((await res.json()) as { result: string }).result;
  return Object.fromEntries(text.split("\r\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]));
}

const knownIds = async (): Promise<string[]> => (await listDurableObjectIds(env.NODE)).map((id) => id.toString());

describe("x-location-hint on /node/<name>", () => {
  it("passes the hint to NODE.get on the node's first access", async () => {
    const seen: { name: string; hint?: string }[] = [];
    const real = env.NODE;
    const names = new Map<string, string>();
    const spy: GatewayEnv["NODE"] = {
      idFromName: (name) => {
        const id = real.idFromName(name);
        names.set(id.toString(), name);
        return id;
      },
      get: (id, opts) => {
        seen.push({ name: names.get(id.toString()) ?? "?", hint: opts?.locationHint });
        return real.get(id, opts);
      },
    };
    const res = await app.fetch(nodeRequest("pl-spy", ["PING"], "weur"), { ...(env as unknown as GatewayEnv), NODE: spy });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: "PONG" });
    // The hinted get comes first: it is the object's first access.
    expect(seen[0]).toEqual({ name: "pl-spy", hint: "weur" });
  });

  it("records the hint on the node (INFO server) and answers it in headers", async () => {
    const res = await gw.fetch(nodeRequest("pl-a", ["DBSIZE"], "apac"));
    expect(await res.json()).toEqual({ result: 0 });
    expect(res.headers.get("x-location-hint")).toBe("apac");
    expect(res.headers.get("x-location-hint-first-access")).toBe("1");
    const info = await infoServer("pl-a");
    expect(info.location_hint).toBe("apac");
    expect(info.location_hint_first_access).toBe("1");
  });

  it("keeps the first hint: a later one cannot move the object", async () => {
    await gw.fetch(nodeRequest("pl-b", ["PING"], "wnam"));
    const res = await gw.fetch(nodeRequest("pl-b", ["PING"], "oc"));
    expect(res.headers.get("x-location-hint")).toBe("wnam");
    expect((await infoServer("pl-b")).location_hint).toBe("wnam");
  });

  it("says when the hint came after the node's first access", async () => {
    await gw.fetch(nodeRequest("pl-late", ["PING"]));
    const res = await gw.fetch(nodeRequest("pl-late", ["PING"], "eeur"));
    expect(res.headers.get("x-location-hint-first-access")).toBe("0");
    const info = await infoServer("pl-late");
    expect(info.location_hint).toBe("eeur");
    expect(info.location_hint_first_access).toBe("0");
  });

  it("shows no hint for a node placed without one", async () => {
    expect((await infoServer("pl-none")).location_hint).toBe("");
  });

  it("refuses a bad hint with a clear error and creates nothing", async () => {
    const res = await gw.fetch(nodeRequest("pl-bad", ["SET", "k", "v"], "mars"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "ERR invalid location hint 'mars': expected one of wnam, enam, sam, weur, eeur, apac, oc, afr, me" });
    expect(await knownIds()).not.toContain(env.NODE.idFromName("pl-bad").toString());
  });

  it("needs the admin token", async () => {
    const res = await gw.fetch(nodeRequest("pl-data", ["PING"], "weur", "test-token"));
    expect(res.status).toBe(403);
    expect(await knownIds()).not.toContain(env.NODE.idFromName("pl-data").toString());
  });
});
