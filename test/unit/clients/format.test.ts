/**
 * The formats of the clients concept: sdscatrepr escaping and MONITOR lines (with Redis 7's
 * redactions), CLIENT LIST lines, and the parsing and matching of CLIENT LIST / KILL filters.
 */
import { describe, expect, it } from "vitest";
import { monitorLine, monitorShows, redactForMonitor, repr } from "../../../src/gateway/clients/monitor-line";
import { clientFlags, clientLine, type ClientSnapshot } from "../../../src/gateway/clients/client-line";
import { killMatches, parseKillFilter, parseListFilter } from "../../../src/gateway/clients/filters";
import { ClientPause, parsePause } from "../../../src/gateway/clients/pause";
import { commandFullName } from "../../../src/gateway/clients/registry";
import { lookupCommand } from "../../../src/commands/registry";
import { ReplyError } from "../../../src/resp/reply";

const err = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ReplyError) return e.reply.t === "error" ? e.reply.v : "?";
    throw e;
  }
  return "no error";
};

describe("sdscatrepr", () => {
  it("quotes printable ASCII and escapes the rest as Redis does", () => {
    expect(repr("set")).toBe('"set"');
    expect(repr('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(repr("\n\r\t\x07\b")).toBe('"\\n\\r\\t\\a\\b"');
    expect(repr("\x00\x1f\x7f\xff \xe9")).toBe('"\\x00\\x1f\\x7f\\xff \\xe9"');
    expect(repr("")).toBe('""');
    expect(repr(" ~")).toBe('" ~"');
  });
});

describe("MONITOR lines", () => {
  it("prints seconds.microseconds, the db and address, then every argument", () => {
    expect(monitorLine(1_700_000_000_000_123, "10.0.0.1:10001", ["SET", "k", "a b"])).toBe(
      '1700000000.000123 [0 10.0.0.1:10001] "SET" "k" "a b"',
    );
    expect(monitorLine(5_000_000, "[::1]:10002", ["get", "\x00"])).toBe('5.000000 [0 [::1]:10002] "get" "\\x00"');
  });

  it("redacts AUTH, HELLO ... AUTH and MIGRATE AUTH/AUTH2 secrets as Redis 7", () => {
    expect(redactForMonitor(["AUTH", "pw"])).toEqual(["AUTH", "(redacted)"]);
    expect(redactForMonitor(["auth", "user", "pw"])).toEqual(["auth", "(redacted)", "(redacted)"]);
    expect(redactForMonitor(["AUTH", "a", "b", "c"])).toEqual(["AUTH", "(redacted)", "b", "c"]);
    expect(redactForMonitor(["HELLO", "3", "SETNAME", "n", "AUTH", "u", "p"])).toEqual(["HELLO", "3", "SETNAME", "n", "AUTH", "(redacted)", "(redacted)"]);
    expect(redactForMonitor(["HELLO", "3"])).toEqual(["HELLO", "3"]);
    expect(redactForMonitor(["MIGRATE", "h", "1", "", "0", "5", "AUTH", "pw", "KEYS", "AUTH"])).toEqual(
      ["MIGRATE", "h", "1", "", "0", "5", "AUTH", "(redacted)", "KEYS", "AUTH"],
    );
    expect(redactForMonitor(["MIGRATE", "h", "1", "k", "0", "5", "COPY", "AUTH2", "u", "p"])).toEqual(
      ["MIGRATE", "h", "1", "k", "0", "5", "COPY", "AUTH2", "(redacted)", "(redacted)"],
    );
  });

  it("leaves out admin and skip_monitor commands", () => {
    expect(monitorShows(lookupCommand("set")!)).toBe(true);
    expect(monitorShows(lookupCommand("auth")!)).toBe(true);
    expect(monitorShows(lookupCommand("config")!)).toBe(false);
    expect(monitorShows(lookupCommand("monitor")!)).toBe(false);
    expect(monitorShows(lookupCommand("eval")!)).toBe(false);
  });
});

const snap = (over: Partial<ClientSnapshot> = {}): ClientSnapshot => ({
  id: 7, addr: "1.2.3.4:10007", laddr: "gw.example:443", name: "", createdAt: 1_000_000, lastInteraction: 1_000_000, sub: 0, psub: 0,
  ssub: 0, multi: -1, monitor: false, readonly: false, noEvict: false, qbuf: 0, multiMem: 0, omem: 0, cmd: "NULL", user: "default",
  resp: 2, libName: "", libVer: "", ...over,
});

describe("CLIENT LIST lines", () => {
  it("has Redis 7.0's fields in order", () => {
    const line = clientLine(snap({ name: "app", cmd: "client|list", lastInteraction: 1_003_500, resp: 3 }), 1_010_000);
    expect(line).toBe(
      "id=7 addr=1.2.3.4:10007 laddr=gw.example:443 fd=-1 name=app age=10 idle=6 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 " +
        "qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client|list user=default " +
        "redir=-1 resp=3 lib-name= lib-ver=\n",
    );
  });

  it("prints flags in Redis's order", () => {
    expect(clientFlags(snap({ monitor: true }))).toBe("O");
    expect(clientFlags(snap({ sub: 1, multi: 2, readonly: true, noEvict: true }))).toBe("Pxre");
  });

  it("names the last command as Redis's fullname", () => {
    expect(commandFullName(["CLIENT", "LIST"])).toBe("client|list");
    expect(commandFullName(["client", "nope"])).toBe("NULL");
    expect(commandFullName(["Get", "k"])).toBe("get");
    expect(commandFullName(["nosuch"])).toBe("NULL");
  });
});

describe("CLIENT LIST / KILL filters", () => {
  it("parses LIST's TYPE and ID forms with Redis's errors", () => {
    expect(parseListFilter(["client", "list"])).toBeNull();
    expect(parseListFilter(["client", "list", "type", "PUBSUB"])).toEqual({ type: "pubsub" });
    expect(parseListFilter(["client", "list", "type", "slave"])).toEqual({ type: "replica" });
    expect(parseListFilter(["client", "list", "id", "3", "1"])).toEqual({ ids: [3, 1] });
    expect(err(() => parseListFilter(["client", "list", "type", "x"]))).toBe("ERR Unknown client type 'x'");
    expect(err(() => parseListFilter(["client", "list", "id", "x"]))).toBe("ERR Invalid client ID");
    expect(err(() => parseListFilter(["client", "list", "id"]))).toBe("ERR syntax error");
    expect(err(() => parseListFilter(["client", "list", "type", "normal", "x"]))).toBe("ERR syntax error");
  });

  it("parses KILL's old and new forms with Redis's errors", () => {
    expect(parseKillFilter(["client", "kill", "1.2.3.4:5"])).toEqual({ oldForm: true, addr: "1.2.3.4:5", skipMe: false });
    expect(parseKillFilter(["client", "kill", "id", "3", "skipme", "NO", "user", "admin", "maxage", "5", "laddr", "l:1", "type", "normal"])).toEqual(
      { oldForm: false, id: 3, skipMe: false, user: "admin", maxAge: 5, laddr: "l:1", type: "normal" },
    );
    expect(err(() => parseKillFilter(["client", "kill", "id", "0"]))).toBe("ERR client-id should be greater than 0");
    expect(err(() => parseKillFilter(["client", "kill", "id", "x"]))).toBe("ERR client-id should be greater than 0");
    expect(err(() => parseKillFilter(["client", "kill", "user", "bob"]))).toBe("ERR No such user 'bob'");
    expect(err(() => parseKillFilter(["client", "kill", "type", "x"]))).toBe("ERR Unknown client type 'x'");
    expect(err(() => parseKillFilter(["client", "kill", "skipme", "maybe"]))).toBe("ERR syntax error");
    expect(err(() => parseKillFilter(["client", "kill", "id", "1", "addr"]))).toBe("ERR syntax error");
    expect(err(() => parseKillFilter(["client", "kill", "foo", "1"]))).toBe("ERR syntax error");
    expect(err(() => parseKillFilter(["client", "kill", "maxage", "0"]))).toBe("ERR maxage should be greater than 0");
    expect(err(() => parseKillFilter(["client", "kill", "maxage", "z"]))).toBe("ERR maxage is not an integer or out of range");
  });

  it("matches every filter given, skipping the caller unless SKIPME no", () => {
    const c = snap();
    const f = (...a: string[]) => parseKillFilter(["client", "kill", ...a]);
    const now = 1_020_000;
    expect(killMatches(f("id", "7"), c, 1, now)).toBe(true);
    expect(killMatches(f("id", "7"), c, 7, now)).toBe(false);
    expect(killMatches(f("id", "7", "skipme", "no"), c, 7, now)).toBe(true);
    expect(killMatches(f("1.2.3.4:10007"), c, 7, now)).toBe(true);
    expect(killMatches(f("addr", "1.2.3.4:10008"), c, 1, now)).toBe(false);
    expect(killMatches(f("laddr", "gw.example:443", "user", "default"), c, 1, now)).toBe(true);
    expect(killMatches(f("user", "admin"), c, 1, now)).toBe(false);
    expect(killMatches(f("type", "pubsub"), c, 1, now)).toBe(false);
    expect(killMatches(f("type", "pubsub"), snap({ psub: 1 }), 1, now)).toBe(true);
    expect(killMatches(f("maxage", "20"), c, 1, now)).toBe(true);
    expect(killMatches(f("maxage", "21"), c, 1, now)).toBe(false);
  });
});

describe("CLIENT PAUSE", () => {
  it("parses the timeout and mode with Redis's errors", () => {
    expect(parsePause(["client", "pause", "100"], 1000)).toEqual({ end: 1100, mode: "all" });
    expect(parsePause(["client", "pause", "0", "write"], 1000)).toEqual({ end: 0, mode: "write" });
    expect(err(() => parsePause(["client", "pause", "1", "read"], 0))).toBe("ERR CLIENT PAUSE mode must be WRITE or ALL");
    expect(err(() => parsePause(["client", "pause", "x"], 0))).toBe("ERR timeout is not an integer or out of range");
    expect(err(() => parsePause(["client", "pause", "-1"], 0))).toBe("ERR timeout is negative");
  });

  it("keeps the later end and the stronger mode until it expires", () => {
    const p = new ClientPause();
    p.pause(200, "write", 0);
    expect(p.holds(true, 100)).toBe(true);
    expect(p.holds(false, 100)).toBe(false);
    p.pause(150, "all", 100);
    expect(p.holds(false, 180)).toBe(true);
    expect(p.holds(true, 200)).toBe(false);
    p.pause(300, "write", 250);
    expect(p.holds(false, 260)).toBe(false); // the expired ALL no longer counts
    p.unpause();
    expect(p.holds(true, 260)).toBe(false);
  });
});
