/** What every operator command gets: where the gateway is, how to print, how to move slots. */
import type { AdminOptions } from "./admin";
import { loadCluster, type ClusterView } from "./cluster-view";
import type { MoveOptions } from "./slot-mover";
import type { Reporter } from "./reporter";

export interface CliContext {
  opts: AdminOptions;
  out: Reporter;
  /** The node asked first for the layout (redis-cli's host:port argument). */
  seed: string;
  move: MoveOptions;
}

/** An operator error: printed as is, exit code 1 (redis-cli's `[ERR] ...` lines). */
export class CliError extends Error {}

export async function load(ctx: CliContext): Promise<ClusterView> {
  const view = await loadCluster(ctx.opts, ctx.seed);
  for (const name of view.unreachable) ctx.out.line(`[WARNING] Node ${name} did not answer`);
  return view;
}
