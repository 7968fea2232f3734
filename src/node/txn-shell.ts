/**
 * Cross-node transactions on one node: the coordinator's shell (runs src/txn/coordinator.ts's
 * state machine and performs its effects) and the participant's side (locks, images, commits),
 * over the runtime's keyspace through a TxnHost. See src/txn/messages.ts for the protocol.
 *
 * SQLite holds what must survive a restart: the locks (txn_locks, see txn/locks.ts) and the
 * coordinator's decisions until every participant has its writes (txn_decisions).
 */
import type { BStr } from "../resp/bytes";
import { arr, error, NULL_ARRAY, type Reply } from "../resp/reply";
import { arityOk, keyIndexes, lookupCommand } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import type { ConnState } from "../commands/types";
import type { CoordinateRequest, WatchToken } from "../node-rpc";
import type { SqlPort } from "../keyspace/sql";
import { KeyLocks } from "../txn/locks";
import type { KeyImage, PeerReply, PeerRequest } from "../txn/messages";
import {
  resumeCommitting, startTxn, step, type Participant, type TxnEffect, type TxnEvent, type TxnPlan, type TxnState,
} from "../txn/coordinator";
import { randomHex, type Clock } from "./ports";

/** How long a participant keeps a lock before asking the coordinator how the transaction ended. */
export const TXN_LEASE_MS = 5_000;
/** How long a lock request, or a command on a locked key, waits for the key to be released. */
export const LOCK_WAIT_MS = 2_000;
/** The most a transaction's key images may weigh in all (they travel in RPCs under 32 MiB). */
export const TXN_MAX_BYTES = 16 * 1024 * 1024;
/** Finished transactions remembered, so a late duplicate of a lock request is refused. */
const FINISHED_MEMORY = 10_000;

export const LOCKED_ERROR = "TRYAGAIN key locked by a cross-node transaction; try again";
const TOO_LARGE = `ERR a cross-node command may move at most ${TXN_MAX_BYTES} bytes of values between nodes`;


/** What the shell needs from the runtime. */
/** A keyspace notification: channel and message. */
export type Notification = [BStr, BStr];

export interface ScratchResult {
  replies: Reply[];
  finals: KeyImage[];
  /** The keyspace events the commands would have published. */
  events: Notification[];
}

export interface TxnHost {
  readonly name: string;
  readonly sql: SqlPort;
  readonly clock: Clock;
  peer(to: string, msg: PeerRequest): Promise<PeerReply>;
  /** The name of the node owning `slot` in my view of the cluster (null: unbound). */
  ownerOf(slot: number): string | null;
  /** Why this node may not lock `keys` now (not their master, slot moving), or null. */
  refusal(keys: BStr[]): Reply | null;
  watchChanged(token: WatchToken): boolean;
  isMaster(): boolean;
  imageOf(key: BStr): KeyImage;
  /** Runs `cmds` over my keyspace plus `images`, rolled back: the replies and the final images of `keys`. */
  scratch(cmds: BStr[][], images: KeyImage[], keys: BStr[], conn: ConnState): ScratchResult;
  /** Runs `cmds` here for real, as one transaction whose writes are replicated: their replies. */
  runHere(cmds: BStr[][], conn: ConnState): Reply[];
  /** Writes images (replicated), as one transaction. */
  applyWrites(writes: KeyImage[]): void;
  /** Publishes the keyspace events of a run that commits. */
  publish(events: Notification[]): void;
  failed(what: string, e: unknown): void;
}

interface Running {
  state: TxnState;
  conn: ConnState;
  reply?: (r: Reply) => void;
  /** The keyspace events of the run on copies, published once it commits. */
  events?: Notification[];
}

const DECISIONS = `CREATE TABLE IF NOT EXISTS txn_decisions (
  txid TEXT PRIMARY KEY, plan TEXT NOT NULL, writes TEXT NOT NULL, unacked TEXT NOT NULL)`;

export class TxnShell {
  readonly locks: KeyLocks;
  readonly stats = { coordinated: 0, committed: 0, aborted: 0, local: 0, lockTimeouts: 0 };
  private readonly running = new Map<string, Running>();
  private readonly finished = new Set<string>();
  private readonly incarnation: string;
  private seq = 0;
  /** Leases already being resolved (an outcome question is out). */
  private asking = new Set<string>();

  constructor(private readonly host: TxnHost) {
    this.locks = new KeyLocks(host.sql, host.clock.setTimer);
    this.incarnation = randomHex(host.clock, 6);
    host.sql.exec(DECISIONS);
    for (const r of host.sql.exec("SELECT plan, writes, unacked FROM txn_decisions").toArray()) {
      const plan = JSON.parse(String(r.plan)) as TxnPlan;
      const state = resumeCommitting(plan, JSON.parse(String(r.writes)), JSON.parse(String(r.unacked)));
      this.running.set(plan.txid, { state, conn: { resp: 2 } });
    }
  }

  /** Decisions recorded whose writes some participant has not acknowledged yet (INFO, tests). */
  get undelivered(): number {
    return Number(this.host.sql.exec("SELECT COUNT(*) AS n FROM txn_decisions").toArray()[0]!.n);
  }

  // ---- coordinator ---------------------------------------------------------------------------

  /** Runs `req` atomically over every node holding its keys; resolves with the client's reply. */
  coordinate(req: CoordinateRequest, conn: ConnState): Promise<Reply> {
    // Queueing-time errors abort a MULTI block whole (EXECABORT), as on one node.
    if (req.multi && req.cmds.some((argv) => {
      const def = lookupCommand(argv[0] ?? "");
      return !def || !arityOk(def, argv.length) || def.flags.includes("no_multi");
    })) return Promise.resolve(error("EXECABORT Transaction discarded because of previous errors."));
    const byNode = new Map<string, Participant>();
    const add = (node: string, keys: BStr[], watch?: WatchToken): void => {
      let p = byNode.get(node);
      if (!p) byNode.set(node, (p = { node, keys: [] }));
      for (const k of keys) if (!p.keys.includes(k)) p.keys.push(k);
      if (watch) p.watch = watch;
    };
    for (const argv of req.cmds) {
      const def = lookupCommand(argv[0] ?? "");
      if (!def) continue;
      for (const i of keyIndexes(def, argv)) {
        const owner = this.host.ownerOf(keyHashSlot(argv[i]!));
        if (owner === null) return Promise.resolve(error("CLUSTERDOWN Hash slot not served"));
        add(owner, [argv[i]!]);
      }
    }
    for (const k of req.extraKeys ?? []) {
      const owner = this.host.ownerOf(keyHashSlot(k));
      if (owner === null) return Promise.resolve(error("CLUSTERDOWN Hash slot not served"));
      add(owner, [k]);
    }
    for (const w of req.watches ?? []) add(w.node, Object.keys(w.token.keys), w.token);
    const participants = [...byNode.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    if (participants.length === 1 && participants[0]!.node === this.host.name) {
      this.stats.local++;
      return this.runHere(req, participants[0]!, conn);
    }
    this.stats.coordinated++;
    const plan: TxnPlan = {
      txid: `${this.host.name}:${this.incarnation}:${++this.seq}`, coordinator: this.host.name,
      cmds: req.cmds, multi: req.multi, participants,
    };
    return new Promise((resolve) => {
      const { state, effects } = startTxn(plan);
      this.running.set(plan.txid, { state, conn, reply: resolve });
      this.perform(plan.txid, effects);
    });
  }

  /**
   * Every key is mine (several slots of one node): no protocol, only its checks. Runs once no
   * other transaction holds the keys, as one local transaction.
   */
  private async runHere(req: CoordinateRequest, here: Participant, conn: ConnState): Promise<Reply> {
    const reply = await this.whenFree(here.keys, () => {
      const refused = this.host.refusal(here.keys);
      if (refused) return refused;
      if (here.watch && this.host.watchChanged(here.watch)) return NULL_ARRAY;
      const replies = this.host.runHere(req.cmds, { ...conn, canBlock: false });
      return req.multi ? arr(replies) : replies[0]!;
    });
    return reply ?? error(LOCKED_ERROR);
  }

  private advance(txid: string, ev: TxnEvent): TxnEffect[] {
    const run = this.running.get(txid);
    if (!run) return [];
    const { state, effects } = step(run.state, ev);
    run.state = state;
    this.perform(txid, effects);
    if (state.phase === "done") this.running.delete(txid);
    return effects;
  }

  private perform(txid: string, effects: TxnEffect[]): void {
    const run = this.running.get(txid);
    if (!run) return;
    const plan = run.state.plan;
    const sql = this.host.sql;
    for (const e of effects) {
      switch (e.t) {
        case "send":
          this.send(txid, e.node, e.msg);
          break;
        case "compute":
          this.advance(txid, this.compute(run, e.images));
          break;
        case "decide":
          this.stats.committed++;
          sql.exec("INSERT OR REPLACE INTO txn_decisions (txid, plan, writes, unacked) VALUES (?, ?, ?, ?)",
            txid, JSON.stringify(plan), JSON.stringify(e.writes), JSON.stringify(e.nodes));
          if (run.events?.length) this.host.publish(run.events);
          break;
        case "acked":
          sql.exec("UPDATE txn_decisions SET unacked = ? WHERE txid = ?", JSON.stringify(run.state.unacked), txid);
          break;
        case "forget":
          sql.exec("DELETE FROM txn_decisions WHERE txid = ?", txid);
          break;
        case "reply":
          if (run.state.phase === "aborting") this.stats.aborted++;
          run.reply?.(e.reply);
          run.reply = undefined;
          break;
        case "outcome":
          break; // returned to the asker by `outcome`
      }
    }
  }

  /** The computation on copies: the client's reply, and each participant's writes. */
  private compute(run: Running, images: KeyImage[]): TxnEvent {
    const { conn, state: { plan } } = run;
    const ownerOf = new Map<BStr, string>();
    for (const p of plan.participants) for (const k of p.keys) ownerOf.set(k, p.node);
    let bytes = 0;
    for (const im of images) bytes += (im.payload?.length ?? 0) + im.key.length;
    const writes: Record<string, KeyImage[]> = {};
    if (bytes > TXN_MAX_BYTES) return { t: "computed", reply: error(TOO_LARGE), writes };
    const remote = images.filter((im) => ownerOf.get(im.key) !== this.host.name);
    const { replies, finals, events } = this.host.scratch(plan.cmds, remote, [...ownerOf.keys()], { ...conn, canBlock: false });
    run.events = events;
    const before = new Map(images.map((im) => [im.key, im]));
    for (const f of finals) {
      const b = before.get(f.key);
      if (b && b.payload === f.payload && b.expiresAt === f.expiresAt) continue;
      (writes[ownerOf.get(f.key)!] ??= []).push(f);
    }
    return { t: "computed", reply: plan.multi ? arr(replies) : replies[0]!, writes };
  }

  private send(txid: string, node: string, msg: PeerRequest): void {
    const answer = node === this.host.name ? this.handle(msg) : this.host.peer(node, msg);
    answer.then(
      (reply) => this.advance(txid, { t: "answer", node, reply }),
      () => this.advance(txid, { t: "unreachable", node }),
    ).catch((e: unknown) => this.host.failed("cross-node transaction", e));
  }

  // ---- participant ---------------------------------------------------------------------------

  /** A message from a coordinator (or, for `outcome`, from a participant). */
  async handle(msg: PeerRequest): Promise<PeerReply> {
    switch (msg.type) {
      case "lock":
        return this.lock(msg.txid, msg.coordinator, msg.keys, msg.watch);
      case "commit":
        this.commit(msg.txid, msg.writes);
        return { type: "done" };
      case "release":
        this.finish(msg.txid);
        return { type: "done" };
      case "outcome":
        return this.outcome(msg.txid, msg.participant);
      default:
        return { type: "refused", reply: error("ERR not a cross-node transaction message") };
    }
  }

  private async lock(txid: string, coordinator: string, keys: BStr[], watch?: WatchToken): Promise<PeerReply> {
    if (this.finished.has(txid)) return { type: "refused", reply: error("TRYAGAIN cross-node transaction already over") };
    const leaseUntil = (): number => this.host.clock.now() + TXN_LEASE_MS;
    if (!this.locks.acquire(txid, coordinator, keys, leaseUntil())) {
      const free = await this.locks.waitFree(keys, LOCK_WAIT_MS, txid);
      if (!free || this.finished.has(txid) || !this.locks.acquire(txid, coordinator, keys, leaseUntil())) {
        this.stats.lockTimeouts++;
        return { type: "refused", reply: error(LOCKED_ERROR) };
      }
    }
    const refused = (reply: PeerReply): PeerReply => {
      this.finish(txid);
      return reply;
    };
    const why = this.host.refusal(keys);
    if (why) return refused({ type: "refused", reply: why });
    if (watch && this.host.watchChanged(watch)) return refused({ type: "watch-changed" });
    const images = keys.map((k) => this.host.imageOf(k));
    let bytes = 0;
    for (const im of images) bytes += im.payload?.length ?? 0;
    if (bytes > TXN_MAX_BYTES) return refused({ type: "refused", reply: error(TOO_LARGE) });
    return { type: "locked", images };
  }

  /**
   * Writes land only under the transaction's lock, and only on the keys' master: a node that
   * restarted as a replica after a failover releases the lock and drops the writes (the one case
   * where a failover loses part of a transaction, see docs/one-database.md).
   */
  private commit(txid: string, writes: KeyImage[]): void {
    const lock = this.locks.get(txid);
    if (lock && this.host.isMaster()) this.host.applyWrites(writes);
    this.finish(txid);
  }

  private finish(txid: string): void {
    this.locks.release(txid);
    this.finished.add(txid);
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value!);
  }

  /** The coordinator's answer to a participant whose lease ran out. */
  private outcome(txid: string, participant: string): PeerReply {
    if (this.running.has(txid)) {
      const fx = this.advance(txid, { t: "outcome", node: participant });
      const o = fx.find((e) => e.t === "outcome");
      if (o?.t === "outcome") return o.reply;
    }
    // Not running, no decision recorded: it never decided (presumed abort).
    return { type: "decided", commit: false, writes: [] };
  }

  // ---- cron ----------------------------------------------------------------------------------

  /** Resends what is unanswered; resolves locks whose lease ran out. */
  tick(): void {
    for (const txid of [...this.running.keys()]) {
      const phase = this.running.get(txid)!.state.phase;
      if (phase === "committing" || phase === "aborting") this.advance(txid, { t: "resend" });
    }
    const now = this.host.clock.now();
    for (const lock of this.locks.expired(now)) {
      if (this.asking.has(lock.txid)) continue;
      this.asking.add(lock.txid);
      const ask: Promise<PeerReply> = lock.coordinator === this.host.name
        ? Promise.resolve(this.outcome(lock.txid, this.host.name))
        : this.host.peer(lock.coordinator, { type: "outcome", txid: lock.txid, participant: this.host.name });
      ask.then((r) => {
        if (r.type !== "decided" || !this.locks.get(lock.txid)) return;
        if (r.commit) this.commit(lock.txid, r.writes);
        else this.finish(lock.txid);
      }, () => this.locks.extend(lock.txid, this.host.clock.now() + TXN_LEASE_MS))
        .catch((e: unknown) => this.host.failed("lock lease", e))
        .finally(() => this.asking.delete(lock.txid));
    }
  }

  /** When the cron must run next for transactions (a lease running out, commits to resend). */
  nextDeadline(): number | null {
    let at: number | null = null;
    for (const l of this.locks.held) at = at === null ? l.leaseUntil : Math.min(at, l.leaseUntil);
    if (this.running.size > 0) at = Math.min(at ?? Infinity, this.host.clock.now() + 1000);
    return at;
  }

  /**
   * Runs `work` at a moment none of `keys` is locked by a transaction, synchronously with that
   * check (no other lock can be taken in between); null if they stay locked LOCK_WAIT_MS. Free
   * keys run at once, without yielding (a pipeline's next command runs before anything woken).
   */
  whenFree<T>(keys: BStr[], work: () => T): T | Promise<T | null> {
    return this.locks.blocks(keys) ? this.afterRelease(keys, work) : work();
  }

  private async afterRelease<T>(keys: BStr[], work: () => T): Promise<T | null> {
    const until = this.host.clock.now() + LOCK_WAIT_MS;
    while (this.locks.blocks(keys)) {
      const left = until - this.host.clock.now();
      if (left <= 0 || !(await this.locks.waitFree(keys, left))) {
        if (!this.locks.blocks(keys)) break;
        this.stats.lockTimeouts++;
        return null;
      }
    }
    return work();
  }
}
