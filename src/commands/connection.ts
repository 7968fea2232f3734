/**
 * Connection commands: HELLO, AUTH, MULTI, EXEC, DISCARD, WATCH, UNWATCH, READONLY, READWRITE,
 * ASKING, CLIENT, QUIT, RESET. Connection state (protocol, MULTI queue, WATCH tokens, client name)
 * lives in the gateway, which intercepts these commands; `statelessConnectionReplies` answers the
 * stateless part, for REST requests and for callers that reach a node directly. The parsing and
 * reply helpers are shared with the gateway so both word everything alike.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulkOrNull, ERR, error, int, map, OK, ReplyError, simple, verbatim, type Reply } from "../resp/reply";
import { toInt } from "./args";
import type { ConnState } from "./types";
import { statelessRegistryReply } from "../gateway/clients/stateless";

export const REDIS_VERSION = "7.0.15";

/** What CLIENT and HELLO report about one connection (the gateway keeps one per WebSocket). */
export interface ClientInfo {
  id: number;
  name: BStr;
  createdAt: number;
  resp: 2 | 3;
  /** Commands queued in MULTI, or -1 outside MULTI. */
  multi: number;
  readonly: boolean;
  libName: BStr;
  libVer: BStr;
  /** CLIENT REPLY mode: "skip" drops the next command's reply, "off" every reply until ON. */
  replyMode: "on" | "off" | "skip";
  lastCommand: string;
  /** CLIENT TRACKING's flag letters (t, R, B) and redirect (-1 when off) for CLIENT LIST/INFO. */
  tracking?: { flags: string; redir: number };
}

export function newClientInfo(id: number, now: number, resp: 2 | 3 = 2): ClientInfo {
  return { id, name: "", createdAt: now, resp, multi: -1, readonly: false, libName: "", libVer: "", replyMode: "on", lastCommand: "NULL" };
}

export const NOAUTH_HELLO =
  "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";

export interface HelloArgs {
  proto: 2 | 3 | null;
  auth: { user: BStr; pass: BStr } | null;
  setname: BStr | null;
}

const eq = (a: BStr, b: string): boolean => a.length === b.length && a.toLowerCase() === b;

/** HELLO [protover [AUTH username password] [SETNAME clientname]] (Redis 7.0 helloCommand). */
export function parseHello(argv: BStr[]): HelloArgs | Reply {
  const out: HelloArgs = { proto: null, auth: null, setname: null };
  if (argv.length >= 2) {
    const ver = toInt(argv[1]!);
    if (ver === null) return error("ERR Protocol version is not an integer or out of range");
    if (ver < 2 || ver > 3) return error("NOPROTO unsupported protocol version");
    out.proto = ver as 2 | 3;
  }
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (eq(opt, "auth") && more >= 2) {
      out.auth = { user: argv[j + 1]!, pass: argv[j + 2]! };
      j += 2;
    } else if (eq(opt, "setname") && more >= 1) {
      out.setname = argv[j + 1]!;
      j++;
    } else {
      return error(`ERR Syntax error in HELLO option '${opt}'`);
    }
  }
  return out;
}

/** The HELLO reply map (RESP3 map; RESP2 clients get it flattened). */
export function helloReply(proto: 2 | 3, id: number): Reply {
  return map([
    [bulk("server"), bulk("redis")],
    [bulk("version"), bulk(REDIS_VERSION)],
    [bulk("proto"), int(proto)],
    [bulk("id"), int(id)],
    [bulk("mode"), bulk("cluster")],
    [bulk("role"), bulk("master")],
    [bulk("modules"), arr([])],
  ]);
}

/** AUTH <password> | AUTH <username> <password>. */
export function parseAuth(argv: BStr[]): { user: BStr; pass: BStr } | Reply {
  if (argv.length > 3) return error(ERR.syntax);
  return argv.length === 2 ? { user: "default", pass: argv[1]! } : { user: argv[1]!, pass: argv[2]! };
}

/** Redis accepts client names made of '!'..'~' only (no spaces or newlines); empty clears it. */
export function validClientName(name: BStr): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

export const BAD_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

/** One CLIENT LIST / CLIENT INFO line, in Redis 7's field order. */
export function clientInfoLine(c: ClientInfo, now: number): string {
  const age = Math.max(0, Math.floor((now - c.createdAt) / 1000));
  const flags = (c.multi >= 0 ? "x" : "") + (c.tracking?.flags ?? "") + (c.readonly ? "r" : "") || "N";
  return (
    `id=${c.id} addr=gateway:0 laddr=gateway:0 fd=-1 name=${c.name} age=${age} idle=0 flags=${flags} db=0 ` +
    `sub=0 psub=0 ssub=0 multi=${c.multi} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 ` +
    `omem=0 tot-mem=0 events=r cmd=${c.lastCommand} user=default redir=${c.tracking?.redir ?? -1} resp=${c.resp} ` +
    `lib-name=${c.libName} lib-ver=${c.libVer}\n`
  );
}

const onOff = (a: BStr): boolean => eq(a, "on") || eq(a, "off");

/**
 * CLIENT subcommands a connection can use through the gateway. Mutates `c` (name, library info,
 * reply mode); the caller owns the connection state it belongs to.
 */
export function clientCommand(argv: BStr[], c: ClientInfo, now: number): Reply {
  const sub = argv[1]!.toLowerCase();
  const arity = (n: number): void => {
    if (n > 0 ? argv.length !== n : argv.length < -n) throw new ReplyError(ERR.wrongArity(`client|${sub}`));
  };
  switch (sub) {
    case "id":
      arity(2);
      return int(c.id);
    case "getname":
      arity(2);
      return c.name === "" ? bulkOrNull(null) : bulk(c.name);
    case "setname":
      arity(3);
      if (!validClientName(argv[2]!)) return error(BAD_NAME);
      c.name = argv[2]!;
      return OK;
    case "info":
      arity(2);
      return verbatim(clientInfoLine(c, now));
    case "list":
      arity(-2);
      return verbatim(clientInfoLine(c, now));
    case "setinfo": {
      arity(4);
      const attr = argv[2]!;
      if (!validClientName(argv[3]!)) return error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
      if (eq(attr, "lib-name")) c.libName = argv[3]!;
      else if (eq(attr, "lib-ver")) c.libVer = argv[3]!;
      else return error(`ERR Unrecognized option '${attr}'`);
      return OK;
    }
    case "no-evict":
    case "no-touch":
      arity(3);
      return onOff(argv[2]!) ? OK : error(ERR.syntax);
    case "reply": {
      arity(3);
      const mode = argv[2]!.toLowerCase();
      if (mode !== "on" && mode !== "off" && mode !== "skip") return error(ERR.syntax);
      c.replyMode = mode;
      return OK;
    }
    case "getredir":
      arity(2);
      return int(-1); // a connection that tracks is answered by its gateway session (tracking/session.ts)
    case "trackinginfo":
      arity(2);
      return map([[bulk("flags"), arr([bulk("off")])], [bulk("redirect"), int(-1)], [bulk("prefixes"), arr([])]]);
    case "caching":
      arity(3);
      return error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
    case "tracking":
      arity(-3);
      // The gateway's WebSocket connections track (tracking/session.ts); a request without a connection cannot.
      return error("ERR CLIENT TRACKING needs a connection: use the WebSocket API (/ws)");
    case "unblock": {
      arity(-3);
      if (toInt(argv[2]!) === null) return error(ERR.notInteger);
      if (argv.length === 4 && !eq(argv[3]!, "timeout") && !eq(argv[3]!, "error")) {
        return error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      }
      if (argv.length > 4) return error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`);
      return int(0); // blocked commands wait on nodes, not on a client id the gateway can name
    }
    case "help":
      return arr(
        [
          "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "CACHING (YES|NO)", "GETREDIR", "GETNAME", "ID", "INFO", "LIST", "NO-EVICT (ON|OFF)", "NO-TOUCH (ON|OFF)", "REPLY (ON|OFF|SKIP)",
          "SETINFO <LIB-NAME|LIB-VER> <value>", "SETNAME <name>", "TRACKINGINFO", "UNBLOCK <clientid> [TIMEOUT|ERROR]", "HELP",
        ].map(simple),
      );
    default:
      return error(`ERR unknown subcommand '${argv[1]}'. Try CLIENT HELP.`);
  }
}

/**
 * The stateless answer to a connection command: what a node reached directly, or a REST request
 * (no connection to change), replies. Throws ReplyError like a handler (CLIENT's arity checks).
 */
export type StatelessReply = (argv: BStr[], conn: ConnState, now: number) => Reply;

const ok: StatelessReply = () => OK;

/** One per connection command (specs/connection.ts); the gateway keeps the state over WebSocket. */
export const statelessConnectionReplies: Readonly<Record<string, StatelessReply>> = {
  hello: (argv, conn) => {
    const h = parseHello(argv);
    if ("t" in h) return h;
    if (h.setname !== null && !validClientName(h.setname)) return error(BAD_NAME);
    return helloReply(h.proto ?? conn.resp, 0);
  },
  // Authentication is the gateway's: a command that reached a node is already authenticated.
  auth: (argv) => {
    const a = parseAuth(argv);
    return "t" in a ? a : OK;
  },
  multi: ok,
  exec: () => error("ERR EXEC without MULTI"),
  discard: () => error("ERR DISCARD without MULTI"),
  watch: ok,
  unwatch: ok,
  readonly: ok,
  readwrite: ok,
  asking: ok,
  client: (argv, conn, now) => statelessRegistryReply(argv, conn) ?? clientCommand(argv, newClientInfo(0, now, conn.resp), now),
  monitor: (argv, conn) => statelessRegistryReply(argv, conn)!,
  quit: ok,
  reset: () => simple("RESET"),
};
