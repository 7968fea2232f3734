/**
 * Placing a node: an admin `/node/<name>` request with an `x-location-hint` header reaches the node
 * through `NODE.get(id, { locationHint })` and tells it the hint (RedisNode.locate), before the
 * request's commands run. Only an object's first access ever uses a hint, so the operator CLI sends
 * it with its first request to a new node (scripts/cluster.ts create --locations, add-node
 * --location). The answer carries what the node recorded: the hint that stands and whether it was in
 * time (response headers LOCATION_HINT_HEADER and PLACED_FIRST_ACCESS_HEADER).
 */
import type { GatewayEnv } from "./gateway-env";
import { badLocationHint, isLocationHint, LOCATION_HINT_HEADER, type Placement } from "../placement/location-hint";

/** Response header: "1" when the hinted request was the node's first access (the hint chose its location). */
export const PLACED_FIRST_ACCESS_HEADER = "x-location-hint-first-access";

interface Locatable {
  locate(hint: string): Promise<Placement>;
}

export type PlacementOutcome = { ok: true; placement: Placement } | { ok: false; error: string };

/** The request's hint, carried to node `name`'s first access; `null` when the request has none. */
export async function placeNode(env: GatewayEnv, name: string, req: Request): Promise<PlacementOutcome | null> {
  const hint = req.headers.get(LOCATION_HINT_HEADER);
  if (hint === null) return null;
  if (!isLocationHint(hint)) return { ok: false, error: badLocationHint(hint) };
  const stub = env.NODE.get(env.NODE.idFromName(name), { locationHint: hint }) as Locatable;
  return { ok: true, placement: await stub.locate(hint) };
}

/** The placement, as response headers on the request's answer. */
export function withPlacement(res: Response, p: Placement): Response {
  const out = new Response(res.body, res);
  out.headers.set(LOCATION_HINT_HEADER, p.hint);
  out.headers.set(PLACED_FIRST_ACCESS_HEADER, p.firstAccess ? "1" : "0");
  return out;
}
