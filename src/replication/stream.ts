/**
 * The replication stream's wire form: commands as RESP multibulks, exactly the bytes Redis feeds
 * its backlog (replicationFeedSlaves), so offsets count the same bytes Redis would count.
 * The master encodes; the replica parses what it received, keeping an incomplete tail for the
 * next batch (a backlog read may stop in the middle of a command).
 */
import type { BStr } from "../resp/bytes";

/** One command as "*N\r\n$len\r\narg\r\n...". */
export function encodeCommand(argv: readonly BStr[]): BStr {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

export function encodeCommands(cmds: readonly (readonly BStr[])[]): BStr {
  let out = "";
  for (const argv of cmds) out += encodeCommand(argv);
  return out;
}

export interface Parsed {
  commands: BStr[][];
  /** Bytes of `buf` the whole commands took; the rest is an incomplete command. */
  consumed: number;
}

/** Thrown for bytes that are not a multibulk stream: the master sent invalid data. */
export class StreamProtocolError extends Error {
  readonly code = "REPL_STREAM_PROTOCOL";
}

/** Reads a "<prefix><digits>\r\n" line at `pos`: [value, next position], or null if incomplete. */
function line(buf: BStr, pos: number, prefix: string): [number, number] | null {
  const cr = buf.indexOf("\r\n", pos);
  if (cr < 0) {
    if (buf.length - pos > 32) throw new StreamProtocolError(`no line end after ${prefix} at ${pos}`);
    return null;
  }
  if (buf[pos] !== prefix) throw new StreamProtocolError(`expected '${prefix}' at ${pos}`);
  const digits = buf.slice(pos + 1, cr);
  if (!/^\d{1,15}$/.test(digits)) throw new StreamProtocolError(`bad length '${digits}' at ${pos}`);
  return [Number(digits), cr + 2];
}

/** Splits `buf` into whole commands; stops at the first incomplete one. */
export function parseCommands(buf: BStr): Parsed {
  const commands: BStr[][] = [];
  let consumed = 0;
  for (;;) {
    const parsed = parseOne(buf, consumed);
    if (!parsed) return { commands, consumed };
    commands.push(parsed[0]);
    consumed = parsed[1];
  }
}

function parseOne(buf: BStr, start: number): [BStr[], number] | null {
  if (start >= buf.length) return null;
  const head = line(buf, start, "*");
  if (!head) return null;
  let pos = head[1];
  const argv: BStr[] = [];
  for (let i = 0; i < head[0]; i++) {
    const len = line(buf, pos, "$");
    if (!len) return null;
    const end = len[1] + len[0];
    if (buf.length < end + 2) return null;
    if (buf.slice(end, end + 2) !== "\r\n") throw new StreamProtocolError(`bulk not terminated at ${end}`);
    argv.push(buf.slice(len[1], end));
    pos = end + 2;
  }
  return [argv, pos];
}
