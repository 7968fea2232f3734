/**
 * Differential test of Lua scripting against a real Redis: the scripts and function libraries of
 * scripting-cases.ts (EVAL*, SCRIPT, FUNCTION, FCALL*) sent to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`) of a 3-master wrangler dev
 *       cluster of this file's own (startTestCluster on E2E_SCRIPTING_PORT, by default E2E_PORT +
 *       50; not the shared one, where its SCRIPT FLUSH / FUNCTION FLUSH would meet the other e2e
 *       files' scripts and theirs its EVALSHAs, and where an unseeded math.random may not be the
 *       node's first), and
 *   (b) a `redis-server` this file starts on a free port (no persistence) and kills afterwards,
 * comparing the raw bytes of every reply, RESP2 or (on a connection that sent HELLO 3) RESP3. Only
 * what Redis leaves unordered is sorted first: RESP3 maps and sets, and the replies a case marks
 * (a Lua {map=...} or HGETALL in RESP2, FUNCTION LIST).
 *
 * Every case's keys share one hash tag ("{sd<n>}k"), so a case stays in one slot; they are deleted
 * on both servers before it runs. Function cases start with SCRIPT FLUSH and FUNCTION FLUSH on both.
 * Skipped when `redis-server` is not on PATH. One case: `-t '<name>'`; every difference is also
 * appended, as JSON lines, to the file named by SCRIPT_DIFF_REPORT when it is set.
 */
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { E2E, startTestCluster, type TestCluster } from "./global-setup";
import { redisServerAvailable, startRedis, tcpConn, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";
import { CASES, bulkContent, canonical, caseKeys, showBytes, stepArgs, type Case } from "./scripting-cases";

const PORT = Number(process.env.E2E_SCRIPTING_PORT ?? E2E.port + 50);
const STEP_TIMEOUT_MS = 15_000;
const REPORT = process.env.SCRIPT_DIFF_REPORT;

/** One server's two connections (RESP2, and RESP3 after HELLO 3), reopened when one breaks. */
class Side {
  private conns = new Map<2 | 3, RespConn>();

  constructor(readonly name: string, private readonly open: () => Promise<RespConn>) {}

  async conn(proto: 2 | 3): Promise<RespConn> {
    let c = this.conns.get(proto);
    if (c === undefined || c.broken) {
      c?.close();
      c = await this.open();
      if (proto === 3) {
        const hello = await c.send(["HELLO", "3"], STEP_TIMEOUT_MS);
        if (!hello.startsWith("%")) throw new Error(`${this.name}: HELLO 3 answered ${showBytes(hello)}`);
      }
      this.conns.set(proto, c);
    }
    return c;
  }

  /** Set when a command got no reply (connection closed or timed out); the caller clears it. */
  lost = false;

  /** The reply's raw bytes, or a line saying why there is none (never a valid RESP reply). */
  async send(proto: 2 | 3, argv: string[]): Promise<string> {
    try {
      return await (await this.conn(proto)).send(argv, STEP_TIMEOUT_MS);
    } catch (e) {
      this.lost = true;
      return `<no reply: ${e instanceof Error ? e.message : String(e)}>`;
    }
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
  }
}

describe.skipIf(!redisServerAvailable)(`scripting differential: gateway (RESP over WebSocket) vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  let cluster: TestCluster | undefined;
  let ours: Side | undefined;
  let theirs: Side | undefined;

  beforeAll(async () => {
    // Both at once; each kept as soon as it is up, so afterAll stops it even if the other failed.
    const started = [startRedis().then((r) => (redis = r)), startTestCluster(PORT).then((c) => (cluster = c))];
    await Promise.all(started);
    if (!redis || !cluster) throw new Error("unreachable: both started");
    const port = redis.port;
    const url = `${cluster.url.replace(/^http/, "ws")}/ws?_token=${E2E.token}`;
    theirs = new Side("redis-server", () => tcpConn(port));
    ours = new Side("project", () => webSocketConn(url));
    await ours.conn(2);
    await theirs.conn(2);
  });

  afterAll(async () => {
    ours?.close();
    theirs?.close();
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
    await cluster?.stop();
  });

  interface Outcome {
    diffs: { step: number; command: string; expected: string; actual: string }[];
    transcript: string[];
    /** A connection closed or timed out on the way. */
    lost: boolean;
  }

  /** Runs case `n` on both servers, step by step. */
  async function run(c: Case, n: number): Promise<Outcome> {
    const proto = c.resp3 ? 3 : 2;
    const sides = [theirs!, ours!];
    for (const side of sides) side.lost = false;
    const keys = caseKeys(c, n);
    for (const side of sides) {
      if (c.flush) {
        await side.send(proto, ["SCRIPT", "FLUSH"]);
        await side.send(proto, ["FUNCTION", "FLUSH"]);
      }
      if (keys.length > 0) await side.send(proto, ["DEL", ...keys]);
    }
    const saved = [new Map<string, string>(), new Map<string, string>()];
    const transcript: string[] = [];
    const diffs: Outcome["diffs"] = [];
    for (const [i, s] of c.steps.entries()) {
      const replies: string[] = [];
      const shown: string[] = [];
      for (const [j, side] of sides.entries()) {
        const argv = stepArgs(s, n, saved[j]!, saved[0]!);
        if (j === 0) shown.push(argv.map(showBytes).join(" "));
        const wire = await side.send(proto, argv);
        if (s.save !== undefined) {
          const b = bulkContent(wire);
          if (b !== undefined) saved[j]!.set(s.save, b);
        }
        replies.push(canonical(wire, c.canon));
      }
      const [expected, actual] = replies as [string, string];
      const same = expected === actual;
      transcript.push(`${same ? "  " : "!!"} ${shown[0]}\n     redis:   ${showBytes(expected)}${same ? "" : `\n     project: ${showBytes(actual)}`}`);
      if (!same) diffs.push({ step: i, command: shown[0]!, expected, actual });
    }
    return { diffs, transcript, lost: sides.some((side) => side.lost) };
  }

  /**
   * Runs case `n` and throws listing every step whose replies differ. A case that lost a
   * connection on the way (wrangler dev drops the WebSockets when it reloads the Worker, e.g. on
   * a source change) runs once more from scratch, on new connections; a second loss counts.
   */
  async function check(c: Case, n: number): Promise<void> {
    let outcome = await run(c, n);
    if (outcome.lost) {
      console.warn(`[scripting-differential] #${n} ${c.name}: a connection was lost, running the case again\n${outcome.transcript.join("\n")}`);
      outcome = await run(c, n);
    }
    const { diffs, transcript } = outcome;
    if (c.differs) {
      // By design: the project answers its own way (c.differs.why); Redis's answer is shown, not required.
      if (!c.differs.project.test(transcript.join("\n"))) throw new Error(`expected ${c.differs.project} (${c.differs.why}):\n${transcript.join("\n")}`);
      return;
    }
    if (diffs.length === 0) return;
    if (REPORT) appendFileSync(REPORT, JSON.stringify({ n, name: c.name, resp3: c.resp3 === true, diffs }) + "\n");
    throw new Error(`the project differs from redis-server${c.resp3 ? " (RESP3 connection)" : ""}:\n${transcript.join("\n")}`);
  }

  for (const [n, c] of CASES.entries()) {
    it(`#${n} ${c.name}`, () => check(c, n), 2 * (c.steps.length + 3) * 2 * STEP_TIMEOUT_MS);
  }
});
