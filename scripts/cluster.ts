/**
 * Operator CLI, the `redis-cli --cluster` of this project. Talks to the nodes through the gateway's
 * admin routes (`/node/<name>`), so it works against `npm start` and a deployed Worker alike.
 *
 *   cluster create --masters 3 [--replicas 1] [--locations wnam,weur,apac]
 *   cluster check | info | fix
 *   cluster add-node <name> [--replica-of <name>] [--location <hint>]
 *   cluster del-node <name>
 *   cluster reshard --from <name>[,<name>...]|all --to <name> --slots N [--pipeline K] [--atomic]
 *   cluster rebalance [--weight name=w ...] [--use-empty-masters] [--threshold pct] [--simulate] [--atomic]
 *   cluster call <command...>
 *   cluster failover <replica-name> [--force|--takeover]
 *   cluster events [--count N]          every node's cluster events, merged (docs/observability.md)
 * Common: [--url http://127.0.0.1:8787] [--token T] [--node <seed name>] [--json]
 *
 * create (REFERENCE §4): checks the nodes are empty, splits the 16384 slots evenly (ADDSLOTSRANGE),
 * gives each master a distinct config epoch (SET-CONFIG-EPOCH), MEETs every node with the first,
 * waits until all nodes agree and cluster_state is ok, then REPLICATEs the replicas. Nodes are the
 * Durable Objects named node-0, node-1, ... Running it on a cluster that is already up is a no-op.
 * --locations places the nodes with Durable Object location hints (lib/placement-plan.ts): masters
 * round-robin, replicas away from their master; each node's first access carries its hint.
 * The other commands are in scripts/lib/cluster-*.ts; the slot planning is in slot-plan.ts.
 */
import { fileURLToPath } from "node:url";
import { nodeCommand, parseInfo, sleep, type AdminOptions } from "./lib/admin";
import { parseArgs, type ParsedArgs } from "./lib/cli-args";
import { check, clusterInfo as infoCommand } from "./lib/cluster-check";
import { CliError, type CliContext } from "./lib/cluster-context";
import { addNode, callAll, delNode, failover } from "./lib/cluster-membership";
import { rebalance, reshard } from "./lib/cluster-reshard";
import { Reporter } from "./lib/reporter";
import { DEFAULT_MOVE } from "./lib/slot-mover";
import { DEFAULT_EVENT_COUNT, events, eventsTail } from "./lib/cluster-events";
import { parseLocation, parseLocations, planLocations } from "./lib/placement-plan";
import { LOCATION_HINTS, type LocationHint } from "../src/placement/location-hint";

const SLOTS = 16384;

export function slotRanges(masters: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < masters; i++) {
    out.push([Math.round((i * SLOTS) / masters), Math.round(((i + 1) * SLOTS) / masters) - 1]);
  }
  return out;
}

async function clusterInfo(opts: AdminOptions, name: string): Promise<Record<string, string>> {
  return parseInfo(String(await nodeCommand(opts, name, "CLUSTER", "INFO")));
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function create(opts0: AdminOptions, masters: number, replicas: number, locations: readonly LocationHint[] = []): Promise<string[]> {
  const names = Array.from({ length: masters * (1 + replicas) }, (_, i) => `node-${i}`);
  const plan = planLocations(masters, replicas, locations);
  const opts: AdminOptions = plan.size ? { ...opts0, locationHints: plan } : opts0;
  for (const [name, hint] of plan) console.log(`placing ${name} (${names.indexOf(name) < masters ? "master" : "replica"}) in ${hint}`);
  const first = await clusterInfo(opts, names[0]!);
  if (first.cluster_state === "ok" && Number(first.cluster_known_nodes) === names.length) {
    console.log(`cluster already up: ${names.length} nodes, cluster_state:ok`);
    return names;
  }
  for (const name of names) {
    const info = await clusterInfo(opts, name);
    const keys = String(await nodeCommand(opts, name, "DBSIZE"));
    if (Number(info.cluster_known_nodes) > 1 || Number(info.cluster_slots_assigned) > 0 || Number(keys) > 0) {
      throw new Error(`${name} is not empty (known nodes ${info.cluster_known_nodes}, slots ${info.cluster_slots_assigned}, keys ${keys}); reset it first`);
    }
  }
  const ranges = slotRanges(masters);
  for (let i = 0; i < masters; i++) {
    await nodeCommand(opts, names[i]!, "CLUSTER", "ADDSLOTSRANGE", ranges[i]![0], ranges[i]![1]);
    await nodeCommand(opts, names[i]!, "CLUSTER", "SET-CONFIG-EPOCH", i + 1);
  }
  for (const name of names.slice(1)) await nodeCommand(opts, name, "CLUSTER", "MEET", names[0]!, 6379);
  await waitFor("all nodes to agree", 60_000, async () => {
    for (const name of names) {
      const info = await clusterInfo(opts, name);
      if (info.cluster_state !== "ok" || Number(info.cluster_known_nodes) !== names.length) return false;
    }
    return true;
  });
  for (let r = 0; r < masters * replicas; r++) {
    const replica = names[masters + r]!;
    const master = names[r % masters]!;
    const masterId = String(await nodeCommand(opts, master, "CLUSTER", "MYID"));
    await nodeCommand(opts, replica, "CLUSTER", "REPLICATE", masterId);
  }
  if (plan.size) await reportPlacement(opts, names);
  console.log(`cluster created: ${masters} masters, ${masters * replicas} replicas`);
  return names;
}

/** Warns about nodes whose hint came too late to choose their location (they existed before). */
async function reportPlacement(opts: AdminOptions, names: string[]): Promise<void> {
  for (const name of names) {
    const info = parseInfo(String(await nodeCommand({ url: opts.url, token: opts.token }, name, "INFO", "server")));
    if (info.location_hint_first_access !== "1") {
      console.log(`[WARNING] ${name} existed before its location hint reached it: it stays where it was created (location_hint:${info.location_hint ?? ""})`);
    }
  }
}

const USAGE = `usage: cluster <command> [options]   (--url U --token T --node SEED --json)
  create --masters N [--replicas R] [--locations wnam,weur,...]     check | info | fix
  add-node <name> [--replica-of <name>] [--location <hint>]          del-node <name>
    (locations: ${LOCATION_HINTS.join(" ")}; a hint only places a node on its first access)
  reshard --from <name,...|all> --to <name> --slots N [--pipeline K] [--atomic]
  rebalance [--weight name=w ...] [--use-empty-masters] [--threshold pct] [--simulate] [--atomic]
    (--atomic: atomic slot migration, CLUSTER MIGRATESLOTS: no ASK/TRYAGAIN for clients)
  call <command...>                     failover <replica> [--force|--takeover]
  events [--count N]                    cluster events of every node, merged`;

function positional(a: ParsedArgs, i: number, what: string): string {
  const v = a.positional[i];
  if (v === undefined) throw new CliError(`missing ${what}\n${USAGE}`);
  return v;
}

/** Runs one command; its result (for --json) or null for create. Exit code 1 when check finds problems. */
async function run(ctx: CliContext, a: ParsedArgs): Promise<unknown> {
  const num = (name: string, def?: number) => {
    const v = a.values[name] === undefined ? def : Number(a.values[name]);
    if (v === undefined || !Number.isFinite(v)) throw new CliError(`--${name} needs a number\n${USAGE}`);
    return v;
  };
  switch (a.command) {
    case "create":
      return create(ctx.opts, num("masters", 3), num("replicas", 0), a.values.locations === undefined ? [] : parseLocations(a.values.locations));
    case "info": {
      const masters = await infoCommand(ctx);
      return { masters, events: await eventsTail(ctx) };
    }
    case "events":
      return events(ctx, num("count", DEFAULT_EVENT_COUNT));
    case "check":
    case "fix": {
      const report = await check(ctx, a.command === "fix");
      if (!report.ok) process.exitCode = 1;
      return report;
    }
    case "add-node":
      return addNode(ctx, positional(a, 0, "node name"), a.values["replica-of"], a.values.location === undefined ? undefined : parseLocation(a.values.location));
    case "del-node":
      return delNode(ctx, positional(a, 0, "node name"));
    case "reshard": {
      const from = a.values.from ?? "";
      return reshard(ctx, from === "all" ? "all" : from.split(",").filter(Boolean), a.values.to ?? "", num("slots"));
    }
    case "rebalance":
      return rebalance(ctx, {
        weights: a.lists.weight ?? [], useEmptyMasters: a.flags.has("use-empty-masters"),
        thresholdPct: a.values.threshold === undefined ? undefined : num("threshold"), simulate: a.flags.has("simulate"),
      });
    case "call":
      if (a.positional.length === 0) throw new CliError(`missing command\n${USAGE}`);
      return callAll(ctx, a.positional);
    case "failover":
      return failover(ctx, positional(a, 0, "replica name"), a.flags.has("force") ? "FORCE" : a.flags.has("takeover") ? "TAKEOVER" : undefined);
    default:
      throw new CliError(USAGE);
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const a = parseArgs(argv);
  const out = new Reporter(a.flags.has("json"));
  const ctx: CliContext = {
    opts: {
      url: a.values.url ?? process.env.REDIS_URL ?? "http://127.0.0.1:8787",
      token: a.values.token ?? process.env.ADMIN_TOKEN ?? "dev-admin-token",
    },
    out, seed: a.values.node ?? "node-0",
    move: {
      ...DEFAULT_MOVE,
      pipeline: Number(a.values.pipeline ?? DEFAULT_MOVE.pipeline),
      batchSlots: Number(a.values.batch ?? DEFAULT_MOVE.batchSlots),
      timeoutMs: Number(a.values.timeout ?? DEFAULT_MOVE.timeoutMs),
      atomic: a.flags.has("atomic"),
      replace: a.flags.has("replace"),
    },
  };
  try {
    const result = await run(ctx, a);
    if (a.command !== "create") out.result(result);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (out.json) out.result({ error: message });
    else out.error(message);
    process.exitCode = e instanceof CliError && message.startsWith("usage") ? 2 : 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
