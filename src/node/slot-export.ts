/**
 * The source's half of an atomic slot migration (slot-migration.ts has the commands, the jobs and
 * the target's half): copy slot by slot, stream the copied slots' writes, pause, flip.
 */
import type { BStr } from "../resp/bytes";
import type { Keyspace } from "../keyspace/db";
import { commandKeys } from "../commands/registry";
import { keyHashSlot } from "../commands/slot";
import { encodeValue } from "../keyspace/serialize";
import { readPage, type PageCursor } from "../keyspace/value-pages";
import { readWhole } from "../keyspace/value-batch";
import { chunked, SQL_MAX_PARAMS } from "../keyspace/sql";
import type { KeyImage, MigrateRequest, PeerReply, SlotMigrationRequest } from "../txn/messages";
import { sleep, turnTaker } from "./ports";
import { MIGRATE_PAGE_BYTES } from "./migrate-shell";
import { imageOf } from "./key-images";
import { deleteSlotsInChunks } from "./slot-cleanup";
import {
  ACTIVE, DELETE_CHUNK, FLIP_RETRY_MS, JobFailed, KEY_BATCH_BYTES, KEY_BATCH_COUNT, SLOT_GROUP, STREAM_BATCH, type Job, type SlotMigrationHost, type State,
} from "./slot-jobs";

export class SlotExports {
  constructor(
    private readonly host: SlotMigrationHost,
    private readonly jobs: () => Job[],
    private readonly set: (job: Job, state: State, message?: string) => void,
    private readonly abortAtTarget: (job: Job) => void,
  ) {}

  async run(job: Job): Promise<void> {
    const h = this.host;
    try {
      await this.call(job, { type: "asm-begin", txid: job.name, source: h.name, sourceId: h.nodeId, slots: job.slots });
      this.set(job, "snapshotting");
      const turn = turnTaker(h.clock);
      // Slots go in groups (up to SLOT_GROUP, or fewer once a group holds KEY_BATCH_BYTES): each
      // group is held while its keys travel, so a message carries the small keys of many slots.
      for (let i = 0; i < job.slots.length; ) {
        if (!ACTIVE.has(job.state)) throw new JobFailed(job.message);
        const group: number[] = [];
        let keysInGroup = 0;
        while (i < job.slots.length && group.length < SLOT_GROUP && keysInGroup < KEY_BATCH_COUNT) {
          const slot = job.slots[i++]!;
          group.push(slot);
          keysInGroup += h.db.countKeysInSlot(slot);
        }
        await this.copySlots(job, group, turn);
      }
      this.set(job, "streaming");
      await this.drain(job);
      // The pause: the slots' commands wait while the last writes reach the target and it claims them.
      this.set(job, "pausing");
      h.locks.lockSlots(job.slots, job.name);
      await this.drain(job);
      this.set(job, "flipping");
      await this.flip(job);
    } catch (e) {
      if (ACTIVE.has(job.state)) this.set(job, "failed", e instanceof Error ? e.message : String(e));
      h.locks.unlockSlots(job.name);
      this.abortAtTarget(job);
      if (!(e instanceof JobFailed)) throw e;
    }
  }

  /** Holds `slots`, sends their keys (small ones many per message), marks them copied, lets them go. */
  private async copySlots(job: Job, slots: number[], turn: () => Promise<void>): Promise<void> {
    const h = this.host;
    h.locks.lockSlots(slots, job.name);
    try {
      // A cross-node transaction or a MIGRATE holding a key of a slot writes it without a command: let it finish.
      while (slots.some((s) => h.locks.heldInSlot(s))) await sleep(h.clock, 10);
      let batch: KeyImage[] = [];
      let bytes = 0;
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const keys = batch;
        batch = [];
        bytes = 0;
        await this.call(job, { type: "asm-keys", txid: job.name, keys });
        job.keys += keys.length;
        await turn();
      };
      for (const slot of slots) {
        for (const keys of chunked(h.db.keysInSlot(slot, Number.MAX_SAFE_INTEGER), SQL_MAX_PARAMS)) {
          const { images, large } = this.read(keys);
          for (const image of images) {
            batch.push(image);
            bytes += image.payload!.length + image.key.length;
            job.bytes += image.payload!.length;
            if (bytes >= KEY_BATCH_BYTES || batch.length >= KEY_BATCH_COUNT) await flush();
          }
          for (const key of large) {
            // A key larger than KEY_BATCH_BYTES travels in pages of its own.
            await flush();
            await this.copyKey(job, key);
            await turn();
          }
        }
      }
      await flush();
      for (const slot of slots) job.copied.add(slot);
    } finally {
      h.locks.unlockSlots(job.name, slots);
    }
  }

  /** `keys` of a held slot, looked up and read together: their images, and those too large for a batch (sent page by page). */
  private read(keys: readonly BStr[]): { images: KeyImage[]; large: BStr[] } {
    const { db, clock } = this.host;
    db.now = clock.now();
    const images: KeyImage[] = [];
    const large: BStr[] = [];
    for (const f of readWhole(db, keys, KEY_BATCH_BYTES)) {
      if (f.value) images.push({ key: f.key, payload: encodeValue(f.value), expiresAt: f.meta.expiresAt });
      else large.push(f.key);
    }
    return { images, large };
  }

  private async copyKey(job: Job, key: BStr): Promise<void> {
    const { db, clock } = this.host;
    db.now = clock.now();
    const meta = db.meta(key);
    if (!meta) return;
    let after: PageCursor = null;
    for (let seq = 0; ; seq++) {
      const { part, next } = readPage(db, meta, after, MIGRATE_PAGE_BYTES);
      const payload = encodeValue(part);
      await this.call(job, {
        type: "migrate-page", txid: job.name, key, seq, payload, last: next === null, expiresAt: meta.expiresAt, replace: true, job: job.name,
      });
      job.bytes += payload.length;
      if (next === null) break;
      after = next;
    }
    job.keys++;
  }

  /** One message of the job to its target; a refusal or a lost message fails the job. */
  private async call(job: Job, msg: SlotMigrationRequest | MigrateRequest): Promise<PeerReply> {
    let r: PeerReply;
    try {
      r = await this.host.peer(job.target, msg);
    } catch (e) {
      throw new JobFailed(`target ${job.target} unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (r.type === "refused") throw new JobFailed(`target refused: ${r.reply.t === "error" ? r.reply.v : "?"}`);
    job.updatedAt = this.host.clock.now();
    return r;
  }

  /**
   * The replication stream's commands, as they enter it: the writes to copied slots go to the
   * target. A command over a copied slot and one not copied yet (a cross-slot command run here)
   * sends the copied keys' values instead; a keyless write (FLUSHALL) fails the job.
   */
  tap(cmds: BStr[][]): void {
    for (const job of this.jobs()) {
      if (job.operation !== "EXPORT" || (job.state !== "snapshotting" && job.state !== "streaming" && job.state !== "pausing")) continue;
      let added = false;
      for (const argv of cmds) {
        const keys = commandKeys([argv]);
        if (keys.length === 0) {
          if (/^flush/i.test(argv[0] ?? "")) this.set(job, "failed", "the keyspace was flushed");
          continue;
        }
        const mine = keys.filter((k) => job.copied.has(keyHashSlot(k)));
        if (mine.length === 0) continue;
        if (mine.length === keys.length) job.stream.push(argv);
        else for (const k of mine) job.stream.push(imageCommand(this.host.db, k));
        added = true;
      }
      if (added) this.pump(job);
    }
  }

  private pump(job: Job): void {
    if (job.pump) return;
    job.pump = (async () => {
      while (job.stream.length > 0 && ACTIVE.has(job.state)) {
        const cmds = job.stream.splice(0, STREAM_BATCH);
        await this.call(job, { type: "asm-stream", txid: job.name, seq: job.sent++, cmds });
      }
    })().catch((e: unknown) => {
      if (ACTIVE.has(job.state)) this.set(job, "failed", e instanceof Error ? e.message : String(e));
    }).finally(() => {
      job.pump = null;
    });
  }

  /** Until everything written so far is at the target. */
  private async drain(job: Job): Promise<void> {
    for (;;) {
      if (!ACTIVE.has(job.state)) throw new JobFailed(job.message);
      if (job.pump) await job.pump;
      else if (job.stream.length > 0) this.pump(job);
      else return;
    }
  }

  async flip(job: Job, ask = true): Promise<void> {
    const h = this.host;
    let flipped = false;
    try {
      if (!ask) throw new JobFailed("resuming");
      await this.call(job, { type: "asm-flip", txid: job.name });
      flipped = true;
    } catch {
      // Unknown: the target may have claimed the slots. Hold them until it (or gossip) says.
      while (!flipped) {
        await sleep(h.clock, FLIP_RETRY_MS);
        const st = h.cluster();
        if (job.slots.every((s) => st.slots[s]?.id === job.peerId)) flipped = true;
        else {
          const r = await h.peer(job.target, { type: "asm-status", txid: job.name }).catch(() => null);
          if (r?.type === "job-state" && r.state === "success") flipped = true;
          else if (r?.type === "job-state" && r.state !== "flipping") throw new JobFailed(`target's import is ${r.state}`);
        }
      }
    }
    // Hand over first and let the held commands go (MOVED): the pause lasts the flip, not the
    // deletion of the copies here, which no client reaches any more and which goes in chunks.
    // The job is a success once the copies are gone (DBSIZE counts them until then); a restart
    // meanwhile finds it flipping, sees the slots are the target's, and deletes the rest.
    if (job.slots.some((s) => h.cluster().slots[s] === h.cluster().myself)) await h.handover({ handOver: job.slots, targetId: job.peerId });
    h.locks.unlockSlots(job.name);
    await deleteSlotsInChunks((slots, limit) => h.deleteSlots(slots, limit), (slot) => h.db.countKeysInSlot(slot), job.slots, DELETE_CHUNK, turnTaker(h.clock, 1));
    this.set(job, "success");
  }

}

/** A key's value as one RESTORE (or DEL when gone), for the stream. */
function imageCommand(db: Keyspace, key: BStr): BStr[] {
  const im = imageOf(db, key);
  return im.payload === null ? ["DEL", key] : ["RESTORE", key, String(im.expiresAt ?? 0), im.payload, "REPLACE", "ABSTTL"];
}

