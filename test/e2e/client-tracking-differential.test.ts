/**
 * CLIENT TRACKING, differential: seeded random sequences of CLIENT TRACKING (random options,
 * malformed ones now and then), CLIENT CACHING, GETREDIR, TRACKINGINFO, reads and writes of a tiny
 * set of keys (one hash tag per sequence, a list among the strings for WRONGTYPE), on one
 * connection, sent to the project (gateway /ws, the shared e2e cluster) and to a real
 * redis-server 7.0. Every reply is compared byte for byte (re-encoded from the parsed reply, so
 * pushes can be told apart); the invalidation pushes are compared at checkpoints as the multiset
 * of keys invalidated, since they reach the project asynchronously and Redis batches BCAST ones.
 * Replay a failure: TRACKING_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import net from "node:net";
import WebSocket from "ws";
import { RespReplyParser } from "../../src/resp/parser";
import { encodeCommand, encodeReply } from "../../src/resp/encoder";
import { fromBytes } from "../../src/resp/bytes";
import type { Reply } from "../../src/resp/reply";
import { redisServerAvailable, startRedis, type RedisServer } from "./resp-conn";
import { Rng, show } from "./family-differential";
import { E2E } from "./global-setup";

const url = inject("e2eUrl");
const SEQUENCES = 12;
const STEPS = 250;
/** Commands between two comparisons of the invalidations (TRACKING_EVERY=1 to find a difference's step). */
const EVERY = Number(process.env.TRACKING_EVERY ?? 50);

/** One connection: replies (re-encoded) in order, and the keys of invalidation pushes (null: all). */
class PushConn {
  private readonly parser = new RespReplyParser();
  private readonly replies: string[] = [];
  private waiter: (() => void) | null = null;
  invalidated: (string | null)[] = [];
  proto: 2 | 3 = 2;

  constructor(private readonly write: (b: Uint8Array) => void, readonly close: () => void) {}

  received(data: Uint8Array): void {
    this.parser.push(data);
    for (let r = this.parser.next(); r !== null; r = this.parser.next()) {
      if (!("t" in r)) throw new Error(`protocol error: ${r.text}`);
      if (r.t === "push" && r.v[0]?.t === "bulk" && r.v[0].v === "invalidate") {
        const keys = r.v[1]!;
        if (keys.t === "array") for (const k of keys.v) this.invalidated.push(k.t === "bulk" ? k.v : "?");
        else this.invalidated.push(null);
        continue;
      }
      this.replies.push(fromBytes(encodeReply(r as Reply, this.proto)));
      this.waiter?.();
    }
  }

  async send(argv: string[]): Promise<string> {
    this.write(encodeCommand(argv));
    const end = Date.now() + 30_000;
    while (this.replies.length === 0) {
      if (Date.now() > end) throw new Error(`no reply to ${argv.join(" ")}`);
      await new Promise<void>((r) => {
        this.waiter = r;
        setTimeout(r, 50);
      });
    }
    return this.replies.shift()!;
  }
}

async function projectConn(): Promise<PushConn> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/ws?_token=${E2E.token}`);
  ws.binaryType = "nodebuffer";
  await new Promise((ok, fail) => (ws.once("open", ok), ws.once("error", fail)));
  const c = new PushConn((b) => ws.send(b), () => ws.close());
  ws.on("message", (d: Buffer) => c.received(new Uint8Array(d)));
  return c;
}

async function redisConn(port: number): Promise<PushConn> {
  const sock = net.connect(port, "127.0.0.1");
  await new Promise((ok, fail) => (sock.once("connect", ok), sock.once("error", fail)));
  const c = new PushConn((b) => sock.write(b), () => sock.end());
  sock.on("data", (d) => c.received(new Uint8Array(d)));
  return c;
}

/** One random step: a command, or a MULTI block of reads and writes (keys under `tag`). */
function step(rng: Rng, tag: string): string[][] {
  if (rng.chance(0.06)) {
    const inner = Array.from({ length: 1 + rng.int(3) }, () => command(rng, tag)).filter((c) => c[0] !== "CLIENT");
    return [["MULTI"], ...inner, ["EXEC"]];
  }
  return [command(rng, tag)];
}

/** One random command (keys under `tag`). */
function command(rng: Rng, tag: string): string[] {
  const keys = ["a", "b", "c", "ab", "l"].map((k) => `{${tag}}${k}`);
  const key = (): string => rng.pick(keys);
  const prefixes = [`{${tag}}a`, `{${tag}}`, `{${tag}}b`, `{${tag}}ab`, "", "zz"];
  switch (rng.int(14)) {
    case 0:
    case 1: {
      const argv = ["CLIENT", "TRACKING", rng.chance(0.8) ? "ON" : rng.chance(0.8) ? "OFF" : "maybe"];
      for (let n = rng.int(4); n > 0; n--) {
        const o = rng.int(9);
        if (o === 0) argv.push("OPTIN");
        else if (o === 1) argv.push("OPTOUT");
        else if (o === 2) argv.push("NOLOOP");
        else if (o <= 4) argv.push("BCAST");
        else if (o <= 6) argv.push("PREFIX", rng.pick(prefixes));
        else if (o === 7) argv.push(rng.pick(["REDIRECT", "bogus", "PREFIX"]), ...(rng.chance(0.5) ? [rng.pick(["x", "999999"])] : []));
        else argv.push(rng.pick(["optin", "bcast"]));
      }
      // The project subscribes per connection; BCAST over every key would hear the other tests.
      if (argv.includes("BCAST") && !argv.includes("PREFIX")) argv.push("PREFIX", `{${tag}}`);
      return argv;
    }
    case 2:
      return ["CLIENT", "CACHING", rng.pick(["YES", "NO", "yes", "maybe"])];
    case 3:
      return ["CLIENT", rng.pick(["GETREDIR", "TRACKINGINFO", "INFO"])];
    case 4:
      return ["CLIENT", "CACHING"];
    case 5:
    case 6:
      return ["GET", key()];
    case 7:
      return ["MGET", key(), key()];
    case 8:
      return [rng.pick(["STRLEN", "EXISTS", "LLEN"]), key()];
    case 9:
    case 10:
      return ["SET", key(), String(rng.int(5))];
    case 11:
      return rng.pick([["DEL", key()], ["INCR", key()], ["APPEND", key(), "x"], ["APPEND", key()], ["MSET", key(), "1", key(), "2"]]);
    case 12:
      return ["LPUSH", `{${tag}}l`, "x"];
    default:
      return ["PING"];
  }
}

/** CLIENT INFO: only the fields tracking sets (flags, redir) are compared. */
function canonInfo(wire: string): string {
  const m = /flags=(\S*) .* redir=(\S*) /.exec(wire);
  return m && wire.includes("id=") ? `flags=${m[1]} redir=${m[2]}` : wire;
}

const settle = async (a: PushConn, b: PushConn): Promise<void> => {
  // The project's pushes come through the hubs: wait until they stop changing.
  let last = -1;
  for (let i = 0; i < 40 && a.invalidated.length !== last; i++) {
    last = a.invalidated.length;
    await new Promise((r) => setTimeout(r, 100));
  }
  void b;
};

/** The sequence's invalidations (BCAST over "" also hears the other tests' keys on the project). */
const canonPushes = (ks: (string | null)[], tag: string): string =>
  JSON.stringify(ks.filter((k) => k === null || k.startsWith(`{${tag}}`)).map(String).sort());

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (redisServerAvailable) redis = await startRedis();
});
afterAll(() => {
  redis?.conn.close();
  redis?.child.kill();
});

describe("CLIENT TRACKING against redis-server", () => {
  it.skipIf(!redisServerAvailable)(`${SEQUENCES} sequences of ${STEPS} commands, RESP2 and RESP3`, async () => {
    const base = Number(process.env.TRACKING_SEED ?? Date.now() % 1_000_000);
    let compared = 0;
    for (let s = 0; s < (process.env.TRACKING_SEED ? 1 : SEQUENCES); s++) {
      const seed = base + s;
      const rng = new Rng(seed);
      const tag = `trkd${seed}`;
      const ours = await projectConn();
      const theirs = await redisConn(redis!.port);
      const transcript: string[] = [];
      const fail = (what: string): never => {
        throw new Error(`${what}\n${transcript.slice(-80).join("\n")}\nreplay: TRACKING_SEED=${seed}`);
      };
      try {
        const proto = rng.chance(0.7) ? 3 : 2;
        for (const c of [ours, theirs]) {
          await c.send(["HELLO", String(proto)]);
          c.proto = proto;
        }
        for (let i = 0; i < STEPS; i++) {
          for (const argv of step(rng, tag)) {
            const [want, got] = [canonInfo(await theirs.send(argv)), canonInfo(await ours.send(argv))];
            transcript.push(`   ${argv.join(" ")} -> ${show(want, 80)}`);
            if (want !== got) fail(`reply differs at ${argv.join(" ")}:\n  redis:   ${show(want)}\n  project: ${show(got)}`);
            compared++;
          }
          if (i % EVERY === EVERY - 1 || i === STEPS - 1) {
            await settle(ours, theirs);
            const [w, g] = [canonPushes(theirs.invalidated, tag), canonPushes(ours.invalidated, tag)];
            if (w !== g) fail(`invalidations differ:\n  redis:   ${w}\n  project: ${g}`);
          }
        }
      } finally {
        ours.close();
        theirs.close();
      }
    }
    console.log(`client tracking differential: ${compared} commands compared (seeds ${base}..${base + SEQUENCES - 1})`);
    expect(compared).toBeGreaterThan(0);
  });
});
