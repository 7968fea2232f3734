/**
 * The node's BCAST registrations (Redis's PrefixTable, tracking.c): the prefixes each BCAST
 * connection asked for. Every change of a key matching one of them publishes an invalidation to
 * that connection. Registrations arrive with the connection's commands (ConnState.tracking.bcast)
 * and are rows of `tracking_bcast`, so a node that restarts keeps broadcasting.
 *
 * A connection that went away (TRACKING OFF, closed) is not announced to the node: the hub's count
 * for the last publication tells. A registration whose last invalidation reached nobody is dropped
 * at the next matching change, which is then not published.
 */
import type { BStr } from "../resp/bytes";
import type { Reply } from "../resp/reply";
import type { SqlExec } from "../keyspace/sql";

/** Publishes one message and returns the receivers' count, filled in once the outbox flushed. */
export type CountedPublish = (channel: BStr, message: BStr) => Reply;

interface Registration {
  prefixes: BStr[];
  /** The count of the last publication (an int reply once flushed). */
  last: Reply | null;
}

/** A count not known yet (the outbox overwrites it when it flushes). */
const PENDING = -1;

/** A publication's count placeholder, marked unknown until the outbox flushes (it reads 0 until then). */
export function pending(count: Reply): Reply {
  if (count.t === "int") count.v = PENDING;
  return count;
}

/** Whether the last publication to a connection reached nobody: it stopped listening. */
export const nobodyListened = (last: Reply | null | undefined): boolean => last?.t === "int" && Number(last.v) === 0;

export class BroadcastTable {
  private readonly regs = new Map<string, Registration>();

  constructor(private readonly store: SqlExec | null) {
    if (!store) return;
    store.exec("CREATE TABLE IF NOT EXISTS tracking_bcast (id TEXT PRIMARY KEY, prefixes TEXT NOT NULL) WITHOUT ROWID");
    for (const r of store.exec("SELECT id, prefixes FROM tracking_bcast")) {
      this.regs.set(r.id as string, { prefixes: JSON.parse(r.prefixes as string) as BStr[], last: null });
    }
  }

  get size(): number {
    return this.regs.size;
  }

  get ids(): IterableIterator<string> {
    return this.regs.keys();
  }

  /** A BCAST connection's command: it is alive (listening again, after an OFF); its prefixes, if they changed. */
  register(id: string, prefixes: BStr[]): void {
    const r = this.regs.get(id);
    if (r && r.prefixes.length === prefixes.length && r.prefixes.every((p, i) => p === prefixes[i])) {
      r.last = null;
      return;
    }
    this.regs.set(id, { prefixes: [...prefixes], last: null });
    this.store?.exec("INSERT OR REPLACE INTO tracking_bcast (id, prefixes) VALUES (?, ?)", id, JSON.stringify(prefixes));
  }

  /** A key changed: publish to every registration with a matching prefix (`send` returns the count). */
  touched(key: BStr, send: (id: string) => Reply): void {
    for (const [id, r] of this.regs) {
      // One invalidation per matching prefix, as Redis (only "" can overlap another prefix).
      for (const p of r.prefixes) {
        if (!key.startsWith(p)) continue;
        if (nobodyListened(r.last)) {
          this.regs.delete(id);
          this.store?.exec("DELETE FROM tracking_bcast WHERE id = ?", id);
          break;
        }
        r.last = pending(send(id));
      }
    }
  }
}
