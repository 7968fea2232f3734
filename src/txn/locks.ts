/**
 * Key locks held for cross-node transactions, on a participant. A lock is all-or-none over a
 * transaction's keys on this node, has a lease, and is kept in SQLite (table txn_locks) so that a
 * node restarted while holding locks still holds them: its lease, not its restart, decides what
 * happens to them (it asks the coordinator). Any other command touching a locked key waits until
 * the lock is released (bounded by the caller), so no client ever sees a key in between.
 */
import type { BStr } from "../resp/bytes";
import type { SqlPort } from "../keyspace/sql";
import { keyHashSlot } from "../commands/slot";

export interface HeldLock {
  txid: string;
  coordinator: string;
  keys: BStr[];
  leaseUntil: number;
}

type Timer = (ms: number, fn: () => void) => () => void;

const SCHEMA = `CREATE TABLE IF NOT EXISTS txn_locks (
  txid TEXT PRIMARY KEY, coordinator TEXT NOT NULL, keys TEXT NOT NULL, lease_until INTEGER NOT NULL)`;

export class KeyLocks {
  private readonly byTxn = new Map<string, HeldLock>();
  private readonly byKey = new Map<BStr, string>();
  private readonly waiters = new Set<() => void>();
  /** Whole slots held by an atomic slot migration (in memory only: a restart aborts the migration). */
  private readonly slotHolders = new Map<number, string>();

  constructor(private readonly sql: SqlPort, private readonly setTimer: Timer) {
    sql.exec(SCHEMA);
    for (const r of sql.exec("SELECT txid, coordinator, keys, lease_until FROM txn_locks").toArray()) {
      this.remember({ txid: String(r.txid), coordinator: String(r.coordinator), keys: JSON.parse(String(r.keys)) as BStr[], leaseUntil: Number(r.lease_until) });
    }
  }

  /** No lock held: the only check a command pays when no cross-node transaction or slot migration runs. */
  get empty(): boolean {
    return this.byTxn.size === 0 && this.slotHolders.size === 0;
  }

  /** Holds every key of `slots` for `owner` (a slot migration copying them, or flipping them). */
  lockSlots(slots: readonly number[], owner: string): void {
    for (const s of slots) this.slotHolders.set(s, owner);
  }

  unlockSlots(owner: string, slots?: readonly number[]): void {
    for (const [s, o] of [...this.slotHolders]) if (o === owner && (!slots || slots.includes(s))) this.slotHolders.delete(s);
    for (const w of [...this.waiters]) w();
  }

  get heldCount(): number {
    return this.byTxn.size;
  }

  get held(): Iterable<HeldLock> {
    return this.byTxn.values();
  }

  get(txid: string): HeldLock | undefined {
    return this.byTxn.get(txid);
  }

  /** Is one of `keys` locked by a transaction other than `txid`? */
  blocks(keys: readonly BStr[], txid?: string): boolean {
    if (this.byKey.size === 0 && this.slotHolders.size === 0) return false;
    for (const k of keys) {
      const holder = this.byKey.get(k) ?? (this.slotHolders.size === 0 ? undefined : this.slotHolders.get(keyHashSlot(k)));
      if (holder !== undefined && holder !== txid) return true;
    }
    return false;
  }

  /** Locks all of `keys` for `txid`, or nothing (false) when another transaction holds one. */
  acquire(txid: string, coordinator: string, keys: readonly BStr[], leaseUntil: number): boolean {
    if (this.blocks(keys, txid)) return false;
    const prev = this.byTxn.get(txid);
    const all = [...new Set([...(prev?.keys ?? []), ...keys])];
    const lock = { txid, coordinator, keys: all, leaseUntil };
    this.sql.exec("INSERT OR REPLACE INTO txn_locks (txid, coordinator, keys, lease_until) VALUES (?, ?, ?, ?)",
      txid, coordinator, JSON.stringify(all), leaseUntil);
    this.remember(lock);
    return true;
  }

  extend(txid: string, leaseUntil: number): void {
    const lock = this.byTxn.get(txid);
    if (!lock) return;
    lock.leaseUntil = leaseUntil;
    this.sql.exec("UPDATE txn_locks SET lease_until = ? WHERE txid = ?", leaseUntil, txid);
  }

  /** Releases `txid`'s locks (nothing if it holds none) and wakes the commands waiting. */
  release(txid: string): void {
    const lock = this.byTxn.get(txid);
    if (!lock) return;
    this.sql.exec("DELETE FROM txn_locks WHERE txid = ?", txid);
    this.byTxn.delete(txid);
    for (const k of lock.keys) if (this.byKey.get(k) === txid) this.byKey.delete(k);
    for (const w of [...this.waiters]) w();
  }

  /** Does a transaction (or a MIGRATE) hold a key of `slot`? */
  heldInSlot(slot: number): boolean {
    for (const k of this.byKey.keys()) if (keyHashSlot(k) === slot) return true;
    return false;
  }

  /** Locks whose lease ran out by `now`. */
  expired(now: number): HeldLock[] {
    return [...this.byTxn.values()].filter((l) => l.leaseUntil <= now);
  }

  /** Resolves true once none of `keys` is locked by another transaction, false after `timeoutMs`. */
  waitFree(keys: readonly BStr[], timeoutMs: number, txid?: string): Promise<boolean> {
    if (!this.blocks(keys, txid)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        this.waiters.delete(check);
        cancel();
        resolve(ok);
      };
      const check = (): void => {
        if (!this.blocks(keys, txid)) done(true);
      };
      const cancel = this.setTimer(timeoutMs, () => done(!this.blocks(keys, txid)));
      this.waiters.add(check);
    });
  }

  private remember(lock: HeldLock): void {
    this.byTxn.set(lock.txid, lock);
    for (const k of lock.keys) this.byKey.set(k, lock.txid);
  }
}
