/**
 * The arguments of CLIENT LIST [TYPE type | ID id ...] and CLIENT KILL (the old `addr:port` form
 * and the filters ID, ADDR, LADDR, USER, SKIPME, TYPE, MAXAGE), parsed with Redis's errors, and
 * the match of a filter against a connection.
 */
import type { BStr } from "../../resp/bytes";
import { ERR, ReplyError } from "../../resp/reply";
import { intArg, toInt } from "../../commands/args";
import { clientType, clientTypeByName, type ClientSnapshot, type ClientType } from "./client-line";

/** The users a connection can be (the gateway's tokens; src/node/acl.ts). */
export const CLIENT_USERS: readonly string[] = ["default", "admin"];

export type ListFilter = { type: ClientType } | { ids: number[] } | null;

const eq = (a: BStr, b: string): boolean => a.toLowerCase() === b;

function typeArg(name: BStr): ClientType {
  const t = clientTypeByName(name);
  if (t === null) throw new ReplyError(`ERR Unknown client type '${name}'`);
  return t;
}

/** CLIENT LIST's arguments after LIST (argv[2..]); throws Redis's error. */
export function parseListFilter(argv: readonly BStr[]): ListFilter {
  if (argv.length === 4 && eq(argv[2]!, "type")) return { type: typeArg(argv[3]!) };
  if (argv.length > 3 && eq(argv[2]!, "id")) return { ids: argv.slice(3).map((a) => intArg(a, "ERR Invalid client ID")) };
  if (argv.length !== 2) throw new ReplyError(ERR.syntax);
  return null;
}

export interface KillFilter {
  /** CLIENT KILL addr:port: replies OK / "No such client" instead of a count, and may kill the caller. */
  oldForm: boolean;
  id?: number;
  addr?: string;
  laddr?: string;
  user?: string;
  type?: ClientType;
  /** Seconds: only connections at least this old (Redis 7.4's MAXAGE). */
  maxAge?: number;
  skipMe: boolean;
}

/** CLIENT KILL's arguments (argv[2..]); throws Redis's error. */
export function parseKillFilter(argv: readonly BStr[]): KillFilter {
  if (argv.length === 3) return { oldForm: true, addr: argv[2]!, skipMe: false };
  if (argv.length < 3) throw new ReplyError(ERR.syntax);
  const f: KillFilter = { oldForm: false, skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    const val = argv[i + 1];
    if (val === undefined) throw new ReplyError(ERR.syntax);
    if (opt === "id") {
      const n = toInt(val);
      if (n === null || n < 1) throw new ReplyError("ERR client-id should be greater than 0");
      f.id = n;
    } else if (opt === "maxage") {
      const n = intArg(val, "ERR maxage is not an integer or out of range");
      if (n <= 0) throw new ReplyError("ERR maxage should be greater than 0");
      f.maxAge = n;
    } else if (opt === "type") f.type = typeArg(val);
    else if (opt === "addr") f.addr = val;
    else if (opt === "laddr") f.laddr = val;
    else if (opt === "user") {
      if (!CLIENT_USERS.includes(val)) throw new ReplyError(`ERR No such user '${val}'`);
      f.user = val;
    } else if (opt === "skipme") {
      if (eq(val, "yes")) f.skipMe = true;
      else if (eq(val, "no")) f.skipMe = false;
      else throw new ReplyError(ERR.syntax);
    } else throw new ReplyError(ERR.syntax);
  }
  return f;
}

/** Whether CLIENT KILL's filter selects connection `c` (the caller is `selfId`). */
export function killMatches(f: KillFilter, c: ClientSnapshot, selfId: number, now: number): boolean {
  if (f.addr !== undefined && c.addr !== f.addr) return false;
  if (f.laddr !== undefined && c.laddr !== f.laddr) return false;
  if (f.type !== undefined && clientType(c) !== f.type) return false;
  if (f.id !== undefined && c.id !== f.id) return false;
  if (f.user !== undefined && c.user !== f.user) return false;
  if (f.maxAge !== undefined && Math.floor((now - c.createdAt) / 1000) < f.maxAge) return false;
  return !(f.skipMe && c.id === selfId);
}

/** Whether CLIENT LIST's filter selects `c` (ID lists are answered in the order given, by the caller). */
export function listMatches(f: ListFilter, c: ClientSnapshot): boolean {
  return f === null || !("type" in f) || clientType(c) === f.type;
}
