/**
 * Forming real clusters of node Durable Objects in Workers tests: slots, epochs and MEETs as
 * `redis-cli --cluster create` does, then alarms driven by hand until every node agrees.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { nodeByName } from "../../src/node/client";
import { cmd, stubOf } from "./helpers";

const admin = (name: string, ...args: (string | number)[]) => cmd(nodeByNameHandle(name), ...args);
const nodeByNameHandle = (name: string) => nodeByName(env, name);

/** CLUSTER INFO of a node as a record. */
export async function clusterInfo(name: string): Promise<Record<string, string>> {
  const text = (await admin(name, "CLUSTER", "INFO")) as string;
  return Object.fromEntries(text.split("\r\n").filter((l) => l.includes(":")).map((l) => l.split(":") as [string, string]));
}

/** Runs every node's alarm once (one cron round); returns how many alarms ran. */
export async function cronRound(names: string[]): Promise<number> {
  const ran = await Promise.all(names.map((n) => runDurableObjectAlarm(stubOf(n))));
  return ran.filter(Boolean).length;
}

/** Test clusters run with a short node timeout, so pings fall due every NT/2 = 250 ms. */
export const TEST_NODE_TIMEOUT_MS = 500;
/** Real time between hand-driven cron rounds (gossip is paced by the clock, not by rounds). */
const ROUND_MS = 100;

/** Gives a node the test node timeout (before it joins a cluster). */
export async function fastNode(name: string): Promise<void> {
  await admin(name, "CONFIG", "SET", "cluster-node-timeout", TEST_NODE_TIMEOUT_MS);
}

/** Drives cron rounds until `done()` holds; returns the rounds it took (throws past `maxRounds`). */
export async function until(names: string[], done: () => Promise<boolean>, maxRounds = 40): Promise<number> {
  for (let round = 0; round <= maxRounds; round++) {
    if (await done()) return round;
    await new Promise((r) => setTimeout(r, ROUND_MS));
    await cronRound(names);
  }
  throw new Error(`cluster of ${names.join(", ")} did not converge in ${maxRounds} rounds`);
}

/** True when every node knows all the others and says cluster_state:ok. */
export async function converged(names: string[]): Promise<boolean> {
  for (const n of names) {
    const info = await clusterInfo(n);
    if (info.cluster_state !== "ok" || Number(info.cluster_known_nodes) !== names.length) return false;
  }
  return true;
}

/** Masters `names` with the slots split evenly; returns the cron rounds convergence took. */
export async function formCluster(names: string[]): Promise<number> {
  const per = Math.ceil(16384 / names.length);
  for (const [i, name] of names.entries()) {
    await fastNode(name);
    await admin(name, "CLUSTER", "ADDSLOTSRANGE", i * per, Math.min(16383, (i + 1) * per - 1));
    await admin(name, "CLUSTER", "SET-CONFIG-EPOCH", i + 1);
  }
  for (const name of names.slice(1)) await admin(name, "CLUSTER", "MEET", names[0]!, 6379);
  return until(names, () => converged(names));
}
