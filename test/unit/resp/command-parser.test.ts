import { describe, expect, it } from "vitest";
import { fromBytes, toBytes, type BStr } from "../../../src/resp/bytes";
import { splitArgs } from "../../../src/resp/inline";
import { MAX_MULTIBULK_LEN, PROTO_INLINE_MAX_SIZE } from "../../../src/resp/limits";
import { ProtocolError, RespCommandParser } from "../../../src/resp/parser";
import type { RespLimits } from "../../../src/resp/limits";

type Out = BStr[] | string; // a command, or a protocol error's text

/** Feeds `chunks` one by one, draining after each; returns every command / error produced. */
function run(chunks: BStr[], limits?: RespLimits): Out[] {
  const p = new RespCommandParser(limits);
  const out: Out[] = [];
  for (const c of chunks) {
    p.push(toBytes(c));
    for (let r = p.next(); r !== null; r = p.next()) {
      if (r instanceof ProtocolError) {
        out.push(r.text);
        return out;
      }
      out.push(r);
    }
  }
  return out;
}

const mb = (...argv: BStr[]): BStr => `*${argv.length}\r\n` + argv.map((a) => `$${a.length}\r\n${a}\r\n`).join("");
const err = (what: string): string => `ERR Protocol error: ${what}`;

describe("RespCommandParser: multibulk", () => {
  it("parses one command", () => {
    expect(run([mb("SET", "key", "value")])).toEqual([["SET", "key", "value"]]);
  });

  it("parses several commands from one chunk, in order", () => {
    expect(run([mb("PING") + mb("GET", "a") + mb("ECHO", "")])).toEqual([["PING"], ["GET", "a"], ["ECHO", ""]]);
  });

  it("gives the same commands whatever byte the stream is split at", () => {
    const stream = mb("SET", "k", "v\r\nx") + "*0\r\n" + "PING\r\n" + "*-1\r\n" + "\r\n" + mb("GET", "k") + 'echo "a b"\n';
    const expected = [["SET", "k", "v\r\nx"], ["PING"], ["GET", "k"], ["echo", "a b"]];
    expect(run([stream])).toEqual(expected);
    for (let i = 0; i <= stream.length; i++) {
      expect(run([stream.slice(0, i), stream.slice(i)])).toEqual(expected);
      for (let j = i; j <= stream.length; j += 7) {
        expect(run([stream.slice(0, i), stream.slice(i, j), stream.slice(j)])).toEqual(expected);
      }
    }
    expect(run([...stream])).toEqual(expected);
  });

  it("skips *0 and negative counts like Redis", () => {
    expect(run(["*0\r\n*-1\r\n*-5\r\n" + mb("PING")])).toEqual([["PING"]]);
  });

  it("waits for the byte after a CR before reading a count", () => {
    const p = new RespCommandParser();
    p.push(toBytes("*1\r"));
    expect(p.next()).toBeNull();
    p.push(toBytes("\n$4\r"));
    expect(p.next()).toBeNull();
    p.push(toBytes("\nping\r"));
    expect(p.next()).toBeNull();
    p.push(toBytes("\n"));
    expect(p.next()).toEqual(["ping"]);
    expect(p.buffered).toBe(0);
  });

  it("skips the two bytes after bulk data without checking them, like Redis", () => {
    expect(run(["*1\r\n$4\r\npingXY" + mb("PING")])).toEqual([["ping"], ["PING"]]);
  });

  it("is binary safe: all 256 byte values in one argument", () => {
    const all = fromBytes(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(run([mb("SET", all, all + all)])).toEqual([["SET", all, all + all]]);
    expect(run([...mb(all)])).toEqual([[all]]);
  });

  it("parses a 10 MB bulk fed one byte at a time in linear time", () => {
    const size = 10 * 1024 * 1024;
    const frame = toBytes(`*2\r\n$3\r\nSET\r\n$${size}\r\n`);
    const p = new RespCommandParser();
    const t0 = Date.now();
    for (let i = 0; i < frame.length; i++) {
      p.push(frame.subarray(i, i + 1));
      expect(p.next()).toBeNull();
    }
    const one = new Uint8Array([120]);
    for (let i = 0; i < size; i++) {
      p.push(one);
      if (p.next() !== null) throw new Error("early command");
    }
    p.push(toBytes("\r\n"));
    const r = p.next() as BStr[];
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r[0]).toBe("SET");
    expect(r[1]!.length).toBe(size);
    expect(r[1]![size - 1]).toBe("x");
    expect(p.next()).toBeNull();
  }, 30_000);

  it("scans a long inline line arriving byte by byte only once", () => {
    const line = "ECHO " + "a".repeat(PROTO_INLINE_MAX_SIZE - 10) + "\r\n";
    const p = new RespCommandParser();
    const bytes = toBytes(line);
    const t0 = Date.now();
    for (let i = 0; i < bytes.length - 1; i++) {
      p.push(bytes.subarray(i, i + 1));
      expect(p.next()).toBeNull();
    }
    p.push(bytes.subarray(bytes.length - 1));
    expect((p.next() as BStr[])[1]!.length).toBe(PROTO_INLINE_MAX_SIZE - 10);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

describe("RespCommandParser: inline commands", () => {
  it("splits on blanks and accepts CRLF or LF line ends", () => {
    expect(run(["SET  a\tb  \r\nPING\nGET a\r\n"])).toEqual([["SET", "a", "b"], ["PING"], ["GET", "a"]]);
  });

  it("skips empty and blank lines", () => {
    expect(run(["\r\n\n   \r\n\t\nPING\r\n"])).toEqual([["PING"]]);
  });

  it("decodes double-quoted escapes", () => {
    expect(run(['set a "x\\x41\\n\\q\\r\\t\\b\\a\\\\\\"" ""\r\n'])).toEqual([["set", "a", 'xA\nq\r\t\b\x07\\"', ""]]);
  });

  it("handles single quotes and quotes glued to a token", () => {
    expect(run(["echo 'a\\'b' 'x\\ny' ab\"c d\" \"\\xff\\x00\"\r\n"])).toEqual([["echo", "a'b", "x\\ny", "abc d", "\xff\x00"]]);
  });

  it("keeps an invalid \\x escape as plain characters", () => {
    expect(splitArgs('"\\x4g" "\\x4"')).toEqual(["x4g", "x4"]);
  });

  it("rejects unbalanced quotes", () => {
    for (const line of ['"foo"bar', 'echo "a""b"', '"open', "'open", "'a'b", 'x "\\"']) {
      expect(run([line + "\r\n"]), line).toEqual([err("unbalanced quotes in request")]);
    }
  });

  it("stops at a NUL byte like the C string sdssplitargs reads", () => {
    expect(splitArgs("a b\0c d")).toEqual(["a", "b"]);
  });

  it("accepts an inline line longer than the limit once its newline is there", () => {
    const long = "x".repeat(PROTO_INLINE_MAX_SIZE + 10);
    expect(run([`ECHO ${long}\r\n`])).toEqual([["ECHO", long]]);
  });
});

describe("RespCommandParser: protocol errors", () => {
  const cases: [string, BStr[], string][] = [
    ["non-numeric count", ["*x\r\n"], "invalid multibulk length"],
    ["empty count", ["*\r\n"], "invalid multibulk length"],
    ["-0 count", ["*-0\r\n"], "invalid multibulk length"],
    ["leading zero count", ["*01\r\n"], "invalid multibulk length"],
    ["'+' count", ["*+1\r\n"], "invalid multibulk length"],
    ["count above the limit", [`*${MAX_MULTIBULK_LEN + 1}\r\n`], "invalid multibulk length"],
    ["count above int64", ["*99999999999999999999\r\n"], "invalid multibulk length"],
    ["missing '$'", ["*1\r\nfoo\r\n"], "expected '$', got 'f'"],
    ["':' instead of '$'", [`*2\r\n$1\r\na\r\n:1\r\n`], "expected '$', got ':'"],
    ["negative bulk length", ["*1\r\n$-1\r\n"], "invalid bulk length"],
    ["empty bulk length", ["*1\r\n$\r\n"], "invalid bulk length"],
    ["leading zero bulk length", ["*1\r\n$01\r\n"], "invalid bulk length"],
    ["bulk length above 512 MiB", [`*1\r\n$${512 * 1024 * 1024 + 1}\r\n`], "invalid bulk length"],
    ["inline line without newline over 64 KiB", ["x".repeat(PROTO_INLINE_MAX_SIZE + 1)], "too big inline request"],
    ["count line without CR over 64 KiB", ["*" + "1".repeat(PROTO_INLINE_MAX_SIZE)], "too big mbulk count string"],
    ["bulk count line without CR over 64 KiB", ["*1\r\n$" + "1".repeat(PROTO_INLINE_MAX_SIZE)], "too big bulk count string"],
    ["unbalanced quotes", ['"a\r\n'], "unbalanced quotes in request"],
  ];
  for (const [name, chunks, what] of cases) {
    it(`${name} → ${what}`, () => {
      expect(run(chunks)).toEqual([err(what)]);
    });
  }

  it("waits (no error) while a long line is still within the limit", () => {
    expect(run(["x".repeat(PROTO_INLINE_MAX_SIZE)])).toEqual([]);
    expect(run(["*1\r\n$" + "1".repeat(PROTO_INLINE_MAX_SIZE - 1)])).toEqual([]);
  });

  it("honours a configured proto-max-bulk-len", () => {
    expect(run([mb("0123456789")], { maxBulkLen: 10 })).toEqual([["0123456789"]]);
    expect(run([mb("0123456789a")], { maxBulkLen: 10 })).toEqual([err("invalid bulk length")]);
  });

  it("returns the commands before an error, then the error forever", () => {
    const p = new RespCommandParser();
    p.push(toBytes(mb("PING") + "*1\r\n!oops\r\n" + mb("PING")));
    expect(p.next()).toEqual(["PING"]);
    const e = p.next();
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).text).toBe(err("expected '$', got '!'"));
    expect((e as ProtocolError).reply).toEqual({ t: "error", v: err("expected '$', got '!'") });
    p.push(toBytes(mb("PING")));
    expect(p.next()).toBe(e);
    expect(p.buffered).toBe(0);
  });
});

describe("RespCommandParser: before authentication (authRequired)", () => {
  const unauth = (input: BStr): Out[] => {
    const p = new RespCommandParser();
    p.authRequired = true;
    p.push(toBytes(input));
    const r = p.next();
    return r === null ? [] : [r instanceof ProtocolError ? r.text : r];
  };

  it("accepts 10 arguments and 16 KiB bulks, refuses more with Redis's texts", () => {
    expect(unauth(mb(...Array.from({ length: 10 }, () => "a")))).toHaveLength(1);
    expect(unauth(mb(...Array.from({ length: 11 }, () => "a")))).toEqual([err("unauthenticated multibulk length")]);
    expect(unauth(mb("x".repeat(16384)))).toEqual([["x".repeat(16384)]]);
    expect(unauth(`*1\r\n$16385\r\n`)).toEqual([err("unauthenticated bulk length")]);
    // The invalid-length checks come first, as in processMultibulkBuffer.
    expect(unauth(`*1\r\n$-5\r\n`)).toEqual([err("invalid bulk length")]);
  });

  it("counts the arguments of a half-read command as pending input", () => {
    const p = new RespCommandParser();
    p.push(toBytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\n01234"));
    expect(p.next()).toBeNull();
    expect(p.pendingBytes).toBe(3 + 1 + 5);
    p.push(toBytes("56789\r\n"));
    expect(p.next()).toEqual(["SET", "k", "0123456789"]);
    expect(p.pendingBytes).toBe(0);
  });
});
