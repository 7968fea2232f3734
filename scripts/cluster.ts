/**
 * Operator CLI, the `redis-cli --cluster` of this project. Talks to the gateway with the admin token.
 *
 *   tsx scripts/cluster.ts create --masters 3 [--replicas 1] [--url http://127.0.0.1:8787] [--token T]
 *   tsx scripts/cluster.ts check
 *
 * create (REFERENCE §4): checks the nodes are empty, splits the 16384 slots evenly (ADDSLOTSRANGE),
 * gives each master a distinct config epoch (SET-CONFIG-EPOCH), MEETs every node with the first,
 * waits until all nodes agree and cluster_state is ok, then REPLICATEs the replicas. Nodes are the
 * Durable Objects named node-0, node-1, ... Running it on a cluster that is already up is a no-op.
 */
import { nodeCommand, parseInfo, sleep, type AdminOptions } from "./lib/admin";

const SLOTS = 16384;

function flag(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

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

export async function create(opts: AdminOptions, masters: number, replicas: number): Promise<string[]> {
  const names = Array.from({ length: masters * (1 + replicas) }, (_, i) => `node-${i}`);
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
  console.log(`cluster created: ${masters} masters, ${masters * replicas} replicas`);
  return names;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opts: AdminOptions = {
    url: flag(args, "url", process.env.REDIS_URL ?? "http://127.0.0.1:8787"),
    token: flag(args, "token", process.env.ADMIN_TOKEN ?? "dev-admin-token"),
  };
  switch (args[0]) {
    case "create":
      await create(opts, Number(flag(args, "masters", "3")), Number(flag(args, "replicas", "0")));
      break;
    case "check": {
      const info = await clusterInfo(opts, flag(args, "node", "node-0"));
      console.log(Object.entries(info).map(([k, v]) => `${k}:${v}`).join("\n"));
      if (info.cluster_state !== "ok") process.exitCode = 1;
      break;
    }
    default:
      console.log("usage: tsx scripts/cluster.ts create --masters N [--replicas R] | check");
      process.exitCode = 2;
  }
}

if (process.argv[1]?.endsWith("cluster.ts")) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
