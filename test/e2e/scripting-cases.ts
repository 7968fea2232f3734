/**
 * The table of test/e2e/scripting-differential.test.ts: Lua scripts (EVAL*, SCRIPT) and function
 * libraries (FUNCTION, FCALL*) whose replies must be byte for byte Redis 7.0's.
 *
 * A case is a list of commands; every reply is compared. In a case's arguments
 *   - `{t}` becomes the case's own hash tag (`{sd<n>}`), so its keys stay in one slot; every
 *     argument starting with `{t}` is a key, deleted on both servers before the case runs;
 *   - `$name` (a whole argument) is what this server answered to the step saved as `name` (a bulk
 *     string's content, e.g. a SCRIPT LOAD sha or a FUNCTION DUMP payload), `$name:upper` the same
 *     upper-cased, `$name:corrupt` with its last byte flipped, and `$redis.name` what redis-server answered (so the project restores Redis's
 *     own FUNCTION DUMP payload).
 */
import { createHash } from "node:crypto";

export interface Step {
  cmd: string[];
  /** Remember this reply's bulk content under this name for later `$name` arguments. */
  save?: string;
}

/** How replies are normalized before comparing (RESP3 maps and sets are always sorted). */
export type Canon =
  | "none"
  | "pairs" // the top-level RESP2 array is field/value pairs in unspecified order
  | "items" // the top-level RESP2 array is in unspecified order
  | "funclist"; // FUNCTION LIST: libraries by name, their functions by name, flags sorted

export interface Case {
  name: string;
  steps: Step[];
  /** Run on the connection that sent HELLO 3 (default: a RESP2 connection). */
  resp3?: boolean;
  /** SCRIPT FLUSH and FUNCTION FLUSH on both servers first. */
  flush?: boolean;
  canon?: Canon;
  /**
   * A difference by design (cluster mode, the one-database endpoint): the project's transcript must
   * match `project`, and `why` says why it differs from a standalone Redis (docs/scripting.md).
   */
  differs?: { why: string; project: RegExp };
}

type Cmd = string[] | Step;
const sha1 = (s: string): string => createHash("sha1").update(s, "latin1").digest("hex");
const step = (c: Cmd): Step => (Array.isArray(c) ? { cmd: c } : c);

interface EvalOpts {
  keys?: string[];
  args?: string[];
  setup?: Cmd[];
  after?: Cmd[];
  resp3?: boolean;
  canon?: Canon;
  /** EVAL_RO instead of EVAL. */
  ro?: boolean;
  differs?: Case["differs"];
}

/** EVAL `script` with its keys and args, after `setup` and before `after`. */
function ev(name: string, script: string, o: EvalOpts = {}): Case {
  const keys = o.keys ?? [];
  const cmd = [o.ro ? "EVAL_RO" : "EVAL", script, String(keys.length), ...keys, ...(o.args ?? [])];
  return {
    name, resp3: o.resp3, canon: o.canon, differs: o.differs,
    steps: [...(o.setup ?? []).map(step), { cmd }, ...(o.after ?? []).map(step)],
  };
}

/** The same script on a RESP2 connection and on one that sent HELLO 3. */
const both = (name: string, script: string, o: EvalOpts = {}): Case[] => [
  ev(`${name} [RESP2]`, script, o),
  ev(`${name} [RESP3]`, script, { ...o, resp3: true }),
];

const K = ["{t}k"];
const K2 = ["{t}k", "{t}k2"];
const raw = String.raw;

// --- Lua values converted to RESP ------------------------------------------------------------
const conversions: Case[] = [
  ev("number 3.99 truncates", "return 3.99"),
  ev("number -3.99 truncates", "return -3.99"),
  ev("number -0.5 truncates to 0", "return -0.5"),
  ev("number 1e30 (beyond int64)", "return 1e30"),
  ev("number -1e30 (beyond int64)", "return -1e30"),
  ev("number 0/0 (NaN)", "return 0/0"),
  ev("number 1/0 (inf)", "return 1/0"),
  ev("number 2^53", "return 2^53"),
  ev("number 2^53+1 (not representable)", "return 9007199254740993"),
  ev("number 2^63 (overflow)", "return 2^63"),
  ev("number -2^63", "return -2^63"),
  ev("number 123456789012", "return 123456789012"),
  ev("string", "return 'hello'"),
  ev("empty string", "return ''"),
  ev("numeric string stays a bulk", "return '3.99'"),
  ev("binary string with CRLF", raw`return 'a\r\nb\0c'`),
  ev("array of numbers", "return {1,2,3}"),
  ev("array stops at the first nil", "return {1,2,nil,4}"),
  ev("array starting with nil is empty", "return {nil,2}"),
  ev("nested tables", "return {1,'two',{3,{'four',5.5}}}"),
  ev("hash-only table is an empty array", "return {a=1, b=2}"),
  ev("mixed table keeps the array part", "return {1, 2, x=3}"),
  ev("{ok=...} is a status", "return {ok='FINE'}"),
  ev("{ok=...} CR/LF become spaces", raw`return {ok='a\r\nb'}`),
  ev("{ok=number}", "return {ok=5}"),
  ev("{err=...} is an error", "return {err='BAD thing'}"),
  ev("{err=...} wins over ok", "return {err='E1', ok='O1'}"),
  ev("{err=...} without a code", "return {err='no code here'}"),
  ev("{err=...} with a leading dash", "return {err='-DASHED inside table'}"),
  ev("{err=...} CR/LF become spaces", raw`return {err='BAD\r\nline'}`),
  ev("status and error inside an array", "return {1, {ok='inner'}, {err='inner err'}, false, true}"),
  ev("false is a nil bulk", "return false"),
  ev("true is 1", "return true"),
  ev("nil is a nil bulk", "return nil"),
  ev("no value", "return"),
  ev("only the first of several values", "return 1, 2"),
  ev("redis.status_reply", "return redis.status_reply('PONG')"),
  ev("redis.status_reply empty", "return redis.status_reply('')"),
  ev("redis.error_reply with a code", "return redis.error_reply('MYERR oops')"),
  ev("redis.error_reply with a leading dash", "return redis.error_reply('-MYERR with dash')"),
  ev("redis.error_reply lowercase", "return redis.error_reply('lowercase message')"),
  ev("redis.error_reply inside an array", "return {redis.error_reply('X y'), 1}"),
  ev("{double=...} without setresp", "return {double=3.5}"),
  ev("table with a [0] index", "return {[0]='z', 'a'}"),
  ev("{err=number} is not an error", "return {err=5}"),
  ev("{double=string}", "return {double='3.5'}"),
  ev("deeply nested tables", "local t = {}; local c = t; for i = 1, 100 do c[1] = {}; c = c[1] end; c[1] = 'bottom'; return t"),
  ev("a 100 KB string", "return string.rep('x', 100000)"),
  ev("an array of 10000 numbers", "local t = {}; for i = 1, 10000 do t[i] = i end; return t"),
  ev("binary ARGV and KEYS returned", "return {KEYS[1], ARGV[1], #ARGV[1]}", { keys: ["{t}\x00\xff"], args: ["a\x00b\xff\r\n"] }),
  ev("redis.status_reply of a number", "return redis.status_reply(123)"),
  ev("redis.error_reply empty", "return redis.error_reply('')"),
  ev("redis.error_reply of a table", "return redis.error_reply({})"),
  ev("redis.sha1hex without arguments", "return redis.sha1hex()"),
];

// --- RESP3 replies from Lua (redis.setresp(3)), on RESP2 and RESP3 connections --------------------
const resp3: Case[] = [
  ...both("{map=...} after setresp(3)", "redis.setresp(3); return {map={a=1}}"),
  ...both("{map=...} without setresp", "return {map={a=1}}"),
  ...both("{map=...} of several fields", "redis.setresp(3); return {map={a=1, b='x', c={1,2}}}", { canon: "pairs" }),
  ...both("empty {map=...}", "redis.setresp(3); return {map={}}"),
  ...both("{set=...}", "redis.setresp(3); return {set={a=true, b=true, c=true}}", { canon: "items" }),
  ...both("empty {set=...}", "redis.setresp(3); return {set={}}"),
  ...both("nested map and set", "redis.setresp(3); return {map={k={set={x=true}}}}"),
  ...both("{double=...}", "redis.setresp(3); return {double=3.14}"),
  ...both("{double=-0.5} without setresp", "return {double=-0.5}"),
  ...both("{double=inf}", "redis.setresp(3); return {double=1/0}"),
  ...both("{double=nan}", "redis.setresp(3); return {double=0/0}"),
  ...both("{double=1e300}", "redis.setresp(3); return {double=1e300}"),
  ...both("{big_number=...}", "redis.setresp(3); return {big_number='123456789012345678901234567890'}"),
  ...both("{big_number=-42}", "redis.setresp(3); return {big_number='-42'}"),
  ...both("{verbatim_string=...}", "redis.setresp(3); return {verbatim_string={format='txt', string='hello'}}"),
  ...both("true after setresp(3)", "redis.setresp(3); return true"),
  ...both("false after setresp(3)", "redis.setresp(3); return false"),
  ...both("nil after setresp(3)", "redis.setresp(3); return nil"),
  ...both("true without setresp", "return true"),
  ...both("false without setresp", "return false"),
  ...both("array of RESP3 values", "redis.setresp(3); return {1, {double=2.5}, true, false}"),
  ...both("setresp(2) after setresp(3)", "redis.setresp(3); redis.setresp(2); return {map={a=1}}"),
  ...both("number 3.99", "return 3.99"),
  ...both("HGETALL after setresp(3) is a map", "redis.setresp(3); return redis.call('hgetall', KEYS[1])",
    { keys: K, setup: [["HSET", "{t}k", "a", "1", "b", "2"]], canon: "pairs" }),
  ...both("HGETALL without setresp", "return redis.call('hgetall', KEYS[1])",
    { keys: K, setup: [["HSET", "{t}k", "a", "1", "b", "2"]], canon: "pairs" }),
  ...both("SMEMBERS after setresp(3) is a set", "redis.setresp(3); return redis.call('smembers', KEYS[1])",
    { keys: K, setup: [["SADD", "{t}k", "x", "y", "z"]], canon: "items" }),
  ...both("ZSCORE after setresp(3) is a double", "redis.setresp(3); return redis.call('zscore', KEYS[1], 'a')",
    { keys: K, setup: [["ZADD", "{t}k", "1.5", "a"]] }),
  ...both("ZRANGE WITHSCORES after setresp(3)", "redis.setresp(3); return redis.call('zrange', KEYS[1], 0, -1, 'withscores')",
    { keys: K, setup: [["ZADD", "{t}k", "1.5", "a", "2", "b"]] }),
  ...both("GET of a missing key after setresp(3)", "redis.setresp(3); return redis.call('get', KEYS[1])", { keys: K }),
  ...both("{map=...} with a number key", "redis.setresp(3); return {map={[1]='a'}}"),
  ...both("{map=...} with a false value", "redis.setresp(3); return {map={a=false}}"),
  ...both("{set=...} of numbers", "redis.setresp(3); return {set={[1]=true, [2]=true}}", { canon: "items" }),
  ...both("{big_number=number}", "redis.setresp(3); return {big_number=123}"),
  ...both("{verbatim_string=...} without format", "redis.setresp(3); return {verbatim_string={string='hello'}}"),
  ...both("error reply on a RESP3 connection", "return redis.call('incr', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ...both("ZSCORE inf after setresp(3) in Lua", "redis.setresp(3); local d = redis.call('zscore', KEYS[1], 'a'); return tostring(d.double)",
    { keys: K, setup: [["ZADD", "{t}k", "+inf", "a"]] }),
];

// --- RESP replies converted to Lua values -------------------------------------------------------
const toLua: Case[] = [
  ev("integer reply is a number", "local v = redis.call('incr', KEYS[1]); return {type(v), v}", { keys: K }),
  ev("bulk reply is a string", "redis.call('set', KEYS[1], 'abc'); local v = redis.call('get', KEYS[1]); return {type(v), v}", { keys: K }),
  ev("nil bulk is false", "local v = redis.call('get', KEYS[1]); return {type(v), tostring(v)}", { keys: K }),
  ev("status reply is {ok=...}", "local v = redis.call('set', KEYS[1], 'x'); return {type(v), v.ok}", { keys: K }),
  ev("status reply passed through", "return redis.call('set', KEYS[1], 'x')", { keys: K }),
  ev("array reply is a table", "redis.call('rpush', KEYS[1], 'a', 'b', 'c'); local v = redis.call('lrange', KEYS[1], 0, -1); return {type(v), #v, v[1], v[3]}", { keys: K }),
  ev("empty array reply", "local v = redis.call('lrange', KEYS[1], 0, -1); return {type(v), #v}", { keys: K }),
  ev("empty array passed through", "return redis.call('lrange', KEYS[1], 0, -1)", { keys: K }),
  ev("null array (LPOP count of a missing key)", "return redis.call('lpop', KEYS[1], 2)", { keys: K }),
  ev("null array in Lua", "local v = redis.call('lpop', KEYS[1], 2); return type(v)", { keys: K }),
  ev("redis.pcall error is a table with err", "local v = redis.pcall('lpush', KEYS[1], 'a'); return {type(v), v.err}",
    { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("redis.pcall error passed through", "return redis.pcall('lpush', KEYS[1], 'a')", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("redis.call WRONGTYPE raises", "return redis.call('lpush', KEYS[1], 'a')", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("redis.call not an integer raises", "return redis.call('incr', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("redis.call syntax error raises", "return redis.call('set', KEYS[1], 'x', 'bogusopt')", { keys: K }),
  ev("HGETALL", "return redis.call('hgetall', KEYS[1])", { keys: K, setup: [["HSET", "{t}k", "a", "1", "b", "2"]], canon: "pairs" }),
  ev("HGETALL length", "return #redis.call('hgetall', KEYS[1])", { keys: K, setup: [["HSET", "{t}k", "a", "1", "b", "2"]] }),
  ev("HMGET with a missing field", "return redis.call('hmget', KEYS[1], 'a', 'nope', 'b')", { keys: K, setup: [["HSET", "{t}k", "a", "1", "b", "2"]] }),
  ev("ZRANGE WITHSCORES", "return redis.call('zrange', KEYS[1], 0, -1, 'WITHSCORES')", { keys: K, setup: [["ZADD", "{t}k", "1.5", "a", "2", "b"]] }),
  ev("ZRANGEBYSCORE -inf +inf WITHSCORES", "return redis.call('zrangebyscore', KEYS[1], '-inf', '+inf', 'withscores')",
    { keys: K, setup: [["ZADD", "{t}k", "0.1", "a", "-2", "b"]] }),
  ev("ZINCRBY with a number argument", "return redis.call('zincrby', KEYS[1], 0.1, 'a')", { keys: K }),
  ev("INCRBYFLOAT is a string", "local v = redis.call('incrbyfloat', KEYS[1], '1.5'); return {type(v), v}", { keys: K }),
  ev("INCRBYFLOAT with a number argument", "return redis.call('incrbyfloat', KEYS[1], 0.1)", { keys: K }),
  ev("HINCRBYFLOAT", "return redis.call('hincrbyfloat', KEYS[1], 'f', '2.5')", { keys: K }),
  ev("TYPE passed through", "return redis.call('type', KEYS[1])", { keys: K, setup: [["RPUSH", "{t}k", "a"]] }),
  ev("TYPE is {ok=...}", "return redis.call('type', KEYS[1]).ok", { keys: K, setup: [["SADD", "{t}k", "a"]] }),
  ev("HGETALL after setresp(3) is {map=...}", "redis.setresp(3); local m = redis.call('hgetall', KEYS[1]); return {type(m.map), m.map.a, m.map.b}",
    { keys: K, setup: [["HSET", "{t}k", "a", "1", "b", "2"]] }),
  ev("SMEMBERS after setresp(3) is {set=...}", "redis.setresp(3); local s = redis.call('smembers', KEYS[1]); return {tostring(s.set.a), tostring(s.set.zz)}",
    { keys: K, setup: [["SADD", "{t}k", "a", "b"]] }),
  ev("ZSCORE after setresp(3) is {double=...}", "redis.setresp(3); local d = redis.call('zscore', KEYS[1], 'a'); return {type(d), tostring(d.double)}",
    { keys: K, setup: [["ZADD", "{t}k", "2.5", "a"]] }),
  ev("nil after setresp(3) is nil", "redis.setresp(3); local v = redis.call('get', KEYS[1]); return type(v)", { keys: K }),
  ev("integer after setresp(3)", "redis.setresp(3); local v = redis.call('zadd', KEYS[1], 1, 'a'); return {type(v), v}", { keys: K }),
  ev("PING", "return redis.call('ping')"),
  ev("ECHO", "return redis.call('echo', 'hi')"),
  ev("float argument 3.5", "redis.call('set', KEYS[1], 3.5); return redis.call('get', KEYS[1])", { keys: K }),
  ev("integer argument 10", "redis.call('set', KEYS[1], 10); return redis.call('get', KEYS[1])", { keys: K }),
  ev("float argument 1e20", "redis.call('set', KEYS[1], 1e20); return redis.call('get', KEYS[1])", { keys: K }),
  ev("float argument 0.1+0.2", "redis.call('set', KEYS[1], 0.1+0.2); return redis.call('get', KEYS[1])", { keys: K }),
  ev("number arguments beyond int64, NaN and -inf", "redis.call('set', KEYS[1], 2^63); local a = redis.call('get', KEYS[1]); redis.call('set', KEYS[1], 0/0); local b = redis.call('get', KEYS[1]); redis.call('set', KEYS[1], -1/0); return {a, b, redis.call('get', KEYS[1])}", { keys: K }),
  ev("boolean argument", "return redis.call('set', KEYS[1], true)", { keys: K }),
  ev("table argument", "return redis.call('set', KEYS[1], {})", { keys: K }),
  ev("no arguments", "return redis.call()"),
  ev("upper-case command name", "return redis.call('GET', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "v"]] }),
  ev("MGET with a missing key", "return redis.call('mget', KEYS[1], KEYS[2])", { keys: K2, setup: [["SET", "{t}k", "1"]] }),
  ev("MGET missing key is false", "local v = redis.call('mget', KEYS[1], KEYS[2]); return {#v, tostring(v[2])}", { keys: K2, setup: [["SET", "{t}k", "1"]] }),
  ev("HGET of a missing field", "return redis.call('hget', KEYS[1], 'nope')", { keys: K }),
  ev("SADD counts new members", "return redis.call('sadd', KEYS[1], 'a', 'b', 'a')", { keys: K }),
  ev("EXPIRE then TTL", "redis.call('set', KEYS[1], 'v'); redis.call('expire', KEYS[1], 100); return redis.call('ttl', KEYS[1])", { keys: K }),
  ev("100 RPUSH in a loop", "for i = 1, 100 do redis.call('rpush', KEYS[1], i) end; return redis.call('llen', KEYS[1])", { keys: K, after: [["LRANGE", "{t}k", "95", "-1"]] }),
  ev("DEL then EXISTS", "redis.call('del', KEYS[1]); return redis.call('exists', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "v"]] }),
  ev("undeclared key of the same slot", "redis.call('set', KEYS[1], 'a'); return redis.call('get', '{t}other')", { keys: K, setup: [["SET", "{t}other", "o"]] }),
  ev("writes before error() are kept", "redis.call('set', KEYS[1], 'kept'); error('boom')", { keys: K, after: [["GET", "{t}k"]] }),
  ev("writes before a failing redis.call are kept", "redis.call('set', KEYS[1], 'kept'); redis.call('incr', KEYS[1])", { keys: K, after: [["GET", "{t}k"]] }),
  ev("writes after random are allowed", "local r = math.random(); redis.call('set', KEYS[1], 'w'); return redis.call('get', KEYS[1])", { keys: K }),
  ev("binary value through redis.call", "redis.call('set', KEYS[1], string.char(0, 255, 13, 10)); local v = redis.call('get', KEYS[1]); return {#v, v}", { keys: K }),
  ev("BLPOP from a script", "return redis.call('blpop', KEYS[1], 0)", { keys: K }),
  ev("PUBLISH from a script", "return redis.call('publish', 'sd-no-subscriber', 'msg')"),
  ev("KEYS of the case's tag", "return redis.call('keys', string.sub(KEYS[1], 1, -2) .. '*')", {
    keys: ["{t}k", "{t}l"], setup: [["SET", "{t}k", "1"], ["SET", "{t}l", "2"]], canon: "items",
    differs: { why: "the database spans 3 masters: KEYS inside a script would see one node's keys", project: /KEYS inside a script sees only the keys of the node running it/ },
  }),
  ev("EXISTS of two keys", "return redis.call('exists', KEYS[1], KEYS[2])", { keys: K2, setup: [["SET", "{t}k", "1"]] }),
  ev("redis.pcall error .err", "return redis.pcall('incr', KEYS[1]).err", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("pcall then write goes on", "local ok = pcall(redis.call, 'incr', KEYS[1]); redis.call('set', KEYS[2], tostring(ok)); return redis.call('get', KEYS[2])", { keys: K2, setup: [["SET", "{t}k", "x"]] }),
  ev("rethrowing a caught redis.call error", "local ok, e = pcall(redis.call, 'incr', KEYS[1]); error(e)", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("redis.pcall write in a no-writes script", "#!lua flags=no-writes\nreturn redis.pcall('set', KEYS[1], 'x')", { keys: K }),
  ev("redis.pcall write in EVAL_RO", "return redis.pcall('set', KEYS[1], 'x')", { keys: K, ro: true }),
];

// --- Lua 5.1 behaviours scripts depend on -------------------------------------------------------
const RANDOM3 = "math.randomseed(0); return {string.format('%.17g', math.random()), string.format('%.17g', math.random()), string.format('%.17g', math.random())}";
const lua: Case[] = [
  ev("concat with arithmetic", "return 'p:'..(1700000000000-60000)"),
  ev("tostring(10/2)", "return tostring(10/2)"),
  ev("tostring(2^53)", "return tostring(2^53)"),
  ev("tostring of floats", "return {tostring(1.5), tostring(0.1), tostring(1e100), tostring(2^63), tostring(-0), tostring(1/3)}"),
  ev("tostring(0/0)", "return tostring(0/0)"),
  ev("tostring(math.huge)", "return {tostring(math.huge), tostring(-math.huge)}"),
  ev("2^31 concatenated", "return (2^31) .. '|' .. (2^31 + 0.5)"),
  ev("string.format %d of 3.5", "return string.format('%d', 3.5)"),
  ev("string.format %.2f", "return string.format('%.2f', 3.14159)"),
  ev("string.format mixed", "return string.format('%5.1f|%-5d|%x|%X|%o|%e|%g|%s|%%|%i|%c', 2.25, 42, 255, 255, 8, 12345.678, 0.0001, 's', 7, 72)"),
  ev("string.format %q", raw`return string.format('%q', 'he said "hi"\n\0')`),
  ev("string.format %s of numbers", "return string.format('%s %s %s', 1, 2.5, 1e15)"),
  ev("string.format %.17g", "return string.format('%.17g', 0.1)"),
  ev("string.format widths", "return string.format('[%5s|%-5s|%05d|%+d]', 'ab', 'cd', 42, 3)"),
  ev("global unpack", "return {unpack({1, 2, 3})}"),
  ev("select('#')", "return select('#', 1, nil, 3)"),
  ev("select(n)", "return {select(2, 'a', 'b', 'c')}"),
  ev("varargs count with nils", "local function f(...) return select('#', ...) end; return f(nil, nil)"),
  ev("math.floor/ceil/min/max", "return {math.floor(-3.5), math.ceil(3.2), math.min(4, 2, 8), math.max(4, 2, 8)}"),
  ev("math functions", "return math.fmod(7, 3) .. ',' .. math.abs(-2) .. ',' .. math.sqrt(16) .. ',' .. math.pow(2, 10) .. ',' .. tostring(math.pi)"),
  ev("math.modf", "return {math.modf(3.7)}"),
  ev("modulo", "return {7 % 3, -7 % 3, tostring(7.5 % 2), tostring(2^0.5)}"),
  ev("tonumber", "return {tonumber('0x10'), tonumber('1e3'), tostring(tonumber('abc')), tonumber('10', 2), tonumber(' 12 '), tonumber('ff', 16), tostring(tonumber('0.1'))}"),
  ev("string to number coercion", "return {'10' + 1, '3' * '4', 10 .. ''}"),
  ev("length operator", "local t = {10, 20, 30}; t[#t + 1] = 40; return {#t, #'hello'}"),
  ev("table.insert/remove/concat", "local t = {}; table.insert(t, 'a'); table.insert(t, 1, 'b'); table.insert(t, 'c'); local r = table.remove(t, 1); return {r, table.concat(t, ','), table.remove(t)}"),
  ev("table.sort", "local t = {5, 2, 8, 1}; table.sort(t); return t"),
  ev("table.sort with a comparator", "local t = {'b', 'a', 'c'}; table.sort(t, function(x, y) return x > y end); return table.concat(t)"),
  ev("table.concat with a range", "return table.concat({1, 2, 3, 4}, '-', 2, 3)"),
  ev("string.rep", "return {string.rep('ab', 3), string.rep('x', 0), string.rep('x', -1)}"),
  ev("string.sub", "return {string.sub('hello', 2, 4), string.sub('hello', -3), string.sub('hello', 10), ('hello'):sub(1, 1)}"),
  ev("string.byte/char", "return {string.byte('A'), string.char(72, 105), string.byte('abc', 1, -1)}"),
  ev("string.find plain and pattern", "return {string.find('hello world', 'o w'), string.find('a.b', '.', 1, true)}"),
  ev("string.find with captures", "return {string.find('key:123:x', '(%d+)')}"),
  ev("string.gsub count", "return {string.gsub('hello world', 'o', '0')}"),
  ev("string.gsub with a function", "return (string.gsub('a1b22c333', '%d+', function(d) return '<' .. #d .. '>' end))"),
  ev("string.gsub with a table and %1", "return (string.gsub('$a $b $c', '%$(%w+)', {a = 'A', b = 'B'}))"),
  ev("string.match captures", "return {string.match('user:42:name', '^(%a+):(%d+):(%a+)$')}"),
  ev("string.gmatch", "local out = {}; for w in string.gmatch('one two  three', '%S+') do out[#out + 1] = w end; return out"),
  ev("string.len/upper/lower/reverse", "return {string.len('abc'), string.upper('aBc'), string.lower('AbC'), string.reverse('abc')}"),
  ev("closures", "local function counter() local n = 0; return function() n = n + 1; return n end end; local c = counter(); c(); return c()"),
  ev("pairs sums", "local n = 0; for k, v in pairs({a = 1, b = 2, c = 3}) do n = n + v end; return n"),
  ev("ipairs stops at nil", "local s = 0; for i, v in ipairs({1, 2, nil, 4}) do s = s + v end; return s"),
  ev("float table key", "local a = {}; a[1.0] = 'x'; return a[1]"),
  ev("next of an empty table", "return {next({})}"),
  ev("pcall(error)", "local ok, err = pcall(function() error('boom') end); return {tostring(ok), err}"),
  ev("pcall(error, level 0)", "local ok, err = pcall(function() error('boom', 0) end); return err"),
  ev("pcall(error(table))", "local ok, err = pcall(function() error({code = 1}) end); return type(err)"),
  ev("pcall of indexing nil", "local ok, err = pcall(function() local x = nil; return x.y end); return err"),
  ev("KEYS and ARGV", "return {type(KEYS), #KEYS, #ARGV, ARGV[1], type(ARGV[2]), KEYS[1]}", { keys: K, args: ["a1", "2"] }),
  ev("type of standard globals", "return {type(loadstring), type(string), type(table), type(math), type(coroutine), type(_G), type(pcall), type(setmetatable)}"),
  ev("cjson.encode array", "return cjson.encode({1, 2, 3})"),
  ev("cjson.encode nested", "return cjson.encode({a = {1, {b = 'c'}}})"),
  ev("cjson.encode empty table", "return cjson.encode({})"),
  ev("cjson.encode numbers", "return cjson.encode({1.5, 0.1, 1e20, 100, -3, 2^53, 1/3})"),
  ev("cjson.encode 1.5", "return cjson.encode(1.5)"),
  ev("cjson.encode string escapes", raw`return cjson.encode('a"b/c\\n' .. string.char(1) .. '\n')`),
  ev("cjson.encode booleans and null", "return cjson.encode({true, false, cjson.null})"),
  ev("cjson.encode mixed", "return cjson.encode({1, 'two', {3}})"),
  ev("cjson.encode a two-key object", "return cjson.encode({a = 1, b = 2})"),
  ev("cjson.encode sparse array", "return cjson.encode({[1] = 'a', [3] = 'c'})"),
  ev("cjson.encode excessively sparse array", "return cjson.encode({[1] = 'a', [20] = 'b'})"),
  ev("cjson.decode nested", "local t = cjson.decode('[1,2,{\"a\":[true,false,null]}]'); return {#t, t[3].a[1] and 'T' or 'F', tostring(t[3].a[3] == cjson.null), tostring(t[3].a[2])}"),
  ev("cjson.decode float", "local t = cjson.decode('{\"a\":1.5,\"b\":\"x\"}'); return {t.a, tostring(t.a), t.b}"),
  ev("cjson.decode then encode", "return cjson.encode(cjson.decode('{\"x\":[1,2,3]}'))"),
  ev("cjson.decode unicode escape", raw`return cjson.decode('"\\u00e9\\u20ac"')`),
  ev("cjson.decode big number", "return cjson.decode('123456789012')"),
  ev("cjson.decode error", "local ok, e = pcall(cjson.decode, '{bad'); return {tostring(ok), e}"),
  ev("cmsgpack.pack array", "return cmsgpack.pack({1, 2, 3})"),
  ev("cmsgpack.pack string", "return cmsgpack.pack('abc')"),
  ev("cmsgpack.pack long string", "return cmsgpack.pack(string.rep('x', 40))"),
  ev("cmsgpack.pack 1.5", "return cmsgpack.pack(1.5)"),
  ev("cmsgpack.pack 0.1", "return cmsgpack.pack(0.1)"),
  ev("cmsgpack.pack integers", "return cmsgpack.pack(-1, 127, 128, 65536, 2^32, -2^40, -33)"),
  ev("cmsgpack.pack map", "return cmsgpack.pack({a = 1})"),
  ev("cmsgpack.pack nested", "return cmsgpack.pack({1, {2, {3}}, 'x', true, false})"),
  ev("cmsgpack round trip array", "return {cmsgpack.unpack(cmsgpack.pack({1, 2, 'three'}))}"),
  ev("cmsgpack round trip map", "local t = cmsgpack.unpack(cmsgpack.pack({k = 'v', n = 5})); return {t.k, t.n}"),
  ev("cmsgpack round trip values", "return {cmsgpack.unpack(cmsgpack.pack(1, 'a', 2.5))}"),
  ev("cmsgpack.unpack bytes", raw`return {cmsgpack.unpack('\147\1\2\3')}`),
  ev("struct.pack >I2", "return struct.pack('>I2', 258)"),
  ev("struct.pack <i4", "return struct.pack('<i4', -1)"),
  ev("struct.pack >d", "return struct.pack('>d', 1.5)"),
  ev("struct.unpack >I2", raw`return {struct.unpack('>I2', '\1\2')}`),
  ev("struct.unpack >bB", raw`return {struct.unpack('>bB', '\255\255')}`),
  ev("struct.size", "return struct.size('>I4i2b')"),
  ev("struct round trip", "return {struct.unpack('<i4c2', struct.pack('<i4c2', 7, 'hi'))}"),
  ev("bit.band/bor/bxor", "return {bit.band(0xff, 0x0f), bit.bor(0xf0, 0x0f), bit.bxor(0xff, 0x0f)}"),
  ev("bit.lshift/rshift/arshift", "return {bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2)}"),
  ev("bit.tohex", "return {bit.tohex(255), bit.tohex(-1), bit.tohex(255, -4), bit.tohex(0x12345678, 2)}"),
  ev("bit.bnot/tobit/rol/bswap", "return {bit.bnot(0), bit.tobit(2^32 + 1), bit.rol(1, 33), bit.bswap(0x01020304)}"),
  ev("string.format %d of 2^40 (C long)", "return string.format('%d', 2^40)"),
  ev("string.format %x of 2^40", "return string.format('%x', 2^40)"),
  ev("string.format %d of -2^63", "return string.format('%d', -2^63)"),
  ev("string.format %d of NaN", "return string.format('%d', 0/0)"),
  ev("string.sub from 2^31", "return string.sub('abc', 2^31)"),
  ev("string.byte at 2^32+1", "return {string.byte('abc', 2^32 + 1)}"),
  ev("string.sub from NaN", "return string.sub('abc', 0/0)"),
  ev("math.random(2^31)", "return math.random(2^31)"),
  ev("unpack up to 2^31", "return {unpack({1, 2}, 1, 2^31)}"),
  ev("select(2^31)", "return select(2^31, 'a')"),
  ev("tonumber of hex floats and short forms", "return {tostring(tonumber('0x1p4')), tostring(tonumber('0x1.8')), tostring(tonumber('0xA')), tostring(tonumber('1e+2')), tostring(tonumber('.5')), tostring(tonumber('5.'))}"),
  ev("tostring(-(0/0))", "return tostring(-(0/0))"),
  ev("tonumber of a hex beyond 32 bits", "return {tostring(tonumber('0x100000000')), tostring(tonumber('0x7fffffffffffffff'))}"),
  ev("tonumber of inf, nan and junk", "return {tostring(tonumber('inf')), tostring(tonumber('-inf')), tostring(tonumber('0x')), tostring(tonumber('1e500')), tostring(tonumber('1e')), tostring(tonumber('  0x1F  '))}"),
  ev("tostring of large and small numbers", "return {tostring(1e15), tostring(1e16), tostring(123456789012345), tostring(1e-5), tostring(-1.5e-300), tostring(5e-324)}"),
  ev("string.format rounding", "return {string.format('%.3f', 2.0005), string.format('%.0f', 0.5), string.format('%.0f', 1.5), string.format('%.20f', 0.1), string.format('%g', 1e-5), string.format('%g', 123456789)}"),
  ev("string.format %q of a number", "return string.format('%q', 1/3)"),
  ev("string.format unknown option", "return string.format('%a', 1)"),
  ev("math.log/exp/log10", "return {tostring(math.log(10)), tostring(math.exp(1)), tostring(math.log10(1000)), tostring(math.floor(-0.0))}"),
  ev("math.max without arguments", "return math.max()"),
  ev("table.getn/maxn", "return {table.getn({1, 2}), table.maxn({[5] = 1})}"),
  ev("table.concat of a table value", "return table.concat({1, {}, 3})"),
  ev("unpack from an index and select(-1)", "return {unpack({1, 2, 3}, 2), select(-1, 'a', 'b')}"),
  ev("string comparison", "return {tostring('a' < 'b'), tostring('10' < '9'), tostring('' < 'a')}"),
  ev("string.char out of range", "return string.char(256)"),
  ev("string methods", "return {('x'):rep(3), ('%d'):format(5), ('Hello'):upper()}"),
  ev("frontier and balanced patterns", "return {(string.gsub('THE (quick) fox', '%f[%a]%a+', 'W')), string.match('f(a(b)c)d', '%b()')}"),
  ev("string.find with init", "return {string.find('abcabc', 'b', 3), tostring(string.find('abc', 'b', 10)), string.find('abc', 'c', -1)}"),
  ev("coroutines", "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1); return b * 2 end); local _, x = coroutine.resume(co, 1); local _, y = coroutine.resume(co, 10); return {x, y, coroutine.status(co)}"),
  ev("metatables", "local V = {}; V.__index = V; V.__add = function(a, b) return setmetatable({v = a.v + b.v}, V) end; V.__tostring = function(a) return 'V' .. a.v end; local x = setmetatable({v = 1}, V) + setmetatable({v = 2}, V); return tostring(x)"),
  ev("goto is not Lua 5.1", "goto done; ::done:: return 1"),
  ev("multi-line runtime error position", "local a = 1\nlocal b = nil\nreturn b.c"),
  ev("multi-line redis.call error position", "local a = 1\n\nreturn redis.call('incr', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  ev("error(number)", "error(42)"),
  ev("error({err=...}) without a code", "error({err='lowercase words'})"),
  ev("cjson.decode too deep", "return cjson.decode(string.rep('[', 1001))"),
  ev("cmsgpack.unpack_one", "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2))}"),
  ev("cmsgpack.unpack_limit", "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}"),
  ev("struct.pack i8 and f", "return {struct.pack('<i8', 2^53), struct.pack('>f', 0.5)}"),
  ev("bit.tobit(0xffffffff)", "return bit.tobit(0xffffffff)"),
  ev("redis.sha1hex('')", "return redis.sha1hex('')"),
  ev("redis.sha1hex('abc')", "return redis.sha1hex('abc')"),
  ev("redis.REDIS_VERSION", "return redis.REDIS_VERSION"),
  ev("redis.REDIS_VERSION_NUM", "return redis.REDIS_VERSION_NUM"),
  ev("math.random() after math.randomseed(0), twice", RANDOM3, { after: [["EVAL", RANDOM3, "0"]] }),
  ev("math.random(10) and (1,100)", "math.randomseed(7); return {math.random(10), math.random(10), math.random(10), math.random(1, 100), math.random(1, 100)}"),
  ev("math.randomseed(42)", "math.randomseed(42); return {string.format('%.17g', math.random()), math.random(1000), math.random(5, 6)}"),
  ev("math.random bad range", "return math.random(5, 1)"),
  ev("redis.LOG_* levels", "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}"),
  ev("redis.REPL_* values", "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}"),
  ev("redis.log", "redis.log(redis.LOG_NOTICE, 'hello from the differential test'); return 1"),
  ev("redis.replicate_commands", "return redis.replicate_commands()"),
  ev("redis.set_repl", "redis.set_repl(redis.REPL_ALL); return 1"),
  ev("redis.setresp(4)", "return redis.setresp(4)"),
  ev("redis.breakpoint", "return redis.breakpoint()"),
  ev("redis.debug", "redis.debug('x'); return 1"),
  ev("redis.acl_check_cmd", "return redis.acl_check_cmd('get', KEYS[1])", { keys: K }),
  ev("redis.acl_check_cmd of an unknown command", "return redis.acl_check_cmd('nosuchcmd')"),
];

// --- errors ------------------------------------------------------------------------------------
const UNKNOWN_SHA = "0123456789abcdef0123456789abcdef01234567";
const errors: Case[] = [
  ev("undefined global", "return foo"),
  ev("undefined global os", "return type(os)"),
  ev("undefined global print", "print('x'); return 1"),
  ev("assigning a global", "x = 1; return x"),
  ev("rawset on _G", "rawset(_G, 'newglobal', 1); return newglobal"),
  ev("setmetatable(_G, nil)", "setmetatable(_G, nil); return 1"),
  ev("nonexistent command", "return redis.call('nosuchcmd')"),
  ev("nonexistent command via pcall", "return redis.pcall('nosuchcmd')"),
  ev("wrong arity", "return redis.call('get')"),
  ev("noscript command MULTI", "return redis.call('multi')"),
  ev("noscript command EVAL", "return redis.call('eval', 'return 1', '0')"),
  ev("noscript command SUBSCRIBE", "return redis.call('subscribe', 'ch')"),
  ev("noscript command SCRIPT", "return redis.call('script', 'flush')"),
  ev("noscript command CLIENT", "return redis.call('client', 'setname', 'x')"),
  ev("noscript command WATCH", "return redis.call('watch', KEYS[1])", { keys: K }),
  ev("noscript command WAIT", "return redis.call('wait', '0', '0')"),
  ev("noscript command FCALL", "return redis.call('fcall', 'f', '0')"),
  ev("noscript command FUNCTION", "return redis.call('function', 'list')"),
  ev("write in EVAL_RO", "return redis.call('set', KEYS[1], 'x')", { keys: K, ro: true, after: [["EXISTS", "{t}k"]] }),
  ev("read in EVAL_RO", "return redis.call('get', KEYS[1])", { keys: K, ro: true, setup: [["SET", "{t}k", "v"]] }),
  ev("write in a no-writes script", "#!lua flags=no-writes\nreturn redis.call('set', KEYS[1], 'x')", { keys: K, after: [["EXISTS", "{t}k"]] }),
  ev("read in a no-writes script", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "v"]] }),
  ev("write script (shebang) in EVAL_RO", "#!lua\nreturn 1", { ro: true }),
  ev("no-writes script in EVAL_RO", "#!lua flags=no-writes\nreturn 1", { ro: true }),
  ev("compile error", "return ("),
  ev("compile error: // operator", "return 10 // 3"),
  ev("compile error on line 2 after a shebang", "#!lua\nreturn ("),
  ev("runtime error('x')", "error('x')"),
  ev("runtime error('x', 0)", "error('x', 0)"),
  ev("runtime error({err=...})", "error({err='MY code'})"),
  ev("runtime error()", "error()"),
  ev("calling nil", "local t = nil; return t()"),
  ev("arithmetic on a table", "return 1 + {}"),
  ev("length of nil", "local n = nil; return #n"),
  ev("pcall(redis.call) catches", "local ok, e = pcall(redis.call, 'nosuchcmd'); return {tostring(ok), type(e), e}"),
  ev("pcall(redis.call) error returned", "local ok, e = pcall(redis.call, 'incr', KEYS[1]); return e", { keys: K, setup: [["SET", "{t}k", "x"]] }),
  { name: "numkeys negative", steps: [{ cmd: ["EVAL", "return 1", "-1"] }] },
  { name: "numkeys too large", steps: [{ cmd: ["EVAL", "return 1", "5", "{t}a"] }] },
  { name: "numkeys not a number", steps: [{ cmd: ["EVAL", "return 1", "abc"] }] },
  { name: "EVAL without numkeys", steps: [{ cmd: ["EVAL", "return 1"] }] },
  { name: "EVALSHA of an unknown sha", steps: [{ cmd: ["EVALSHA", UNKNOWN_SHA, "0"] }] },
  { name: "EVALSHA of a short sha", steps: [{ cmd: ["EVALSHA", "abc", "0"] }] },
  { name: "EVALSHA_RO of an unknown sha", steps: [{ cmd: ["EVALSHA_RO", UNKNOWN_SHA, "0"] }] },
  { name: "EVALSHA with an upper-case sha", steps: [{ cmd: ["SCRIPT", "LOAD", "return 'upper ok'"], save: "sha" }, { cmd: ["EVALSHA", "$sha:upper", "0"] }] },
  { name: "EVALSHA_RO of a write script", steps: [{ cmd: ["SCRIPT", "LOAD", "return redis.call('set', KEYS[1], 'x')"], save: "sha" }, { cmd: ["EVALSHA_RO", "$sha", "1", "{t}k"] }, { cmd: ["EXISTS", "{t}k"] }] },
  ev("shebang: unknown flag", "#!lua flags=bogus\nreturn 1"),
  ev("shebang: unknown engine", "#!python\nreturn 1"),
  ev("shebang: missing newline", "#!lua"),
  ev("shebang: unknown option", "#!lua name=foo\nreturn 1"),
  ev("shebang: empty flags", "#!lua flags=\nreturn 1"),
  ev("shebang: allow-oom,allow-stale,allow-cross-slot-keys", "#!lua flags=allow-oom,allow-stale,allow-cross-slot-keys\nreturn 1"),
  ev("shebang: no-cluster", "#!lua flags=no-cluster\nreturn 1"),
  ev("shebang: key access", "#!lua\nreturn redis.call('get', KEYS[1])", { keys: K, setup: [["SET", "{t}k", "v"]] }),
  ev("SELECT 0 from a script", "return redis.call('select', '0')"),
  ev("SELECT 1 from a script", "redis.call('select', '1'); return redis.call('get', KEYS[1])", {
    keys: K, setup: [["SET", "{t}k", "db0"]],
    differs: { why: "cluster mode has database 0 only (Redis Cluster answers the same)", project: /SELECT is not allowed in cluster mode/ },
  }),
];

// --- SCRIPT ----------------------------------------------------------------------------------
const script: Case[] = [
  { name: "SCRIPT LOAD", steps: [{ cmd: ["SCRIPT", "LOAD", "return 'loaded'"] }] },
  { name: "SCRIPT LOAD twice", steps: [{ cmd: ["SCRIPT", "LOAD", "return 'twice'"] }, { cmd: ["SCRIPT", "LOAD", "return 'twice'"] }] },
  { name: "SCRIPT LOAD compile error", steps: [{ cmd: ["SCRIPT", "LOAD", "return ("] }] },
  { name: "SCRIPT LOAD with a shebang", steps: [{ cmd: ["SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 1"], save: "sha" }, { cmd: ["EVALSHA_RO", "$sha", "0"] }] },
  { name: "SCRIPT LOAD bad shebang", steps: [{ cmd: ["SCRIPT", "LOAD", "#!lua flags=bogus\nreturn 1"] }] },
  { name: "SCRIPT EXISTS", steps: [{ cmd: ["SCRIPT", "LOAD", "return 'exists'"], save: "sha" }, { cmd: ["SCRIPT", "EXISTS", "$sha", UNKNOWN_SHA, "$sha:upper"] }] },
  { name: "SCRIPT EXISTS without a sha", steps: [{ cmd: ["SCRIPT", "EXISTS"] }] },
  { name: "EVAL caches the script for EVALSHA", steps: [{ cmd: ["EVAL", "return 'cached by eval'", "0"] }, { cmd: ["EVALSHA", sha1("return 'cached by eval'"), "0"] }, { cmd: ["SCRIPT", "EXISTS", sha1("return 'cached by eval'")] }] },
  { name: "EVAL with a key caches the script for EVALSHA", steps: [{ cmd: ["EVAL", "return 'cached with a key'", "1", "{t}k"] }, { cmd: ["EVALSHA", sha1("return 'cached with a key'"), "1", "{t}k"] }, { cmd: ["EVALSHA", sha1("return 'cached with a key'"), "0"] }] },
  { name: "EVAL inside MULTI/EXEC", steps: [{ cmd: ["MULTI"] }, { cmd: ["EVAL", "return redis.call('incr', KEYS[1])", "1", "{t}k"] }, { cmd: ["EVAL", "return redis.call('incr', KEYS[1])", "1", "{t}k"] }, { cmd: ["EXEC"] }] },
  { name: "SCRIPT FLUSH", steps: [{ cmd: ["SCRIPT", "LOAD", "return 'flushed'"], save: "sha" }, { cmd: ["SCRIPT", "FLUSH"] }, { cmd: ["SCRIPT", "EXISTS", "$sha"] }, { cmd: ["EVALSHA", "$sha", "0"] }] },
  { name: "SCRIPT FLUSH ASYNC and SYNC", steps: [{ cmd: ["SCRIPT", "FLUSH", "ASYNC"] }, { cmd: ["SCRIPT", "FLUSH", "sync"] }] },
  { name: "SCRIPT FLUSH bad mode", steps: [{ cmd: ["SCRIPT", "FLUSH", "bogus"] }] },
  { name: "SCRIPT KILL with nothing running", steps: [{ cmd: ["SCRIPT", "KILL"] }] },
  { name: "SCRIPT unknown subcommand", steps: [{ cmd: ["SCRIPT", "bogus"] }] },
  { name: "EVALSHA with keys and args", steps: [{ cmd: ["SCRIPT", "LOAD", "return {KEYS[1], ARGV[1]}"], save: "sha" }, { cmd: ["EVALSHA", "$sha", "1", "{t}k", "arg"] }] },
  { name: "SCRIPT without a subcommand", steps: [{ cmd: ["SCRIPT"] }] },
  { name: "SCRIPT LOAD arity", steps: [{ cmd: ["SCRIPT", "LOAD"] }, { cmd: ["SCRIPT", "LOAD", "return 1", "extra"] }] },
  { name: "SCRIPT HELP", steps: [{ cmd: ["SCRIPT", "HELP"] }] },
  { name: "SCRIPT DEBUG NO", steps: [{ cmd: ["SCRIPT", "DEBUG", "NO"] }] },
];

// --- FUNCTION and FCALL ---------------------------------------------------------------------------
const LIB1 = "#!lua name=lib1\nredis.register_function('f1', function(keys, args) return keys[1] end)";
const LIB2 = [
  "#!lua name=lib2",
  "local function helper(x) return 'h:' .. x end",
  "redis.register_function{function_name='f2', callback=function(keys, args) return helper(args[1]) end, flags={'no-writes'}, description='echo an arg'}",
  "redis.register_function{function_name='f2w', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'allow-oom', 'allow-stale'}}",
  "redis.register_function('f2k', function(keys, args) return {#keys, #args, keys[1], args[2]} end)",
].join("\n");
const LIBW = "#!lua name=libw\nredis.register_function('incr2', function(keys) return redis.call('incrby', keys[1], 2) end)";
const fn = (name: string, steps: Cmd[], o: { resp3?: boolean; canon?: Canon } = {}): Case => ({ name, steps: steps.map(step), flush: true, ...o });
const load = (code: string, ...extra: string[]): string[] => ["FUNCTION", "LOAD", ...extra, code];

const functions: Case[] = [
  fn("FUNCTION LOAD", [load(LIB1)]),
  fn("FCALL positional register_function", [load(LIB1), ["FCALL", "f1", "1", "{t}k"]]),
  fn("FCALL named register_function", [load(LIB2), ["FCALL", "f2", "0", "hello"], ["FCALL_RO", "f2", "0", "ro"]]),
  fn("FCALL keys and args", [load(LIB2), ["FCALL", "f2k", "2", "{t}a", "{t}b", "x", "y", "z"]]),
  fn("FCALL write function", [load(LIB2), ["FCALL", "f2w", "1", "{t}k", "v"], ["GET", "{t}k"]]),
  fn("FCALL twice increments", [load(LIBW), ["FCALL", "incr2", "1", "{t}k"], ["FCALL", "incr2", "1", "{t}k"]]),
  fn("FCALL_RO of a write function", [load(LIB1), ["FCALL_RO", "f1", "1", "{t}k"]]),
  fn("FCALL_RO of a write function (incrby)", [load(LIBW), ["FCALL_RO", "incr2", "1", "{t}k"], ["EXISTS", "{t}k"]]),
  fn("FCALL of an unknown function", [["FCALL", "nosuchfn", "0"]]),
  fn("FCALL_RO of an unknown function", [["FCALL_RO", "nosuchfn", "0"]]),
  fn("FCALL numkeys errors", [load(LIB1), ["FCALL", "f1", "-1"], ["FCALL", "f1", "5", "{t}k"], ["FCALL", "f1", "abc"], ["FCALL", "f1"]]),
  fn("FUNCTION LIST", [load(LIB1), load(LIB2), ["FUNCTION", "LIST"]], { canon: "funclist" }),
  fn("FUNCTION LIST [RESP3]", [load(LIB1), load(LIB2), ["FUNCTION", "LIST"]], { canon: "funclist", resp3: true }),
  fn("FUNCTION LIST WITHCODE", [load(LIB2), ["FUNCTION", "LIST", "WITHCODE"]], { canon: "funclist" }),
  fn("FUNCTION LIST LIBRARYNAME", [load(LIB1), load(LIB2), ["FUNCTION", "LIST", "LIBRARYNAME", "*2"], ["FUNCTION", "LIST", "libraryname", "nomatch*"]], { canon: "funclist" }),
  fn("FUNCTION LIST WITHCODE LIBRARYNAME", [load(LIB1), load(LIB2), ["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "lib1"]], { canon: "funclist" }),
  fn("FUNCTION LIST empty", [["FUNCTION", "LIST"]]),
  fn("FUNCTION LIST bad argument", [["FUNCTION", "LIST", "bogus"], ["FUNCTION", "LIST", "LIBRARYNAME"]]),
  fn("FUNCTION DELETE", [load(LIB1), ["FUNCTION", "DELETE", "lib1"], ["FCALL", "f1", "1", "{t}k"], ["FUNCTION", "DELETE", "lib1"]]),
  fn("FUNCTION DELETE arity", [["FUNCTION", "DELETE"]]),
  fn("FUNCTION LOAD of an existing library", [load(LIB1), load(LIB1)]),
  fn("FUNCTION LOAD REPLACE", [load(LIB1), load(LIB1.replace("return keys[1]", "return 'replaced'"), "REPLACE"), ["FCALL", "f1", "1", "{t}k"]]),
  fn("FUNCTION LOAD REPLACE of a new library", [load(LIB1, "replace")]),
  fn("FUNCTION LOAD bad argument", [["FUNCTION", "LOAD", "BOGUS", LIB1], ["FUNCTION", "LOAD"]]),
  fn("FUNCTION LOAD missing metadata", [load("redis.register_function('f', function() return 1 end)")]),
  fn("FUNCTION LOAD without a library name", [load("#!lua\nredis.register_function('f', function() return 1 end)")]),
  fn("FUNCTION LOAD unknown metadata", [load("#!lua name=libx foo=bar\nredis.register_function('f', function() return 1 end)")]),
  fn("FUNCTION LOAD unknown engine", [load("#!js name=libx\nredis.register_function('f', function() return 1 end)")]),
  fn("FUNCTION LOAD bad library name", [load("#!lua name=bad-name\nredis.register_function('f', function() return 1 end)")]),
  fn("FUNCTION LOAD no functions registered", [load("#!lua name=empty\nlocal x = 1")]),
  fn("FUNCTION LOAD function already exists", [load(LIB1), load("#!lua name=other\nredis.register_function('f1', function() return 2 end)")]),
  fn("FUNCTION LOAD the same function twice", [load("#!lua name=dup\nredis.register_function('g', function() return 1 end)\nredis.register_function('g', function() return 2 end)")]),
  fn("FUNCTION LOAD unknown flag", [load("#!lua name=libx\nredis.register_function{function_name='f', callback=function() return 1 end, flags={'bogus'}}")]),
  fn("FUNCTION LOAD bad function name", [load("#!lua name=libx\nredis.register_function('f-1', function() return 1 end)")]),
  fn("FUNCTION LOAD callback not a function", [load("#!lua name=libx\nredis.register_function('f', 'notafunction')")]),
  fn("FUNCTION LOAD register_function with one argument", [load("#!lua name=libx\nredis.register_function('f')")]),
  fn("FUNCTION LOAD named without callback", [load("#!lua name=libx\nredis.register_function{function_name='f'}")]),
  fn("FUNCTION LOAD named with an unknown field", [load("#!lua name=libx\nredis.register_function{function_name='f', callback=function() return 1 end, bogus=1}")]),
  fn("FUNCTION LOAD redis.call at load time", [load("#!lua name=libx\nredis.call('set', 'x', '1')\nredis.register_function('f', function() return 1 end)")]),
  fn("FUNCTION LOAD redis.log at load time", [load("#!lua name=libx\nredis.log(redis.LOG_NOTICE, 'loading')\nredis.register_function('f', function() return 1 end)"), ["FCALL", "f", "0"]]),
  fn("FUNCTION LOAD compile error", [load("#!lua name=libx\nredis.register_function('f', function() return ( end)")]),
  fn("FUNCTION LOAD error() at load time", [load("#!lua name=libx\nerror('load failed')")]),
  fn("FUNCTION LOAD runtime error", [load("#!lua name=libx\nlocal t = nil\nt.x = 1")]),
  fn("FUNCTION LOAD undefined global at load time", [load("#!lua name=libx\nlocal y = undefinedthing\nredis.register_function('f', function() return 1 end)")]),
  fn("FCALL runtime error", [load("#!lua name=libx\nredis.register_function('boom', function() error('boom') end)"), ["FCALL", "boom", "0"]]),
  fn("FCALL undefined global", [load("#!lua name=libx\nredis.register_function('g', function() return nosuchglobal end)"), ["FCALL", "g", "0"]]),
  fn("FCALL redis.call error", [load("#!lua name=libx\nredis.register_function('g', function(keys) return redis.call('incr', keys[1]) end)"), ["SET", "{t}k", "x"], ["FCALL", "g", "1", "{t}k"]]),
  fn("FCALL no-writes function that writes", [load("#!lua name=libx\nredis.register_function{function_name='g', callback=function(keys) return redis.call('set', keys[1], 'x') end, flags={'no-writes'}}"), ["FCALL", "g", "1", "{t}k"], ["EXISTS", "{t}k"]]),
  fn("FCALL no-cluster function", [load("#!lua name=libx\nredis.register_function{function_name='g', callback=function() return 1 end, flags={'no-cluster'}}"), ["FCALL", "g", "0"]]),
  fn("FCALL map reply [RESP3]", [load("#!lua name=libx\nredis.register_function('m', function(keys) redis.setresp(3); return redis.call('hgetall', keys[1]) end)"), ["HSET", "{t}k", "a", "1", "b", "2"], ["FCALL", "m", "1", "{t}k"]], { resp3: true }),
  fn("FUNCTION LOAD reading redis.REDIS_VERSION at load time", [load("#!lua name=libx\nlocal v = redis.REDIS_VERSION\nredis.register_function('f', function() return v end)"), ["FCALL", "f", "0"]]),
  fn("FUNCTION LOAD math.random at load time", [load("#!lua name=libx\nlocal v = math.random\nredis.register_function('f', function() return type(v) end)"), ["FCALL", "f", "0"]]),
  fn("FCALL of a function registering a function", [load("#!lua name=libx\nredis.register_function('f', function() redis.register_function('g', function() return 1 end) end)"), ["FCALL", "f", "0"]]),
  fn("FCALL: KEYS is not a global in functions", [load("#!lua name=libx\nredis.register_function('f', function() return KEYS end)"), ["FCALL", "f", "0"]]),
  fn("FCALL returning error_reply and several values", [load("#!lua name=libx\nredis.register_function('e', function() return redis.error_reply('MY bad') end)\nredis.register_function('m', function() return 1, 2 end)"), ["FCALL", "e", "0"], ["FCALL", "m", "0"]]),
  fn("FCALL_RO of a no-writes function reading", [load(LIB2), ["SET", "{t}k", "v"], ["FCALL_RO", "f2", "1", "{t}k", "x"]]),
  fn("FUNCTION LIST repeated arguments", [["FUNCTION", "LIST", "WITHCODE", "WITHCODE"], ["FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b"]]),
  fn("FUNCTION LOAD non-string description", [load("#!lua name=libx\nredis.register_function{function_name='f', callback=function() return 1 end, description=5}")]),
  fn("FUNCTION RESTORE with a bad checksum", [load(LIB1), { cmd: ["FUNCTION", "DUMP"], save: "dump" }, ["FUNCTION", "FLUSH"], ["FUNCTION", "RESTORE", "$dump:corrupt"], ["FUNCTION", "LIST"]]),
  fn("FUNCTION HELP", [["FUNCTION", "HELP"]]),
  fn("FUNCTION DUMP, FLUSH, RESTORE", [
    load(LIB1),
    { cmd: ["FUNCTION", "DUMP"], save: "dump" },
    ["FUNCTION", "FLUSH"],
    ["FCALL", "f1", "1", "{t}k"],
    ["FUNCTION", "RESTORE", "$dump"],
    ["FCALL", "f1", "1", "{t}k"],
    ["FUNCTION", "RESTORE", "$dump"],
    ["FUNCTION", "RESTORE", "$dump", "APPEND"],
    ["FUNCTION", "RESTORE", "$dump", "REPLACE"],
    ["FUNCTION", "RESTORE", "$dump", "FLUSH"],
    ["FUNCTION", "RESTORE", "$dump", "BOGUS"],
    ["FCALL", "f1", "1", "{t}k"],
  ]),
  fn("FUNCTION RESTORE of Redis's own DUMP payload", [
    load(LIB2),
    { cmd: ["FUNCTION", "DUMP"], save: "dump" },
    ["FUNCTION", "FLUSH"],
    ["FUNCTION", "RESTORE", "$redis.dump"],
    ["FCALL", "f2", "0", "restored"],
    ["FUNCTION", "LIST", "WITHCODE"],
  ], { canon: "funclist" }),
  fn("FUNCTION DUMP and RESTORE of a compressible library", [
    load(LIB2), { cmd: ["FUNCTION", "DUMP"], save: "dump" }, ["FUNCTION", "FLUSH"], ["FUNCTION", "RESTORE", "$dump"], ["FCALL", "f2", "0", "own"],
  ]),
  fn("FUNCTION RESTORE clashing function", [
    load(LIB1), { cmd: ["FUNCTION", "DUMP"], save: "dump" }, ["FUNCTION", "DELETE", "lib1"],
    load("#!lua name=other\nredis.register_function('f1', function() return 2 end)"),
    ["FUNCTION", "RESTORE", "$dump"], ["FUNCTION", "RESTORE", "$dump", "REPLACE"], ["FCALL", "f1", "1", "{t}k"],
  ]),
  fn("FUNCTION DUMP of no libraries", [["FUNCTION", "DUMP"]]),
  fn("FUNCTION RESTORE bad payload", [["FUNCTION", "RESTORE", "not a payload"], ["FUNCTION", "RESTORE", ""]]),
  fn("FUNCTION FLUSH", [load(LIB1), ["FUNCTION", "FLUSH"], ["FUNCTION", "LIST"], ["FUNCTION", "FLUSH", "ASYNC"], ["FUNCTION", "FLUSH", "SYNC"], ["FUNCTION", "FLUSH", "bogus"]]),
  fn("FUNCTION STATS", [["FUNCTION", "STATS"], load(LIB1), load(LIB2), ["FUNCTION", "STATS"]]),
  fn("FUNCTION STATS [RESP3]", [load(LIB2), ["FUNCTION", "STATS"]], { resp3: true }),
  fn("FUNCTION KILL with nothing running", [["FUNCTION", "KILL"]]),
  fn("FUNCTION unknown subcommand", [["FUNCTION", "bogus"]]),
  fn("SCRIPT FLUSH keeps functions", [load(LIB1), ["SCRIPT", "FLUSH"], ["FCALL", "f1", "1", "{t}k"]]),
  fn("EVAL of a library shebang", [["EVAL", "#!lua name=lib1\nreturn 1", "0"]]),
];

/**
 * Redis 7.0 never reseeds the scripts' PRNG (redisLrand48) per script: it starts from rand.c's
 * initial state (0x1234ABCD330E, not redisSrand48(0)) when the server starts, and every script's
 * math.random goes on from where the last one stopped. An unseeded sequence is therefore Redis's
 * only for the first scripts that call math.random on a fresh server, so this case runs first (on
 * a fresh cluster the project's node must not have run one either: running the e2e project as a
 * whole, another file's script may have). Every later random case calls math.randomseed first.
 */
const UNSEEDED = "return {string.format('%.17g', math.random()), math.random(10), math.random(1, 100)}";
const unseededRandom: Case[] = [
  ev("math.random() unseeded: first use on the server, then the sequence goes on", UNSEEDED, { keys: K, after: [["EVAL", UNSEEDED, "1", "{t}k"]] }),
];

export const CASES: Case[] = [...unseededRandom, ...conversions, ...resp3, ...toLua, ...lua, ...errors, ...script, ...functions];

// --- running a case: arguments, replies -----------------------------------------------------------

/** The case's hash tag: every key of case `n` is `{sd<n>}...`. */
export const caseTag = (n: number): string => `{sd${n}}`;

/** The keys a case uses (its arguments starting with `{t}`), tagged. */
export function caseKeys(c: Case, n: number): string[] {
  const keys = new Set<string>();
  for (const s of c.steps) for (const a of s.cmd.slice(1)) if (a.startsWith("{t}")) keys.add(a.replaceAll("{t}", caseTag(n)));
  return [...keys];
}

/**
 * A step's arguments for one server: the tag substituted, `$name` / `$name:upper` from `saved`
 * (this server's), `$redis.name` from `redisSaved`.
 */
export function stepArgs(s: Step, n: number, saved: Map<string, string>, redisSaved: Map<string, string>): string[] {
  return s.cmd.map((a) => {
    const m = /^\$(redis\.)?(\w+)(:upper|:corrupt)?$/.exec(a);
    if (!m) return a.replaceAll("{t}", caseTag(n));
    const v = (m[1] ? redisSaved : saved).get(m[2]!) ?? `<nothing saved as ${m[2]}>`;
    if (m[3] === ":upper") return v.toUpperCase();
    // The last byte flipped: a DUMP payload whose CRC64 no longer matches.
    if (m[3] === ":corrupt") return v.slice(0, -1) + String.fromCharCode(v.charCodeAt(v.length - 1) ^ 0xff);
    return v;
  });
}

/** A reply as a tree of its raw pieces: `head` is the type line, `body` a bulk's data, `kids` an aggregate's items. */
interface Node {
  head: string;
  body?: string;
  kids?: Node[];
}

function parseNode(wire: string, pos: { i: number }): Node {
  const end = wire.indexOf("\r\n", pos.i);
  if (end < 0) throw new Error(`truncated reply ${JSON.stringify(wire)}`);
  const head = wire.slice(pos.i, end + 2);
  const type = head[0]!;
  const n = Number(head.slice(1, -2));
  pos.i = end + 2;
  if ("$!=".includes(type)) {
    if (n < 0) return { head };
    const body = wire.slice(pos.i, pos.i + n + 2);
    pos.i += n + 2;
    return { head, body };
  }
  if ("*~%>|".includes(type)) {
    const kids: Node[] = [];
    const count = n < 0 ? 0 : type === "%" || type === "|" ? 2 * n : n;
    for (let k = 0; k < count; k++) kids.push(parseNode(wire, pos));
    return { head, kids };
  }
  return { head };
}

const show = (x: Node): string => x.head + (x.body ?? "") + (x.kids ?? []).map(show).join("");
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bodyOf = (x: Node): string | undefined => (x.body !== undefined ? x.body.slice(0, -2) : x.head[0] === "+" ? x.head.slice(1, -2) : undefined);

/** Sorts the items of `x` (every other one first when `pairs`), keeping pairs together. */
function sortKids(x: Node, pairs: boolean): void {
  if (!x.kids) return;
  if (!pairs) {
    x.kids.sort((a, b) => cmp(show(a), show(b)));
    return;
  }
  const ps: [Node, Node][] = [];
  for (let i = 0; i + 1 < x.kids.length; i += 2) ps.push([x.kids[i]!, x.kids[i + 1]!]);
  ps.sort((a, b) => cmp(show(a[0]), show(b[0])));
  x.kids = ps.flat();
}

/** RESP3 maps and sets, whose order Redis leaves unspecified, sorted everywhere in the tree. */
function sortResp3(x: Node): void {
  x.kids?.forEach(sortResp3);
  if (x.head[0] === "%") sortKids(x, true);
  if (x.head[0] === "~") sortKids(x, false);
}

/** The value of `field` in a map-like node (a RESP3 map or a RESP2 flat array of pairs). */
function field(x: Node, name: string): Node | undefined {
  const kids = x.kids ?? [];
  for (let i = 0; i + 1 < kids.length; i += 2) if (bodyOf(kids[i]!) === name) return kids[i + 1];
  return undefined;
}

/** FUNCTION LIST: libraries by name, each one's functions by name, each function's flags sorted. */
function canonFunctionList(x: Node): void {
  if (x.head[0] !== "*" || !x.kids) return;
  for (const lib of x.kids) {
    const fns = field(lib, "functions");
    for (const f of fns?.kids ?? []) {
      const flags = field(f, "flags");
      if (flags) sortKids(flags, false);
    }
    fns?.kids?.sort((a, b) => cmp(bodyOf(field(a, "name") ?? { head: "" }) ?? "", bodyOf(field(b, "name") ?? { head: "" }) ?? ""));
  }
  x.kids.sort((a, b) => cmp(bodyOf(field(a, "library_name") ?? { head: "" }) ?? "", bodyOf(field(b, "library_name") ?? { head: "" }) ?? ""));
}

/** The reply's bytes in a canonical order (see Canon); an unparsable reply is returned as it is. */
export function canonical(wire: string, canon: Canon = "none"): string {
  let tree: Node;
  try {
    const pos = { i: 0 };
    tree = parseNode(wire, pos);
    if (pos.i !== wire.length) return wire;
  } catch {
    return wire;
  }
  sortResp3(tree);
  if (canon === "pairs" && tree.head[0] === "*") sortKids(tree, true);
  if (canon === "items" && tree.head[0] === "*") sortKids(tree, false);
  if (canon === "funclist") canonFunctionList(tree);
  return show(tree);
}

/** The content of a bulk-string reply (what a later `$name` argument stands for), else undefined. */
export function bulkContent(wire: string): string | undefined {
  const m = /^\$(\d+)\r\n/.exec(wire);
  return m ? wire.slice(m[0].length, m[0].length + Number(m[1])) : undefined;
}

/** A reply's bytes as one readable line: JSON-escaped, so CR, LF and binary bytes show. */
export const showBytes = (wire: string): string => JSON.stringify(wire).replace(/[\x80-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
