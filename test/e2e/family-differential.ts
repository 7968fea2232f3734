/**
 * What the per-family differential tests (hyperloglog-, sort-differential.test.ts) share: a
 * seeded generator, a redis-server started in cluster mode owning every slot (so Redis answers as
 * a cluster node does, e.g. SORT's "BY option of SORT denied in Cluster mode."), and the loop that
 * sends each command to both servers and compares the raw RESP bytes, with a transcript and a
 * replay line at the first difference.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, tcpConn, type RespConn } from "./resp-conn";

/** mulberry32: a small seeded PRNG, so a failing sequence replays from its seed. */
export class Rng {
  constructor(private s: number) {}

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface ClusterRedis {
  conn: RespConn;
  stop(): void;
}

/** A redis-server with cluster-enabled, owning slots 0-16383, ready (cluster_state:ok). */
export async function startClusterRedis(): Promise<ClusterRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "redis-cluster-ref-"));
  const child = spawn("redis-server", [
    "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
    "--cluster-enabled", "yes", "--cluster-config-file", join(dir, "nodes.conf"), "--dir", dir,
  ], { stdio: "ignore", env: { ...process.env, LC_ALL: "C" } });
  const stop = () => {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 15_000;
    let conn: RespConn | undefined;
    while (!conn) {
      try {
        conn = await tcpConn(port);
      } catch (e) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}: ${String(e)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await conn.send(["CLUSTER", "ADDSLOTSRANGE", "0", "16383"]);
    while (!(await conn.send(["CLUSTER", "INFO"])).includes("cluster_state:ok")) {
      if (Date.now() > deadline) throw new Error("redis-server's cluster state did not turn ok");
      await new Promise((r) => setTimeout(r, 100));
    }
    return { conn, stop: () => (conn.close(), stop()) };
  } catch (e) {
    stop();
    throw e;
  }
}

/**
 * A command, and how to compare its replies (default: the raw bytes). `crossCopy: [src, dst]`
 * instead GETs src on both servers and SETs dst on each to the other's bytes (an HLL written by
 * Redis then lives on here, and ours on Redis).
 */
export interface Step {
  argv: string[];
  crossCopy?: [src: string, dst: string];
  /** Turns a raw reply into what is compared (e.g. sorts an array Redis leaves unordered). */
  canon?: (wire: string) => string;
}

/** Printable form of a byte string: control and high bytes escaped, long ones cut. */
export function show(s: string, max = 160): string {
  const t = JSON.stringify(s.length > max ? `${s.slice(0, max)}…(${s.length} bytes)` : s);
  return t.slice(1, -1);
}

/**
 * Sends `steps` to both servers in order; throws at the first reply that differs, with the
 * transcript so far and `replay`. Returns how many commands were compared.
 */
export async function compareSteps(ours: RespConn, theirs: RespConn, steps: Step[], replay: string): Promise<number> {
  const transcript: string[] = [];
  for (const step of steps) {
    const s = step.crossCopy ? await crossCopy(ours, theirs, ...step.crossCopy) : step;
    const canon = s.canon ?? ((w: string) => w);
    const expected = canon(await theirs.send(s.argv, 30_000));
    const actual = canon(await ours.send(s.argv, 30_000));
    const line = `${s.argv.slice(0, 8).map((a) => show(a, 40)).join(" ")}${s.argv.length > 8 ? ` …(${s.argv.length} args)` : ""}`;
    if (expected !== actual) {
      transcript.push(`!! ${line}\n     redis:   ${show(expected)}\n     project: ${show(actual)}`);
      throw new Error(`the project differs from redis-server:\n${transcript.slice(-40).join("\n")}\nreplay: ${replay}`);
    }
    transcript.push(`   ${line}  ->  ${show(expected, 60)}`);
  }
  return steps.length;
}

/** The bulk string inside a RESP2 reply, or null for anything else. */
function bulkOf(wire: string): string | null {
  if (!wire.startsWith("$") || wire.startsWith("$-1")) return null;
  return wire.slice(wire.indexOf("\r\n") + 2, -2);
}

/** GETs `src` on both sides; the step that SETs `dst` to the other side's bytes (a GET of dst when src has none). */
async function crossCopy(ours: RespConn, theirs: RespConn, src: string, dst: string): Promise<Step> {
  const [a, b] = [bulkOf(await ours.send(["GET", src])), bulkOf(await theirs.send(["GET", src]))];
  if (a === null || b === null) return { argv: ["GET", dst] };
  await ours.send(["SET", dst, b]);
  await theirs.send(["SET", dst, a]);
  return { argv: ["STRLEN", dst] };
}

/** Elements of a RESP2 array of bulk strings, sorted, for replies whose order Redis leaves to its hash tables. */
export function sortedArray(wire: string): string {
  if (!wire.startsWith("*")) return wire;
  const items: string[] = [];
  let at = wire.indexOf("\r\n") + 2;
  while (at < wire.length && wire[at] === "$") {
    const eol = wire.indexOf("\r\n", at);
    const len = Number(wire.slice(at + 1, eol));
    if (len < 0) {
      items.push("(nil)");
      at = eol + 2;
      continue;
    }
    items.push(wire.slice(eol + 2, eol + 2 + len));
    at = eol + 2 + len + 2;
  }
  return `sorted:${JSON.stringify(items.sort())}`;
}
