import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBytes, toBytes, type BStr } from "../../../src/resp/bytes";
import { formatDouble } from "../../../src/commands/args";
import { encodeCommand, encodeReplies } from "../../../src/resp/encoder";
import { ProtocolError, RespCommandParser, RespReplyParser } from "../../../src/resp/parser";
import type { Reply } from "../../../src/resp/reply";

const bytes = fc.uint8Array({ maxLength: 40 }).map(fromBytes);
/** One line of text: simple strings and errors cannot hold CR or LF. */
const line = fc.uint8Array({ maxLength: 20 }).map((a) => fromBytes(a.filter((b) => b !== 10 && b !== 13)));

const { reply } = fc.letrec<{ reply: Reply }>((tie) => {
  const child = fc.array(tie("reply"), { maxLength: 4 });
  return {
    reply: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      line.map((v): Reply => ({ t: "simple", v })),
      line.map((v): Reply => ({ t: "error", v })),
      fc.maxSafeInteger().map((v): Reply => ({ t: "int", v })),
      bytes.map((v): Reply => ({ t: "bulk", v })),
      fc.constant<Reply>({ t: "null" }),
      fc.constant<Reply>({ t: "nullarray" }),
      fc.double().map((v): Reply => ({ t: "double", v })),
      fc.boolean().map((v): Reply => ({ t: "bool", v })),
      fc
        .tuple(fc.stringMatching(/^[a-z]{3}$/), bytes)
        .map(([format, v]): Reply => ({ t: "verbatim", format, v })),
      child.map((v): Reply => ({ t: "array", v })),
      child.map((v): Reply => ({ t: "set", v })),
      child.map((v): Reply => ({ t: "push", v })),
      fc.array(fc.tuple(tie("reply"), tie("reply")), { maxLength: 3 }).map((v): Reply => ({ t: "map", v })),
    ),
  };
});

/** What a RESP2 client reads back: RESP3-only types downgraded as Redis does. */
function asResp2(r: Reply): Reply {
  switch (r.t) {
    case "array":
    case "set":
    case "push":
      return { t: "array", v: r.v.map(asResp2) };
    case "map":
      return { t: "array", v: r.v.flatMap(([k, v]) => [asResp2(k), asResp2(v)]) };
    case "double":
      return { t: "bulk", v: formatDouble(r.v) };
    case "bool":
      return { t: "int", v: r.v ? 1 : 0 };
    case "verbatim":
    case "bignum":
      return { t: "bulk", v: r.v };
    default:
      return r;
  }
}

/** What a RESP3 client reads back: only the null array collapses into the one RESP3 null. */
function asResp3(r: Reply): Reply {
  switch (r.t) {
    case "nullarray":
      return { t: "null" };
    case "array":
    case "set":
    case "push":
      return { t: r.t, v: r.v.map(asResp3) };
    case "map":
      return { t: "map", v: r.v.map(([k, v]): [Reply, Reply] => [asResp3(k), asResp3(v)]) };
    default:
      return r;
  }
}

/** Random cut points splitting a buffer into chunks (some empty). */
const cuts = fc.array(fc.nat(), { maxLength: 12 });
function chunked(data: Uint8Array, points: number[]): Uint8Array[] {
  const at = points.map((p) => (data.length === 0 ? 0 : p % (data.length + 1))).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(data.subarray(prev, p));
    prev = p;
  }
  out.push(data.subarray(prev));
  return out;
}

function drain<T>(p: { push(c: Uint8Array): void; next(): T | ProtocolError | null }, chunks: Uint8Array[]): (T | ProtocolError)[] {
  const out: (T | ProtocolError)[] = [];
  for (const c of chunks) {
    p.push(c);
    for (let r = p.next(); r !== null; r = p.next()) {
      out.push(r);
      if (r instanceof ProtocolError) return out;
    }
  }
  return out;
}

describe("RESP properties", () => {
  for (const proto of [2, 3] as const) {
    it(`encode → parse round-trips replies in RESP${proto}, however the bytes are chunked`, () => {
      fc.assert(
        fc.property(fc.array(reply, { minLength: 1, maxLength: 5 }), cuts, (rs, points) => {
          const wire = encodeReplies(rs, proto);
          const parsed = drain(new RespReplyParser(), chunked(wire, points));
          expect(parsed).toEqual(rs.map(proto === 2 ? asResp2 : asResp3));
        }),
        { numRuns: 500 },
      );
    });
  }

  it("encodeCommand → command parser round-trips any argv", () => {
    const argv = fc.array(bytes, { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(argv, { minLength: 1, maxLength: 5 }), cuts, (cmds, points) => {
        const wire = new Uint8Array(cmds.flatMap((c) => Array.from(encodeCommand(c))));
        expect(drain(new RespCommandParser(), chunked(wire, points))).toEqual(cmds);
      }),
      { numRuns: 500 },
    );
  });

  it("inline commands of plain words round-trip", () => {
    const word = fc.stringMatching(/^[!#-&(-)+-~]{1,10}$/); // printable; no blanks, quotes or "*" (multibulk)
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), cuts, (cmds, points) => {
        const wire = toBytes(cmds.map((c) => c.join(" ") + "\r\n").join(""));
        expect(drain(new RespCommandParser(), chunked(wire, points))).toEqual(cmds);
      }),
    );
  });

  // Byte soup biased towards protocol fragments, so parsers get deep into their states.
  const fragment = fc.oneof(
    fc.uint8Array({ maxLength: 8 }).map(fromBytes),
    fc.constantFrom("*", "$", "\r\n", "\r", "\n", "-1", "0", "3", "2\r\n", '"', "'", "\\x4", " ", "%", "~", ">", "|", "=", ",", "#t", "_", "(", "!", ":"),
    fc.nat({ max: 99 }).map(String),
  );
  const soup = fc.array(fragment, { maxLength: 60 }).map((fs) => toBytes(fs.join("")));

  it("random byte soup never throws the command parser", () => {
    fc.assert(
      fc.property(soup, cuts, (data, points) => {
        const p = new RespCommandParser({ maxBulkLen: 1000, maxMultibulkLen: 1000, inlineMaxSize: 100 });
        const out = drain(p, chunked(data, points));
        for (const r of out) expect(Array.isArray(r) || r instanceof ProtocolError).toBe(true);
        const last = out[out.length - 1];
        if (last instanceof ProtocolError) expect(p.next()).toBe(last);
      }),
      { numRuns: 2000 },
    );
  });

  it("random byte soup never throws the reply parser", () => {
    fc.assert(
      fc.property(soup, cuts, (data, points) => {
        const p = new RespReplyParser({ maxBulkLen: 1000, maxMultibulkLen: 1000, maxDepth: 8 });
        const out = drain(p, chunked(data, points));
        for (const r of out) expect(typeof r === "object" && r !== null).toBe(true);
        const last = out[out.length - 1];
        if (last instanceof ProtocolError) expect(p.next()).toBe(last);
      }),
      { numRuns: 2000 },
    );
  });

  it("command parser results do not depend on chunking", () => {
    fc.assert(
      fc.property(soup, cuts, (data, points) => {
        const whole = drain(new RespCommandParser(), [data]);
        const split = drain(new RespCommandParser(), chunked(data, points));
        expect(split.map(show)).toEqual(whole.map(show));
      }),
      { numRuns: 1000 },
    );
  });
});

const show = (r: BStr[] | ProtocolError): BStr[] | string => (r instanceof ProtocolError ? r.text : r);
