/**
 * Server commands over the whole cluster, on the cluster routes (the gateway's URL is one Redis):
 *   CONFIG SET, CONFIG RESETSTAT   every node the map knows (masters and replicas), so a threshold
 *                                  or a slowlog setting holds wherever a key lives or moves
 *   CONFIG GET / REWRITE / HELP    one master (they all hold the same values)
 *   SLOWLOG GET / LEN / RESET      every master: entries merged newest first (ids are per node),
 *                                  lengths summed
 *   LATENCY LATEST / HISTORY / RESET  every master: events merged (latest sample, highest max),
 *                                  samples merged per second, resets summed
 *   LATENCY DOCTOR / GRAPH / HISTOGRAM / HELP, SLOWLOG HELP  one master
 * The /node/<name> routes keep one node's answers.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, int, OK, type Reply } from "../resp/reply";
import type { SlotMap } from "./slot-map";

/** What the router lends (keyspace-wide.ts's WideHost fits). */
export interface ServerWideHost {
  readonly map: Pick<SlotMap, "anyNode" | "nodes" | "knownNodes">;
  execute(node: string, cmds: BStr[][]): Promise<Reply[]>;
}

export const SERVER_WIDE: ReadonlySet<string> = new Set(["config", "slowlog", "latency"]);

async function on(nodes: string[], argv: BStr[], host: ServerWideHost): Promise<Reply[]> {
  return Promise.all(nodes.map(async (node) => {
    try {
      return (await host.execute(node, [argv]))[0] ?? error("ERR no reply from node");
    } catch (e) {
      return error(`CLUSTERDOWN node ${node} unreachable: ${e instanceof Error ? e.message : String(e)}`.replace(/[\r\n]/g, " "));
    }
  }));
}

const firstError = (replies: Reply[]): Reply | undefined => replies.find((r) => r.t === "error");
const items = (r: Reply): Reply[] => (r.t === "array" ? r.v : []);
const num = (r: Reply | undefined): number => (r && r.t === "int" ? Number(r.v) : 0);

export async function serverWide(argv: BStr[], host: ServerWideHost): Promise<Reply> {
  const cmd = argv[0]!.toLowerCase();
  const sub = argv[1]?.toLowerCase() ?? "";
  const one = async (): Promise<Reply> => (await on([host.map.anyNode()], argv, host))[0]!;
  if (cmd === "config") {
    if (sub !== "set" && sub !== "resetstat") return one();
    // Validated by one node first, so a refused value changes no node at all.
    const [first, ...rest] = host.map.knownNodes();
    if (first === undefined) return error("CLUSTERDOWN Hash slot not served");
    const [r] = await on([first], argv, host);
    if (r!.t === "error") return r!;
    return firstError(await on(rest, argv, host)) ?? r!;
  }
  if (cmd === "slowlog" && (sub === "get" || sub === "len" || sub === "reset")) {
    const replies = await on(host.map.nodes(), argv, host);
    const bad = firstError(replies);
    if (bad) return bad;
    if (sub === "len") return int(replies.reduce((n, r) => n + num(r), 0));
    if (sub === "reset") return OK;
    const count = argv.length === 3 ? Number(argv[2]) : 10;
    // Newest first: by timestamp, then by each node's own id.
    const all = replies.flatMap(items).sort((a, b) => num(items(b)[1]) - num(items(a)[1]) || num(items(b)[0]) - num(items(a)[0]));
    return arr(count < 0 ? all : all.slice(0, count));
  }
  if (cmd === "latency" && (sub === "latest" || sub === "history" || sub === "reset")) {
    const replies = await on(host.map.nodes(), argv, host);
    const bad = firstError(replies);
    if (bad) return bad;
    if (sub === "reset") return int(replies.reduce((n, r) => n + num(r), 0));
    if (sub === "history") return arr(mergeSamples(replies.flatMap(items)));
    return arr(mergeLatest(replies.flatMap(items)));
  }
  return one();
}

/** LATENCY HISTORY of several nodes: one sample per second, the highest. */
function mergeSamples(samples: Reply[]): Reply[] {
  const bySecond = new Map<number, number>();
  for (const s of samples) {
    const [t, l] = items(s);
    bySecond.set(num(t), Math.max(bySecond.get(num(t)) ?? 0, num(l)));
  }
  return [...bySecond].sort(([a], [b]) => a - b).map(([t, l]) => arr([int(t), int(l)]));
}

/** LATENCY LATEST of several nodes: per event, the latest sample and the highest max. */
function mergeLatest(rows: Reply[]): Reply[] {
  const events = new Map<string, [number, number, number]>();
  for (const row of rows) {
    const [name, t, l, max] = items(row);
    const key = name?.t === "bulk" ? name.v : "";
    const prev = events.get(key);
    const latest: [number, number] = !prev || num(t) >= prev[0] ? [num(t), num(l)] : [prev[0], prev[1]];
    events.set(key, [...latest, Math.max(prev?.[2] ?? 0, num(max))]);
  }
  return [...events].map(([name, [t, l, max]]) => arr([bulk(name), int(t), int(l), int(max)]));
}
