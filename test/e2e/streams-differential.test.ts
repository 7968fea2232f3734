/**
 * Differential test of streams against a real Redis 7.0: random sequences of XADD, XRANGE,
 * XREVRANGE, XLEN, XDEL, XTRIM, XGROUP, XREADGROUP, XREAD, XACK, XPENDING, XCLAIM, XAUTOCLAIM,
 * XINFO, XSETID (test/e2e/streams/stream-gen.ts: a tiny alphabet, a string key for WRONGTYPE,
 * malformed arguments now and then) sent to
 *   (a) this project, through the gateway's RESP WebSocket (`/ws`, the shared e2e cluster), and
 *   (b) a `redis-server` this file starts on a free port (no persistence) and kills afterwards,
 * comparing the raw bytes of every reply, RESP2 or (every other sequence, after HELLO 3) RESP3.
 * Only what depends on the clock is normalised first, in the parsed reply: delivery and seen
 * times (absolute ms) and idle times (rounded to 10 s) of XPENDING, XINFO CONSUMERS and XINFO
 * STREAM FULL. Each sequence ends with the full state of its streams (XINFO STREAM FULL, XRANGE).
 * IDs are explicit (or <ms>-*); "*" IDs are compared by shape in a test of their own.
 *
 * Every sequence's keys share one hash tag. Skipped when `redis-server` is not on PATH.
 * Replay: STREAM_DIFF_SEED=<n> npx vitest run --project e2e test/e2e/streams-differential.test.ts
 * (STREAM_DIFF_RUNS, STREAM_DIFF_LENGTH change the amount).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RespReplyParser } from "../../src/resp/parser";
import type { Reply } from "../../src/resp/reply";
import { E2E } from "./global-setup";
import { redisServerAvailable, startRedis, tcpConn, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";
import { Gen, prefill, type Command } from "./streams/stream-gen";

const env = process.env;
const SEED = env.STREAM_DIFF_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(env.STREAM_DIFF_SEED ?? 20250704);
const RUNS = Number(env.STREAM_DIFF_RUNS ?? 60);
const LENGTH = Number(env.STREAM_DIFF_LENGTH ?? 60);
const REPLAY = `STREAM_DIFF_SEED=${SEED} npx vitest run --project e2e test/e2e/streams-differential.test.ts`;
const STEP_TIMEOUT_MS = 15_000;

function parse(wire: string): Reply {
  const p = new RespReplyParser();
  p.push(new Uint8Array(Buffer.from(wire, "latin1")));
  const r = p.next();
  if (!r || !("t" in r)) throw new Error(`unparsable reply ${JSON.stringify(wire)}`);
  return r;
}

/** Absolute times become "T", small durations are rounded to 10 s; everything else stays. */
function timeless(r: Reply, idleAt: (path: string) => boolean, path = ""): unknown {
  switch (r.t) {
    case "int": {
      const v = Number(r.v);
      if (v > 1e11) return "T";
      return idleAt(path) ? `~${Math.round(v / 10_000)}` : v;
    }
    case "array": case "set": case "push": return r.v.map((x, i) => timeless(x, idleAt, `${path}/${i}`));
    case "map": return r.v.map(([k, v]) => [timeless(k, idleAt, path), timeless(v, idleAt, `${path}/${k.t === "bulk" ? k.v : "?"}`)]);
    default: return r;
  }
}

/** The comparable form of a reply: its bytes, or for clock-dependent replies the normalised tree. */
function comparable(argv: Command, wire: string): string {
  const cmd = argv[0]!.toUpperCase();
  const sub = (argv[1] ?? "").toUpperCase();
  const xpendingRange = cmd === "XPENDING" && argv.length > 3;
  if (!(xpendingRange || (cmd === "XINFO" && (sub === "CONSUMERS" || sub === "STREAM")))) return wire;
  if (wire.startsWith("-")) return wire;
  // XPENDING's item [id, consumer, idle, count]: idle is /n/2. XINFO CONSUMERS: the "idle" field (RESP2 flat: the value after it).
  const flatIdle = new Set<string>();
  const r = parse(wire);
  if (cmd === "XINFO" && sub === "CONSUMERS" && r.t === "array") {
    r.v.forEach((c, i) => {
      if (c.t === "array") c.v.forEach((x, j) => x.t === "bulk" && x.v === "idle" && flatIdle.add(`/${i}/${j + 1}`));
    });
  }
  const idleAt = (p: string): boolean => (xpendingRange && /^\/\d+\/2$/.test(p)) || flatIdle.has(p) || p.endsWith("/idle");
  return `~${JSON.stringify(timeless(r, idleAt))}`;
}

const show = (s: string): string => JSON.stringify(s).slice(0, 600);

class Side {
  private conns = new Map<2 | 3, RespConn>();
  constructor(readonly name: string, private readonly open: () => Promise<RespConn>) {}

  async send(proto: 2 | 3, argv: Command): Promise<string> {
    let c = this.conns.get(proto);
    if (!c || c.broken) {
      c = await this.open();
      if (proto === 3) await c.send(["HELLO", "3"], STEP_TIMEOUT_MS);
      this.conns.set(proto, c);
    }
    try {
      return await c.send(argv, STEP_TIMEOUT_MS);
    } catch (e) {
      return `<no reply: ${e instanceof Error ? e.message : String(e)}>`;
    }
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
  }
}

describe.skipIf(!redisServerAvailable)(`streams differential: gateway vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  let ours: Side;
  let theirs: Side;

  beforeAll(async () => {
    redis = await startRedis();
    const url = `${inject("e2eUrl").replace(/^http/, "ws")}/ws?_token=${E2E.token}`;
    ours = new Side("project", () => webSocketConn(url));
    theirs = new Side("redis", () => tcpConn(redis!.port));
  });

  afterAll(() => {
    ours?.close();
    theirs?.close();
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
  });

  async function sequence(run: number): Promise<number> {
    const tag = `{xs${SEED}-${run}}`;
    const gen = new Gen(SEED * 1000 + run, tag);
    const proto: 2 | 3 = run % 2 === 0 ? 2 : 3;
    const cmds: Command[] = [["SET", `${tag}str`, "x"], ["XGROUP", "CREATE", `${tag}s1`, "g1", "0", "MKSTREAM"]];
    // Every third sequence works on a longer stream: "~" trims whole nodes of 100 entries.
    if (run % 3 === 2) cmds.push(...prefill(`${tag}s2`, 120 + gen.int(250)));
    for (let i = 0; i < LENGTH; i++) cmds.push(gen.command());
    cmds.push(["--- final state ---"]);
    for (const s of ["s1", "s2"]) cmds.push(["XINFO", "STREAM", tag + s, "FULL", "COUNT", "0"], ["XRANGE", tag + s, "-", "+"], ["TYPE", tag + s]);
    const transcript: string[] = [`RESP${proto}`];
    for (const argv of cmds) {
      if (argv[0]!.startsWith("---")) {
        transcript.push(argv[0]!);
        continue;
      }
      const [a, b] = [await ours.send(proto, argv), await theirs.send(proto, argv)];
      const [ca, cb] = [comparable(argv, a), comparable(argv, b)];
      const line = `${argv.join(" ")}  ->  ${show(cb)}`;
      if (ca !== cb) {
        transcript.push(`!! ${line}\n     (project: ${show(ca)})`);
        throw new Error(`the project differs from redis-server at "${argv.join(" ")}"\n${transcript.join("\n")}\nreplay: ${REPLAY}`);
      }
      transcript.push(`   ${line}`);
      if (env.STREAM_DIFF_SHOW) console.log(line);
    }
    return cmds.length;
  }

  it(`${RUNS} random sequences of ${LENGTH} commands reply like Redis 7.0 (seed ${SEED})`, async () => {
    console.log(`[streams-differential] seed=${SEED} runs=${RUNS} length=${LENGTH}  replay: ${REPLAY}`);
    let total = 0;
    for (let run = 0; run < RUNS; run++) total += await sequence(run);
    console.log(`[streams-differential] ${total} commands compared`);
  }, 900_000);

  it("XADD with * generates IDs of the same shape, and they order and trim alike", async () => {
    const tag = `{xs${SEED}-auto}`;
    for (const side of [ours, theirs]) {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await side.send(2, ["XADD", `${tag}a`, "*", "f", String(i)]));
      for (const w of ids) expect(w).toMatch(/^\$\d+\r\n\d{13}-\d+\r\n$/);
      const parsed = ids.map((w) => w.split("\r\n")[1]!.split("-").map(BigInt));
      for (let i = 1; i < parsed.length; i++) {
        const [p, q] = [parsed[i - 1]!, parsed[i]!];
        expect(q[0]! > p[0]! || (q[0] === p[0] && q[1]! > p[1]!)).toBe(true);
      }
      expect(await side.send(2, ["XADD", `${tag}a`, "MAXLEN", "=", "2", "*", "f", "x"])).toMatch(/^\$\d+\r\n\d{13}-\d+\r\n$/);
      expect(await side.send(2, ["XLEN", `${tag}a`])).toBe(":2\r\n");
      // A millisecond before the first ID: below the top item whatever the clock did meanwhile
      // (`<first ms>-*` is valid when every XADD ran within that one millisecond).
      expect(await side.send(2, ["XADD", `${tag}a`, `${parsed[0]![0]! - 1n}-*`, "f", "y"])).toBe(
        "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
    }
  });
});
