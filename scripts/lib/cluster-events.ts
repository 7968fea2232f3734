/**
 * `cluster events [--count N]`: every node's cluster events (failures, elections, promotions,
 * epoch bumps, slot moves, resyncs), merged newest first, from the gateway's GET /admin/events
 * (docs/observability.md). `cluster info` prints the newest few after its summary.
 */
import { AdminError, type AdminOptions } from "./admin";
import type { CliContext } from "./cluster-context";

/** Events `cluster events` prints without --count. */
export const DEFAULT_EVENT_COUNT = 50;
/** Events `cluster info` ends with. */
export const INFO_EVENT_COUNT = 8;

export interface EventRecord {
  event: string;
  node: string;
  ts: number;
  epoch: number;
  [field: string]: unknown;
}

/** Fields every event has, or that only repeat another one (ids next to names). */
const COMMON = new Set(["event", "node", "nodeId", "ts", "seq", "epoch", "configEpoch", "targetId", "fromId", "toId", "masterId", "formerMasterId"]);

export async function fetchEvents(opts: AdminOptions, count: number): Promise<{ events: EventRecord[]; unreachable: { node: string; error: string }[] }> {
  const res = await fetch(`${opts.url}/admin/events?count=${count}`, { headers: { authorization: `Bearer ${opts.token}` } });
  const body = (await res.json().catch(() => null)) as { events?: EventRecord[]; unreachable?: { node: string; error: string }[]; error?: string } | null;
  if (!res.ok || !body?.events) throw new AdminError(`/admin/events: HTTP ${res.status}: ${body?.error ?? "unexpected answer"}`);
  return { events: body.events, unreachable: body.unreachable ?? [] };
}

/** One line: time, node, event, epoch, then the event's own fields. */
export function eventLine(e: EventRecord): string {
  const fields = Object.entries(e).filter(([k]) => !COMMON.has(k)).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return `${new Date(e.ts).toISOString()} ${e.node} ${e.event} epoch=${e.epoch} ${fields.join(" ")}`.trimEnd();
}

export async function events(ctx: CliContext, count = DEFAULT_EVENT_COUNT): Promise<EventRecord[]> {
  const { events: list, unreachable } = await fetchEvents(ctx.opts, count);
  for (const u of unreachable) ctx.out.line(`[WARNING] Node ${u.node} did not answer: ${u.error}`);
  // Oldest first on a terminal, like a log; --json keeps the route's newest-first order.
  for (const e of [...list].reverse()) ctx.out.line(eventLine(e));
  return list;
}

/** The tail `cluster info` shows (a failure to read it only warns: info has already answered). */
export async function eventsTail(ctx: CliContext): Promise<EventRecord[]> {
  try {
    const { events: list } = await fetchEvents(ctx.opts, INFO_EVENT_COUNT);
    ctx.out.line(`>>> Last ${list.length} cluster events (cluster events for more):`);
    for (const e of [...list].reverse()) ctx.out.line(`    ${eventLine(e)}`);
    return list;
  } catch (e) {
    ctx.out.line(`[WARNING] no cluster events: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}
