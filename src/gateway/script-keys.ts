/**
 * Scripts that touch keys they did not declare, on the one-database routes. A node that finds such
 * a key on another node (or outside the keys a cross-node run locked) rolls the run back and
 * answers SCRIPTKEYS with the keys (scripting/run.ts); the gateway then runs the script again
 * across nodes, those keys locked with the declared ones (a cross-node transaction: atomic), and
 * again if that run finds more, up to DISCOVERY_ROUNDS. A script thus runs once, atomically, over
 * every key it touches, wherever they live. Its retry runs after the other commands of its batch.
 */
import type { BStr } from "../resp/bytes";
import { error, type Reply } from "../resp/reply";
import { parseScriptKeys } from "../scripting/discovery";

/** Runs of one script, each with the keys found by the previous one, before giving up. */
export const DISCOVERY_ROUNDS = 4;

const GAVE_UP = "ERR the script keeps touching keys it did not declare on other nodes; declare them in KEYS";

/** Replaces SCRIPTKEYS replies in `replies` by the replies of the scripts' cross-node runs. */
export async function runDiscoveredScripts(
  cmds: BStr[][], replies: Reply[], crossNode: (argv: BStr[], extraKeys: BStr[]) => Promise<Reply>,
): Promise<void> {
  for (const [i, argv] of cmds.entries()) {
    let keys = parseScriptKeys(replies[i]!);
    if (keys === null) continue;
    const extra = new Set<BStr>();
    let r: Reply = replies[i]!;
    for (let round = 0; keys !== null && round < DISCOVERY_ROUNDS; round++) {
      for (const k of keys) extra.add(k);
      r = await crossNode(argv, [...extra]);
      keys = parseScriptKeys(r);
    }
    replies[i] = keys === null ? r : error(GAVE_UP);
  }
}
