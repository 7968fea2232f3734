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
