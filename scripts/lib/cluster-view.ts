/**
 * The operator's picture of the cluster, built the way redis-cli --cluster builds it
 * (clusterManagerLoadInfoFromNode): ask a seed node for CLUSTER NODES, then ask every node it
 * lists for its own CLUSTER NODES and keep each node's `myself` line. Only that line carries the
 * node's open slots (`[s->-id]` migrating, `[s-<-id]` importing), and each node is the authority
 * on the slots it claims, so the picture is "what each node says of itself".
 */
import { nodeCommand, type AdminOptions } from "./admin";

export const CLUSTER_SLOTS = 16384;

export interface NodeView {
  id: string;
  /** The Durable Object name, which CLUSTER NODES shows as the node's ip. */
  name: string;
  port: number;
  flags: string[];
  /** Master id when the node is a replica. */
  masterId: string | null;
  slots: number[];
  /** Open slots of this node (only from its own myself line): slot -> peer node id. */
  migrating: Map<number, string>;
  importing: Map<number, string>;
}

export interface ClusterView {
  /** Every node as it describes itself, in the seed's order. */
  nodes: NodeView[];
  /** True when every node describes the same slot owners (redis-cli's config signature). */
  agree: boolean;
  /** Nodes the seed lists that did not answer. */
  unreachable: string[];
}

export const isReplica = (n: NodeView): boolean => n.flags.includes("slave") || n.masterId !== null;
export const masters = (v: ClusterView): NodeView[] => v.nodes.filter((n) => !isReplica(n));
export const address = (n: NodeView): string => `${n.name}:${n.port}`;

/** One CLUSTER NODES line: `<id> <ip>:<port>@<cport> <flags> <master|-> <ping> <pong> <epoch> <link> <slots...>`. */
export function parseNodeLine(line: string): NodeView {
  const [id, addr, flags, master, , , , , ...rest] = line.trim().split(" ");
  if (!id || !addr || !flags || master === undefined) throw new Error(`bad CLUSTER NODES line: ${line}`);
  const hostPort = addr.split("@")[0]!.split(",")[0]!;
  const colon = hostPort.lastIndexOf(":");
  const node: NodeView = {
    id, name: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)), flags: flags.split(","),
    masterId: master === "-" ? null : master, slots: [], migrating: new Map(), importing: new Map(),
  };
  for (const item of rest) {
    const open = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(item);
    if (open) {
      (open[2] === ">" ? node.migrating : node.importing).set(Number(open[1]), open[3]!);
      continue;
    }
    const [s, e] = item.split("-").map(Number) as [number, number | undefined];
    for (let j = s; j <= (e ?? s); j++) node.slots.push(j);
  }
  return node;
}

export function parseClusterNodes(text: string): NodeView[] {
  return text.split("\n").filter((l) => l.trim() !== "").map(parseNodeLine);
}

/** redis-cli's clusterManagerGetConfigSignature: who owns which slots, as one sorted string. */
export function configSignature(lines: NodeView[]): string {
  return lines
    .filter((n) => n.slots.length > 0)
    .map((n) => `${n.id}:${rangesText(n.slots, ",")}`)
    .sort()
    .join("|");
}

/** `0-5460,5462` style text of sorted slots (`sep` between ranges). */
export function rangesText(slots: number[], sep = ","): string {
  const parts: string[] = [];
  for (let i = 0; i < slots.length; ) {
    let j = i;
    while (j + 1 < slots.length && slots[j + 1] === slots[j]! + 1) j++;
    parts.push(i === j ? `${slots[i]}` : `${slots[i]}-${slots[j]}`);
    i = j + 1;
  }
  return parts.join(sep);
}

/** Loads every node's own view, starting from `seed`. */
export async function loadCluster(opts: AdminOptions, seed: string): Promise<ClusterView> {
  const seen = parseClusterNodes(String(await nodeCommand(opts, seed, "CLUSTER", "NODES")));
  const listed = seen.filter((n) => !n.flags.includes("handshake") && !n.flags.includes("noaddr"));
  const nodes: NodeView[] = [];
  const unreachable: string[] = [];
  const signatures = new Set<string>();
  await Promise.all(
    listed.map(async (n, i) => {
      try {
        const own = parseClusterNodes(String(await nodeCommand(opts, n.name, "CLUSTER", "NODES")));
        const myself = own.find((m) => m.flags.includes("myself"));
        if (!myself) throw new Error(`${n.name} has no myself line`);
        nodes[i] = myself;
        signatures.add(configSignature(own));
      } catch {
        unreachable.push(n.name);
      }
    }),
  );
  return { nodes: nodes.filter((n) => n !== undefined), agree: signatures.size <= 1, unreachable };
}

/** The node called `name` (a Durable Object name) or with id `name` (or an id prefix, as redis-cli accepts). */
export function findNode(v: ClusterView, name: string): NodeView | undefined {
  return v.nodes.find((n) => n.name === name || n.id === name) ?? v.nodes.find((n) => name.length >= 8 && n.id.startsWith(name));
}
