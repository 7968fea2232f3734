/**
 * Node addresses in cluster replies, rewritten to the bridge's local ports. A node announces
 * itself as `<Durable Object name>:<port>` (src/cluster/views.ts, redirect.ts): in MOVED/ASK
 * errors, CLUSTER SLOTS entries `[name, port, id, {}]`, CLUSTER SHARDS node maps (`ip`,
 * `endpoint`, `port`; flat arrays in RESP2) and CLUSTER NODES / REPLICAS lines
 * (`<id> <name>:<port>@<cport> ...`). Each becomes `127.0.0.1:<local port>`, and the bus port
 * `@<local port + 10000>`, so redis-cli -c, redis-cli --cluster and ioredis Cluster connect back
 * through the bridge. Pure functions over Reply values; `portOf` is the bridge's name → port book.
 */
import type { Reply } from "../../src/resp/reply";

export const LOCAL_HOST = "127.0.0.1";
/** Redis's CLUSTER_PORT_INCR: the bus port shown next to a node's port. */
const BUS_PORT_INCR = 10000;

/** The local port of a node name (allocating one for a name not seen before). */
export type PortOf = (name: string) => number;

const REDIRECT = /^(MOVED|ASK) (\d+) (\S+):(\d+)$/;
const NODE_LINE = /^([0-9a-f]{40}) ([^\s:@]+):(\d+)@(\d+)/gm;
const NODE_ID = /^[0-9a-f]{40}$/;

/** A MOVED/ASK error text pointing at the local port, or null for any other error. */
export function rewriteRedirect(text: string, portOf: PortOf): string | null {
  const m = REDIRECT.exec(text);
  if (!m) return null;
  return `${m[1]} ${m[2]} ${LOCAL_HOST}:${portOf(m[3]!)}`;
}

/** CLUSTER NODES text with every node's address rewritten. */
export function rewriteNodeLines(text: string, portOf: PortOf): string {
  return text.replace(NODE_LINE, (_all, id: string, name: string) => {
    const port = portOf(name);
    return `${id} ${LOCAL_HOST}:${port}@${port + BUS_PORT_INCR}`;
  });
}

const isBulk = (r: Reply | undefined, v?: string): r is { t: "bulk"; v: string } =>
  r !== undefined && r.t === "bulk" && (v === undefined || r.v === v);

/** A CLUSTER command's reply with node addresses rewritten, or null when it holds none. */
export function rewriteClusterReply(r: Reply, portOf: PortOf): Reply | null {
  switch (r.t) {
    case "bulk":
    case "verbatim": {
      const v = rewriteNodeLines(r.v, portOf);
      return v === r.v ? null : { ...r, v };
    }
    case "map": {
      const pairs = rewritePairs(r.v, portOf);
      let changed = pairs !== r.v;
      const v = (pairs ?? r.v).map(([k, x]): [Reply, Reply] => {
        const y = rewriteClusterReply(x, portOf);
        if (y) changed = true;
        return [k, y ?? x];
      });
      return changed ? { t: "map", v } : null;
    }
    case "array":
    case "set":
    case "push":
      return rewriteList(r, portOf);
    default:
      return null;
  }
}

function rewriteList(r: { t: "array" | "set" | "push"; v: Reply[] }, portOf: PortOf): Reply | null {
  let items = r.v;
  const [name, port, id] = items;
  if (isBulk(name) && port?.t === "int" && isBulk(id) && NODE_ID.test(id.v)) {
    // a CLUSTER SLOTS node entry: [name, port, id, {metadata}]
    items = [{ t: "bulk", v: LOCAL_HOST }, { t: "int", v: portOf(name.v) }, ...items.slice(2)];
  } else if (items.length % 2 === 0 && items.length > 0) {
    // a RESP2 map (CLUSTER SHARDS node): key, value, key, value ...
    const pairs: [Reply, Reply][] = [];
    for (let i = 0; i < items.length; i += 2) pairs.push([items[i]!, items[i + 1]!]);
    const rewritten = rewritePairs(pairs, portOf);
    if (rewritten) items = rewritten.flat();
  }
  let changed = items !== r.v;
  const v = items.map((x) => {
    const y = rewriteClusterReply(x, portOf);
    if (y) changed = true;
    return y ?? x;
  });
  return changed ? { t: r.t, v } : null;
}

/** A CLUSTER SHARDS node map (`ip`, `endpoint`, `port`) pointing at the local port; null otherwise. */
function rewritePairs(pairs: [Reply, Reply][], portOf: PortOf): [Reply, Reply][] | null {
  const field = (k: string): Reply | undefined => pairs.find(([key]) => isBulk(key, k))?.[1];
  const name = field("ip") ?? field("endpoint");
  if (!isBulk(name) || field("port")?.t !== "int") return null;
  const port = portOf(name.v);
  return pairs.map(([k, v]): [Reply, Reply] => {
    if (isBulk(k, "ip") || isBulk(k, "endpoint") || isBulk(k, "hostname")) return [k, { t: "bulk", v: LOCAL_HOST }];
    if (isBulk(k, "port")) return [k, { t: "int", v: port }];
    return [k, v];
  });
}
