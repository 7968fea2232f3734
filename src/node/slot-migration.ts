/**
 * Atomic slot migration (CLUSTER MIGRATESLOTS, after Valkey 9): the source moves whole slots to
 * a target by itself, and clients never see ASK or TRYAGAIN, only, once, MOVED (which the gateway
 * follows). Per job:
 *
 *   begin      the target records an import job for the slots (and drops any stale keys in them)
 *   copy       slot by slot: the slot is held (its commands wait, as for a locked key), its keys
 *              travel in pages (migrate-page with `job`: no slot gate at the target), the slot is
 *              released and marked copied
 *   stream     every write to a copied slot (the replication stream's commands) goes to the
 *              target in order, where it runs as the master client (and on to its replicas)
 *   pause      all copied: the slots are held, the stream drains
 *   flip       the target claims the slots with a new config epoch and tells everyone; the source
 *              deletes its copies, hands the slots over and lets the held commands go (MOVED)
 *
 * A failure before the flip aborts: the source releases the slots and serves on; the target drops
 * what it imported (told so, or by itself after IMPORT_IDLE_MS without news). After a flip whose
 * answer was lost the source keeps holding the slots until the target (or gossip) says.
 */
import type { BStr } from "../resp/bytes";
import { arr, bulk, error, int, OK, ReplyError, type Reply } from "../resp/reply";
import { keyHashSlot, CLUSTER_SLOTS, slotRuns } from "../commands/slot";
import { toInt } from "../commands/args";
import type { PeerReply, SlotMigrationRequest } from "../txn/messages";
import { randomHex } from "./ports";
import { SlotExports } from "./slot-export";
import { ACTIVE, FLIP_REPLICA_WAIT_MS, IMPORT_IDLE_MS, LOG_MAX, type Job, type SlotMigrationHost, type State } from "./slot-jobs";

export { IMPORT_IDLE_MS, type SlotMigrationHost } from "./slot-jobs";

/** Jobs outlive a restart only to be finished cleanly: an export aborts (or, mid-flip, resolves), an import drops its keys. */
const SCHEMA = `CREATE TABLE IF NOT EXISTS slot_migrations (
  name TEXT PRIMARY KEY, operation TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, peer_id TEXT NOT NULL,
  slots TEXT NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL, created_at INTEGER NOT NULL)`;

export class SlotMigrations {
  private readonly jobs: Job[] = [];
  private readonly exports: SlotExports;
  /** Failed exports whose target has not yet acknowledged the abort. */
  private readonly unaborted = new Set<Job>();
  private readonly aborting = new Set<string>();

  constructor(private readonly host: SlotMigrationHost) {
    this.exports = new SlotExports(host, () => this.jobs, (job, state, message) => this.set(job, state, message), (job) => this.abortAtTarget(job));
    host.sql.exec(SCHEMA);
    for (const r of host.sql.exec("SELECT * FROM slot_migrations ORDER BY created_at").toArray()) {
      const job = this.newJob(r.operation as Job["operation"], String(r.source), String(r.target), String(r.peer_id), JSON.parse(String(r.slots)) as number[], String(r.name));
      job.createdAt = Number(r.created_at);
      job.state = r.state as State;
      job.message = String(r.message);
      if (ACTIVE.has(job.state)) this.recover(job);
    }
  }

  /** A job that was running when the node stopped. */
  private recover(job: Job): void {
    const h = this.host;
    const st = h.cluster();
    if (job.operation === "IMPORT") {
      if (job.slots.every((s) => st.slots[s] === st.myself)) this.set(job, "success");
      else this.dropImport(job, "failed", "the node restarted");
    } else if (job.state === "flipping") {
      // The target may have claimed the slots: hold them until it (or gossip) says.
      h.locks.lockSlots(job.slots, job.name);
      void this.exports.flip(job, false).catch((e: unknown) => {
        this.set(job, "failed", e instanceof Error ? e.message : String(e));
        h.locks.unlockSlots(job.name);
      });
    } else {
      this.set(job, "failed", "the node restarted");
      this.abortAtTarget(job);
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  /** CLUSTER MIGRATESLOTS | GETSLOTMIGRATIONS | CANCELSLOTMIGRATIONS. */
  command(argv: BStr[]): Reply {
    const sub = argv[1]!.toLowerCase();
    if (sub === "getslotmigrations") return arr(this.jobs.map((j) => this.describe(j)));
    if (sub === "cancelslotmigrations") {
      for (const j of this.jobs) if (j.operation === "EXPORT" && ACTIVE.has(j.state) && j.state !== "flipping") this.cancel(j);
      return OK;
    }
    const plans = this.parse(argv);
    for (const p of plans) {
      const job = this.newJob("EXPORT", this.host.name, p.target, p.targetId, p.slots);
      this.set(job, "begin");
      void this.exports.run(job).catch((e: unknown) => this.host.failed("slot migration", e));
    }
    return OK;
  }

  /** SLOTSRANGE start end [start end ...] NODE id [SLOTSRANGE ... NODE id ...], checked whole first. */
  private parse(argv: BStr[]): { target: string; targetId: string; slots: number[] }[] {
    const st = this.host.cluster();
    if (!this.host.isMaster()) throw new ReplyError("ERR Please use MIGRATESLOTS only with masters.");
    const plans: { target: string; targetId: string; slots: number[] }[] = [];
    const seen = new Set<number>();
    const syntax = (): ReplyError => new ReplyError("ERR syntax error");
    let i = 2;
    if (argv.length < 7) throw new ReplyError("ERR wrong number of arguments for 'cluster|migrateslots' command");
    while (i < argv.length) {
      if (argv[i]!.toLowerCase() !== "slotsrange") throw syntax();
      i++;
      const slots: number[] = [];
      while (i < argv.length && argv[i]!.toLowerCase() !== "node") {
        if (i + 1 >= argv.length) throw syntax();
        const [a, b] = [toInt(argv[i]!), toInt(argv[i + 1]!)];
        if (a === null || b === null || a < 0 || b >= CLUSTER_SLOTS || a > b) throw new ReplyError("ERR Invalid or out of range slot");
        for (let s = a; s <= b; s++) {
          if (seen.has(s)) throw new ReplyError(`ERR Slot ${s} specified multiple times`);
          if (st.slots[s] !== st.myself) throw new ReplyError(`ERR I'm not the owner of hash slot ${s}`);
          if (st.migratingSlotsTo.has(s) || st.importingSlotsFrom.has(s) || this.busy(s)) throw new ReplyError(`ERR Slot ${s} is already being migrated`);
          seen.add(s);
          slots.push(s);
        }
        i += 2;
      }
      if (i + 1 >= argv.length || slots.length === 0) throw syntax();
      const id = argv[i + 1]!;
      const target = st.nodes.get(id);
      if (!target) throw new ReplyError(`ERR Unknown node ${id}`);
      if (target === st.myself) throw new ReplyError("ERR Can't migrate slots to myself");
      if (target.slaveof) throw new ReplyError("ERR Target node is not a master");
      plans.push({ target: target.name, targetId: id, slots });
      i += 2;
    }
    return plans;
  }

  private busy(slot: number): boolean {
    return this.jobs.some((j) => ACTIVE.has(j.state) && j.slots.includes(slot));
  }

  private newJob(operation: Job["operation"], source: string, target: string, peerId: string, slots: number[], name?: string): Job {
    const now = this.host.clock.now();
    const job: Job = {
      name: name ?? randomHex(this.host.clock, 20), operation, source, target, peerId, slots, state: "begin", message: "",
      createdAt: now, updatedAt: now, keys: 0, bytes: 0, copied: new Set(), stream: [], sent: 0, pump: null, nextSeq: 0,
    };
    this.jobs.push(job);
    const done = this.jobs.filter((j) => !ACTIVE.has(j.state));
    for (const old of done.slice(0, Math.max(0, done.length - LOG_MAX))) {
      this.jobs.splice(this.jobs.indexOf(old), 1);
      this.host.sql.exec("DELETE FROM slot_migrations WHERE name = ?", old.name);
    }
    return job;
  }

  private set(job: Job, state: State, message = job.message): void {
    job.state = state;
    job.message = message;
    job.updatedAt = this.host.clock.now();
    this.host.sql.exec("INSERT OR REPLACE INTO slot_migrations (name, operation, source, target, peer_id, slots, state, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      job.name, job.operation, job.source, job.target, job.peerId, JSON.stringify(job.slots), state, message, job.createdAt);
  }

  private describe(j: Job): Reply {
    const ranges = slotRuns(j.slots).map(([a, b]) => `${a}-${b}`);
    const st = this.host.cluster();
    const idOf = (name: string): string => (name === this.host.name ? this.host.nodeId : [...st.nodes.values()].find((n) => n.name === name)?.id ?? name);
    const f: [string, Reply][] = [
      ["name", bulk(j.name)], ["operation", bulk(j.operation)], ["slot_ranges", bulk(ranges.join(" "))],
      ["target_node", bulk(idOf(j.target))], ["source_node", bulk(idOf(j.source))],
      ["create_time", int(j.createdAt)], ["last_update_time", int(j.updatedAt)], ["state", bulk(j.state)],
      ["message", bulk(j.message)], ["keys_copied", int(j.keys)], ["bytes_copied", int(j.bytes)],
      ["remaining_repl_size", int(j.stream.length)],
    ];
    return { t: "map", v: f.map(([k, v]) => [bulk(k), v]) };
  }

  /** The replication stream's commands as they enter it (slot-export.ts forwards a copied slot's writes). */
  tap(cmds: BStr[][]): void {
    this.exports.tap(cmds);
  }

  /** The export's own loop sees it at its next step, releases the slots and tells the target. */
  private cancel(job: Job): void {
    this.set(job, "cancelled", "cancelled by CLUSTER CANCELSLOTMIGRATIONS");
  }

  // ---- target --------------------------------------------------------------------------------

  /** Is `slot` being imported by job `name` (its pages skip the slot gate)? */
  importing(name: string, slot: number): boolean {
    const job = this.importJob(name);
    if (job && job.slots.includes(slot)) {
      job.updatedAt = this.host.clock.now();
      return true;
    }
    return false;
  }

  private importJob(name: string): Job | undefined {
    return this.jobs.find((j) => j.operation === "IMPORT" && j.name === name && ACTIVE.has(j.state));
  }

  async handle(msg: SlotMigrationRequest): Promise<PeerReply> {
    const h = this.host;
    const refuse = (why: string): PeerReply => ({ type: "refused", reply: error(`ERR ${why}`) });
    if (msg.type === "asm-begin") {
      const st = h.cluster();
      if (!h.isMaster()) return refuse("I am not a master");
      // It would answer CLUSTERDOWN for the slots once they are its own.
      if (st.state !== "ok") return refuse("my cluster state is not ok yet");
      if (msg.slots.some((s) => st.slots[s] === st.myself || this.busy(s))) return refuse("a slot is mine or already importing");
      h.deleteSlots(msg.slots);
      const job = this.newJob("IMPORT", msg.source, h.name, msg.sourceId, msg.slots, msg.txid);
      this.set(job, "streaming");
      return { type: "done" };
    }
    if (msg.type === "asm-status") {
      const job = this.jobs.find((j) => j.operation === "IMPORT" && j.name === msg.txid);
      return { type: "job-state", state: job?.state ?? "unknown" };
    }
    const job = this.importJob(msg.txid);
    if (msg.type === "asm-abort") {
      if (job) this.dropImport(job, "cancelled", "the source aborted");
      return { type: "done" };
    }
    if (!job) return refuse("no such slot import");
    job.updatedAt = h.clock.now();
    if (msg.type === "asm-keys") {
      if (msg.keys.some((k) => !job.slots.includes(keyHashSlot(k.key)))) return refuse("a key outside the slots of the import");
      h.installImages(msg.keys);
      return { type: "done" };
    }
    if (msg.type === "asm-stream") {
      if (msg.seq < job.nextSeq) return { type: "done" }; // a duplicate
      if (msg.seq > job.nextSeq) return refuse("slot migration stream out of order");
      h.applyAsMaster(msg.cmds);
      job.nextSeq++;
      return { type: "done" };
    }
    // asm-flip: my replicas hold the imported keys first, so a failover of mine after the flip loses none.
    if (!(await h.replicasCaughtUp(FLIP_REPLICA_WAIT_MS))) return refuse("my replicas did not acknowledge the imported keys in time");
    this.set(job, "flipping");
    await h.handover({ claim: job.slots });
    this.set(job, "success");
    return { type: "done" };
  }

  private dropImport(job: Job, state: State, why: string): void {
    this.set(job, state, why);
    this.host.deleteSlots(job.slots);
  }

  /** Tells the target to drop an import that failed here; the cron tries again until it answers. */
  private abortAtTarget(job: Job): void {
    const h = this.host;
    if (this.aborting.has(job.name)) return;
    this.aborting.add(job.name);
    const again = (): void => {
      this.aborting.delete(job.name);
      this.unaborted.add(job);
    };
    h.peer(job.target, { type: "asm-abort", txid: job.name }).then((r) => (r.type === "done" ? this.aborting.delete(job.name) : again()), again);
  }

  /** The cron: an import job without news from its source gives up; aborts not delivered are sent again. */
  tick(): void {
    for (const job of [...this.unaborted]) {
      this.unaborted.delete(job);
      this.abortAtTarget(job);
    }
    const now = this.host.clock.now();
    for (const job of this.jobs) {
      if (job.operation === "IMPORT" && job.state === "streaming" && now - job.updatedAt > IMPORT_IDLE_MS) {
        this.dropImport(job, "failed", `no news from the source for ${IMPORT_IDLE_MS / 1000} s`);
      }
    }
  }
}
