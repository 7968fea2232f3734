/**
 * The node's tracking table (Redis's TrackingTable, tracking.c, default mode): which tracking
 * connections read which key. A read command of a connection that tracks remembers its keys here;
 * the first change to such a key (any writer: a command, a replicated write, an expiry, a
 * cross-node commit) publishes one invalidation to each connection that read it and forgets the
 * key, so the next change costs nothing until someone reads it again. FLUSHALL / FLUSHDB send
 * every tracking connection this node knows a null invalidation ("drop everything") instead.
 * BCAST connections' prefixes are kept by broadcast.ts; a matching change publishes to them too.
 *
 * A connection that stopped listening (closed, tracking off) is found by the hub's count: once an
 * invalidation reached nobody, the next one is not sent and the connection is forgotten (until its
 * next command here: TRACKING ON sends every master one).
 *
 * Cost when nobody tracks: `touched` (every modified key) returns at its first test, and `begin`
 * / `end` (every command) test one field of the connection state.
 *
 * The keys live in memory only: a node evicted from memory forgets them. So that no client keeps
 * a stale cache, the ids of the tracking connections that ran a command here are also rows of
 * `tracking_clients` (one write per connection and node, not per read); a node that starts with
 * such rows sends each a null invalidation and clears them.
 */
import type { BStr } from "../resp/bytes";
import type { ConnState } from "../commands/types";
import { arityOk, keyIndexes, lookupCommand } from "../commands/registry";
import type { SqlExec } from "../keyspace/sql";
import type { Reply } from "../resp/reply";
import { channelOf, flushMessage, keyMessage } from "./message";
import { BroadcastTable, nobodyListened, pending } from "./broadcast";

/** Redis's tracking-table-max-keys default: past it, the oldest keys are invalidated and forgotten. */
export const TRACKING_TABLE_MAX_KEYS = 1_000_000;

/** The node's Pub/Sub outbox: `publish` answers with the receivers' count once flushed. */
export interface TrackingSink {
  /** Nothing waits to be published: the node's last batch is out. */
  readonly empty: boolean;
  notify(channel: BStr, message: BStr): void;
  publish(kind: "c", channel: BStr, message: BStr): Reply;
}


const FLUSHES: ReadonlySet<string> = new Set(["flushall", "flushdb"]);

/** Refusals before a command runs: the slot gate's and the replication gate's. */
const REFUSED = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|CROSSSLOT|READONLY|NOREPLICAS) /;

export class TrackingTable {
  private readonly keys = new Map<BStr, Set<string>>();
  /** Every tracking connection that ran a command here (and has a row), but those found gone. */
  private readonly clients = new Set<string>();
  /** Each connection's last invalidation's receivers (0: it stopped listening, it is forgotten). */
  private readonly lastCount = new Map<string, Reply>();
  /** The tracking id of the connection running the current command ("" for others). */
  private writer = "";
  private flushing = false;
  /** BCAST connections' prefixes (broadcast.ts). */
  private readonly bcast: BroadcastTable;
  /**
   * Keys broadcast since the outbox last flushed (one node call: a pipeline, a MULTI block): a key
   * changed twice is announced once, as Redis batches them per event loop turn.
   */
  private readonly broadcast = new Set<BStr>();

  constructor(
    private readonly sink: TrackingSink,
    /** Where the tracking connections' ids are kept across restarts (the node's SQLite). */
    private readonly store: SqlExec | null,
    private readonly maxKeys = TRACKING_TABLE_MAX_KEYS,
  ) {
    this.bcast = new BroadcastTable(store);
    if (!store) return;
    store.exec("CREATE TABLE IF NOT EXISTS tracking_clients (id TEXT PRIMARY KEY) WITHOUT ROWID");
    const before = [...store.exec("SELECT id FROM tracking_clients")].map((r) => r.id as string);
    if (before.length === 0) return;
    // Restarted: what those connections cached from here is no longer watched.
    for (const id of before) sink.notify(channelOf(id), flushMessage(""));
    store.exec("DELETE FROM tracking_clients");
  }

  /** Keys remembered (tests, INFO). */
  get size(): number {
    return this.keys.size;
  }

  /** Before a command: who writes (NOLOOP), and whether it flushes. */
  begin(conn: ConnState, argv: BStr[]): void {
    const t = conn.tracking;
    this.writer = t?.id ?? "";
    if (t) {
      // A command of the connection: it listens (again, after an OFF); a BCAST one's prefixes.
      if (this.lastCount.size > 0) this.lastCount.delete(t.id);
      if (!this.clients.has(t.id)) this.addClient(t.id);
      if (t.bcast) this.bcast.register(t.id, t.bcast);
    }
    if (this.clients.size + this.bcast.size > 0 && FLUSHES.has(argv[0]!.toLowerCase())) this.flushing = true;
  }

  /** Keyspace.onModified. */
  touched(key: BStr): void {
    if ((this.keys.size === 0 && this.bcast.size === 0) || this.flushing) return;
    if (this.bcast.size > 0 && this.sink.empty && this.broadcast.size > 0) this.broadcast.clear();
    if (this.bcast.size > 0 && !this.broadcast.has(key)) {
      this.broadcast.add(key);
      this.bcast.touched(key, (id) => this.sink.publish("c", channelOf(id), keyMessage(this.writer, key, true)));
    }
    const ids = this.keys.get(key);
    if (!ids) return;
    this.keys.delete(key);
    this.send(ids, key, this.writer);
  }

  /**
   * After a command (its reply): remember a tracking read's keys, as Redis does once the command
   * ran, whatever it answered (WRONGTYPE included); a command refused before it ran (MOVED, ...,
   * unknown, arity) tracks nothing. A flush's null invalidations.
   */
  end(conn: ConnState, argv: BStr[], reply: Reply): void {
    const t = conn.tracking;
    this.writer = "";
    if (this.flushing) {
      this.flushing = false;
      if (reply.t !== "error") this.flushAll(t?.id ?? "");
    }
    if (!t?.reads || (reply.t === "error" && REFUSED.test(reply.v))) return;
    const def = lookupCommand(argv[0]!);
    if (!def?.flags.includes("readonly") || !arityOk(def, argv.length)) return;
    for (const i of keyIndexes(def, argv)) this.remember(t.id, argv[i]!);
  }

  private remember(id: string, key: BStr): void {
    let ids = this.keys.get(key);
    if (!ids) {
      if (this.keys.size >= this.maxKeys) this.evictOldest();
      this.keys.set(key, (ids = new Set()));
    }
    ids.add(id);
  }

  private addClient(id: string): void {
    this.clients.add(id);
    this.store?.exec("INSERT OR IGNORE INTO tracking_clients (id) VALUES (?)", id);
  }

  /** trackingLimitUsedSlots: the table is full, the oldest key is invalidated to make room. */
  private evictOldest(): void {
    const first = this.keys.entries().next();
    if (first.done) return;
    const [key, ids] = first.value;
    this.keys.delete(key);
    this.send(ids, key, "");
  }

  private flushAll(writer: string): void {
    for (const id of this.clients) this.sink.notify(channelOf(id), flushMessage(writer));
    for (const id of this.bcast.ids) if (!this.clients.has(id)) this.sink.notify(channelOf(id), flushMessage(writer));
    this.keys.clear();
    this.clients.clear();
    this.lastCount.clear();
    this.store?.exec("DELETE FROM tracking_clients");
  }

  private send(ids: Set<string>, key: BStr, writer: string): void {
    for (const id of ids) {
      if (!this.clients.has(id)) continue;
      if (nobodyListened(this.lastCount.get(id))) {
        this.forget(id);
        continue;
      }
      this.lastCount.set(id, pending(this.sink.publish("c", channelOf(id), keyMessage(writer, key))));
    }
  }

  /** A connection that no longer listens (closed, tracking off): its entries elsewhere are skipped until it reads again. */
  private forget(id: string): void {
    this.clients.delete(id);
    this.lastCount.delete(id);
    this.store?.exec("DELETE FROM tracking_clients WHERE id = ?", id);
  }
}
