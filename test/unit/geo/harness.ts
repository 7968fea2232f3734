/**
 * Runs commands through the node's handler table on a keyspace over in-memory SQLite, the way the
 * dispatcher does (arity checked, one SQLite transaction per command, rolled back on an error
 * reply), and answers the RESP bytes a client would read.
 */
import { Keyspace } from "../../../src/keyspace/db";
import { HANDLERS } from "../../../src/node/handlers";
import { arityOk, lookupCommand } from "../../../src/commands/registry";
import { encodeReply } from "../../../src/resp/encoder";
import { ERR, ReplyError, type Reply } from "../../../src/resp/reply";
import type { CommandContext } from "../../../src/keyspace/handler";
import { MemorySql } from "../../sim/sql-port";

export class Harness {
  readonly sql = new MemorySql();
  readonly db = new Keyspace(this.sql);
  /** What each write command asked to propagate (the command itself when it called nothing). */
  readonly propagated: string[][] = [];

  run(argv: string[], resp: 2 | 3 = 2): Reply {
    const def = lookupCommand(argv[0]!);
    if (!def) throw new Error(`unknown command ${argv[0]}`);
    if (!arityOk(def, argv.length)) return { t: "error", v: ERR.wrongArity(argv[0]!.toLowerCase()) };
    let effects: string[][] | null = null;
    const ctx: CommandContext = {
      db: this.db, now: 1_700_000_000_000, rand: () => 0.5, conn: { resp },
      propagate: (...cmds) => { effects = [...(effects ?? []), ...cmds]; },
    };
    this.db.now = ctx.now;
    const dirty = this.db.dirty;
    try {
      const reply = this.sql.transactionSync(() => {
        const r = HANDLERS.get(def.name)!(ctx, argv);
        if ("t" in r && r.t === "block") throw new Error("blocking reply");
        return r as Reply;
      });
      if (this.db.dirty !== dirty) this.propagated.push(...(effects ?? [argv]));
      return reply;
    } catch (e) {
      if (e instanceof ReplyError) return e.reply;
      throw e;
    }
  }

  /** The reply's RESP bytes (latin1). */
  wire(argv: string[], resp: 2 | 3 = 2): string {
    return Buffer.from(encodeReply(this.run(argv, resp), resp)).toString("latin1");
  }
}
