/**
 * Differential test of the server surface against a real redis-server 7.0: seeded random sequences
 * of CONFIG SET/GET (every kind of parameter, valid and invalid values, aliases, odd case), data
 * growing across the OBJECT ENCODING thresholds set at the sequence's start, CLIENT SETNAME/
 * GETNAME, COMMAND INFO/DOCS/GETKEYS/GETKEYSANDFLAGS of sample commands, and malformed server
 * commands, sent to
 *   (a) this project through the gateway's `/ws` (admin token: CONFIG is an admin command) on a
 *       3-master cluster of this file's own (E2E_SERVER_PORT, default E2E_PORT + 60: its CONFIG
 *       SETs would change the thresholds under the other e2e files), and
 *   (b) a redis-server this file starts (no persistence),
 * comparing the raw RESP2 bytes (RESP3 for a share of the sequences). SLOWLOG is compared by shape
 * only (its entries carry times and client addresses). Keys of a sequence share one hash tag.
 * Replay one sequence: SERVER_DIFF_SEED=<seed>; more: SERVER_DIFF_SEQUENCES=<n>.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E, startTestCluster, type TestCluster } from "./global-setup";
import { redisServerAvailable, startRedis, tcpConn, webSocketConn, type RedisServer, type RespConn } from "./resp-conn";

const PORT = Number(process.env.E2E_SERVER_PORT ?? E2E.port + 60);
const SEQUENCES = Number(process.env.SERVER_DIFF_SEQUENCES ?? 24);
const FIRST_SEED = Number(process.env.SERVER_DIFF_SEED ?? 1);
const ONE_SEED = process.env.SERVER_DIFF_SEED !== undefined;
const STEPS = 140;
const TIMEOUT_MS = 15_000;

/** mulberry32: one seed, one sequence. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parameters with Redis's defaults and semantics here too, and values to try (some invalid). */
const INTS = ["0", "1", "7", "-1", "-2", "abc", "1kb", "99999999999999999999", "2147483648", "5%", "", " 3"];
const MEMS = ["0", "64", "1kb", "2MB", "1g", "-1", "abc", "kb", "99999999999999999999", "5%", "10b"];
const BOOLS = ["yes", "no", "YES", "No", "maybe", "1", ""];
const PARAMS: [string, readonly string[]][] = [
  ["hash-max-listpack-entries", INTS], ["hash-max-ziplist-entries", INTS], ["hash-max-listpack-value", MEMS],
  ["hash-max-ziplist-value", MEMS], ["set-max-intset-entries", INTS], ["zset-max-listpack-entries", INTS],
  ["zset-max-ziplist-value", MEMS], ["list-max-listpack-size", INTS], ["list-max-ziplist-size", INTS], ["list-compress-depth", INTS],
  ["stream-node-max-bytes", MEMS], ["stream-node-max-entries", INTS], ["hll-sparse-max-bytes", MEMS], ["lua-time-limit", INTS],
  ["busy-reply-threshold", INTS], ["tcp-keepalive", INTS], ["slowlog-max-len", INTS],
  ["latency-monitor-threshold", INTS], ["lazyfree-lazy-eviction", BOOLS], ["lazyfree-lazy-user-del", BOOLS],
  ["lazyfree-lazy-user-flush", BOOLS], ["activedefrag", BOOLS], ["active-defrag-cycle-min", INTS],
  // Not values that would make the real server write files (a save point makes it save at SIGTERM,
  // appendonly starts a rewrite) or drop idle connections mid-test.
  ["appendonly", ["no", "maybe", "1", ""]], ["timeout", ["0", "-1", "abc", "1kb"]],
  ["maxmemory-policy", ["noeviction", "allkeys-lru", "VOLATILE-TTL", "lru", "", "allkeys-lfu"]],
  ["maxmemory-samples", INTS], ["lfu-log-factor", INTS], ["hz", ["1", "10", "1000", "0", "-1", "x"]],
  ["save", ["", "1 2 3", "0 1", "x y"]], ["appendfsync", ["always", "everysec", "no", "sometimes"]],
  ["notify-keyspace-events", ["", "KEA", "Kx", "Eg$", "Q", "AKE"]], ["oom-score-adj", ["no", "yes", "relative", "absolute", "x"]],
  ["client-output-buffer-limit", ["normal 1mb 2mb 3", "pubsub 0 0 0", "master 1 1 1", "normal 1 2", "replica 1kb 2kb 60", "normal x 1 1"]],
  ["repl-backlog-size", MEMS], ["repl-timeout", INTS], ["proto-max-bulk-len", MEMS], ["maxmemory-clients", ["0", "10%", "-5", "1mb", "200%"]],
  ["latency-tracking-info-percentiles", ["50 99 99.9", "", "1e1 100", "101", "abc", "0.5"]],
  ["shutdown-on-sigint", ["default", "save", "nosave now", "save nosave", "force", "x"]],
  ["daemonize", BOOLS], ["unixsocketperm", ["0"]], ["no-such-param", ["1"]],
  ["slowlog-log-slower-than", ["-2", "-1", "abc"]], ["MaxMemory-Policy", ["NoEviction", "x"]], ["SLAVE-PRIORITY", INTS],
  ["acllog-max-len", INTS], ["tracking-table-max-keys", INTS], ["io-threads", ["2"]],
];

/** Non-container commands whose COMMAND INFO/DOCS Redis and this project both have. */
const SAMPLE_COMMANDS = ["get", "set", "hset", "lpush", "zadd", "sadd", "del", "exists", "expire", "lmove", "zunionstore", "eval", "incr", "mget", "blpop", "rename", "getex", "zrange", "sintercard", "lpos"];
const GETKEYS: string[][] = [
  ["LMOVE", "a", "b", "LEFT", "RIGHT"], ["MGET", "a", "b", "c"], ["ZUNIONSTORE", "d", "2", "a", "b"], ["GET", "a"],
  ["RENAME", "a", "b"], ["EVAL", "return 1", "1", "k"], ["PING"], ["GET"], ["NOSUCH", "a"], ["SINTERCARD", "2", "a", "b"],
];
const MALFORMED: string[][] = [
  ["OBJECT", "FOO", "k"], ["OBJECT", "ENCODING"], ["OBJECT", "HELP"], ["CONFIG", "FOO"], ["CONFIG", "GET"], ["CONFIG", "SET", "timeout"],
  ["CONFIG", "SET", "timeout", "1", "hz"], ["CONFIG", "REWRITE"], ["CONFIG", "HELP"], ["SLOWLOG", "GET", "x"], ["SLOWLOG", "GET", "-2"],
  ["SLOWLOG", "FOO"], ["SLOWLOG", "HELP"], ["LATENCY", "FOO"], ["LATENCY", "HELP"], ["LATENCY", "GRAPH", "nope"],
  ["LATENCY", "HISTORY", "nope"], ["ACL", "CAT", "nope"], ["ACL", "HELP"], ["MEMORY", "FOO"], ["MEMORY", "HELP"],
  ["MEMORY", "USAGE"], ["CLIENT", "SETNAME", "a b"], ["CLIENT", "GETNAME", "x"], ["CLIENT", "FOO"], ["COMMAND", "FOO"],
  ["COMMAND", "HELP"], ["COMMAND", "GETKEYS"], ["SWAPDB", "0"], ["OBJECT", "FREQ", "nokey"], ["ECHO"], ["LASTSAVE", "x"],
  ["MODULE", "FOO"], ["MODULE", "LIST"], ["MODULE", "LOAD", "x"], ["BGSAVE", "x"], ["CONFIG", "SET", "dir", "/tmp"], ["ACL", "GENPASS", "0"], ["ACL", "GETUSER", "nobody"],
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** One sequence: thresholds first (then keys only grow), then a random mix. */
function sequence(seed: number): string[][] {
  const r = rng(seed);
  const tag = `{sv${seed}}`;
  const keys = { h: `${tag}h`, s: `${tag}s`, z: `${tag}z`, str: `${tag}str`, l: `${tag}l` };
  const cmds: string[][] = [["DEL", ...Object.values(keys)]];
  const small = (): string => String(Math.floor(r() * 9));
  cmds.push(["CONFIG", "SET", "hash-max-listpack-entries", small(), "hash-max-listpack-value", String(1 + Math.floor(r() * 16)),
    "set-max-intset-entries", small(), "zset-max-listpack-entries", small(), "zset-max-listpack-value", String(1 + Math.floor(r() * 16))]);
  const word = (): string => "w".repeat(1 + Math.floor(r() * 20));
  const member = (): string => (r() < 0.7 ? String(Math.floor(r() * 40) - 5) : word());
  while (cmds.length < STEPS) {
    const x = r();
    if (x < 0.22) {
      const [name, values] = pick(r, PARAMS);
      cmds.push(["CONFIG", "SET", name, pick(r, values)], ["CONFIG", "GET", name]);
      // Redis converts to the big encoding on the next write only, and never back: start over after a threshold change.
      if (/max-(listpack|ziplist|intset)/i.test(name)) cmds.push(["DEL", ...Object.values(keys)]);
    } else if (x < 0.52) {
      const k = pick(r, ["h", "s", "z", "str", "h", "z"] as const);
      if (k === "h") cmds.push(["HSET", keys.h, `f${Math.floor(r() * 12)}`, word()]);
      else if (k === "s") cmds.push(["SADD", keys.s, member()]);
      else if (k === "z") cmds.push(["ZADD", keys.z, String(Math.floor(r() * 10)), word()]);
      else cmds.push(["SET", keys.str, pick(r, ["12", "-7", "0123", "9223372036854775807", "9223372036854775808", word(), "x".repeat(44), "x".repeat(45)])]);
      // WRONGTYPE now and then: a type command on another type's key.
      if (r() < 0.1) cmds.push(["HSET", keys.str, "f", "v"]);
    } else if (x < 0.7) {
      cmds.push(["OBJECT", "ENCODING", pick(r, Object.values(keys))]);
    } else if (x < 0.76) {
      cmds.push(["CLIENT", "SETNAME", pick(r, ["app", "x-1", "", "with space"])], ["CLIENT", "GETNAME"]);
    } else if (x < 0.84) {
      const c = pick(r, SAMPLE_COMMANDS);
      cmds.push(r() < 0.5 ? ["COMMAND", "INFO", c] : ["COMMAND", "DOCS", c]);
    } else if (x < 0.9) {
      cmds.push([r() < 0.5 ? "COMMAND" : "command", pick(r, ["GETKEYS", "GETKEYSANDFLAGS"]), ...pick(r, GETKEYS)]);
    } else {
      cmds.push(pick(r, MALFORMED));
    }
  }
  return cmds;
}

/** Both servers' connections (RESP2 and, after HELLO 3, RESP3). */
class Side {
  private conns = new Map<number, RespConn>();
  constructor(readonly name: string, private readonly open: () => Promise<RespConn>) {}
  async send(proto: 2 | 3, argv: string[]): Promise<string> {
    let c = this.conns.get(proto);
    if (!c || c.broken) {
      c = await this.open();
      if (proto === 3) await c.send(["HELLO", "3"], TIMEOUT_MS);
      this.conns.set(proto, c);
    }
    try {
      return await c.send(argv, TIMEOUT_MS);
    } catch (e) {
      return `<no reply: ${e instanceof Error ? e.message : String(e)}>`;
    }
  }
  close(): void {
    for (const c of this.conns.values()) c.close();
  }
}

const show = (s: string): string => JSON.stringify(s.length > 400 ? `${s.slice(0, 400)}...` : s);

describe.skipIf(!redisServerAvailable)(`server surface differential vs real redis-server${redisServerAvailable ? "" : " (skipped: redis-server is not on PATH)"}`, () => {
  let redis: RedisServer | undefined;
  let cluster: TestCluster | undefined;
  let ours: Side;
  let theirs: Side;

  beforeAll(async () => {
    await Promise.all([startRedis().then((r) => (redis = r)), startTestCluster(PORT).then((c) => (cluster = c))]);
    const url = `${cluster!.url.replace(/^http/, "ws")}/ws?_token=${E2E.adminToken}`;
    theirs = new Side("redis-server", () => tcpConn(redis!.port));
    ours = new Side("project", () => webSocketConn(url));
    // The real server runs without snapshots (startRedis: --save ""): the same here.
    for (const side of [theirs, ours]) await side.send(2, ["CONFIG", "SET", "save", ""]);
  }, 180_000);

  afterAll(async () => {
    ours?.close();
    theirs?.close();
    redis?.conn.close();
    redis?.child.kill("SIGTERM");
    await cluster?.stop();
  });

  const seeds = ONE_SEED ? [FIRST_SEED] : Array.from({ length: SEQUENCES }, (_, i) => FIRST_SEED + i);
  it(`${seeds.length} sequences of ${STEPS} commands answer byte for byte`, async () => {
    const diffs: string[] = [];
    let sent = 0;
    for (const seed of seeds) {
      const proto = seed % 4 === 0 ? 3 : 2;
      for (const argv of sequence(seed)) {
        const [expected, actual] = [await theirs.send(proto, argv), await ours.send(proto, argv)];
        sent++;
        if (expected !== actual) {
          diffs.push(`seed ${seed} (RESP${proto}; replay: SERVER_DIFF_SEED=${seed}) ${argv.map((a) => JSON.stringify(a)).join(" ")}\n  redis:   ${show(expected)}\n  project: ${show(actual)}`);
        }
      }
    }
    console.log(`server differential: ${sent} commands over ${seeds.length} sequences, ${diffs.length} differences`);
    expect(diffs.slice(0, 30).join("\n")).toBe("");
  }, 900_000);

  it("SLOWLOG after slowlog-log-slower-than 0 has Redis's entry shape", async () => {
    const shape = (wire: string): string => wire.replace(/:\d+\r\n/g, ":N\r\n").replace(/\$\d+\r\n[^\r]*\r\n/g, "$B\r\n");
    for (const side of [theirs, ours]) {
      await side.send(2, ["CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "128"]);
      await side.send(2, ["SLOWLOG", "RESET"]);
      await side.send(2, ["SET", "{slow}k", "v"]);
    }
    // The gateway merges every master's log by time (seconds): entries of one second may interleave.
    const [a, b] = [await theirs.send(2, ["SLOWLOG", "GET", "1"]), await ours.send(2, ["SLOWLOG", "GET", "1"])];
    expect(shape(b).replace(/\*[23]\r\n(\$B\r\n)+/, "ARGS")).toBe(shape(a).replace(/\*[23]\r\n(\$B\r\n)+/, "ARGS"));
    expect(await ours.send(2, ["SLOWLOG", "GET", "-1"])).toContain("*3\r\n$3\r\nSET\r\n$7\r\n{slow}k\r\n$1\r\nv\r\n$9\r\ngateway:0\r\n$0\r\n\r\n");
    const [la, lb] = [await theirs.send(2, ["SLOWLOG", "LEN"]), await ours.send(2, ["SLOWLOG", "LEN"])];
    expect(lb.startsWith(":")).toBe(la.startsWith(":"));
  });
});
