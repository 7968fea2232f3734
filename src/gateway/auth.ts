/**
 * Who may do what. Two bearer tokens come from the environment: ADMIN_TOKEN authorizes everything;
 * REDIS_TOKEN authorizes data commands and the read-only views a cluster client needs, but not
 * commands flagged `admin`, cluster-changing CLUSTER subcommands, DEBUG, or the /node routes.
 * Token comparison is constant-time. With no token configured nothing authenticates.
 */
import type { GatewayEnv } from "./gateway-env";
import type { BStr } from "../resp/bytes";
import { error, type Reply } from "../resp/reply";
import { CONTAINER_COMMANDS } from "../commands/registry";
import type { CommandSpec, ConnState } from "../commands/types";

export type AuthLevel = "admin" | "data";

/** Constant-time string equality (time depends only on the lengths). */
export function safeEqual(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  // charCodeAt past the end is NaN, and NaN | 0 is 0: both strings are walked to the same length.
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** The level a token grants, or null. Both tokens are always compared, so timing tells nothing. */
export function tokenLevel(env: Pick<GatewayEnv, "ADMIN_TOKEN" | "REDIS_TOKEN">, token: string | null | undefined): AuthLevel | null {
  if (!token) return null;
  const admin = !!env.ADMIN_TOKEN && safeEqual(token, env.ADMIN_TOKEN);
  const data = !!env.REDIS_TOKEN && safeEqual(token, env.REDIS_TOKEN);
  return admin ? "admin" : data ? "data" : null;
}

/** The token of an HTTP request: `Authorization: Bearer <token>`, else `?_token=`. */
export function requestToken(req: Request): string | null {
  const h = req.headers.get("Authorization");
  if (h !== null) {
    const m = /^\s*bearer\s+(\S+)\s*$/i.exec(h);
    if (m) return m[1]!;
  }
  const url = req.url;
  const q = url.indexOf("?");
  if (q < 0 || url.indexOf("_token=", q) < 0) return null;
  return new URL(url).searchParams.get("_token");
}

/** Connection states for each level (shared, immutable: REST needs no per-request state). */
export const REST_CONN: Readonly<Record<AuthLevel, ConnState>> = Object.freeze({
  admin: Object.freeze({ resp: 2, admin: true }) as ConnState,
  data: Object.freeze({ resp: 2, admin: false }) as ConnState,
});

/**
 * CLUSTER subcommands the data token may run: the views a cluster client reads. A policy, not a
 * table flag: Redis 7.0 flags REPLICAS and SLAVES "admin", yet cluster clients read them.
 */
const CLUSTER_READS = new Set([
  "nodes", "slots", "shards", "info", "keyslot", "myid", "myshardid", "countkeysinslot", "getkeysinslot",
  "links", "replicas", "slaves", "help",
]);

/** Redis names a container command's subcommand 'cmd|sub' in NOPERM errors. */
export function noPerm(def: CommandSpec, argv: BStr[]): Reply {
  const full = CONTAINER_COMMANDS.has(def.name) && argv.length > 1 ? `${def.name}|${argv[1]!.toLowerCase()}` : def.name;
  return error(`NOPERM this user has no permissions to run the '${full}' command`);
}

/** The NOPERM error for a data-token connection, or null when the command is allowed. */
export function permissionError(def: CommandSpec, argv: BStr[], conn: ConnState): Reply | null {
  if (conn.admin) return null;
  if (def.name === "cluster") return argv.length > 1 && CLUSTER_READS.has(argv[1]!.toLowerCase()) ? null : noPerm(def, argv);
  if (def.flags.includes("admin")) return noPerm(def, argv);
  return null;
}
