/**
 * MOVED and ASK: the redirections a node answers and a cluster client follows (cluster spec,
 * "Redirection and resharding"). One type, one encoder, one parser, so the wire text
 * `MOVED <slot> <host>:<port>` / `ASK <slot> <host>:<port>` is written in one place. Here the host
 * is the node's Durable Object name; the port is display only (what CLUSTER NODES shows).
 * A leaf module: the node's routing (routing.ts) and the gateway's router both use it.
 */
import { error, type Reply } from "../resp/reply";

/** The port a node shows until CLUSTER MEET says otherwise (Redis's default). */
export const DEFAULT_PORT = 6379;

export interface Redirect {
  /** moved: the slot lives there now (update the map); ask: only this command goes there (ASKING). */
  kind: "moved" | "ask";
  slot: number;
  node: string;
  port: number;
}

export function formatRedirect(r: Redirect): string {
  return `${r.kind === "moved" ? "MOVED" : "ASK"} ${r.slot} ${r.node}:${r.port}`;
}

export function redirectReply(r: Redirect): Reply {
  return error(formatRedirect(r));
}

/** The redirection an error reply carries, or null (any other reply or error). */
export function parseRedirect(r: Reply): Redirect | null {
  if (r.t !== "error") return null;
  const parts = r.v.split(" ");
  if (parts.length !== 3) return null;
  const kind = parts[0] === "MOVED" ? "moved" : parts[0] === "ASK" ? "ask" : null;
  const slot = Number(parts[1]);
  const addr = parts[2]!;
  const colon = addr.lastIndexOf(":");
  const port = Number(addr.slice(colon + 1));
  if (kind === null || !Number.isInteger(slot) || colon <= 0 || !Number.isInteger(port)) return null;
  return { kind, slot, node: addr.slice(0, colon), port };
}
