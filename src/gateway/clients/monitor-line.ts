/**
 * MONITOR's lines (replicationFeedMonitors): `+<seconds>.<micros> [0 <addr>] "arg" "arg" ...`,
 * each argument quoted and escaped as sdscatrepr does, secrets redacted as Redis 7 redacts them
 * (redactClientCommandArgument), and the commands MONITOR never shows (admin, skip_monitor).
 */
import type { BStr } from "../../resp/bytes";
import type { CommandSpec } from "../../commands/types";

/** What Redis 7 shows in place of a redacted argument. */
export const REDACTED = "(redacted)";

const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x07": "\\a", "\b": "\\b" };

/** sdscatrepr: a quoted byte string, printable ASCII as is, the rest escaped (`\n`, `\xff`). */
export function repr(s: BStr): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else {
      const c = s.charCodeAt(i);
      out += c >= 0x20 && c <= 0x7e ? ch : `\\x${c.toString(16).padStart(2, "0")}`;
    }
  }
  return out + '"';
}

const eq = (a: BStr | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b;

/** The arguments as MONITOR shows them: AUTH's, HELLO ... AUTH's and MIGRATE ... AUTH/AUTH2's secrets redacted. */
export function redactForMonitor(argv: readonly BStr[]): BStr[] {
  const out = argv.slice();
  const name = argv[0]!.toLowerCase();
  if (name === "auth") {
    if (out.length > 1) out[1] = REDACTED;
    if (out.length === 3) out[2] = REDACTED;
  } else if (name === "hello") {
    for (let j = 2; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      if (eq(argv[j], "auth") && more >= 2) {
        out[j + 1] = REDACTED;
        out[j + 2] = REDACTED;
        j += 2;
      } else if (eq(argv[j], "setname") && more >= 1) j++;
      else break;
    }
  } else if (name === "migrate") {
    for (let j = 6; j < argv.length; j++) {
      if (eq(argv[j], "keys")) break;
      if (eq(argv[j], "auth") && j + 1 < argv.length) out[++j] = REDACTED;
      else if (eq(argv[j], "auth2") && j + 2 < argv.length) {
        out[++j] = REDACTED;
        out[++j] = REDACTED;
      }
    }
  }
  return out;
}

/** Whether MONITOR shows a command at all: Redis leaves out admin and skip_monitor commands. */
export function monitorShows(def: CommandSpec): boolean {
  return !def.flags.includes("admin") && !def.flags.includes("skip_monitor");
}

/** One MONITOR line (a RESP simple string's text, without the `+` and CRLF). */
export function monitorLine(nowMicros: number, addr: string, argv: readonly BStr[]): string {
  const sec = Math.floor(nowMicros / 1e6);
  const us = Math.floor(nowMicros - sec * 1e6);
  return `${sec}.${String(us).padStart(6, "0")} [0 ${addr}] ${redactForMonitor(argv).map(repr).join(" ")}`;
}
