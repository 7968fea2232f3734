/**
 * EVAL through the one-database routes caches its script on every master, not only on the node
 * that ran it: to an application the endpoint is one Redis, where an EVAL makes the script's
 * EVALSHA (and SCRIPT EXISTS) work for any key. The first EVAL of a body this gateway isolate
 * sees is followed by SCRIPT LOAD on every master before its reply returns; later ones cost nothing.
 * SCRIPT FLUSH forgets what was spread.
 */
import type { BStr } from "../resp/bytes";
import { toBytes } from "../resp/bytes";
import type { Reply } from "../resp/reply";

/** Bodies remembered per isolate (by sha1) before the memory starts over. */
const MAX_REMEMBERED = 10_000;

export class ScriptSpread {
  private readonly spread = new Set<string>();

  /** After a batch ran: loads the new EVAL bodies of `cmds` on every master (`load`). */
  async after(cmds: BStr[][], replies: Reply[], load: (argv: BStr[]) => Promise<unknown>): Promise<void> {
    const todo: BStr[] = [];
    for (const [i, argv] of cmds.entries()) {
      const name = argv[0]?.toLowerCase();
      if (name === "script" && argv[1]?.toLowerCase() === "flush") this.spread.clear();
      if ((name !== "eval" && name !== "eval_ro") || argv.length < 3 || replies[i]?.t === "error") continue;
      todo.push(argv[1]!);
    }
    for (const body of todo) {
      const sha = await sha1hex(body);
      if (this.spread.has(sha)) continue;
      if (this.spread.size >= MAX_REMEMBERED) this.spread.clear();
      await load(["SCRIPT", "LOAD", body]);
      this.spread.add(sha);
    }
  }
}

async function sha1hex(s: BStr): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", toBytes(s)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
