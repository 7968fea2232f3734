import { describe, expect, it } from "vitest";
import { fromBytes, type BStr } from "../../../src/resp/bytes";
import { encodeCommand, encodeReplies, encodeReply } from "../../../src/resp/encoder";
import * as R from "../../../src/resp/reply";
import type { Reply } from "../../../src/resp/reply";

const wire = (r: Reply, proto: 2 | 3): BStr => fromBytes(encodeReply(r, proto));

// [name, reply, RESP2 bytes, RESP3 bytes]
const cases: [string, Reply, string, string][] = [
  ["simple", R.OK, "+OK\r\n", "+OK\r\n"],
  ["empty simple", R.simple(""), "+\r\n", "+\r\n"],
  ["error", R.error(R.ERR.syntax), "-ERR syntax error\r\n", "-ERR syntax error\r\n"],
  ["int", R.int(42), ":42\r\n", ":42\r\n"],
  ["negative int", R.int(-9007199254740991), ":-9007199254740991\r\n", ":-9007199254740991\r\n"],
  ["zero", R.int(0), ":0\r\n", ":0\r\n"],
  ["bulk", R.bulk("hello"), "$5\r\nhello\r\n", "$5\r\nhello\r\n"],
  ["empty bulk", R.bulk(""), "$0\r\n\r\n", "$0\r\n\r\n"],
  ["bulk with CRLF", R.bulk("a\r\nb"), "$4\r\na\r\nb\r\n", "$4\r\na\r\nb\r\n"],
  ["null", R.NULL, "$-1\r\n", "_\r\n"],
  ["null array", R.NULL_ARRAY, "*-1\r\n", "_\r\n"],
  ["empty array", R.EMPTY_ARRAY, "*0\r\n", "*0\r\n"],
  ["array", R.arr([R.int(1), R.bulk("a"), R.NULL]), "*3\r\n:1\r\n$1\r\na\r\n$-1\r\n", "*3\r\n:1\r\n$1\r\na\r\n_\r\n"],
  ["nested array", R.arr([R.arr([R.arr([])])]), "*1\r\n*1\r\n*0\r\n", "*1\r\n*1\r\n*0\r\n"],
  ["set", R.set([R.bulk("a"), R.bulk("b")]), "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "~2\r\n$1\r\na\r\n$1\r\nb\r\n"],
  ["empty set", R.set([]), "*0\r\n", "~0\r\n"],
  [
    "map",
    R.map([
      [R.bulk("f"), R.int(1)],
      [R.bulk("g"), R.map([])],
    ]),
    "*4\r\n$1\r\nf\r\n:1\r\n$1\r\ng\r\n*0\r\n",
    "%2\r\n$1\r\nf\r\n:1\r\n$1\r\ng\r\n%0\r\n",
  ],
  ["double", R.double(1.5), "$3\r\n1.5\r\n", ",1.5\r\n"],
  ["integral double", R.double(3), "$1\r\n3\r\n", ",3\r\n"],
  ["%.17g double", R.double(0.1), "$19\r\n0.10000000000000001\r\n", ",0.10000000000000001\r\n"],
  ["exponent double", R.double(1e20), "$5\r\n1e+20\r\n", ",1e+20\r\n"],
  ["inf", R.double(Infinity), "$3\r\ninf\r\n", ",inf\r\n"],
  ["-inf", R.double(-Infinity), "$4\r\n-inf\r\n", ",-inf\r\n"],
  ["nan", R.double(NaN), "$3\r\nnan\r\n", ",nan\r\n"],
  ["true", R.bool(true), ":1\r\n", "#t\r\n"],
  ["false", R.bool(false), ":0\r\n", "#f\r\n"],
  ["verbatim", R.verbatim("Some string"), "$11\r\nSome string\r\n", "=15\r\ntxt:Some string\r\n"],
  ["verbatim mkd", R.verbatim("# x\r\n", "mkd"), "$5\r\n# x\r\n\r\n", "=9\r\nmkd:# x\r\n\r\n"],
  [
    "push",
    { t: "push", v: [R.bulk("message"), R.bulk("ch"), R.bulk("hi")] },
    "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
    ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
  ],
  [
    "RESP3 types nested in RESP2 downgrade",
    R.arr([R.map([[R.bulk("k"), R.set([R.double(2.5), R.bool(true)])]])]),
    "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n$3\r\n2.5\r\n:1\r\n",
    "*1\r\n%1\r\n$1\r\nk\r\n~2\r\n,2.5\r\n#t\r\n",
  ],
];

describe("encodeReply", () => {
  for (const [name, reply, resp2, resp3] of cases) {
    it(`${name}: RESP2`, () => expect(wire(reply, 2)).toBe(resp2));
    it(`${name}: RESP3`, () => expect(wire(reply, 3)).toBe(resp3));
  }

  it("writes bulk strings byte for byte (all 256 values)", () => {
    const all = fromBytes(Uint8Array.from({ length: 256 }, (_, i) => i));
    const out = encodeReply(R.bulk(all), 2);
    expect(out.length).toBe(6 + 256 + 2);
    expect(Array.from(out.subarray(6, 262))).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(fromBytes(encodeReply(R.verbatim(all), 3))).toBe(`=260\r\ntxt:${all}\r\n`);
  });

  it("replaces CR and LF in errors and simple strings with spaces", () => {
    expect(wire(R.error("ERR bad\r\nthing\n"), 3)).toBe("-ERR bad  thing \r\n");
    expect(wire(R.simple("a\rb"), 2)).toBe("+a b\r\n");
  });

  it("UTF-8 encodes error text that is not a byte string", () => {
    expect(wire(R.error("ERR unknown command 'é€'"), 2)).toBe("-ERR unknown command '\xc3\xa9\xe2\x82\xac'\r\n");
    // Latin-1 range characters are already bytes (a BStr).
    expect(wire(R.error("ERR '\xe9'"), 2)).toBe("-ERR '\xe9'\r\n");
  });

  it("pads or truncates the verbatim format to three characters", () => {
    expect(wire(R.verbatim("x", "md"), 3)).toBe("=5\r\nmd :x\r\n");
    expect(wire(R.verbatim("x", "text"), 3)).toBe("=5\r\ntex:x\r\n");
  });
});

describe("encodeReplies", () => {
  it("concatenates replies into one buffer", () => {
    for (const proto of [2, 3] as const) {
      const rs = cases.map((c) => c[1]);
      const expected = cases.map((c) => (proto === 2 ? c[2] : c[3])).join("");
      expect(fromBytes(encodeReplies(rs, proto))).toBe(expected);
    }
    expect(encodeReplies([], 3)).toEqual(new Uint8Array(0));
  });
});

describe("encodeCommand", () => {
  it("writes a multibulk", () => {
    expect(fromBytes(encodeCommand(["SET", "k", "v\r\n"]))).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\r\n\r\n");
    expect(fromBytes(encodeCommand([]))).toBe("*0\r\n");
    expect(fromBytes(encodeCommand([""]))).toBe("*1\r\n$0\r\n\r\n");
  });

  it("counts multi-digit lengths", () => {
    const big = "x".repeat(12345);
    expect(fromBytes(encodeCommand(Array(10).fill("a")))).toBe("*10\r\n" + "$1\r\na\r\n".repeat(10));
    expect(fromBytes(encodeCommand([big]))).toBe(`*1\r\n$12345\r\n${big}\r\n`);
  });
});
