/**
 * Moves slots with atomic slot migration (`CLUSTER MIGRATESLOTS`, node/slot-migration.ts): one job
 * on the source for all the slots, polled with `CLUSTER GETSLOTMIGRATIONS` until it succeeds. No
 * slot is ever MIGRATING/IMPORTING: clients see no ASK and no TRYAGAIN, only MOVED once per slot.
 */
import { nodeCommand, sleep, type AdminOptions, type Json } from "./admin";
import type { NodeView } from "./cluster-view";
import { slotRuns } from "../../src/commands/slot";

const POLL_MS = 250;

/** The newest job's fields (GETSLOTMIGRATIONS answers a map per job, flat over REST). */
function newestJob(reply: Json): Record<string, Json> {
  const jobs = Array.isArray(reply) ? reply : [];
  const last = jobs[jobs.length - 1];
  if (last && typeof last === "object" && !Array.isArray(last)) return last as Record<string, Json>;
  const flat = Array.isArray(last) ? last : [];
  const out: Record<string, Json> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1]!;
  return out;
}

export async function moveSlotsAtomic(
  opts: AdminOptions, src: NodeView, dst: NodeView, slots: number[], onProgress: (keys: number) => void = () => {},
): Promise<number> {
  await nodeCommand(opts, src.name, "CLUSTER", "MIGRATESLOTS", "SLOTSRANGE", ...slotRuns(slots).flat(), "NODE", dst.id);
  let reported = 0;
  for (;;) {
    await sleep(POLL_MS);
    const job = newestJob(await nodeCommand(opts, src.name, "CLUSTER", "GETSLOTMIGRATIONS"));
    const keys = Number(job.keys_copied ?? 0);
    if (keys > reported) {
      onProgress(keys - reported);
      reported = keys;
    }
    if (job.state === "success") return reported;
    if (job.state === "failed" || job.state === "cancelled") {
      throw new Error(`slot migration ${String(job.name)} from ${src.name} to ${dst.name} ${String(job.state)}: ${String(job.message)}`);
    }
  }
}
