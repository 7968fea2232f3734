import { describe, expect, it } from "vitest";
import { fromBytes, toBytes, type BStr } from "../../../src/resp/bytes";
import { MAX_NESTING_DEPTH } from "../../../src/resp/limits";
import { ProtocolError, RespReplyParser } from "../../../src/resp/parser";
import type { RespLimits } from "../../../src/resp/limits";
import type { Reply } from "../../../src/resp/reply";

type Out = Reply | { protocolError: string };

function run(chunks: BStr[], limits?: RespLimits): Out[] {
  const p = new RespReplyParser(limits);
  const out: Out[] = [];
  for (const c of chunks) {
    p.push(toBytes(c));
    for (let r = p.next(); r !== null; r = p.next()) {
      if (r instanceof ProtocolError) {
        out.push({ protocolError: r.text });
        return out;
      }
      out.push(r);
    }
  }
  return out;
}

const one = (wire: BStr): Out => {
  const out = run([wire]);
  expect(out).toHaveLength(1);
  return out[0]!;
};

describe("RespReplyParser: RESP2 types", () => {
  it("simple strings, errors and integers", () => {
    expect(one("+OK\r\n")).toEqual({ t: "simple", v: "OK" });
    expect(one("+\r\n")).toEqual({ t: "simple", v: "" });
    expect(one("-ERR syntax error\r\n")).toEqual({ t: "error", v: "ERR syntax error" });
    expect(one(":42\r\n")).toEqual({ t: "int", v: 42 });
    expect(one(":-9007199254740991\r\n")).toEqual({ t: "int", v: -9007199254740991 });
  });

  it("bulk strings, binary safe, and the null bulk", () => {
    const all = fromBytes(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(one("$5\r\nhello\r\n")).toEqual({ t: "bulk", v: "hello" });
    expect(one("$0\r\n\r\n")).toEqual({ t: "bulk", v: "" });
    expect(one(`$256\r\n${all}\r\n`)).toEqual({ t: "bulk", v: all });
    expect(one("$-1\r\n")).toEqual({ t: "null" });
  });

  it("arrays, nested and empty, and the null array", () => {
    expect(one("*2\r\n$1\r\na\r\n*2\r\n:1\r\n*0\r\n")).toEqual({
      t: "array",
      v: [{ t: "bulk", v: "a" }, { t: "array", v: [{ t: "int", v: 1 }, { t: "array", v: [] }] }],
    });
    expect(one("*-1\r\n")).toEqual({ t: "nullarray" });
    expect(one("*3\r\n$-1\r\n*-1\r\n+x\r\n")).toEqual({
      t: "array",
      v: [{ t: "null" }, { t: "nullarray" }, { t: "simple", v: "x" }],
    });
  });
});

describe("RespReplyParser: RESP3 types", () => {
  it("null, booleans and doubles", () => {
    expect(one("_\r\n")).toEqual({ t: "null" });
    expect(one("#t\r\n")).toEqual({ t: "bool", v: true });
    expect(one("#f\r\n")).toEqual({ t: "bool", v: false });
    expect(one(",1.5\r\n")).toEqual({ t: "double", v: 1.5 });
    expect(one(",-3\r\n")).toEqual({ t: "double", v: -3 });
    expect(one(",1.2e-5\r\n")).toEqual({ t: "double", v: 1.2e-5 });
    expect(one(",inf\r\n")).toEqual({ t: "double", v: Infinity });
    expect(one(",-inf\r\n")).toEqual({ t: "double", v: -Infinity });
    expect(one(",nan\r\n")).toEqual({ t: "double", v: NaN });
  });

  it("big numbers keep their type (a RESP2 client reads a bulk string of the digits)", () => {
    expect(one("(3492890328409238509324850943850943825024385\r\n")).toEqual({
      t: "bignum",
      v: "3492890328409238509324850943850943825024385",
    });
  });

  it("blob errors and verbatim strings", () => {
    expect(one("!22\r\nSYNTAX invalid\r\nsyntax\r\n")).toEqual({ t: "error", v: "SYNTAX invalid\r\nsyntax" });
    expect(one("=15\r\ntxt:Some string\r\n")).toEqual({ t: "verbatim", format: "txt", v: "Some string" });
    expect(one("=4\r\nmkd:\r\n")).toEqual({ t: "verbatim", format: "mkd", v: "" });
  });

  it("maps, sets and pushes", () => {
    expect(one("%2\r\n+a\r\n:1\r\n+b\r\n%0\r\n")).toEqual({
      t: "map",
      v: [
        [{ t: "simple", v: "a" }, { t: "int", v: 1 }],
        [{ t: "simple", v: "b" }, { t: "map", v: [] }],
      ],
    });
    expect(one("~2\r\n+a\r\n~0\r\n")).toEqual({ t: "set", v: [{ t: "simple", v: "a" }, { t: "set", v: [] }] });
    expect(one(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n")).toEqual({
      t: "push",
      v: [{ t: "bulk", v: "message" }, { t: "bulk", v: "ch" }, { t: "bulk", v: "hi" }],
    });
  });

  it("skips attributes at top level and inside aggregates", () => {
    expect(one("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n:7\r\n")).toEqual({ t: "int", v: 7 });
    expect(one("*2\r\n|1\r\n+k\r\n*1\r\n+v\r\n:1\r\n|0\r\n:2\r\n")).toEqual({
      t: "array",
      v: [{ t: "int", v: 1 }, { t: "int", v: 2 }],
    });
  });
});

describe("RespReplyParser: framing", () => {
  const stream =
    "*3\r\n$3\r\nfoo\r\n%1\r\n+k\r\n~1\r\n,2.5\r\n_\r\n" +
    "=8\r\ntxt:ab\r\n\r\n" +
    "|1\r\n+a\r\n+b\r\n#t\r\n" +
    ":-12\r\n" +
    "!3\r\nERR\r\n";
  const expected: Reply[] = [
    {
      t: "array",
      v: [
        { t: "bulk", v: "foo" },
        { t: "map", v: [[{ t: "simple", v: "k" }, { t: "set", v: [{ t: "double", v: 2.5 }] }]] },
        { t: "null" },
      ],
    },
    { t: "verbatim", format: "txt", v: "ab\r\n" },
    { t: "bool", v: true },
    { t: "int", v: -12 },
    { t: "error", v: "ERR" },
  ];

  it("gives the same replies whatever byte the stream is split at", () => {
    expect(run([stream])).toEqual(expected);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j += 5) {
        expect(run([stream.slice(0, i), stream.slice(i, j), stream.slice(j)])).toEqual(expected);
      }
    }
    expect(run([...stream])).toEqual(expected);
  });

  it("parses a 4 MB bulk fed one byte at a time in linear time", () => {
    const size = 4 * 1024 * 1024;
    const p = new RespReplyParser();
    const t0 = Date.now();
    p.push(toBytes(`$${size}\r\n`));
    const x = new Uint8Array([120]);
    for (let i = 0; i < size; i++) {
      p.push(x);
      if (p.next() !== null) throw new Error("early reply");
    }
    p.push(toBytes("\r\n"));
    const r = p.next() as { t: "bulk"; v: string };
    expect(r.v.length).toBe(size);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 30_000);

  it("parses a long array arriving in small chunks", () => {
    const n = 50_000;
    const wire = toBytes(`*${n}\r\n` + ":1\r\n".repeat(n));
    const p = new RespReplyParser();
    const t0 = Date.now();
    for (let i = 0; i < wire.length; i += 3) {
      p.push(wire.subarray(i, i + 3));
      if (i + 3 < wire.length && p.next() !== null) throw new Error("early reply");
    }
    const r = p.next() as { t: "array"; v: Reply[] };
    expect(r.v).toHaveLength(n);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

describe("RespReplyParser: protocol errors", () => {
  const cases: [string, string][] = [
    ["unknown type byte", "?x\r\n"],
    ["bad integer", ":12a\r\n"],
    ["empty integer", ":\r\n"],
    ["bad bulk length", "$x\r\n"],
    ["bulk length below -1", "$-2\r\n"],
    ["bulk data not followed by CRLF", "$3\r\nfooXY"],
    ["line not ended by CRLF", "+OK\rX"],
    ["bad boolean", "#x\r\n"],
    ["bad double", ",1.2.3\r\n"],
    ["bad big number", "(12x\r\n"],
    ["verbatim without format", "=3\r\nabc\r\n"],
    ["bad aggregate length", "*x\r\n"],
    ["null attribute", "|-1\r\n"],
  ];
  for (const [name, wire] of cases) {
    it(name, () => {
      const out = run([wire]);
      expect(out).toHaveLength(1);
      expect(out[0]).toHaveProperty("protocolError");
    });
  }

  it("limits nesting depth", () => {
    const nested = (d: number): string => "*1\r\n".repeat(d) + ":1\r\n";
    let r: Reply = { t: "int", v: 1 };
    for (let i = 0; i < MAX_NESTING_DEPTH; i++) r = { t: "array", v: [r] };
    expect(run([nested(MAX_NESTING_DEPTH)])).toEqual([r]);
    expect(run([nested(MAX_NESTING_DEPTH + 1)])[0]).toHaveProperty("protocolError");
    expect(run([nested(3)], { maxDepth: 2 })[0]).toHaveProperty("protocolError");
  });

  it("keeps returning the error", () => {
    const p = new RespReplyParser();
    p.push(toBytes("+OK\r\n?\r\n"));
    expect(p.next()).toEqual({ t: "simple", v: "OK" });
    const e = p.next();
    expect(e).toBeInstanceOf(ProtocolError);
    p.push(toBytes("+OK\r\n"));
    expect(p.next()).toBe(e);
  });
});
