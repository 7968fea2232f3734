/**
 * Key finders for commands whose keys move (COMMAND INFO "movablekeys"), for the command table
 * (specs/). Pure: the gateway runs them to route, the node to check the slot.
 */
import type { BStr } from "../resp/bytes";

/** Keys of `<cmd> [before...] numkeys key [key ...]` layouts (ZUNIONSTORE, LMPOP, SINTERCARD, ...). */
export function numkeysAt(numkeysIndex: number, before: number[] = []): (argv: readonly BStr[]) => number[] {
  return (argv) => {
    const n = Number(argv[numkeysIndex]);
    const out = [...before];
    if (!Number.isInteger(n) || n <= 0) return out;
    for (let i = 0; i < n && numkeysIndex + 1 + i < argv.length; i++) out.push(numkeysIndex + 1 + i);
    return out;
  };
}

/**
 * MIGRATE's keys (migrateGetKeys): argv[3], or with `KEYS k ...` (searched from argv[6], the key
 * argument empty) the keys after it. A non-empty key with KEYS keeps argv[3], so the node answers the error.
 */
export function migrateKeys(argv: readonly BStr[]): number[] {
  if (argv[3] !== "") return [3];
  for (let i = 6; i < argv.length; i++) {
    if (argv[i]!.toLowerCase() === "keys") return Array.from({ length: argv.length - i - 1 }, (_, j) => i + 1 + j);
  }
  return [3];
}
