/**
 * Fuzz target: random and mutated RESP into the streaming command parser (src/resp/parser.ts), and
 * every 8th input through a whole Connection (src/gateway/connection.ts) with a fake router.
 *
 * Checks: nothing throws; parsing ends (every loop is budgeted); the result does not depend on how
 * the bytes are split into frames; a protocol error is sticky and leaves no input held; commands
 * respect the limits (Redis's unauthenticated ones included); unmutated input parses back to what
 * was encoded, or to exactly the error its limits call for. Through a Connection: the router runs
 * exactly the commands parsed before a protocol error (none before authentication), each reply
 * matches its command, and the error closes the socket.
 */
import { fromBytes, type BStr } from "../../src/resp/bytes";
import { encodeCommand } from "../../src/resp/encoder";
import { PROTO_UNAUTH_MAX_BULK_LEN, PROTO_UNAUTH_MAX_MULTIBULK_LEN } from "../../src/resp/limits";
import { ProtocolError, RespCommandParser, RespReplyParser } from "../../src/resp/parser";
import { ERR, type Reply } from "../../src/resp/reply";
import { Connection } from "../../src/gateway/connection";
import type { Router } from "../../src/gateway/router";
import type { Env } from "../../src/env";
import { check, chunks, mutateBytes, type Rng } from "./rng";

export interface RespStats {
  inputs: number;
  commands: number;
  protocolErrors: number;
  connections: number;
}

const NAMES = ["GET", "SET", "ECHO", "PING", "DEL", "MGET", "EXISTS", "INCR", "get", "Set"];
const WORDS = ["k", "key:1", "", "0", "-1", "value", "\r\n", "\x00\xff", " ", '"', "'", "*3", "$5", "\\x41"];
const INTERESTING = [
  "*", "$", "\r", "\n", "\r\n", "-", "0", "9", " ", '"', "'", "\\", "\x00", "\xff", "*-1\r\n", "*0\r\n", "$-1\r\n",
  "*11\r\n", "$16385\r\n", "*2147483648\r\n", "$9223372036854775808\r\n", "*1\r\n$", "00", "+1", "$0\r\n\r\n",
];
/** Commands a Connection answers itself: inputs naming them are fuzzed for crashes only. */
const STATEFUL = new Set(["hello", "auth", "multi", "exec", "discard", "watch", "unwatch", "readonly", "readwrite", "asking", "client", "quit", "reset"]);

type Parsed = BStr[] | string; // a command, or a protocol error's text

interface Encoded {
  argv: BStr[];
  inline: boolean;
}

function randomArg(rng: Rng): BStr {
  switch (rng.int(4)) {
    case 0: return rng.pick(WORDS);
    case 1: return String(rng.int(1_000_000) - 1000);
    case 2: return String.fromCharCode(...Array.from({ length: rng.int(40) }, () => rng.int(256)));
    default: return rng.pick(["a", "b", "z"]).repeat(rng.chance(0.05) ? rng.range(16383, 16400) : rng.range(0, 300));
  }
}

function randomCommands(rng: Rng): Encoded[] {
  return Array.from({ length: rng.range(1, 4) }, () => {
    const argc = rng.range(1, rng.chance(0.1) ? 14 : 5);
    const argv = [rng.pick(NAMES), ...Array.from({ length: argc - 1 }, () => randomArg(rng))];
    const inline = argv.every((a) => /^[A-Za-z0-9:_.-]+$/.test(a)) && rng.chance(0.5);
    return { argv, inline };
  });
}

function encode(cmds: Encoded[]): Uint8Array {
  const parts = cmds.map((c) => (c.inline ? Uint8Array.from(c.argv.join(" ") + "\r\n", (ch) => ch.charCodeAt(0)) : encodeCommand(c.argv)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What the parser must return for unmutated input: the commands, up to the first limit broken. */
function expected(cmds: Encoded[], maxBulkLen: number, authRequired: boolean): Parsed[] {
  const out: Parsed[] = [];
  const err = (what: string): Parsed[] => [...out, `ERR Protocol error: ${what}`];
  for (const c of cmds) {
    if (!c.inline) {
      if (authRequired && c.argv.length > PROTO_UNAUTH_MAX_MULTIBULK_LEN) return err("unauthenticated multibulk length");
      for (const a of c.argv) {
        if (a.length > maxBulkLen) return err("invalid bulk length");
        if (authRequired && a.length > PROTO_UNAUTH_MAX_BULK_LEN) return err("unauthenticated bulk length");
      }
    }
    out.push(c.argv);
  }
  return out;
}

/** Feeds `pieces` to a parser and drains it, with a step budget; checks a protocol error is sticky. */
function parseAll(pieces: Uint8Array[], maxBulkLen: number, authRequired: boolean): Parsed[] {
  const p = new RespCommandParser({ maxBulkLen });
  p.authRequired = authRequired;
  const out: Parsed[] = [];
  let budget = pieces.reduce((n, x) => n + x.length, 0) + 2 * pieces.length + 8;
  let pushed = 0;
  for (const piece of pieces) {
    p.push(piece);
    pushed += piece.length;
    for (;;) {
      check(budget-- > 0, "parser did not stop returning commands (hang)");
      const r = p.next();
      if (r === null) break;
      if (r instanceof ProtocolError) {
        out.push(r.text);
        p.push(piece);
        check(p.next() === r && p.pendingBytes === 0 && p.buffered === 0, "protocol error not sticky, or input held after it");
        return out;
      }
      check(Array.isArray(r) && r.length > 0, "empty command returned");
      for (const a of r) check(typeof a === "string" && /^[\x00-\xff]*$/.test(a), "argument is not a byte string");
      out.push(r);
    }
    check(p.pendingBytes <= pushed, "parser holds more than its input");
  }
  return out;
}

export function fuzzResp(rng: Rng, stats: RespStats): { input: Uint8Array; mutated: boolean; cmds: Encoded[] } {
  const cmds = randomCommands(rng);
  let input = encode(cmds);
  const mutated = rng.chance(0.7);
  if (mutated) input = mutateBytes(rng, input, INTERESTING);
  const maxBulkLen = rng.chance(0.5) ? rng.range(1, 200) : 512 * 1024 * 1024;
  const authRequired = rng.chance(0.2);
  const whole = parseAll([input], maxBulkLen, authRequired);
  const split = parseAll(chunks(rng, input), maxBulkLen, authRequired);
  check(JSON.stringify(whole) === JSON.stringify(split), "result depends on how the input is split");
  if (!mutated) check(JSON.stringify(whole) === JSON.stringify(expected(cmds, maxBulkLen, authRequired)), "unmutated input parsed wrong");
  stats.inputs++;
  for (const r of whole) {
    if (typeof r === "string") stats.protocolErrors++;
    else stats.commands++;
  }
  return { input, mutated, cmds };
}

/** Runs `input` through a Connection with a fake router (see the file comment). */
export async function fuzzConnection(rng: Rng, input: Uint8Array, stats: RespStats): Promise<void> {
  const authenticated = rng.chance(0.8);
  const maxBulkLen = rng.chance(0.5) ? rng.range(1, 200) : undefined;
  const parsed = parseAll([input], maxBulkLen ?? 512 * 1024 * 1024, !authenticated);
  const routed: BStr[][] = [];
  const router = {
    execute: async (cmds: BStr[][]) => {
      routed.push(...cmds);
      return cmds.map((c): Reply => ({ t: "bulk", v: c.join(" ") }));
    },
  } as unknown as Router;
  let sent = "";
  const closes: number[] = [];
  const conn = new Connection({ REDIS_TOKEN: "t" } as Env, router, {
    send: (b) => (sent += fromBytes(b)),
    close: (code) => closes.push(code),
  }, authenticated ? "data" : null, maxBulkLen);
  for (const piece of chunks(rng, input)) conn.feed(piece);
  for (let i = 0; i < 4; i++) await conn.idle();
  stats.connections++;
  if (parsed.some((c) => typeof c !== "string" && STATEFUL.has(c[0]!.toLowerCase()))) return;
  const want: Reply[] = parsed.map((c): Reply =>
    // Error lines cannot hold CR/LF: the encoder turns them into spaces, as Redis does.
    typeof c === "string" ? { t: "error", v: c.replace(/[\r\n]/g, " ") } : authenticated ? { t: "bulk", v: c.join(" ") } : { t: "error", v: ERR.noAuth });
  const replies = new RespReplyParser();
  replies.push(Uint8Array.from(sent, (ch) => ch.charCodeAt(0)));
  const got: unknown[] = [];
  for (let r = replies.next(); r !== null && got.length <= want.length; r = replies.next()) got.push(r);
  check(JSON.stringify(got) === JSON.stringify(want), `connection replies differ from its commands: got ${JSON.stringify(got).slice(0, 300)}, want ${JSON.stringify(want).slice(0, 300)}`);
  const ran = authenticated ? parsed.filter((c): c is BStr[] => typeof c !== "string") : [];
  check(JSON.stringify(routed) === JSON.stringify(ran), "the router ran other commands than those before the error");
  const failed = parsed.some((c) => typeof c === "string");
  check(failed ? closes.length === 1 && closes[0] === 1002 : closes.length === 0, "protocol error did not close, or a close without one");
}
