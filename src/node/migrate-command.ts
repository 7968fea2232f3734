/**
 * MIGRATE's arguments, checked as cluster.c's migrateCommand checks them (same order, same
 * texts): options first, then the timeout and the destination db as integers. The moving itself
 * is asynchronous (it waits for the target node) and lives in migrate-shell.ts; the synchronous
 * handler here only answers where a command cannot wait (MULTI/EXEC, a cross-node transaction).
 */
import type { BStr } from "../resp/bytes";
import { ERR, ReplyError, type Reply } from "../resp/reply";
import { toInt } from "../commands/args";
import type { HandlerTable } from "../keyspace/handler";

export interface MigrateArgs {
  /** The target's node name (CLUSTER NODES' host); the port is accepted and ignored. */
  host: string;
  keys: BStr[];
  db: number;
  /** Per step (each page's answer), as Redis's per-I/O timeout; ≤ 0 means 1000. */
  timeoutMs: number;
  copy: boolean;
  replace: boolean;
}

const KEYS_NEED_EMPTY_KEY = "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";

/** Parses `MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS key ...]`. */
export function parseMigrate(argv: readonly BStr[]): MigrateArgs {
  let copy = false, replace = false;
  let keys = [argv[3]!];
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!.toLowerCase();
    if (opt === "copy") copy = true;
    else if (opt === "replace") replace = true;
    else if (opt === "auth" && more >= 1) j++; // nodes reach each other without a password: accepted, unused
    else if (opt === "auth2" && more >= 2) j += 2;
    else if (opt === "keys") {
      if (argv[3] !== "") throw new ReplyError(KEYS_NEED_EMPTY_KEY);
      keys = argv.slice(j + 1);
      break;
    } else throw new ReplyError(ERR.syntax);
  }
  const timeout = toInt(argv[5]!);
  const db = toInt(argv[4]!);
  if (timeout === null || db === null) throw new ReplyError(ERR.notInteger);
  return { host: argv[1]!, keys, db, timeoutMs: timeout <= 0 ? 1000 : timeout, copy, replace };
}

/** Where a command cannot wait for another node, MIGRATE is refused (it runs only as a command of its own). */
export const MIGRATE_CANNOT_WAIT = "ERR MIGRATE cannot run inside MULTI/EXEC or a cross-node transaction (it waits for the target node)";

export const migrateHandlers: HandlerTable = {
  migrate: (_ctx, argv): Reply => {
    parseMigrate(argv);
    throw new ReplyError(MIGRATE_CANNOT_WAIT);
  },
};
