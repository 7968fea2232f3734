/**
 * The node's keyspace notifications: collects the keys each command modifies and, after the
 * command, publishes `__keyspace@0__:<key>` / `__keyevent@0__:<event>` through the outbox for
 * the classes `notify-keyspace-events` enables (notify.ts names the events). With the option
 * empty (the default) the runtime hands the dispatcher no notifier at all, and `touched` returns
 * at its first test: the normal command path pays one flag read per modified key.
 */
import type { BStr } from "../resp/bytes";
import { keyEvents, NOTIFY, removesKey } from "./notify";
import { keyIndexes, lookupCommand } from "../commands/registry";

/** Read commands whose lookups do not notify a miss (Redis's LOOKUP_NONOTIFY). */
const NO_MISS_EVENT: ReadonlySet<string> = new Set(["object"]);

/** More keys than one command can reasonably touch: the rest get no events (bounds memory). */
const MAX_TOUCHED = 100_000;

export interface NotifySink {
  notify(channel: BStr, message: BStr): void;
}

export class KeyspaceNotifier {
  private keys: BStr[] = [];
  /** Keys the running command added (`new`, class n), in order. */
  private added: BStr[] = [];

  constructor(
    private readonly flags: () => number,
    private readonly exists: (key: BStr) => boolean,
    private readonly sink: NotifySink,
  ) {}

  /** A notifier with the same settings whose events go to `sink` (a cross-node run's, published only if it commits). */
  fork(sink: NotifySink): KeyspaceNotifier {
    return new KeyspaceNotifier(this.flags, this.exists, sink);
  }

  get on(): boolean {
    return this.flags() !== 0;
  }

  /** Keyspace.onModified: a key the running command changed. */
  touched(key: BStr): void {
    if (this.flags() !== 0 && this.keys.length < MAX_TOUCHED) this.keys.push(key);
  }

  /** Keyspace.onCreated: a key the running command added. */
  created(key: BStr): void {
    if (this.flags() & NOTIFY.new && this.added.length < MAX_TOUCHED) this.added.push(key);
  }

  /** Before a command: keys changed outside any command (a cross-node commit's images) are not its. */
  beforeCommand(): void {
    this.keys = [];
    this.added = [];
  }

  /** After a command: `expired` are the keys it found expired; `ok` false if it failed (rolled back). */
  afterCommand(argv: BStr[], expired: BStr[], ok: boolean): void {
    const gone = new Set(expired);
    const keys = [...new Set(this.keys)].filter((k) => !gone.has(k));
    const added = this.added;
    this.keys = [];
    this.added = [];
    this.emitExpired(expired);
    if (!ok) return;
    if (this.flags() & NOTIFY.keyMiss) this.emitMisses(argv);
    // dbAdd notifies as it adds, before the command's own event.
    for (const key of added) this.emit(NOTIFY.new, "new", key);
    for (const key of keys) {
      const exists = this.exists(key);
      let del = false;
      for (const ev of keyEvents(argv, key, exists)) {
        // EXPIRE with a time in the past deletes the key, as does SORT ... STORE of nothing: Redis names that `del`.
        if ((ev[1] === "expire" || ev[1] === "sortstore") && !exists) del = true;
        else this.emit(ev[0], ev[1], key);
        if (!removesKey(ev) && !exists) del = true;
      }
      if (del) this.emit(NOTIFY.generic, "del", key);
    }
  }

  /**
   * keymiss (class m): a read command looked a key up and found nothing (lookupKeyRead's miss;
   * a write's lookups never notify one).
   */
  private emitMisses(argv: BStr[]): void {
    const def = lookupCommand(argv[0] ?? "");
    if (!def || !def.flags.includes("readonly") || NO_MISS_EVENT.has(def.name)) return;
    for (const i of keyIndexes(def, argv)) if (!this.exists(argv[i]!)) this.emit(NOTIFY.keyMiss, "keymiss", argv[i]!);
  }

  /** Keys the cron deleted because their time passed. */
  expired(keys: BStr[]): void {
    this.keys = [];
    this.added = [];
    this.emitExpired(keys);
  }

  private emitExpired(keys: BStr[]): void {
    for (const key of keys) this.emit(NOTIFY.expired, "expired", key);
  }

  private emit(cls: number, event: string, key: BStr): void {
    const f = this.flags();
    if (!(f & cls)) return;
    if (f & NOTIFY.keyspace) this.sink.notify(`__keyspace@0__:${key}`, event);
    if (f & NOTIFY.keyevent) this.sink.notify(`__keyevent@0__:${event}`, key);
  }
}
