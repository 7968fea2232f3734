/**
 * Membership and per-node commands: `add-node`, `del-node`, `failover` and `call`. A node is a
 * Durable Object name, so a new node exists as soon as it is addressed; add-node only has to MEET
 * it (and REPLICATE, for a replica). del-node follows redis-cli: refuse a node with slots, move its
 * replicas to the master with the fewest, FORGET it everywhere, then CLUSTER RESET SOFT it.
 */
import { nodeCommand, parseInfo, sleep, type Json } from "./admin";
import { CliError, load, type CliContext } from "./cluster-context";
import { address, findNode, isReplica, masters, parseClusterNodes, type ClusterView } from "./cluster-view";
import { delNodeRefusal } from "./slot-plan";
import type { LocationHint } from "../../src/placement/location-hint";

async function waitFor(what: string, timeoutMs: number, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok().catch(() => false)) return;
    await sleep(250);
  }
  throw new CliError(`[ERR] Timed out waiting for ${what}`);
}

async function knownNodes(ctx: CliContext, name: string): Promise<number> {
  return Number(parseInfo(String(await nodeCommand(ctx.opts, name, "CLUSTER", "INFO"))).cluster_known_nodes);
}

export async function addNode(
  ctx0: CliContext, name: string, replicaOf?: string, location?: LocationHint,
): Promise<{ name: string; id: string; master?: string; location?: LocationHint }> {
  // The hint rides on every request to the new node: its first access places it (src/gateway/placement.ts).
  const ctx: CliContext = location === undefined ? ctx0 : { ...ctx0, opts: { ...ctx0.opts, locationHints: new Map([[name, location]]) } };
  const v = await load(ctx);
  const master = replicaOf === undefined ? undefined : findNode(v, replicaOf);
  if (replicaOf !== undefined && (!master || isReplica(master))) throw new CliError(`[ERR] No such master ID ${replicaOf}`);
  ctx.out.line(`>>> Adding node ${name}:6379 to cluster ${ctx.seed}:6379`);
  if (findNode(v, name)) throw new CliError(`[ERR] Node ${name}:6379 is already part of the cluster.`);
  const keys = Number(await nodeCommand(ctx.opts, name, "DBSIZE"));
  if ((await knownNodes(ctx, name)) > 1 || keys > 0) {
    throw new CliError(`[ERR] Node ${name}:6379 is not empty. Either the node already knows other nodes (check with CLUSTER NODES) or contains some key in database 0.`);
  }
  const id = String(await nodeCommand(ctx.opts, name, "CLUSTER", "MYID"));
  // As redis-cli does: a new master gets the cluster's function libraries (a replica gets its master's with its sync).
  if (!master) await copyFunctions(ctx, ctx.seed, name);
  ctx.out.line(`>>> Send CLUSTER MEET to node ${name}:6379 to make it join the cluster.`);
  await nodeCommand(ctx.opts, name, "CLUSTER", "MEET", ctx.seed, 6379);
  const expected = v.nodes.length + 1;
  await waitFor(`${name} to join`, 60_000, async () => {
    for (const n of [name, ...v.nodes.map((x) => x.name)]) if ((await knownNodes(ctx, n)) !== expected) return false;
    // It knows every slot's owner (cluster_state:ok): it may serve slots moved to it at once.
    return /cluster_state:ok/.test(String(await nodeCommand(ctx.opts, name, "CLUSTER", "INFO")));
  });
  if (master) {
    ctx.out.line(`>>> Configure node as replica of ${address(master)}.`);
    await nodeCommand(ctx.opts, name, "CLUSTER", "REPLICATE", master.id);
  }
  if (location !== undefined) {
    const info = parseInfo(String(await nodeCommand(ctx.opts, name, "INFO", "server")));
    if (info.location_hint_first_access === "1") ctx.out.line(`>>> ${name} placed in ${location} (location hint).`);
    else ctx.out.line(`[WARNING] ${name} existed before its location hint reached it: it stays where it was created.`);
  }
  ctx.out.line("[OK] New node added correctly.");
  return { name, id, ...(master ? { master: master.name } : {}), ...(location ? { location } : {}) };
}

/**
 * The function libraries of `from`, loaded on `to` (which must have none). By their code (FUNCTION
 * LIST WITHCODE, then FUNCTION LOAD): JSON carries text, not FUNCTION DUMP's binary payload.
 */
async function copyFunctions(ctx: CliContext, from: string, to: string): Promise<void> {
  ctx.out.line(">>> Getting functions from cluster");
  const libs = (await nodeCommand(ctx.opts, from, "FUNCTION", "LIST", "WITHCODE")) as Json[];
  if (!Array.isArray(libs) || libs.length === 0) return;
  const existing = await nodeCommand(ctx.opts, to, "FUNCTION", "LIST");
  if (Array.isArray(existing) && existing.length > 0) {
    throw new CliError(">>> New node already contains functions and can not be added to the cluster. Use FUNCTION FLUSH and try again.");
  }
  ctx.out.line(`>>> Send FUNCTION LOAD to ${to}:6379 (${libs.length} libraries)`);
  for (const lib of libs) {
    const fields = lib as Json[];
    const code = fields[fields.indexOf("library_code") + 1];
    if (typeof code === "string") await nodeCommand(ctx.opts, to, "FUNCTION", "LOAD", code);
  }
}

function masterWithFewestReplicas(v: ClusterView, except: string): ClusterView["nodes"][number] | undefined {
  const count = (id: string) => v.nodes.filter((n) => n.masterId === id).length;
  return masters(v).filter((m) => m.name !== except).sort((a, b) => count(a.id) - count(b.id))[0];
}

export async function delNode(ctx: CliContext, name: string): Promise<{ name: string; id: string; forgotBy: string[] }> {
  const v = await load(ctx);
  const node = findNode(v, name);
  ctx.out.line(`>>> Removing node ${name} from cluster ${ctx.seed}:6379`);
  if (!node) throw new CliError(`[ERR] No such node ID ${name}`);
  const refusal = delNodeRefusal(node);
  if (refusal) throw new CliError(refusal);
  ctx.out.line(">>> Sending CLUSTER FORGET messages to the cluster...");
  const others = v.nodes.filter((n) => n !== node);
  for (const n of others) {
    if (n.masterId === node.id) {
      const m = masterWithFewestReplicas(v, node.name);
      if (!m) throw new CliError(`[ERR] No master left for ${address(n)}`);
      ctx.out.line(`>>> ${address(n)} as replica of ${address(m)}`);
      await nodeCommand(ctx.opts, n.name, "CLUSTER", "REPLICATE", m.id);
    }
  }
  await Promise.all(others.map((n) => nodeCommand(ctx.opts, n.name, "CLUSTER", "FORGET", node.id)));
  ctx.out.line(">>> Sending CLUSTER RESET SOFT to the deleted node.");
  await nodeCommand(ctx.opts, node.name, "CLUSTER", "RESET", "SOFT");
  return { name: node.name, id: node.id, forgotBy: others.map((n) => n.name) };
}

export async function failover(ctx: CliContext, name: string, mode?: "FORCE" | "TAKEOVER"): Promise<{ name: string; formerMaster: string }> {
  const v = await load(ctx);
  const node = findNode(v, name);
  if (!node || !isReplica(node)) throw new CliError(`[ERR] ${name} is not a replica: CLUSTER FAILOVER runs on a replica`);
  const former = v.nodes.find((n) => n.id === node.masterId);
  ctx.out.line(`>>> Manual failover of ${address(node)}${former ? ` (replica of ${address(former)})` : ""}${mode ? ` ${mode}` : ""}`);
  await nodeCommand(ctx.opts, node.name, "CLUSTER", "FAILOVER", ...(mode ? [mode] : []));
  await waitFor(`${name} to become a master`, 30_000, async () => {
    const own = parseClusterNodes(String(await nodeCommand(ctx.opts, node.name, "CLUSTER", "NODES")));
    return own.some((n) => n.flags.includes("myself") && n.flags.includes("master"));
  });
  ctx.out.line(`[OK] ${address(node)} is now a master.`);
  return { name: node.name, formerMaster: former?.name ?? "" };
}

export async function callAll(ctx: CliContext, argv: string[]): Promise<Record<string, { result?: Json; error?: string }>> {
  const v = await load(ctx);
  ctx.out.line(`>>> Calling ${argv.join(" ")}`);
  const out: Record<string, { result?: Json; error?: string }> = {};
  await Promise.all(
    v.nodes.map(async (n) => {
      try {
        out[n.name] = { result: await nodeCommand(ctx.opts, n.name, ...argv) };
      } catch (e) {
        out[n.name] = { error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  for (const n of v.nodes) {
    const r = out[n.name]!;
    ctx.out.line(`${address(n)}: ${r.error ?? (typeof r.result === "string" ? r.result : JSON.stringify(r.result))}`);
  }
  return out;
}
