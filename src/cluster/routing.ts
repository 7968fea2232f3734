/**
 * May this node serve a command on `slot`? getNodeByQuery + clusterRedirectClient: returns null
 * to serve here, or the redirect/refusal as an error Reply (MOVED, ASK, TRYAGAIN, CLUSTERDOWN).
 *
 * The caller hashes the keys (CROSSSLOT is its business); which keys exist here is asked only
 * where it matters, a slot migrating or importing here: a MIGRATING source serves what
 * it still has, sends ASK when nothing is here, TRYAGAIN when some keys moved; an IMPORTING
 * target serves only ASKING clients, and multi-key commands only when all keys arrived.
 */
import { error, type Reply } from "../resp/reply";
import { parseRedirect, redirectReply } from "./redirect";
import { isSlave, type ClusterNode, type ClusterState } from "./state";

export interface RouteQuery {
  write: boolean;
  /** How many distinct keys of the command in `slot` do not exist here: asked only for a migrating slot, or an ASKING multi-key command on an importing one. */
  keysMissing: () => number;
  /** Distinct keys of the command. */
  keysTotal: number;
}

export interface RouteConn {
  /** READONLY was sent: replica reads for the master's slots are served. */
  readonly?: boolean;
  /** ASKING preceded this command. */
  asking?: boolean;
}

export interface RouteOptions {
  /** cluster-allow-reads-when-down. */
  allowReadsWhenDown?: boolean;
}

export const REDIRECT = {
  tryAgain: "TRYAGAIN Multiple keys request during rehashing of slot",
  down: "CLUSTERDOWN The cluster is down",
  downReadOnly: "CLUSTERDOWN The cluster is down and only accepts read commands",
  unbound: "CLUSTERDOWN Hash slot not served",
} as const;

const REFUSALS: ReadonlySet<string> = new Set(Object.values(REDIRECT));

/** A reply of `route` that refuses to serve here (MOVED/ASK/TRYAGAIN/CLUSTERDOWN): the router's to follow, not the command's error. */
export function isRoutingRefusal(r: Reply): boolean {
  return r.t === "error" && (REFUSALS.has(r.v) || parseRedirect(r) !== null);
}

const redirect = (kind: "moved" | "ask", slot: number, n: ClusterNode): Reply => redirectReply({ kind, slot, node: n.name, port: n.port });

/** True when `slot` is migrating from or importing to this node: `route` then needs key counts. */
export function slotIsOpen(st: ClusterState, slot: number): boolean {
  return (st.slots[slot] === st.myself && st.migratingSlotsTo.has(slot)) || st.importingSlotsFrom.has(slot);
}

export function route(
  st: ClusterState, slot: number | null, q: RouteQuery, conn: RouteConn, opts: RouteOptions = {},
): Reply | null {
  if (slot === null) return null;
  const owner = st.slots[slot];
  if (!owner) return error(REDIRECT.unbound);
  const me = st.myself;
  const migrating = owner === me && st.migratingSlotsTo.has(slot);
  const importing = !migrating && st.importingSlotsFrom.has(slot);
  if (st.state !== "ok") {
    if (!opts.allowReadsWhenDown) return error(REDIRECT.down);
    if (q.write) return error(REDIRECT.downReadOnly);
  }
  const missing = migrating ? q.keysMissing() : 0;
  if (missing > 0) {
    if (missing < q.keysTotal) return error(REDIRECT.tryAgain);
    return redirect("ask", slot, st.migratingSlotsTo.get(slot)!);
  }
  if (importing && conn.asking) {
    return q.keysTotal > 1 && q.keysMissing() > 0 ? error(REDIRECT.tryAgain) : null;
  }
  if (conn.readonly && !q.write && isSlave(me) && me.slaveof === owner) return null;
  return owner === me ? null : redirect("moved", slot, owner);
}
