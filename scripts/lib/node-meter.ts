/**
 * Reads what each node's Durable Object was billed for so far (INFO stats do_*, src/node/do-meter.ts)
 * and its bus traffic (CLUSTER INFO), one pipelined call per node. Used by scripts/cost.ts and
 * scripts/bench/idle-bus.ts; differences of two readings give rates.
 */
import { nodePipeline, parseInfo, type AdminOptions } from "./admin";

export interface NodeMeter {
  name: string;
  alarms: number;
  /** RPC calls received, of every kind (this reading's own call included). */
  rpcCalls: number;
  busCalls: number;
  replCalls: number;
  rowsRead: number;
  rowsWritten: number;
  storedBytes: number;
  busSent: number;
  busReceived: number;
}

/** RPC calls a reading itself adds to `rpcCalls` (one pipelined call per node). */
export const CALLS_PER_READING = 1;

export async function readMeters(opts: AdminOptions, names: string[]): Promise<NodeMeter[]> {
  return Promise.all(names.map(async (name): Promise<NodeMeter> => {
    const [info, cluster] = (await nodePipeline(opts, name, [["INFO", "stats", "memory"], ["CLUSTER", "INFO"]])).map((r) => {
      if (r.error !== undefined) throw new Error(`${name}: ${r.error}`);
      return parseInfo(String(r.result));
    }) as [Record<string, string>, Record<string, string>];
    const n = (v: string | undefined) => Number(v ?? 0);
    return {
      name, alarms: n(info.do_alarms), rpcCalls: n(info.do_rpc_calls), busCalls: n(info.cluster_bus_calls_received),
      replCalls: n(info.repl_calls_received), rowsRead: n(info.do_sql_rows_read), rowsWritten: n(info.do_sql_rows_written),
      storedBytes: n(info.used_memory), busSent: n(cluster.cluster_stats_messages_sent), busReceived: n(cluster.cluster_stats_messages_received),
    };
  }));
}

/** b − a per node, field by field (storedBytes: b's), with the readings' own calls taken out. */
export function meterDelta(a: NodeMeter[], b: NodeMeter[]): NodeMeter[] {
  return b.map((end, i) => {
    const start = a[i]!;
    const d = (k: Exclude<keyof NodeMeter, "name">) => end[k] - start[k];
    return {
      name: end.name, alarms: d("alarms"), rpcCalls: d("rpcCalls") - CALLS_PER_READING, busCalls: d("busCalls"), replCalls: d("replCalls"),
      rowsRead: d("rowsRead"), rowsWritten: d("rowsWritten"), storedBytes: end.storedBytes, busSent: d("busSent"), busReceived: d("busReceived"),
    };
  });
}
