/**
 * FUNCTION DUMP payloads are Redis's bytes: RDB strings LZF-compressed as Redis compresses them.
 * The expected payload was produced by Redis 7.0.15 (FUNCTION LOAD of the library, FUNCTION DUMP).
 */
import { describe, expect, it } from "vitest";
import { dumpFunctions, parseFunctionDump } from "../../../src/scripting/function-dump";
import { lzfCompress, lzfDecompress } from "../../../src/scripting/lzf";

const LIB = "#!lua name=a2\n" + "local function helper(x) return x * 2 end\n".repeat(20) +
  "redis.register_function('f2', function(keys, args) return helper(tonumber(args[1])) end)";
const REDIS_DUMP = Buffer.from("f5c3408743ae1f23216c7561206e616d653d61320a6c6f63616c2066756e6374696f6e2068656c167065722878292072657475726e2078202a203220656e64e0ff29e1ff25e2ff21a31d0e72656469732e72656769737465725fc3500528276632272ce3005f0a286b6579732c2061726773e1003fa37205746f6e756d62237b401c045b315d292923750164290a006da951a462ec1948", "hex").toString("latin1");

describe("FUNCTION DUMP payloads", () => {
  it("are byte for byte Redis's, and Redis's restore here", () => {
    expect(dumpFunctions([LIB])).toBe(REDIS_DUMP);
    expect(parseFunctionDump(REDIS_DUMP)).toEqual([LIB]);
  });

  it("a corrupted payload is refused", () => {
    const bad = REDIS_DUMP.slice(0, 20) + "x" + REDIS_DUMP.slice(21);
    expect(parseFunctionDump(bad)).toBeNull();
  });

  it("LZF round-trips", () => {
    let seed = 1;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let t = 0; t < 200; t++) {
      const alphabet = 1 + rnd(20);
      const s = Array.from({ length: 21 + rnd(3000) }, () => String.fromCharCode(97 + rnd(alphabet))).join("");
      const packed = lzfCompress(s, s.length - 4);
      if (packed !== null) expect(lzfDecompress(packed, s.length)).toBe(s);
    }
  });
});
