/**
 * The gateway's slot map after a node left the cluster (del-node): a slot handed back from the
 * leaving node while no client touched it keeps pointing there in the map (MOVED corrects the map
 * slot by slot, and a full refresh only follows a MOVED). Once the node is CLUSTER RESET it knows no
 * slot and answers "CLUSTERDOWN Hash slot not served" instead of MOVED. The data is safe on the new
 * owner; the gateway must re-learn the map and send the command there rather than hand the client
 * a CLUSTERDOWN (the operator CLI e2e test saw acknowledged writes as "lost" this way).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { env, exports } from "cloudflare:workers";
import { keyHashSlot } from "../../src/commands/slot";
import { slotMapFor } from "../../src/gateway/slot-map";
import { nodeByName } from "../../src/node/client";
import { converged, fastNode, formCluster, until } from "./cluster-helpers";
import { at, nodeId } from "./replication-helpers";

const gw = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const [A, B, X] = ["node-0", "ln-1", "ln-x"] as const;
const TAG = "{b}"; // slot 3300: node-0's, lent to ln-x and given back
const SLOT = keyHashSlot(TAG);

async function post(path: string, body: unknown): Promise<{ result?: unknown; error?: string } | { result?: unknown; error?: string }[]> {
  const r = await gw.fetch(new Request(`http://gw${path}`, { method: "POST", body: JSON.stringify(body), headers: { Authorization: "Bearer test-token" } }));
  return r.json();
}

/** redis-cli's per-slot move: IMPORTING, MIGRATING, MIGRATE until empty, SETSLOT NODE on target, source, others. */
async function moveSlot(from: string, to: string, others: string[]): Promise<void> {
  const [idFrom, idTo] = [await nodeId(from), await nodeId(to)];
  expect(await at(to, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", idFrom)).toBe("OK");
  expect(await at(from, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", idTo)).toBe("OK");
  for (;;) {
    const keys = (await at(from, "CLUSTER", "GETKEYSINSLOT", SLOT, 10)) as string[];
    if (keys.length === 0) break;
    expect(await at(from, "MIGRATE", to, 6379, "", 0, 5000, "KEYS", ...keys)).toBe("OK");
  }
  for (const n of [to, from, ...others]) {
    const r = await at(n, "CLUSTER", "SETSLOT", SLOT, "NODE", idTo);
    // A source that gave its last slot may already follow the target (told by the target's PONG), as in Redis.
    if (n !== from || typeof r === "string") expect(r).toBe("OK");
    else expect(r).toEqual({ error: "ERR Please use SETSLOT only with masters." });
  }
}

/** The gateway's map as the last refresh left it, pointing SLOT at the node that has left. */
function staleRoute(): void {
  slotMapFor(env.SEED_NODES).assign(SLOT, SLOT, X);
}

describe("a node deleted from the cluster while the gateway's map still routes a slot to it", () => {
  beforeAll(async () => {
    await formCluster([A, B]);
    await fastNode(X);
    await at(X, "CLUSTER", "MEET", A, 6379);
    await until([A, B, X], () => converged([A, B, X]));
  });

  it("re-learns the map and serves the slot from its owner instead of answering CLUSTERDOWN", { timeout: 60_000 }, async () => {
    // X takes the slot; the gateway learns that and writes there.
    await moveSlot(A, X, [B]);
    const [slots] = await nodeByName(env, A).execute([["CLUSTER", "SLOTS"]], { resp: 2, admin: true });
    expect(slotMapFor(env.SEED_NODES).apply(slots!)).toBe(true);
    expect(slotMapFor(env.SEED_NODES).owner(SLOT)).toBe(X);
    expect(await post("/", ["SET", `${TAG}k`, "v"])).toEqual({ result: "OK" });
    expect(await at(X, "GET", `${TAG}k`)).toBe("v");

    // The slot goes back (no client request in it meanwhile): X gave its last slot and follows A.
    await moveSlot(X, A, [B]);
    expect(await at(A, "GET", `${TAG}k`)).toBe("v");
    expect(await at(X, "CLUSTER", "NODES")).toMatch(/myself,slave/);
    // del-node: FORGET everywhere, then CLUSTER RESET SOFT on it.
    const idX = await nodeId(X);
    for (const n of [A, B]) expect(await at(n, "CLUSTER", "FORGET", idX)).toBe("OK");
    expect(await at(X, "CLUSTER", "RESET", "SOFT")).toBe("OK");
    expect(await at(X, "GET", `${TAG}k`)).toEqual({ error: "CLUSTERDOWN Hash slot not served" });
    expect(slotMapFor(env.SEED_NODES).owner(SLOT)).toBe(X);

    // A command, a pipeline and a MULTI/EXEC routed to X by the stale map all reach A.
    expect(await post("/", ["GET", `${TAG}k`])).toEqual({ result: "v" });
    expect(slotMapFor(env.SEED_NODES).owner(SLOT)).toBe(A);
    staleRoute();
    expect(await post("/pipeline", [["GET", `${TAG}k`], ["SET", `${TAG}k2`, "w"], ["GET", "other"]])).toEqual([
      { result: "v" }, { result: "OK" }, { result: null },
    ]);
    expect(await at(A, "GET", `${TAG}k2`)).toBe("w");
    staleRoute();
    expect(await post("/multi-exec", [["GET", `${TAG}k`], ["GET", `${TAG}k2`]])).toEqual([{ result: "v" }, { result: "w" }]);
  });
});
