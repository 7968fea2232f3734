/**
 * Number parsing: the C strtod port and the parsers built on it (getDoubleFromObject as
 * toFloat/floatArg, zslParseRangeItem, getTimeoutFromObjectOrReply), and the string2ll family.
 * Expected values were checked against a real Redis 7.0.15 (ZADD scores, BLPOP timeouts).
 */
import { describe, expect, it } from "vitest";
import { parseRangeNumber, strtod, timeoutArg } from "../../../src/commands/numbers";
import {
  floatArg, intArg, LLONG_MAX, positiveArg, randomCountArg, rangeArg, toBigInt, toFloat, toInt,
} from "../../../src/commands/args";
import { ReplyError } from "../../../src/resp/reply";

/** The error text `f` throws (or "no error"). */
function errorOf(f: () => unknown): string {
  try {
    f();
    return "no error";
  } catch (e) {
    return e instanceof ReplyError ? e.text : String(e);
  }
}

const NOT_FLOAT = "ERR value is not a valid float";
const TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
const TIMEOUT_NEGATIVE = "ERR timeout is negative";

describe("strtod", () => {
  it.each([
    // [input, value, end, erange]
    ["1.5", 1.5, 3, false],
    ["  -2e3xyz", -2000, 6, false],
    [".5", 0.5, 2, false],
    ["5.", 5, 2, false],
    ["1e", 1, 1, false],
    ["e5", 0, 0, false],
    ["", 0, 0, false],
    ["-", 0, 0, false],
    ["0x", 0, 1, false],
    ["0x1p3", 8, 5, false],
    ["-0x1.8p1", -3, 8, false],
    ["0X.8", 0.5, 4, false],
    ["0x10g", 16, 4, false],
    ["inf", Infinity, 3, false],
    ["-Infinity!", -Infinity, 9, false],
    ["infinit", Infinity, 3, false],
    ["1e400", Infinity, 5, true],
    ["-1e400", -Infinity, 6, true],
    ["1e-400", 0, 6, true],
    ["0x1p-1075", 0, 9, true],
    ["4.9e-324", 5e-324, 8, false],
    ["0e999", 0, 5, false],
  ] as const)("%j", (s, value, end, erange) => {
    expect(strtod(s)).toEqual({ value, end, erange });
  });

  it("reads nan and nan(chars)", () => {
    expect(strtod("nan")).toMatchObject({ value: NaN, end: 3 });
    expect(strtod("-NaN(12_a)x")).toMatchObject({ value: NaN, end: 10 });
  });
});

describe("toFloat / floatArg (getDoubleFromObject)", () => {
  it("accepts what strtod reads whole: decimals, exponents, hex floats, inf", () => {
    const ok: [string, number][] = [
      ["1.5", 1.5], ["+1", 1], [".5", 0.5], ["5.", 5], ["-1e3", -1000], ["1E+2", 100],
      ["0x10", 16], ["0X10", 16], ["-0x1p-2", -0.25], ["0x1.8p1", 3], ["0x1P+3", 8], ["0x.8", 0.5],
      ["inf", Infinity], ["+INF", Infinity], ["-inf", -Infinity], ["infinity", Infinity], ["-Infinity", -Infinity],
      ["1e308", 1e308], ["0x1p-1074", 5e-324], ["-4.9e-324", -5e-324], ["1e-320", 1e-320], ["-0", -0],
    ];
    for (const [s, v] of ok) expect(toFloat(s), s).toBe(v);
  });

  it("refuses leading or trailing space, NaN, junk and ERANGE (overflow, underflow to 0)", () => {
    const bad = [
      "", " 1", "\t1", "\n1", "1 ", "1\t", "1\0", "nan", "-nan", "nan(12)", "abc", "1e", "0x", "1.5x", "1,5",
      "1e400", "-1e400", "2e308", "1e-400", "0x1p-1075", "0x1p1024", "- 1", "++1", "infx",
    ];
    for (const s of bad) expect(toFloat(s), JSON.stringify(s)).toBe(null);
  });

  it("floatArg throws the default or the given error text", () => {
    expect(floatArg("0x1p1")).toBe(2);
    expect(errorOf(() => floatArg(" 1"))).toBe(NOT_FLOAT);
    expect(errorOf(() => floatArg("nan", "ERR weight value is not a float"))).toBe("ERR weight value is not a float");
  });
});

describe("parseRangeNumber (zslParseRangeItem)", () => {
  it("is plain strtod over the whole string: leading space and overflow are fine, NaN is not", () => {
    expect(parseRangeNumber(" 1")).toBe(1);
    expect(parseRangeNumber("")).toBe(0);
    expect(parseRangeNumber("1e400")).toBe(Infinity);
    expect(parseRangeNumber("1e-400")).toBe(0);
    expect(parseRangeNumber("0x10")).toBe(16);
    expect(parseRangeNumber("-inf")).toBe(-Infinity);
    expect(parseRangeNumber("nan")).toBe(null);
    expect(parseRangeNumber("1 ")).toBe(null);
    expect(parseRangeNumber("(1")).toBe(null);
  });
});

describe("timeoutArg (getTimeoutFromObjectOrReply, seconds)", () => {
  it("rounds up to whole milliseconds: 0.0009 waits 1 ms, not forever", () => {
    expect(timeoutArg("0.0009")).toBe(1);
    expect(timeoutArg("0.0000001")).toBe(1);
    expect(timeoutArg("0.001")).toBe(1);
    expect(timeoutArg("1.0001")).toBe(1001);
    expect(timeoutArg("1.5")).toBe(1500);
    expect(timeoutArg("2")).toBe(2000);
    expect(timeoutArg("1e1")).toBe(10000);
    expect(timeoutArg("0x10")).toBe(16000);
    expect(timeoutArg("0x10p-10")).toBe(16);
    expect(timeoutArg("1e-400")).toBe(1); // below a double's range, not a long double's
    expect(timeoutArg("0x1p-1100")).toBe(1);
  });

  it("0 and tiny negative timeouts (ceil to -0) wait forever", () => {
    expect(timeoutArg("0")).toBe(0);
    expect(timeoutArg("-0")).toBe(0);
    expect(timeoutArg("0.0")).toBe(0);
    expect(timeoutArg("-0.0009")).toBe(0);
    expect(timeoutArg("-1e-400")).toBe(0);
    expect(Object.is(timeoutArg("-0.0009"), 0)).toBe(true);
  });

  it("a wait longer than a timer can hold (2^31 - 1 ms) is a wait forever", () => {
    expect(timeoutArg("2147483.647")).toBe(2147483647);
    expect(timeoutArg("2147483.648")).toBe(0);
    expect(timeoutArg("1e9")).toBe(0);
  });

  it("negative values and millisecond counts past a long long are negative", () => {
    for (const s of ["-1", "-0.5", "-inf", "inf", "1e16", "1e300", "1e400"]) {
      expect(errorOf(() => timeoutArg(s)), s).toBe(TIMEOUT_NEGATIVE);
    }
  });

  it("leading or trailing space, NaN and junk are not a float", () => {
    for (const s of ["", " 1", "1 ", "nan", "abc", "1s", "0x", "1e"]) {
      expect(errorOf(() => timeoutArg(s)), JSON.stringify(s)).toBe(TIMEOUT_NOT_FLOAT);
    }
  });
});

describe("integers (string2ll)", () => {
  it("toInt and toBigInt accept exactly the 64-bit range, with no '+', spaces or leading zeros", () => {
    expect(toInt("0")).toBe(0);
    expect(toInt("-42")).toBe(-42);
    expect(toBigInt("9223372036854775807")).toBe(LLONG_MAX);
    expect(toBigInt("-9223372036854775808")).toBe(-LLONG_MAX - 1n);
    expect(toInt("9223372036854775807")).toBe(2 ** 63);
    for (const s of ["", "+1", " 1", "1 ", "01", "-0", "1.0", "0x10", "9223372036854775808", "-9223372036854775809", "123456789012345678901"]) {
      expect(toInt(s), s).toBe(null);
      expect(toBigInt(s), s).toBe(null);
    }
  });

  it("intArg, rangeArg, positiveArg and randomCountArg keep Redis's error texts", () => {
    expect(errorOf(() => intArg("x"))).toBe("ERR value is not an integer or out of range");
    expect(errorOf(() => intArg("x", "ERR custom"))).toBe("ERR custom");
    expect(rangeArg("5", 1n, 10n)).toBe(5);
    expect(errorOf(() => rangeArg("11", 1n, 10n))).toBe("ERR value is out of range, value must between 1 and 10");
    expect(errorOf(() => rangeArg("x", 1n, 10n))).toBe("ERR value is not an integer or out of range");
    expect(errorOf(() => rangeArg("0", 1n, 10n, "ERR numkeys should be greater than 0"))).toBe("ERR numkeys should be greater than 0");
    expect(positiveArg("0")).toBe(0);
    expect(errorOf(() => positiveArg("-1"))).toBe("ERR value is out of range, must be positive");
    expect(errorOf(() => positiveArg("x", "ERR COUNT can't be negative"))).toBe("ERR COUNT can't be negative");
    expect(randomCountArg("-9223372036854775807")).toBe(-(2 ** 63));
    expect(errorOf(() => randomCountArg("-9223372036854775808"))).toBe(
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
    );
  });
});
