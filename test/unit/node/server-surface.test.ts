/**
 * The server surface on real node runtimes (the simulator): CONFIG's parameter table and errors,
 * persistence of CONFIG SET across a restart, INFO's measured sections, SLOWLOG, LATENCY, OBJECT
 * by the CONFIG thresholds, ACL, COMMAND from Redis's metadata, and the refusals. Times are never
 * asserted (the clock port decides them): counts and shapes are.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import type { Reply } from "../../../src/resp/reply";
import { NodeConfig } from "../../../src/node/config";
import { memtoull } from "../../../src/node/config/kinds";

let sim: Sim;
const run = (...argv: string[]): Promise<Reply> => sim.command("n0", ...argv);
const bulkText = (r: Reply): string => (r.t === "bulk" || r.t === "verbatim" ? r.v : JSON.stringify(r));
const flat = (r: Reply): unknown =>
  r.t === "map" ? r.v.flat().map(flat) : r.t === "array" || r.t === "set" ? r.v.map(flat) : "v" in r ? r.v : null;
const err = (v: string): Reply => ({ t: "error", v });

beforeAll(async () => {
  sim = new Sim({ seed: 11 });
  await createCluster(sim, { masters: 1, replicasPerMaster: 1 });
});

describe("CONFIG over Redis 7.0's parameter table", () => {
  it("parses each kind as config.c does and answers CONFIG GET in its canonical form", () => {
    const c = new NodeConfig({});
    c.set([["maxmemory", "1kb"], ["appendonly", "YES"], ["maxmemory-policy", "ALLKEYS-LRU"], ["save", "100 10 5 1"]]);
    expect(c.match(["maxmemory", "appendonly", "maxmemory-policy", "save"])).toEqual([
      ["maxmemory", "1024"], ["appendonly", "yes"], ["maxmemory-policy", "allkeys-lru"], ["save", "100 10 5 1"],
    ]);
    c.set([["hz", "1000"], ["repl-backlog-size", "1"], ["maxmemory", "99999999999999999999"], ["maxmemory-clients", "10%"]]);
    expect(c.match(["hz", "repl-backlog-size", "maxmemory", "maxmemory-clients"]).map(([, v]) => v)).toEqual(["500", "16384", "18446744073709551615", "10%"]);
    c.set([["oom-score-adj", "relative"], ["shutdown-on-sigint", "nosave now"], ["client-output-buffer-limit", "normal 1mb 2mb 3"]]);
    expect(c.match(["oom-score-adj", "shutdown-on-sigint", "client-output-buffer-limit"]).map(([, v]) => v)).toEqual([
      "yes", "nosave now", "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    ]);
    expect(memtoull("")).toBe(0n);
    expect(memtoull("-1")).toBeNull();
  });

  it("answers Redis's errors and changes nothing on a refusal", () => {
    const c = new NodeConfig({});
    const fails = (pairs: [string, string][]): string => {
      try {
        c.set(pairs);
        return "OK";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(fails([["maxmemory", "-1"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value");
    expect(fails([["timeout", "-1"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive");
    expect(fails([["hash-max-listpack-entries", "-1"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive");
    expect(fails([["appendonly", "maybe"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'");
    expect(fails([["daemonize", "yes"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config");
    expect(fails([["dir", "/tmp"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
    expect(fails([["foo", "bar"]])).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    expect(fails([["maxmemory", "1"], ["maxmemory", "2"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter");
    expect(fails([["timeout", "5"], ["save", "1 2 3"]])).toBe("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
    expect(c.match(["timeout"])).toEqual([["timeout", "0"]]);
  });

  it("answers patterns with names and aliases, hidden parameters only by exact name", () => {
    const c = new NodeConfig({});
    expect(c.match(["*max-ziplist-entries"]).sort()).toEqual([["hash-max-ziplist-entries", "512"], ["zset-max-ziplist-entries", "128"]]);
    expect(c.match(["LUA-TIME-LIMIT"])).toEqual([["LUA-TIME-LIMIT", "5000"]]);
    expect(c.match(["*delay*"]).map(([k]) => k)).not.toContain("key-load-delay");
    expect(c.match(["key-load-delay"])).toEqual([["key-load-delay", "0"]]);
  });

  it("CONFIG SET persists across a restart, alias and all", async () => {
    expect(await run("CONFIG", "SET", "hash-max-ziplist-entries", "7", "slowlog-max-len", "3")).toEqual({ t: "simple", v: "OK" });
    await sim.restart("n0");
    expect(flat(await run("CONFIG", "GET", "hash-max-listpack-entries", "slowlog-max-len"))).toEqual(["hash-max-listpack-entries", "7", "slowlog-max-len", "3"]);
    expect(await run("CONFIG", "REWRITE")).toEqual(err("ERR The server is running without a config file"));
    expect(await run("CONFIG", "SET", "a", "b", "c")).toEqual(err("ERR syntax error"));
    expect(await run("CONFIG", "GET")).toEqual(err("ERR wrong number of arguments for 'config|get' command"));
  });
});

describe("OBJECT ENCODING by the CONFIG thresholds", () => {
  it("turns listpack into hashtable past hash-max-listpack-entries/value", async () => {
    await run("CONFIG", "SET", "hash-max-listpack-entries", "2", "hash-max-listpack-value", "4", "set-max-intset-entries", "2", "zset-max-listpack-entries", "1");
    await run("HSET", "h", "a", "1", "b", "2");
    expect(await run("OBJECT", "ENCODING", "h")).toEqual({ t: "bulk", v: "listpack" });
    await run("HSET", "h", "c", "3");
    expect(await run("OBJECT", "ENCODING", "h")).toEqual({ t: "bulk", v: "hashtable" });
    await run("HSET", "h2", "a", "12345");
    expect(await run("OBJECT", "ENCODING", "h2")).toEqual({ t: "bulk", v: "hashtable" });
    await run("SADD", "s", "1", "2");
    expect(await run("OBJECT", "ENCODING", "s")).toEqual({ t: "bulk", v: "intset" });
    await run("SADD", "s", "3");
    expect(await run("OBJECT", "ENCODING", "s")).toEqual({ t: "bulk", v: "hashtable" });
    await run("ZADD", "z", "1", "a");
    expect(await run("OBJECT", "ENCODING", "z")).toEqual({ t: "bulk", v: "listpack" });
    await run("ZADD", "z", "2", "b");
    expect(await run("OBJECT", "ENCODING", "z")).toEqual({ t: "bulk", v: "skiplist" });
    await run("SET", "n", "12345");
    await run("SET", "e", "hello");
    await run("SET", "r", "x".repeat(45));
    expect([await run("OBJECT", "ENCODING", "n"), await run("OBJECT", "ENCODING", "e"), await run("OBJECT", "ENCODING", "r")])
      .toEqual([{ t: "bulk", v: "int" }, { t: "bulk", v: "embstr" }, { t: "bulk", v: "raw" }]);
  });

  it("OBJECT FREQ needs an LFU policy; IDLETIME is refused under one", async () => {
    expect((await run("OBJECT", "FREQ", "h")).t).toBe("error");
    expect((await run("OBJECT", "IDLETIME", "h")).t).toBe("int");
    await run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    expect(await run("OBJECT", "FREQ", "h")).toMatchObject({ t: "int" });
    expect((await run("OBJECT", "IDLETIME", "h")).t).toBe("error");
    await run("CONFIG", "SET", "maxmemory-policy", "noeviction");
  });
});

describe("INFO, SLOWLOG, LATENCY measured per node", () => {
  it("counts calls, failures, rejections, errors and keyspace hits/misses", async () => {
    await run("CONFIG", "RESETSTAT");
    await run("SET", "k", "v");
    await run("GET", "k");
    await run("GET", "missing");
    await run("HGET", "k", "f"); // WRONGTYPE: a hit that failed
    await run("GET"); // arity: rejected
    const info = bulkText(await run("INFO", "commandstats", "errorstats", "stats"));
    expect(info).toMatch(/cmdstat_get:calls=2,usec=\d+,usec_per_call=[\d.]+,rejected_calls=1,failed_calls=0/);
    expect(info).toMatch(/cmdstat_hget:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1/);
    expect(info).toMatch(/cmdstat_config\|resetstat:calls=1,/);
    expect(info).toContain("errorstat_WRONGTYPE:count=1");
    expect(info).toContain("errorstat_ERR:count=1");
    expect(info).toContain("keyspace_hits:2");
    expect(info).toContain("keyspace_misses:1");
    expect(info).toContain("total_error_replies:2");
    const all = bulkText(await run("INFO", "everything"));
    expect(all.match(/^# \w+/gm)).toEqual([
      "# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules", "# Commandstats",
      "# Errorstats", "# Latencystats", "# Cluster", "# Keyspace",
    ]);
    expect(bulkText(await run("INFO"))).not.toContain("# Commandstats");
  });

  it("SLOWLOG logs every command at slowlog-log-slower-than 0, newest first, trimmed to slowlog-max-len", async () => {
    await run("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "2");
    await run("SLOWLOG", "RESET");
    await run("SET", "a", "1");
    await run("GET", "a", ...[]);
    await run("ECHO", "x".repeat(200));
    expect(await run("SLOWLOG", "LEN")).toEqual({ t: "int", v: 2 });
    // SLOWLOG LEN is a command like any other: logged too (as Redis does).
    const got = flat(await run("SLOWLOG", "GET")) as unknown[][];
    expect(got.map((e) => e[3])).toEqual([["SLOWLOG", "LEN"], ["ECHO", `${"x".repeat(128)}... (72 more bytes)`]]);
    expect(got[0]![0]).toBe((got[1]![0] as number) + 1);
    expect(await run("SLOWLOG", "GET", "-2")).toEqual(err("ERR count should be greater than or equal to -1"));
    await run("CONFIG", "SET", "slowlog-log-slower-than", "-1");
    await run("SLOWLOG", "RESET");
    await run("SET", "a", "2");
    expect(await run("SLOWLOG", "LEN")).toEqual({ t: "int", v: 0 });
  });

  it("LATENCY answers Redis's empty shapes while monitoring is off", async () => {
    expect(await run("LATENCY", "LATEST")).toEqual({ t: "array", v: [] });
    expect(bulkText(await run("LATENCY", "DOCTOR"))).toMatch(/^I'm sorry, Dave/);
    expect(await run("LATENCY", "GRAPH", "command")).toEqual(err("ERR No samples available for event 'command'"));
    expect(await run("LATENCY", "RESET")).toEqual({ t: "int", v: 0 });
    expect((await run("LATENCY", "HISTOGRAM", "set")).t).toBe("map");
  });
});

describe("ACL, COMMAND and the refusals", () => {
  it("ACL: the two token users", async () => {
    expect(await run("ACL", "WHOAMI")).toEqual({ t: "bulk", v: "admin" });
    expect(flat(await run("ACL", "USERS"))).toEqual(["admin", "default"]);
    expect(await run("ACL", "DRYRUN", "default", "CONFIG", "SET", "a", "b")).toEqual({ t: "bulk", v: "This user has no permissions to run the 'config|set' command" });
    expect(await run("ACL", "DRYRUN", "default", "GET", "k")).toEqual({ t: "simple", v: "OK" });
    expect(await run("ACL", "CAT", "nope")).toEqual(err("ERR Unknown category 'nope'"));
    expect(bulkText(await run("ACL", "GENPASS"))).toMatch(/^[0-9a-f]{64}$/);
  });

  it("COMMAND: docs, key specs, subcommands, GETKEYSANDFLAGS", async () => {
    expect(flat(await run("COMMAND", "DOCS", "get"))).toEqual(["get", [
      "summary", "Get the value of a key", "since", "1.0.0", "group", "string", "complexity", "O(1)",
      "arguments", [["name", "key", "type", "key", "key_spec_index", 0]],
    ]]);
    expect(flat(await run("COMMAND", "GETKEYSANDFLAGS", "LMOVE", "a", "b", "LEFT", "RIGHT"))).toEqual([["a", ["RW", "access", "delete"]], ["b", ["RW", "insert"]]]);
    expect(flat(await run("COMMAND", "LIST", "FILTERBY", "PATTERN", "config|*"))).toEqual(["config|get", "config|set", "config|resetstat", "config|rewrite", "config|help"]);
    const info = flat(await run("COMMAND", "INFO", "config|get")) as unknown[][];
    expect(info[0]!.slice(0, 7)).toEqual(["config|get", -3, ["admin", "noscript", "loading", "stale"], 0, 0, 0, ["@admin", "@slow", "@dangerous"]]);
    expect(await run("COMMAND", "GETKEYS", "PING")).toEqual(err("ERR wrong number of arguments for 'command|getkeys' command"));
    expect(await run("COMMAND", "GETKEYS", "PING", "x")).toEqual(err("ERR The command has no key arguments"));
  });

  it("answers Redis's errors for what cannot apply here", async () => {
    expect(await run("SWAPDB", "0", "1")).toEqual(err("ERR SWAPDB is not allowed in cluster mode"));
    expect(await run("FAILOVER")).toEqual(err("ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead."));
    expect((await run("MODULE", "LOAD", "x")).t).toBe("error");
    expect(await run("SHUTDOWN", "ABORT")).toEqual(err("ERR No shutdown in progress."));
    expect(await run("BGSAVE")).toEqual({ t: "simple", v: "Background saving started" });
    expect((await run("LASTSAVE")).t).toBe("int");
  });
});
