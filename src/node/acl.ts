/**
 * ACL, read-only: this server's users are the gateway's two tokens, not Redis ACL users.
 *   default  the data token (REDIS_TOKEN): every command but those flagged admin (CLUSTER's
 *            read-only views excepted: gateway/auth.ts permissionError)
 *   admin    the admin token (ADMIN_TOKEN): every command
 * WHOAMI, USERS, LIST, GETUSER, CAT, DRYRUN, GENPASS, LOG and HELP answer from that; SETUSER,
 * DELUSER, LOAD and SAVE are refused (users change by changing the Worker's secrets).
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, bulks, ERR, map, OK, ReplyError, simple, type Reply } from "../resp/reply";
import { toInt } from "../commands/args";
import { arityOk, COMMANDS, lookupCommand } from "../commands/registry";
import type { CommandContext } from "../keyspace/handler";
import { permissionError } from "../gateway/auth";
import { subcommandRefusal } from "../commands/docs/command-docs";

/** Redis 7.0's ACL categories, in ACLCommandCategories' order. */
export const ACL_CATEGORIES = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub",
  "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting",
];

interface AclUser {
  name: string;
  admin: boolean;
  commands: string;
}

const USERS: readonly AclUser[] = [
  { name: "admin", admin: true, commands: "+@all" },
  { name: "default", admin: false, commands: "+@all -@admin" },
];

const userNamed = (name: BStr): AclUser | undefined => USERS.find((u) => u.name === name);

const ACL_HELP = [
  "CAT [<category>]",
  "    List all commands that belong to <category>, or all command categories",
  "    when no category is specified.",
  "DELUSER <username> [<username> ...]",
  "    Delete a list of users.",
  "DRYRUN <username> <command> [<arg> ...]",
  "    Returns whether the user can execute the given command without executing the command.",
  "GETUSER <username>",
  "    Get the user's details.",
  "GENPASS [<bits>]",
  "    Generate a secure 256-bit user password. The optional `bits` argument can",
  "    be used to specify a different size.",
  "LIST",
  "    Show users details in config file format.",
  "LOAD",
  "    Reload users from the ACL file.",
  "LOG [<count> | RESET]",
  "    Show the ACL log entries.",
  "SAVE",
  "    Save the current config to the ACL file.",
  "SETUSER <username> <attribute> [<attribute> ...]",
  "    Create or modify a user with the specified attributes.",
  "USERS",
  "    List all the registered usernames.",
  "WHOAMI",
  "    Return the current connection username.",
  "HELP",
  "    Prints this help.",
];

const NO_ACL_FILE =
  "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.";
const USERS_ARE_TOKENS = "ERR users are the gateway's tokens (REDIS_TOKEN: default, ADMIN_TOKEN: admin); change them with the Worker's secrets";
const GENPASS_MAX_BITS = 4096;

export function aclCommand(ctx: CommandContext, argv: BStr[]): Reply {
  const refusal = subcommandRefusal("acl", argv);
  if (refusal) throw new ReplyError(refusal);
  const sub = argv[1]!.toLowerCase();
  const n = argv.length;
  if (sub === "whoami" && n === 2) return bulk(ctx.conn.admin ? "admin" : "default");
  if (sub === "users" && n === 2) return bulks(USERS.map((u) => u.name));
  if (sub === "list" && n === 2) return arr(USERS.map((u) => bulk(`user ${u.name} on sanitize-payload ~* &* ${u.commands}`)));
  if (sub === "getuser" && n === 3) {
    const u = userNamed(argv[2]!);
    if (!u) return { t: "null" };
    return map([
      [bulk("flags"), arr([bulk("on"), bulk("sanitize-payload")])],
      [bulk("passwords"), arr([])],
      [bulk("commands"), bulk(u.commands)],
      [bulk("keys"), bulk("~*")],
      [bulk("channels"), bulk("&*")],
      [bulk("selectors"), arr([])],
    ]);
  }
  if (sub === "cat" && (n === 2 || n === 3)) {
    if (n === 2) return bulks(ACL_CATEGORIES);
    const cat = argv[2]!.toLowerCase();
    if (!ACL_CATEGORIES.includes(cat)) throw new ReplyError(`ERR Unknown category '${argv[2]!.slice(0, 128)}'`);
    return bulks([...COMMANDS.values()].filter((d) => d.categories.includes(cat)).map((d) => d.name));
  }
  if (sub === "dryrun" && n >= 4) return dryRun(argv);
  if (sub === "genpass" && (n === 2 || n === 3)) {
    const bits = n === 3 ? toInt(argv[2]!) : 256;
    if (bits === null) throw new ReplyError(ERR.notInteger);
    if (bits <= 0 || bits > GENPASS_MAX_BITS) {
      throw new ReplyError(`ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`);
    }
    let hex = "";
    for (let i = 0; i < Math.ceil(bits / 4); i++) hex += Math.floor(ctx.rand() * 16).toString(16);
    return bulk(hex);
  }
  if (sub === "log" && (n === 2 || n === 3)) {
    if (n === 3 && argv[2]!.toLowerCase() === "reset") return OK;
    if (n === 3 && toInt(argv[2]!) === null) throw new ReplyError(ERR.notInteger);
    // Refused commands are the gateway's (NOPERM): nodes see none to log.
    return arr([]);
  }
  if ((sub === "load" || sub === "save") && n === 2) throw new ReplyError(NO_ACL_FILE);
  if ((sub === "setuser" && n >= 3) || (sub === "deluser" && n >= 3)) throw new ReplyError(USERS_ARE_TOKENS);
  if (sub === "help" && n === 2) return arr(["ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", ...ACL_HELP].map(simple));
  throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try ACL HELP.`);
}

/** ACL DRYRUN user command [arg ...]: "+OK", or the denial as a bulk string (as Redis). */
function dryRun(argv: BStr[]): Reply {
  const u = userNamed(argv[2]!);
  if (!u) throw new ReplyError(`ERR User '${argv[2]}' not found`);
  const cmd = argv.slice(3);
  const def = lookupCommand(cmd[0]!);
  if (!def) throw new ReplyError(`ERR Command '${cmd[0]}' not found`);
  if (!arityOk(def, cmd.length)) throw new ReplyError(ERR.wrongArity(def.name));
  const denied = permissionError(def, cmd, { resp: 2, admin: u.admin });
  if (denied && denied.t === "error") return bulk(`This user has no permissions to run the '${/'([^']+)'/.exec(denied.v)?.[1] ?? def.name}' command`);
  return OK;
}
