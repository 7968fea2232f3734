/**
 * Differential test against a real Redis: the command sequences of test/workers/differential.test.ts
 * (fast-check, tiny alphabets, WRONGTYPE collisions) sent one by one to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`, the 3-master wrangler dev cluster
 *       of global-setup.ts), and
 *   (b) a `redis-server` this file starts on a free port (no persistence) and kills afterwards,
 * comparing the raw RESP2 bytes of every reply (only SMEMBERS/SINTER/SUNION/HGETALL are sorted
 * first), then the final content of every key. The reference model of the workers test is checked
 * against the same Redis on the way, so a model bug cannot hide a project bug there.
 *
 * All keys of a sequence share one hash tag ("{d<seed>-<run>}k1", ...): multi-key commands stay in
 * one slot, and every sequence starts from empty keys on both servers.
 * Skipped when `redis-server` is not on PATH. Replay: DIFF_SEED=<n> npx vitest run --project e2e
 * test/e2e/redis-differential.test.ts (DIFF_RUNS, DIFF_LENGTH change the amount).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import fc from "fast-check";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand } from "../../src/resp/encoder";
import { Model } from "../workers/model/model";
import { KEYS, dumpCommands, sequenceArb, showCommand, type Command } from "../workers/model/generator";
import { canonical, showWire, toResp2 } from "../workers/model/wire";
import { E2E } from "./global-setup";

const redisServerAvailable = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

const env = process.env;
const SEED = env.DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.DIFF_SEED ?? 20240611);
const RUNS = Number(env.DIFF_RUNS ?? 100);
const LENGTH = Number(env.DIFF_LENGTH ?? 40);
const REPLAY = `DIFF_SEED=${SEED} npx vitest run --project e2e test/e2e/redis-differential.test.ts`;

/**
 * A RESP connection with one command in flight: `send` resolves with the reply's raw bytes (as a
 * byte string). The project's RespReplyParser finds where the reply ends.
 */
class RespConn {
  private parser = new RespReplyParser();
  private chunks: Buffer[] = [];
  private waiting: { resolve: (wire: string) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly write: (bytes: Uint8Array) => void, readonly close: () => void) {}

  /** Feed bytes as they arrive from the socket. */
  received(data: Buffer): void {
    this.chunks.push(data);
    this.parser.push(new Uint8Array(data));
    const r = this.parser.next();
    if (r === null) return;
    const wire = Buffer.concat(this.chunks).toString("latin1");
    this.chunks = [];
    const w = this.waiting;
    this.waiting = null;
    if (!w) throw new Error(`unexpected reply ${JSON.stringify(wire)}`);
    if (!("t" in r)) w.reject(new Error(`protocol error: ${r.text}`));
    else w.resolve(wire);
  }

  failed(e: Error): void {
    this.waiting?.reject(e);
    this.waiting = null;
  }

  send(argv: string[]): Promise<string> {
    if (this.waiting) throw new Error("one command at a time");
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.write(encodeCommand(argv));
    });
  }
}

async function webSocketConn(url: string): Promise<RespConn> {
  const ws = new WebSocket(url);
  ws.binaryType = "nodebuffer";
  await new Promise((res, rej) => (ws.once("open", res), ws.once("error", rej)));
  const conn = new RespConn((b) => ws.send(b), () => ws.close());
  ws.on("message", (data: Buffer) => conn.received(Buffer.from(data)));
  ws.on("close", () => conn.failed(new Error("WebSocket closed")));
  return conn;
}

async function tcpConn(port: number): Promise<RespConn> {
  const sock = net.connect(port, "127.0.0.1");
  await new Promise((res, rej) => (sock.once("connect", res), sock.once("error", rej)));
  const conn = new RespConn((b) => sock.write(b), () => sock.end());
  sock.on("data", (d) => conn.received(d));
  sock.on("close", () => conn.failed(new Error("redis connection closed")));
  return conn;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ child: ChildProcess; conn: RespConn }> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return { child, conn: await tcpConn(port) };
    } catch (e) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill();
        throw new Error(`redis-server did not start on port ${port}: ${String(e)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.skipIf(!redisServerAvailable)(`differential: gateway (RESP over WebSocket) vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: { child: ChildProcess; conn: RespConn } | undefined;
  let project: RespConn | undefined;
  let run = 0;

  beforeAll(async () => {
    redis = await startRedis();
    project = await webSocketConn(`${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`);
  });

  afterAll(() => {
    project?.close();
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
  });

  /** One sequence on both servers and the model; throws with a transcript at the first difference. */
  async function check(cmds: Command[]): Promise<void> {
    const tag = `{d${SEED}-${run++}}`;
    const keys = KEYS.map((k) => tag + k);
    const model = new Model();
    const transcript: string[] = [];
    // The generator was given the plain keys; the tag is prefixed here so shrinking stays readable.
    const tagged = (argv: Command) => argv.map((a, i) => (i > 0 && KEYS.includes(a) ? tag + a : a));
    const all = [...cmds.map(tagged), ["--- final state ---"], ...dumpCommands(keys)];
    for (const argv of all) {
      if (argv[0]!.startsWith("---")) { transcript.push(argv[0]!); continue; }
      const ours = canonical(argv, await project!.send(argv));
      const theirs = canonical(argv, await redis!.conn.send(argv));
      const modelled = canonical(argv, toResp2(model.exec(argv)));
      const line = `${showCommand(argv)}  ->  ${showWire(theirs)}`;
      if (ours !== theirs) {
        transcript.push(`!! ${line}   (project: ${showWire(ours)})`);
        throw new Error(`the project differs from redis-server at "${showCommand(argv)}"\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
      }
      if (modelled !== theirs) {
        transcript.push(`!! ${line}   (model: ${showWire(modelled)})`);
        throw new Error(`the reference model (test/workers/model) differs from redis-server at "${showCommand(argv)}"\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
      }
      transcript.push(`   ${line}`);
    }
  }

  it(`${RUNS} random sequences of up to ${LENGTH} commands reply byte for byte like Redis (seed ${SEED})`, async () => {
    console.log(`[redis-differential] seed=${SEED} runs=${RUNS} length<=${LENGTH}  replay: ${REPLAY}`);
    await fc.assert(fc.asyncProperty(sequenceArb(KEYS, LENGTH), check), { seed: SEED, numRuns: RUNS });
  }, 600_000);
});
