/**
 * HyperLogLog through the real handlers (PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST): Redis's
 * bytes (golden values taken from redis-server 7.0.15), the sparse → dense promotion, the cached
 * cardinality, errors, and what replicas receive.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LocalNode } from "../../helpers/local-node";
import { murmurHash64A } from "../../../src/hyperloglog/murmur";
import type { Reply } from "../../../src/resp/reply";

const hex = (r: Reply): string => (r.t === "bulk" ? Buffer.from(r.v, "latin1").toString("hex") : `not a bulk: ${JSON.stringify(r)}`);
const sha1 = (r: Reply): string => (r.t === "bulk" ? createHash("sha1").update(Buffer.from(r.v, "latin1")).digest("hex") : "");
const int = (v: number) => ({ t: "int", v });
const err = (v: string) => ({ t: "error", v });
const elements = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `e${from + i}`);

/** PFADD of e0..e(n-1) in calls of 10000, as the golden values were made. */
function addMany(node: LocalNode, key: string, n: number): void {
  for (let i = 0; i < n; i += 10_000) node.run("PFADD", key, ...elements(Math.min(10_000, n - i), i));
}

describe("MurmurHash64A", () => {
  it("hashes as hyperloglog.c's (seed 0xadc83b19), tails of every length", () => {
    const expected: [string, bigint][] = [
      ["", 15627466953755236146n], ["a", 6039968161137406375n], ["ab", 1058018765904626383n], ["abc", 8641440865026630914n],
      ["abcdefg", 2521559750367024642n], ["abcdefgh", 17556823505701520743n], ["abcdefghi", 9461986184442075895n],
      ["hello world, this is a longer string!", 10215426564934782028n], ["\xff\xfe\x80\x00zz", 9797789097475871584n],
    ];
    for (const [s, h] of expected) expect(murmurHash64A(s)).toBe(h);
  });
});

describe("PFADD / PFCOUNT bytes", () => {
  it("writes Redis's sparse string, then caches the count in its header", () => {
    const n = new LocalNode();
    expect(n.run("PFADD", "h", "a", "b", "c")).toEqual(int(1));
    expect(hex(n.run("GET", "h"))).toBe("48594c4c01000000000000000000008060f38050b1844bfb80425a");
    expect(n.run("PFCOUNT", "h")).toEqual(int(3));
    expect(hex(n.run("GET", "h"))).toBe("48594c4c01000000030000000000000060f38050b1844bfb80425a");
    expect(n.run("PFADD", "h", "a", "b")).toEqual(int(0));
    expect(n.run("PFADD", "h")).toEqual(int(0));
    expect(n.run("PFADD", "new")).toEqual(int(1));
    expect(n.run("PFDEBUG", "DECODE", "new")).toEqual({ t: "bulk", v: "Z:16384" });
  });

  it("counts 1000 (sparse), 100000 and 1000000 (dense) elements as Redis, byte for byte", () => {
    const n = new LocalNode();
    const golden: [number, number, string][] = [
      [1000, 1008, "26dc3c41142e0317d54eb6adc1e29ccff5ca6941"],
      [100_000, 100853, "ec6400bb60029296060157289491545488e0cdd1"],
      [1_000_000, 991657, "2581842b41f4718c10eed9d67ac74acdcb3675fa"],
    ];
    for (const [count, card, digest] of golden) {
      n.run("DEL", "g");
      addMany(n, "g", count);
      expect(sha1(n.run("GET", "g"))).toBe(digest);
      expect(n.run("PFCOUNT", "g")).toEqual(int(card));
    }
  }, 60_000);

  it("an HLL copied as a string (GET/SET, COPY, RENAME) is still an HLL", () => {
    const n = new LocalNode();
    n.run("PFADD", "h", ...elements(50));
    const bytes = n.run("GET", "h");
    n.run("SET", "copy", (bytes as { v: string }).v);
    n.run("COPY", "h", "copy2");
    n.run("RENAME", "h", "moved");
    expect(n.run("PFCOUNT", "copy")).toEqual(n.run("PFCOUNT", "copy2"));
    expect(n.run("PFCOUNT", "moved")).toEqual(int(50));
  });
});

describe("sparse → dense promotion", () => {
  it("turns dense when a register passes 32 or the string would pass hll-sparse-max-bytes", () => {
    const n = new LocalNode();
    addMany(n, "h", 1000);
    expect(n.run("PFDEBUG", "ENCODING", "h")).toEqual({ t: "simple", v: "sparse" });
    const sparseLen = (n.run("STRLEN", "h") as { v: number }).v;
    expect(sparseLen).toBeLessThanOrEqual(3000);
    addMany(n, "h", 5000);
    expect(n.run("PFDEBUG", "ENCODING", "h")).toEqual({ t: "simple", v: "dense" });
    expect(n.run("STRLEN", "h")).toEqual(int(16 + 12288));
  });

  it("follows CONFIG hll-sparse-max-bytes", () => {
    const n = new LocalNode();
    n.config.set("hll-sparse-max-bytes", 100);
    n.run("PFADD", "h", ...elements(200));
    expect(n.run("PFDEBUG", "ENCODING", "h")).toEqual({ t: "simple", v: "dense" });
    n.config.set("hll-sparse-max-bytes", 3000);
    n.run("PFADD", "h2", ...elements(200));
    expect(n.run("PFDEBUG", "ENCODING", "h2")).toEqual({ t: "simple", v: "sparse" });
    expect(n.run("PFCOUNT", "h")).toEqual(n.run("PFCOUNT", "h2"));
  });
});

describe("PFCOUNT of several keys, PFMERGE", () => {
  it("counts the union without touching the keys", () => {
    const n = new LocalNode();
    n.run("PFADD", "a", ...elements(100));
    n.run("PFADD", "b", ...elements(100, 50));
    const [a, b] = [n.run("GET", "a"), n.run("GET", "b")];
    n.effects.length = 0;
    expect(n.run("PFCOUNT", "a", "b", "missing")).toEqual(int(150));
    expect([n.run("GET", "a"), n.run("GET", "b")]).toEqual([a, b]);
    expect(n.effects).toEqual([]);
  });

  it("merges into a destination, dense as soon as one source is", () => {
    const n = new LocalNode();
    n.run("PFADD", "a", ...elements(100));
    addMany(n, "big", 20_000);
    expect(n.run("PFMERGE", "m", "a", "missing")).toEqual({ t: "simple", v: "OK" });
    expect(n.run("PFDEBUG", "ENCODING", "m")).toEqual({ t: "simple", v: "sparse" });
    expect(n.run("PFCOUNT", "m")).toEqual(int(100));
    expect(n.run("PFMERGE", "m", "big")).toEqual({ t: "simple", v: "OK" });
    expect(n.run("PFDEBUG", "ENCODING", "m")).toEqual({ t: "simple", v: "dense" });
    expect(n.run("PFCOUNT", "m")).toEqual(n.run("PFCOUNT", "big", "a"));
    expect(n.run("PFMERGE", "empty")).toEqual({ t: "simple", v: "OK" });
    expect(n.run("PFCOUNT", "empty")).toEqual(int(0));
  });
});

describe("errors", () => {
  const corrupt = "HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80\x7f\xfe"; // XZERO of 16383: one register short

  it("answers Redis's errors and changes nothing", () => {
    const n = new LocalNode();
    n.run("RPUSH", "list", "x");
    n.run("SET", "str", "not an hll");
    n.run("SET", "bad", corrupt);
    n.run("SET", "dense-short", "HYLL\0" + "\0".repeat(100));
    const wrongType = err("WRONGTYPE Operation against a key holding the wrong kind of value");
    const notHll = err("WRONGTYPE Key is not a valid HyperLogLog string value.");
    expect(n.run("PFADD", "list", "a")).toEqual(wrongType);
    expect(n.run("PFADD", "str", "a")).toEqual(notHll);
    expect(n.run("PFCOUNT", "dense-short")).toEqual(notHll);
    expect(n.run("PFCOUNT", "x", "str")).toEqual(notHll);
    expect(n.run("PFMERGE", "dst", "list")).toEqual(wrongType);
    expect(n.run("EXISTS", "dst")).toEqual(int(0));
    expect(n.run("PFCOUNT", "bad")).toEqual(err("INVALIDOBJ Corrupted HLL object detected"));
    expect(n.run("PFCOUNT", "bad", "x")).toEqual(err("INVALIDOBJ Corrupted HLL object detected"));
    // Registers the body covers can still be set (Redis too); the promotion of a corrupt body fails, undone whole here.
    expect(n.run("PFADD", "bad", ...elements(20))).toEqual(int(1));
    const before = n.run("GET", "bad");
    expect(n.run("PFADD", "bad", ...elements(3000))).toEqual(err("INVALIDOBJ Corrupted HLL object detected"));
    expect(n.run("GET", "bad")).toEqual(before);
    expect(n.run("PFDEBUG", "TODENSE", "bad")).toEqual(err("INVALIDOBJ Corrupted HLL object detected"));
    expect(n.run("PFMERGE", "dst", "bad")).toEqual(err("INVALIDOBJ Corrupted HLL object detected"));
  });
});

describe("PFDEBUG, PFSELFTEST", () => {
  it("GETREG, DECODE, ENCODING, TODENSE and their errors", () => {
    const n = new LocalNode();
    n.run("PFADD", "h", "a", "b", "c");
    expect(n.run("PFDEBUG", "DECODE", "h")).toEqual({ t: "bulk", v: "Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603" });
    expect(n.run("PFDEBUG", "nope", "h")).toEqual(err("ERR Unknown PFDEBUG subcommand 'nope'"));
    expect(n.run("PFDEBUG", "GETREG", "missing")).toEqual(err("ERR The specified key does not exist"));
    const regs = n.run("PFDEBUG", "GETREG", "h") as { v: { v: number }[] };
    expect(regs.v.length).toBe(16384);
    expect([regs.v[8436]!.v, regs.v[12711]!.v, regs.v[15780]!.v]).toEqual([1, 2, 1]);
    expect(n.run("PFDEBUG", "ENCODING", "h")).toEqual({ t: "simple", v: "dense" });
    expect(n.run("PFDEBUG", "DECODE", "h")).toEqual(err("ERR HLL encoding is not sparse"));
    expect(n.run("PFDEBUG", "TODENSE", "h")).toEqual(int(0));
    n.run("PFADD", "h2", "x");
    n.effects.length = 0;
    expect(n.run("PFDEBUG", "TODENSE", "h2")).toEqual(int(1));
    expect(n.effects).toEqual([["PFDEBUG", "TODENSE", "h2"]]);
    expect(n.run("PFCOUNT", "h2")).toEqual(int(1));
  });

  it("PFSELFTEST passes", () => {
    expect(new LocalNode().run("PFSELFTEST")).toEqual({ t: "simple", v: "OK" });
  }, 30_000);
});

describe("replication", () => {
  it("a replica fed the effects holds the master's bytes, cached count included", () => {
    const master = new LocalNode();
    const replica = new LocalNode();
    master.run("PFADD", "a", ...elements(500));
    addMany(master, "b", 30_000);
    master.run("PFMERGE", "m", "a", "b");
    master.run("PFCOUNT", "a");
    master.run("PFCOUNT", "a"); // cached: not propagated again
    master.run("PFCOUNT", "a", "b"); // several keys: a read
    expect(master.effects.filter((e) => e[0] === "PFCOUNT")).toEqual([["PFCOUNT", "a"]]);
    master.replicateTo(replica);
    for (const k of ["a", "b", "m"]) expect(replica.run("GET", k)).toEqual(master.run("GET", k));
  });
});
